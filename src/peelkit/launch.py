"""The ``peelkit`` program: a plain ``peelkit extract ...`` runs without typer, everything else through it.

Typer and click take 40-80 ms to import, more than peelkit takes to read a 40-page PDF's table, so
``extract`` with arguments whose meaning is certain (``commands.extract_run.parse_args``: known options
once each, sources anywhere, optionally ``--debug`` before the command) runs its body directly, and
reports errors as the Typer layer does (``render.report``: one line, the same exit codes). Any other
command line, help included, goes to ``peelkit.cli``, the one command-line interface.
"""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    debug = bool(os.environ.get("PEELKIT_DEBUG"))
    i = 0
    while i < len(args) and args[i] == "--debug":
        debug, i = True, i + 1
    if i < len(args) and args[i] == "extract":
        _defer("inspect")
        from .commands.extract_run import parse_args

        kw = parse_args(args[i + 1:])
        if kw is not None:
            sys.exit(_run_extract(kw, debug))
        _undefer("inspect")  # typer uses it: the real module, from now on
    from .cli import main as cli_main

    cli_main()


class _Deferred(ModuleType):
    """Stands in ``sys.modules`` for a standard module until one of its names is used, then imports it
    and hands every name on to it. (``importlib.util.LazyLoader`` cannot do this here: the ``import``
    statement of the module that wants it already counts as a use.)"""

    def __getattr__(self, attr: str):  # only for names the stand-in does not have
        name = self.__name__
        real = sys.modules.get(name)
        if real is None or real is self:
            _undefer(name)
            real = importlib.import_module(name)
        return getattr(real, attr)


def _defer(name: str) -> None:
    """Import the standard module ``name`` only when it is used. ``dataclasses`` imports ``inspect``
    (with ast, dis and tokenize: 6-9 ms, before the scan's workers can start) only to word the
    docstring of a class that has none; peelkit's classes have theirs, so on the extract path it is
    not used, and where it is, it loads then."""
    if name in sys.modules:
        return
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__ = spec  # what the import system looks at: not being imported
    sys.modules[name] = stand_in


def _undefer(name: str) -> None:
    """The next import of ``name`` imports the module itself (those holding the stand-in keep it: it
    hands their uses on)."""
    if isinstance(sys.modules.get(name), _Deferred):
        del sys.modules[name]


def _run_extract(kw: dict, debug: bool) -> int:
    from .commands.extract_run import run
    from .render import report

    try:
        return run(**kw)
    except KeyboardInterrupt:  # as click says it
        print("\nAborted!", file=sys.stderr)
        return 1
    except Exception as exc:
        return report(exc, debug)
