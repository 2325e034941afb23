"""The ``peelkit`` program: a plain ``peelkit extract ...`` runs without typer, everything else through it.

Typer and click take 40-80 ms to import, more than peelkit takes to read a 40-page PDF's table, so
``extract`` with arguments whose meaning is certain (``commands.extract_run.parse_args``: known options
once each, sources anywhere, optionally ``--debug`` before the command) runs its body directly, and
reports errors as the Typer layer does (``errors.report``: one line, the same exit codes). Any other
command line, help included, goes to ``peelkit.cli``, the one command-line interface.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    debug = bool(os.environ.get("PEELKIT_DEBUG"))
    i = 0
    while i < len(args) and args[i] == "--debug":
        debug, i = True, i + 1
    if i < len(args) and args[i] == "extract":
        from .commands.extract_run import parse_args

        kw = parse_args(args[i + 1:])
        if kw is not None:
            sys.exit(_run_extract(kw, debug))
    from .cli import main as cli_main

    cli_main()


def _run_extract(kw: dict, debug: bool) -> int:
    from .commands.extract_run import run
    from .errors import report

    try:
        return run(**kw)
    except KeyboardInterrupt:  # as click says it
        print("\nAborted!", file=sys.stderr)
        return 1
    except Exception as exc:
        return report(exc, debug)
