"""The peelkit command line: a thin Typer layer over the library.

Each command lives in ``peelkit/commands/<name>.py`` with a ``register(app)`` function and
imports pandas, pdfplumber or openpyxl only inside the command body, so ``peelkit --help``
stays instant. Any PeelkitError becomes one line on stderr and its exit code (1 input or check
problem, 2 usage); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer
from typer.core import TyperGroup, TyperOption

from . import __version__
from .render import report

# Command modules, in the order they appear in --help.
COMMAND_MODULES = [
    "extract", "sources", "remove", "query", "compare", "grid", "diff", "history", "totals", "reports", "export",
    "validate", "debug_pdf", "debug_text",
]

_STATE = {"debug": bool(os.environ.get("PEELKIT_DEBUG"))}


class PeelkitGroup(TyperGroup):
    """Turns library errors, and the command line's own usage errors, into one clean line and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        from typer.core import _click

        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _click.exceptions.ClickException as exc:
            sys.exit(_usage_error(exc))
        except typer.Abort:
            sys.stderr.write("\nAborted!\n")
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if type(exc).__module__.startswith(("typer", "click")):  # click's own usage errors and exits
                raise
            ctx.exit(report(exc, _STATE["debug"]))


def _usage_error(exc) -> int:  # noqa: ANN001
    """A usage error as every peelkit error is shown: one line on stderr ('error: peelkit grid: No such option:
    --group ...'), naming the command and where its options are listed; its exit code (2)."""
    from .commands.vocabulary import SHORT_HINTS
    from .render import print_error

    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "peelkit"
    message = exc.format_message().strip().rstrip(".")
    if not message:  # 'peelkit' alone: the help is already shown
        return exc.exit_code
    hint = SHORT_HINTS.get((ctx.info_name if ctx is not None else "", getattr(exc, "option_name", "") or ""))
    if hint:
        message += f": {hint}"
    print_error(f"{where}: {message} (see '{where} --help')")
    return exc.exit_code


_typer_display_type = getattr(TyperOption, "display_type_rich", None)  # typer 0.29 shows a type per option


def _display_type(self, ctx):  # type: ignore[no-untyped-def]
    """Flags (--quiet, --all, --help...) take no value: show none, not '<bool>', so nobody types '--quiet true'."""
    return None if self.is_flag and self.metavar is None else _typer_display_type(self, ctx)  # type: ignore[misc]


if _typer_display_type is not None:
    TyperOption.display_type_rich = _display_type  # type: ignore[method-assign]


app = typer.Typer(
    cls=PeelkitGroup,
    name="peelkit",
    help="PEEL inspection judgments (HMICFRS) as tidy, self-checked data.\n\n"
         "Example: peelkit extract && peelkit compare --force Leics",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"peelkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks for errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """PEEL inspection judgments (HMICFRS) as tidy, self-checked data."""
    if debug:
        _STATE["debug"] = True


for _name in COMMAND_MODULES:
    try:
        _mod = importlib.import_module(f"peelkit.commands.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"peelkit.commands.{_name}":
            raise
        continue
    _mod.register(app)


def main() -> None:
    app()
