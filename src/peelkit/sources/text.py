"""Read a text source into numbered lines, robustly (BOM, CRLF/CR, cp1252 fall-back)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError


@dataclass(frozen=True)
class TextSource:
    """A text source read and decoded: its lines and the encoding they were in."""

    path: Path
    lines: list[str]  # lines[0] is line 1
    encoding: str

    @property
    def name(self) -> str:
        return self.path.name


def decode(data: bytes, path: Path | str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed), UTF-16 with BOM, or cp1252; refuse binary junk."""
    if not data.strip():
        raise SourceError("the file is empty; expected a text or PDF report", source=str(path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise SourceError(f"cannot decode UTF-16 text ({exc.reason})", source=str(path)) from None
    if b"\x00" in data[:65536]:
        raise SourceError("binary data, not a text report (NUL bytes found)", source=str(path))
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    # Mostly unprintable after decoding means this is not text at all.
    bad = sum(1 for ch in text[:65536] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n\f"))
    if bad > max(8, len(text[:65536]) // 100):
        raise SourceError("binary data, not a text report (undecodable bytes)", source=str(path))
    return text, "cp1252"


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or CR only, so line numbers agree with `grep -n` and editors."""
    return normalise_newlines(text).split("\n")


def read_text(path: Path) -> TextSource:
    text, enc = read_decoded(path)
    return TextSource(path=path, lines=split_lines(text), encoding=enc)


def read_decoded(path: Path) -> tuple[str, str]:
    """The file's text, with LF line ends only (CRLF and CR-only line ends converted, so that a document
    saved by an old Mac tool is recognised and read as its LF version), and the encoding it was decoded
    with (clear SourceErrors otherwise)."""
    text, enc = decode(read_bytes(path), path)
    return normalise_newlines(text), enc


def normalise_newlines(text: str) -> str:
    """LF for every CRLF or lone CR."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes (the first ``limit`` of them), with one-line SourceErrors for a missing file,
    a directory or an unreadable file."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read() if limit is None else fh.read(limit)
    except FileNotFoundError:
        raise SourceError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise SourceError("is a directory, expected a file", source=str(path)) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file ({exc.strerror})", source=str(path)) from None
