"""What peelkit agrees to read: regular files only, up to a size limit (and a text up to a number of lines),
never through a symbolic link where the caller says so.

A device (``/dev/zero``), a FIFO or a socket is refused before it is read (a FIFO is opened without
blocking, so nothing waits for a writer), and so is a file larger than the limit (``MAX_BYTES`` by
default, ``extract --max-size MB`` or ``PEELKIT_MAX_SIZE`` in MB otherwise); a file that grows while it is
read is cut at the limit and refused. Every refusal is one SourceError naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import SourceError

MAX_BYTES = 200 * 1024 * 1024  # 200 MB: the largest State of Policing PDF is about 15 MB
_ENV = "PEELKIT_MAX_SIZE"  # in MB


def max_bytes(limit: int | None = None) -> int:
    """The size limit in bytes: ``limit`` when given, else PEELKIT_MAX_SIZE (MB), else MAX_BYTES."""
    if limit is not None:
        return limit
    env = os.environ.get(_ENV, "").strip()
    if env:
        try:
            mb = float(env)
        except ValueError:
            mb = -1
        if not mb > 0:
            raise SourceError(f"{_ENV}={env!r}: expected a size in MB greater than 0")
        return int(mb * 1024 * 1024)
    return MAX_BYTES


BYTES_PER_LINE = 200  # a text source may have one line per 200 bytes of the size limit (1,048,576 by default)


def max_lines(limit: int | None = None) -> int:
    """The most lines a text source may have: one per BYTES_PER_LINE bytes of the size limit. The readers
    keep a few hundred bytes of memory per line (a line object, its cleaned text, its number), so this
    bounds their memory as the size limit bounds the text's."""
    return max_bytes(limit) // BYTES_PER_LINE


def too_many_lines(n: int, most: int) -> str:
    return (f"has {n:,} lines, more than the {most:,} a text source may have (one per {BYTES_PER_LINE} bytes of "
            f"the size limit); not read as a document (extract --max-size MB raises both)")


def megabytes(n: int) -> str:
    """'200 MB', '0.5 MB', '3.2 MB'."""
    mb = n / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 10 or mb == int(mb) else f"{mb:.1f} MB" if mb >= 0.1 else f"{n:,} bytes"


_KINDS = ((stat.S_ISDIR, "is a directory"), (stat.S_ISCHR, "is a character device"), (stat.S_ISBLK, "is a block device"),
          (stat.S_ISFIFO, "is a FIFO (named pipe)"), (stat.S_ISSOCK, "is a socket"))


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read ('is a FIFO (named pipe)'), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "is not a regular file")


def too_big(size: int, limit: int) -> str:
    return (f"is {megabytes(size)}, more than the limit of {megabytes(limit)}; nothing was read "
            f"(extract --max-size MB, or {_ENV}, raises it)")


def check(path: Path | str, limit: int | None = None, *, expected: str = "a text or PDF report") -> int:
    """Refuse (SourceError) anything but a regular file of at most the limit; its size otherwise. Links
    are followed (a source named by the user may be one). Nothing is opened."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise SourceError("no such file", source=str(path)) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file ({exc.strerror})", source=str(path)) from None
    why = not_regular(st.st_mode)
    if why:
        raise SourceError(f"{why}, not a regular file; expected {expected}", source=str(path))
    cap = max_bytes(limit)
    if st.st_size > cap:
        raise SourceError(too_big(st.st_size, cap), source=str(path))
    return st.st_size


def open_fd(path: Path | str, *, follow: bool = True) -> int:
    """A read-only descriptor of ``path`` that never blocks on a FIFO and, unless ``follow``, is not a
    symbolic link (OSError ELOOP). The caller checks the file type with ``os.fstat``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        if Path(path).is_symlink():  # where O_NOFOLLOW does not exist
            raise OSError(errno.ELOOP, "is a symbolic link", str(path))
    return os.open(path, flags)


def read_regular(path: Path | str, limit: int | None = None, *, head: int | None = None, follow: bool = True,
                 expected: str = "a text or PDF report") -> bytes:
    """The bytes of a regular file (only the first ``head`` when given), refusing a device, a FIFO, a
    socket, a file over the limit and (unless ``follow``) a symbolic link, each as one SourceError."""
    cap = max_bytes(limit)
    try:
        fd = open_fd(path, follow=follow)
    except FileNotFoundError:
        raise SourceError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise SourceError(f"is a directory, expected a file ({expected})", source=str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError("is a symbolic link; peelkit does not follow it here: replace it with the file",
                              source=str(path)) from None
        raise SourceError(f"cannot read the file ({exc.strerror})", source=str(path)) from None
    try:
        st = os.fstat(fd)
        why = not_regular(st.st_mode)
        if why:
            raise SourceError(f"{why}, not a regular file; expected {expected}", source=str(path))
        if head is None and st.st_size > cap:
            raise SourceError(too_big(st.st_size, cap), source=str(path))
        with os.fdopen(os.dup(fd), "rb") as fh:
            if head is not None:
                data = fh.read(head)
            else:  # the size it has (read(n) reserves n bytes first), then whatever it grew by, up to the limit
                data = fh.read(min(st.st_size, cap) + 1)
                if len(data) > st.st_size and len(data) <= cap:
                    data += fh.read(cap + 1 - len(data))
        if head is None and len(data) > cap:  # it grew while being read
            raise SourceError(too_big(len(data), cap), source=str(path))
        return data
    except MemoryError:
        raise SourceError("not enough memory to read the file", source=str(path)) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file ({exc.strerror or exc})", source=str(path)) from None
    finally:
        os.close(fd)
