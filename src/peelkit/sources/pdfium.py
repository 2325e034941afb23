"""The pdfium calls peelkit makes, declared with ctypes on the pdfium library that pypdfium2 ships.

``import pypdfium2`` declares its whole API (about 1,000 functions) and loads logging, argparse,
subprocess, tempfile and more: 50-100 ms of start-up, more than reading a 40-page report. The PDF
path needs a dozen functions, declared here on the same shared library (found without importing
pypdfium2; when pypdfium2 uses a library installed elsewhere, its bindings are imported to find it).
pypdfium2 stays the full API for the reference reader (copying pages for pdfplumber) and loads the
same library; pdfium is initialised once per process either way.

pdfium is not thread-safe: use one ``Document`` per process (``peelkit.sources.pdf`` scans large
PDFs in worker processes, each opening its own).

Coordinates: ``Page.chars`` gives every character (not the spaces and line breaks pdfium inserts
itself) in pdfplumber's page space: points from the top-left corner of the page as displayed (the
page's /Rotate applied as pdfminer applies it), with the box pdfminer gives a character: the
advance width across and the font size (the em square) up from the descent side.
"""

from __future__ import annotations

import ctypes
import os
import sys
from ctypes import POINTER, byref, c_char_p, c_double, c_float, c_int, c_uint, c_ulong, c_ushort, c_void_p

# FPDF_GetLastError codes
_ERR_PASSWORD = 4


class PdfiumError(Exception):
    """A pdfium call failed; ``code`` is FPDF_GetLastError() (2 file, 3 format, 4 password, 5 security,
    6 page), 0 when pdfium gave none."""

    def __init__(self, message: str, code: int = 0):
        super().__init__(message)
        self.code = code


class _Rect(ctypes.Structure):
    _fields_ = [("left", c_float), ("top", c_float), ("right", c_float), ("bottom", c_float)]


class _Matrix(ctypes.Structure):
    _fields_ = [("a", c_float), ("b", c_float), ("c", c_float), ("d", c_float), ("e", c_float), ("f", c_float)]


class _Config(ctypes.Structure):  # FPDF_LIBRARY_CONFIG, version 2 (what pypdfium2 passes)
    _fields_ = [("version", c_int), ("m_pUserFontPaths", c_void_p), ("m_pIsolate", c_void_p),
                ("m_v8EmbedderSlot", c_uint)]


_B = c_int  # FPDF_BOOL
_SIGNATURES = {
    "FPDF_InitLibraryWithConfig": (None, [POINTER(_Config)]),
    "FPDF_GetLastError": (c_ulong, []),
    "FPDF_LoadDocument": (c_void_p, [c_char_p, c_char_p]),
    "FPDF_CloseDocument": (None, [c_void_p]),
    "FPDF_GetPageCount": (c_int, [c_void_p]),
    "FPDF_LoadPage": (c_void_p, [c_void_p, c_int]),
    "FPDF_ClosePage": (None, [c_void_p]),
    "FPDF_GetPageBoundingBox": (_B, [c_void_p, POINTER(_Rect)]),
    "FPDFPage_GetMediaBox": (_B, [c_void_p, POINTER(c_float), POINTER(c_float), POINTER(c_float), POINTER(c_float)]),
    "FPDFPage_GetRotation": (c_int, [c_void_p]),
    "FPDFText_LoadPage": (c_void_p, [c_void_p]),
    "FPDFText_ClosePage": (None, [c_void_p]),
    "FPDFText_CountChars": (c_int, [c_void_p]),
    "FPDFText_GetTextIndexFromCharIndex": (c_int, [c_void_p, c_int]),
    "FPDFText_GetText": (c_int, [c_void_p, c_int, c_int, POINTER(c_ushort)]),
    "FPDFText_GetUnicode": (c_uint, [c_void_p, c_int]),
    "FPDFText_IsGenerated": (c_int, [c_void_p, c_int]),
    "FPDFText_GetLooseCharBox": (_B, [c_void_p, c_int, POINTER(_Rect)]),
    "FPDFText_GetFontSize": (c_double, [c_void_p, c_int]),
    "FPDFText_GetMatrix": (_B, [c_void_p, c_int, POINTER(_Matrix)]),
}

_LIB: list = []


def _library_path() -> str | None:
    """pypdfium2's bundled libpdfium, found without importing pypdfium2."""
    from importlib.util import find_spec

    try:
        spec = find_spec("pypdfium2_raw")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    if sys.platform.startswith(("win32", "cygwin", "msys")):
        name = "pdfium.dll"
    elif sys.platform.startswith(("darwin", "ios")):
        name = "libpdfium.dylib"
    else:
        name = "libpdfium.so"
    for folder in spec.submodule_search_locations:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    return None


def lib():
    """The pdfium library with peelkit's functions declared and pdfium initialised (once per process)."""
    if _LIB:
        return _LIB[0]
    path = _library_path()
    if path is not None:
        handle = ctypes.CDLL(path)
    else:  # pypdfium2 built against a pdfium installed elsewhere: its bindings know where
        from pypdfium2_raw.bindings import _libs  # type: ignore[import-not-found]

        handle = _libs["pdfium"]
    for name, (restype, argtypes) in _SIGNATURES.items():
        fn = getattr(handle, name)
        fn.restype, fn.argtypes = restype, argtypes
    # pdfium ignores a second initialisation (pypdfium2 may load in this process too)
    handle.FPDF_InitLibraryWithConfig(byref(_Config(2, None, None, 0)))
    _keep_freed_memory()
    _LIB.append(handle)
    return handle


# glibc malloc settings (mallopt): pdfium builds and frees each page's text structures; by default
# glibc hands blocks over 128 kB back to the system and faults them in again for the next page (about
# 120 page faults a page, a fifth of the scan's time spent in the kernel). Below these sizes freed
# memory is kept for the next page; the peak memory is unchanged.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_TRIM_BYTES, _MMAP_BYTES = 16 << 20, 4 << 20


def _keep_freed_memory() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt.argtypes, mallopt.restype = [c_int, c_int], c_int
    mallopt(_M_MMAP_THRESHOLD, _MMAP_BYTES)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_BYTES)


class Document:
    """One open PDF. Not shared between threads or processes."""

    def __init__(self, path: str | os.PathLike):
        self._lib = L = lib()
        self.handle = L.FPDF_LoadDocument(os.fsencode(os.fspath(path)), None)
        if not self.handle:
            code = int(L.FPDF_GetLastError())
            raise PdfiumError("cannot open the PDF" if code != _ERR_PASSWORD else "encrypted PDF", code)

    def __len__(self) -> int:
        n = self._lib.FPDF_GetPageCount(self.handle)
        if n < 0:
            raise PdfiumError("cannot count the pages", int(self._lib.FPDF_GetLastError()))
        return n

    def page(self, index: int) -> Page:
        return Page(self, index)

    def close(self) -> None:
        if self.handle:
            self._lib.FPDF_CloseDocument(self.handle)
            self.handle = None

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    """One loaded page and its text page (pdfium's character list)."""

    def __init__(self, doc: Document, index: int):
        self._lib = L = doc._lib
        self.handle = L.FPDF_LoadPage(doc.handle, index)
        if not self.handle:
            raise PdfiumError(f"page {index + 1} cannot be loaded", int(L.FPDF_GetLastError()))
        self.text_handle = L.FPDFText_LoadPage(self.handle)
        if not self.text_handle:
            L.FPDF_ClosePage(self.handle)
            self.handle = None
            raise PdfiumError(f"the text of page {index + 1} cannot be read")

    def close(self) -> None:
        if self.text_handle:
            self._lib.FPDFText_ClosePage(self.text_handle)
            self.text_handle = None
        if self.handle:
            self._lib.FPDF_ClosePage(self.handle)
            self.handle = None

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def text(self) -> str:
        """The page's text, exactly as pypdfium2's ``PdfTextPage.get_text_range()`` gives it (leading and
        trailing characters pdfium leaves out of its text are skipped, UTF-16 decoded ignoring errors)."""
        L, tp = self._lib, self.text_handle
        n = L.FPDFText_CountChars(tp)
        if n < 0:
            raise PdfiumError("cannot count the characters of the page")
        lo, hi = 0, n - 1
        while lo <= hi and L.FPDFText_GetTextIndexFromCharIndex(tp, lo) == -1:
            lo += 1
        while lo <= hi and L.FPDFText_GetTextIndexFromCharIndex(tp, hi) == -1:
            hi -= 1
        if lo > hi:
            return ""
        size = L.FPDFText_GetTextIndexFromCharIndex(tp, hi) + 2 - L.FPDFText_GetTextIndexFromCharIndex(tp, lo)
        buf = (c_ushort * size)()
        written = L.FPDFText_GetText(tp, lo, hi - lo + 1, buf)
        if written > size:
            raise PdfiumError("pdfium wrote past its text buffer")
        return bytes(memoryview(buf))[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="ignore")

    def geometry(self) -> tuple[tuple[float, float, float, float], int]:
        """(MediaBox as x0, y0, x1, y1 in PDF user space, /Rotate in degrees)."""
        L = self._lib
        box = [c_float(), c_float(), c_float(), c_float()]
        if L.FPDFPage_GetMediaBox(self.handle, *(byref(v) for v in box)):
            left, bottom, right, top = (v.value for v in box)
        else:  # inherited MediaBox: pdfium's page box
            r = _Rect()
            L.FPDF_GetPageBoundingBox(self.handle, byref(r))
            left, bottom, right, top = r.left, r.bottom, r.right, r.top
        x0, x1 = sorted((left, right))
        y0, y1 = sorted((bottom, top))
        return (x0, y0, x1, y1), (L.FPDFPage_GetRotation(self.handle) % 4) * 90

    def chars(self) -> list[tuple[str, float, float, float, float, bool]]:
        """Every character of the page as (text, x0, x1, top, bottom, upright), in pdfium's order, without
        the characters pdfium generates (spaces and line breaks it infers: words are found from gaps,
        as pdfplumber finds them)."""
        L, tp = self._lib, self.text_handle
        n = L.FPDFText_CountChars(tp)
        if n <= 0:
            return []
        text = self._char_texts(n)
        (x0, y0, x1, y1), rotation = self.geometry()
        matrix, to_box = _to_page_space(x0, y0, x1, y1, rotation)
        height = y1 - y0  # rotation 0: top = height - y (pdfplumber's page space)
        box, mat = _Rect(), _Matrix()
        pbox, pmat = byref(box), byref(mat)
        loose, generated, get_matrix, font_size = (L.FPDFText_GetLooseCharBox, L.FPDFText_IsGenerated,
                                                    L.FPDFText_GetMatrix, L.FPDFText_GetFontSize)
        out = []
        append = out.append
        run_top = run_bottom = None  # the loose box edges of the run of characters that share a size
        em = 0.0
        side = 0  # which edge of the loose box is the descent side (0: bottom, 1: top, 2: right, 3: left)
        upright = True
        for i in range(n):
            t = text[i]
            if t.isspace() and generated(tp, i):
                continue
            if not loose(tp, i, pbox):
                continue
            if box.bottom != run_bottom or box.top != run_top:
                # a new run (text object, line, font or size): its em size and direction, once per run
                run_top, run_bottom = box.top, box.bottom
                get_matrix(tp, i, pmat)
                a, b, c, d = matrix(mat.a, mat.b, mat.c, mat.d)
                upright = a * d > 0 and b * c <= 0
                em = font_size(tp, i) * (c * c + d * d) ** 0.5
                side = 0 if d >= abs(c) else 1 if -d >= abs(c) else 2 if c < 0 else 3
            if rotation == 0 and side == 0:  # the usual case, inlined
                bottom = height - box.bottom
                append((t, box.left, box.right, bottom - em, bottom, upright))
                continue
            cx0, cx1, ctop, cbottom = to_box(box.left, box.top, box.right, box.bottom)
            if side == 0:  # glyphs stand upright: the em box rises from the descent side
                ctop = cbottom - em
            elif side == 1:  # upside down
                cbottom = ctop + em
            elif side == 2:  # turned a quarter anticlockwise: descent on the right
                cx0 = cx1 - em
            else:
                cx1 = cx0 + em
            append((t, cx0, cx1, ctop, cbottom, upright))
        return out

    def _char_texts(self, n: int) -> str | list[str]:
        """The text of each character: the page text when it maps one to one onto the character list
        (the usual case: no character left out, none beyond UTF-16's basic plane), else one call each."""
        L, tp = self._lib, self.text_handle
        if L.FPDFText_GetTextIndexFromCharIndex(tp, 0) == 0 and L.FPDFText_GetTextIndexFromCharIndex(tp, n - 1) == n - 1:
            buf = (c_ushort * (n + 1))()
            written = L.FPDFText_GetText(tp, 0, n, buf)
            if written == n + 1:
                try:
                    text = bytes(memoryview(buf))[: 2 * n].decode("utf-16-le")
                except UnicodeDecodeError:
                    text = ""
                if len(text) == n:
                    return text
        return [chr(L.FPDFText_GetUnicode(tp, i)) for i in range(n)]


def _to_page_space(x0: float, y0: float, x1: float, y1: float, rotation: int):
    """(matrix part, box) transforms from PDF user space to pdfplumber's page space: pdfminer's page
    matrix for the rotation (pdfinterp.PDFPageInterpreter.process_page), then pdfplumber's top-down y
    with its MediaBox offsets (page.Page.process_object)."""
    if rotation == 90:
        ctm = (0, -1, 1, 0, -y0, x1)
    elif rotation == 180:
        ctm = (-1, 0, 0, -1, x1, y1)
    elif rotation == 270:
        ctm = (0, 1, -1, 0, y1, -x0)
    else:
        ctm = (1, 0, 0, 1, -x0, -y0)
    ra, rb, rc, rd, re, rf = ctm
    bx0, by0, bx1, by1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
    height = by1 - by0
    mb_x0, mb_top = bx0, height - by1

    def matrix(a, b, c, d):
        return a * ra + b * rc, a * rb + b * rd, c * ra + d * rc, c * rb + d * rd

    def box(left, top, right, bottom):
        xs = (left * ra + bottom * rc + re, right * ra + top * rc + re)
        ys = (left * rb + bottom * rd + rf, right * rb + top * rd + rf)
        return (min(xs) + mb_x0, max(xs) + mb_x0, height - max(ys) + mb_top, height - min(ys) + mb_top)

    return matrix, box
