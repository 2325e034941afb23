"""Read a text source into numbered lines, robustly (BOM, CRLF/CR, UTF-16, cp1252 bytes line by line)."""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from . import limits


@dataclass(frozen=True)
class TextSource:
    """A text source read and decoded: its lines and the encoding they were in."""

    path: Path
    lines: list[str]  # lines[0] is line 1
    encoding: str

    @property
    def name(self) -> str:
        return self.path.name


BOM_UTF8 = b"\xef\xbb\xbf"
MAX_ENCODING_FINDINGS = 100  # lines named one by one; the rest are counted in one more finding


@dataclass(frozen=True)
class Decoded:
    """A text source's characters (line ends as they were), its encoding, and every line holding a byte
    that is not UTF-8: (line, message, the bytes in hex) for ``encoding`` findings."""

    text: str
    encoding: str  # "utf-8", "utf-16", or "utf-8, some lines cp1252"
    bad_lines: list[tuple[int, str, str]]


class _Fallback(threading.local):
    positions: list[tuple[int, int]] | None = None


_fallback = _Fallback()


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """The codec error handler: the bytes UTF-8 cannot decode, read as cp1252 (and remembered)."""
    if not isinstance(exc, UnicodeDecodeError) or _fallback.positions is None:
        raise exc
    _fallback.positions.append((exc.start, exc.end))
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("peelkit-cp1252", _cp1252_bytes)


def decode_text(data: bytes, path: Path | str) -> Decoded:
    """Decode bytes as UTF-8 (BOM allowed) or UTF-16 with BOM; refuse binary junk. Encodings are decided
    byte by byte, so per line: a byte that is not UTF-8 is read as cp1252 (the encoding of old Windows
    tools) and its line is named in ``bad_lines``, while every valid UTF-8 line stays UTF-8 (one bad byte
    never changes how the whole file is read). Linear in the size of the file."""
    if not data.strip():
        raise SourceError("the file is empty; expected a text or PDF report", source=str(path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", [])
        except UnicodeDecodeError as exc:
            raise SourceError(f"cannot decode UTF-16 text ({exc.reason})", source=str(path)) from None
    if b"\x00" in data[:65536]:
        raise SourceError("binary data, not a text report (NUL bytes found)", source=str(path))
    start = len(BOM_UTF8) if data.startswith(BOM_UTF8) else 0
    try:
        return Decoded(data[start:].decode("utf-8") if start else data.decode("utf-8"), "utf-8", [])
    except UnicodeDecodeError:
        pass
    _fallback.positions = []
    try:
        text = (data[start:] if start else data).decode("utf-8", errors="peelkit-cp1252")
        spans = _fallback.positions
    finally:
        _fallback.positions = None
    # Mostly unprintable after decoding means this is not text at all.
    bad = sum(1 for ch in text[:65536] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n\f"))
    if bad > max(8, len(text[:65536]) // 100):
        raise SourceError("binary data, not a text report (undecodable bytes)", source=str(path))
    return Decoded(text, "utf-8, some lines cp1252", _bad_lines(data, start, spans))


def _bad_lines(data: bytes, start: int, spans: list[tuple[int, int]]) -> list[tuple[int, str, str]]:
    """One finding per line holding bytes that are not UTF-8 (line numbers as ``split_lines`` counts
    them: LF, CRLF or a lone CR ends a line), at most MAX_ENCODING_FINDINGS and one for the rest."""
    per_line: dict[int, list[bytes]] = {}
    line, at = 1, start
    for a, b in spans:
        a, b = a + start, b + start
        chunk = data[at:a]  # never splits a CRLF: a and at are next to bytes that are not ASCII
        line += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
        per_line.setdefault(line, []).append(data[a:b])
        at = b
    out = []
    for n, pieces in list(per_line.items())[:MAX_ENCODING_FINDINGS]:
        raw = b"".join(pieces)
        shown = " ".join(f"0x{c:02X}" for c in raw[:6]) + (" ..." if len(raw) > 6 else "")
        chars = raw.decode("cp1252", errors="replace")
        out.append((n, f"{len(raw)} byte{'s' if len(raw) > 1 else ''} on this line {'are' if len(raw) > 1 else 'is'} "
                       f"not UTF-8 ({shown}); read as cp1252 ({chars!r}), the other lines as UTF-8: check the "
                       "characters, or save the file as UTF-8", shown))
    rest = len(per_line) - len(out)
    if rest > 0:
        first = list(per_line)[MAX_ENCODING_FINDINGS]
        out.append((first, f"{rest} more lines from here on hold bytes that are not UTF-8 (read as cp1252)", ""))
    return out


def decode(data: bytes, path: Path | str) -> tuple[str, str]:
    """(text, encoding) of ``decode_text``."""
    d = decode_text(data, path)
    return d.text, d.encoding


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or CR only, so line numbers agree with `grep -n` and editors."""
    return normalise_newlines(text).split("\n")


def read_text(path: Path, max_size: int | None = None) -> TextSource:
    text, enc = read_decoded(path, max_size)
    return TextSource(path=path, lines=split_lines(text), encoding=enc)


def read_source(path: Path, max_size: int | None = None) -> Decoded:
    """The file decoded (``decode_text``), with LF line ends only (CRLF and CR-only line ends converted,
    so that a document saved by an old Mac tool is recognised and read as its LF version); a file that is
    not a regular file, is over the size limit or has more lines than it allows is refused (``limits``:
    the readers keep a few hundred bytes per line, so the line count bounds their memory)."""
    d = decode_text(read_bytes(path, max_size=max_size), path)
    text = normalise_newlines(d.text)
    lines = text.count("\n") + 1
    most = limits.max_lines(max_size)
    if lines > most:
        raise SourceError(limits.too_many_lines(lines, most), source=str(path))
    return Decoded(text, d.encoding, d.bad_lines)


def read_decoded(path: Path, max_size: int | None = None) -> tuple[str, str]:
    """(text, encoding) of ``read_source``."""
    d = read_source(path, max_size)
    return d.text, d.encoding


def normalise_newlines(text: str) -> str:
    """LF for every CRLF or lone CR."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path, head: int | None = None, *, max_size: int | None = None) -> bytes:
    """The file's bytes (only the first ``head`` of them when given), with one-line SourceErrors for a
    missing file, a folder, a device, FIFO or socket, a file over the size limit (``limits``) or an
    unreadable file."""
    return limits.read_regular(path, max_size, head=head)
