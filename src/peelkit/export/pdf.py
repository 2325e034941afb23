"""The board paper as PDF, rendered from the workbook by LibreOffice (``soffice``) when it is installed."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import PeelkitError

SOFFICE_TIMEOUT = 240  # seconds for one conversion


class RendererMissing(PeelkitError):
    """LibreOffice is not installed: a PDF cannot be made here."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    exe = soffice()
    if exe is None:
        raise RendererMissing("a PDF needs LibreOffice ('soffice' not found on PATH); install it "
                              "(e.g. apt-get install libreoffice-calc-nogui) or export .xlsx and print that")
    return exe


def _clear_dead_profiles() -> None:
    """Remove the work folders of conversions whose peelkit process is gone (killed mid-conversion)."""
    for p in Path(tempfile.gettempdir()).glob("peelkit-lo-*-*"):
        pid = p.name.split("-")[2]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(p, ignore_errors=True)
        except OSError:  # alive, another user's
            pass


_CREATED = re.compile(rb"/CreationDate\(D:(\d{14})")
_MODIFIED = re.compile(rb"/ModDate\(D:(\d{14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")


def reproducible(data: bytes, when: _dt.datetime) -> bytes:
    """The PDF LibreOffice wrote, with its creation (and modification) date set to ``when`` and its file
    identifier and checksum derived from the content: the same workbook gives the same bytes. Every value
    keeps its length, so the cross-reference offsets stay right."""
    stamp = when.strftime("%Y%m%d%H%M%S").encode()
    data = _CREATED.sub(lambda m: m.group(0)[: -14] + stamp, data)
    data = _MODIFIED.sub(lambda m: m.group(0)[: -14] + stamp, data)
    blank = _CHECKSUM.sub(lambda m: m.group(0)[: -32] + b"0" * 32, _ID.sub(b"/ID", data))
    digest = hashlib.sha256(blank).hexdigest().upper().encode()
    data = _ID.sub(lambda m: m.group(0).replace(m.group(1), digest[:32]).replace(m.group(2), digest[:32]), data)
    return _CHECKSUM.sub(lambda m: m.group(0)[: -32] + digest[32:64], data)


def xlsx_to_pdf(xlsx: Path, pdf: Path, when: _dt.datetime | None = None) -> None:
    """Convert ``xlsx`` to ``pdf`` with a private LibreOffice profile (no clash with a running instance),
    in a work folder named after this process, so that the next conversion removes it if this one is killed.
    ``when``: the PDF's creation date (default: the workbook's fixed one, ``sheets.created_at``), so that
    two exports of the same data are byte-identical."""
    exe = require_soffice()
    _clear_dead_profiles()
    with tempfile.TemporaryDirectory(prefix=f"peelkit-lo-{os.getpid()}-") as tmp:
        t = Path(tmp)
        src = t / "board.xlsx"
        shutil.copyfile(xlsx, src)
        try:
            p = subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation={(t / 'profile').as_uri()}",
                                "--convert-to", "pdf", "--outdir", str(t), str(src)],
                               capture_output=True, text=True, timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise PeelkitError(f"LibreOffice did not finish the PDF within {SOFFICE_TIMEOUT} s") from None
        out = t / "board.pdf"
        if p.returncode != 0 or not out.is_file():
            msg = (p.stderr or p.stdout or "").strip().splitlines()
            raise PeelkitError("LibreOffice could not convert the workbook to PDF"
                               + (f": {msg[-1]}" if msg else ""))
        if when is None:
            from .sheets import created_at

            when = created_at()
        out.write_bytes(reproducible(out.read_bytes(), when))
        shutil.move(str(out), str(pdf))
