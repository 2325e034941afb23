"""The PeelkitError family: every error a user can see, each with a one-line message.

The CLI turns any PeelkitError into one line on stderr and ``exit_code``; ``--debug`` shows
the traceback. Messages name the file, the page or line, and what was expected.
"""

from __future__ import annotations


class PeelkitError(Exception):
    """Base class. ``exit_code`` 1 = input or check problem, 2 = usage problem."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None, page: int | None = None,
                 line: int | None = None):
        self.message = message
        self.source = source
        self.page = page
        self.line = line
        super().__init__(self.__str__())

    def where(self) -> str:
        parts = []
        if self.source:
            parts.append(str(self.source))
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)

    def __str__(self) -> str:
        w = self.where()
        return f"{w}: {self.message}" if w else self.message


class SourceError(PeelkitError):
    """An input file is missing, unreadable, empty, or not a document peelkit knows."""


class UnknownDocumentError(SourceError):
    """A readable file that is not a kind of document peelkit knows (skipped in a directory scan)."""


class LayoutError(SourceError):
    """A known kind of document whose table layout could not be read."""


class DataError(PeelkitError):
    """The clean data directory is missing, incomplete or inconsistent."""


class UsageError(PeelkitError):
    exit_code = 2


class UnknownNameError(UsageError):
    """A force, pillar, question... name that matches nothing; carries suggestions."""

    def __init__(self, kind: str, name: str, suggestions: list[str] | None = None, hint: str | None = None):
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"unknown {kind} {name!r}"
        if hint:
            msg += f" ({hint})"
        if self.suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)


def report(exc: Exception, debug: bool = False) -> int:
    """Print the error that ended a command as one line on stderr and give its exit code: a PeelkitError
    its own (1 or 2), an OSError (disk full, permission denied) 1 with the file, anything else 1 as an
    internal error (a bug). With ``debug`` the error is raised again, for its traceback. The Typer
    layer (``peelkit.cli``) and the fast entry (``peelkit.launch``) both report errors here."""
    if debug:
        raise exc
    if isinstance(exc, PeelkitError):
        print_error(str(exc))
        return exc.exit_code
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print_error(f"{where}{exc.strerror or exc}")
        return 1
    # a hostile input that no reader caught by name: still one line, never "internal error"
    if isinstance(exc, MemoryError):
        print_error("not enough memory for this input (a file far larger than a report?); nothing was written")
        return 1
    if isinstance(exc, RecursionError):
        print_error("an input is nested too deeply to read; nothing was written")
        return 1
    if isinstance(exc, UnicodeDecodeError):
        print_error(f"an input is not UTF-8 text (byte 0x{exc.object[exc.start]:02X} at offset {exc.start}); "
                    "nothing was written")
        return 1
    print_error(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)")
    return 1


def print_error(message: str) -> None:
    from rich.markup import escape

    from .render import err_console

    # the message is text, never markup: "pip install 'peelkit[parquet]'" or a file named [1].txt print as they are
    err_console().print(f"[bold red]error:[/] {escape(message)}", markup=True, soft_wrap=True, highlight=False)
