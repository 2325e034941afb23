"""PDF words: characters from any PDF engine -> words with positions, by pdfplumber's rule.

The step between a PDF's objects and its lines (pdfplumber's pipeline: objects -> words -> lines ->
tables). Two word sources feed ``peelkit.tables.geometry``: pdfium's characters grouped here
(``chars_to_words``, the fast path, run in the scan's worker processes, which is why this module
imports nothing of the parser), and pdfplumber's own ``extract_words`` (``to_words``, the reference
reader). Both use ``WORDS``, so they read the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter


@dataclass(frozen=True)
class WordSettings:
    """How characters become words, for every word source (pdfplumber's ``extract_words`` is given these
    values explicitly; ``chars_to_words`` applies the same rule to pdfium's characters). Points.

    Every layout reader's tunable numbers have this shape: a frozen dataclass ``...Settings`` of documented
    fields with their defaults (``WordSettings``; ``tables.geometry.PageSettings``, the table page reader's;
    ``tables.columns.CharGridSettings``, text laid out in columns; ``readers.area_report.GridSettings``, an
    area summary's), the defaults one module constant (``WORDS``, ``PAGE``, ``CHAR_GRID``, ``GRID``), taken
    as ``settings`` by the reader's entry (that constant by default) and handed to its stages. Another value
    is ``dataclasses.replace(WORDS, x_tolerance=2.0)`` passed as ``settings``."""

    x_tolerance: float = 3.0  # a gap wider than this after a character (or a space) starts a new word
    y_tolerance: float = 3.0  # characters whose tops differ by more than this are on different lines

    def pdfplumber(self) -> dict:
        """The keyword arguments of pdfplumber's ``Page.extract_words`` for these settings."""
        return {"x_tolerance": self.x_tolerance, "y_tolerance": self.y_tolerance, "keep_blank_chars": False,
                "use_text_flow": False}


WORDS = WordSettings()


LIGATURES = {"\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb01": "fi", "\ufb02": "fl", "\ufb06": "st",
             "\ufb05": "st"}  # pdfplumber expands these in words


@dataclass(frozen=True)
class Word:
    """A word and its box (points, from the page's top-left corner)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    line: int | None = None  # 1-based text line, when the words come from text laid out in columns

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def h(self) -> float:
        return max(self.bottom - self.top, 0.1)


def to_words(raw: Iterable[dict]) -> list[Word]:
    """pdfplumber ``extract_words`` dicts -> Words (coordinates from the page's top-left)."""
    return [Word(str(w["text"]), float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
            for w in raw if str(w["text"]).strip()]


Char = tuple[str, float, float, float, float, bool]  # text, x0, x1, top, bottom, upright (page space, points)


def chars_to_words(chars: list[Char], settings: WordSettings = WORDS) -> list[Word]:
    """Characters (from any PDF engine, in content order) -> Words, by pdfplumber's rule
    (``WordExtractor`` with its default directions): upright characters are clustered into lines by
    their tops (chained, ``y_tolerance``), each line read left to right, and a word ends at a space,
    at a gap wider than ``x_tolerance``, where the next character starts left of the last one or
    where the tops differ by more than ``y_tolerance``; rotated characters the same way turned a
    quarter (lines by x, read top to bottom)."""
    out: list[Word] = []
    xt, yt = settings.x_tolerance, settings.y_tolerance
    start = 0
    while start < len(chars):
        upright = chars[start][5]
        end = start
        while end < len(chars) and chars[end][5] == upright:
            end += 1
        group = chars[start:end]
        start = end
        if upright:  # lines by top, read along x; (line key, its tolerance, along start, along end, across)
            key, tol, a0, a1, across, gap, drift = 3, yt, 1, 2, 3, xt, yt
        else:
            key, tol, a0, a1, across, gap, drift = 1, xt, 3, 4, 1, yt, xt
        for line in _clusters(group, key, tol):
            line.sort(key=itemgetter(a0))
            prev = None
            word: list[Char] = []
            for ch in line:
                if ch[0].isspace():
                    if word:
                        _flush(word, out)
                    word, prev = [], None
                    continue
                if prev is not None and (ch[a0] < prev[a0] or ch[a0] > prev[a1] + gap
                                         or abs(ch[across] - prev[across]) > drift):
                    _flush(word, out)
                    word = []
                word.append(ch)
                prev = ch
            if word:
                _flush(word, out)
    return out


def _clusters(chars: list[Char], key: int, tol: float) -> list[list[Char]]:
    """pdfplumber's ``cluster_objects``: the distinct key values sorted and chained (a value at most
    ``tol`` above the previous one joins its cluster); characters grouped by cluster, in order."""
    index: dict[float, int] = {}
    last = None
    k = -1
    for v in sorted({c[key] for c in chars}):
        if last is None or v > last + tol:
            k += 1
        index[v] = k
        last = v
    groups: list[list[Char]] = [[] for _ in range(k + 1)]
    for c in chars:
        groups[index[c[key]]].append(c)
    return groups


def _flush(word: list[Char], out: list[Word]) -> None:
    text = "".join([LIGATURES.get(c[0], c[0]) for c in word]) if len(word) > 1 else LIGATURES.get(word[0][0],
                                                                                                   word[0][0])
    if text.strip():
        x0s, x1s, tops, bottoms = zip(*[(c[1], c[2], c[3], c[4]) for c in word])
        out.append(Word(text, min(x0s), max(x1s), min(tops), max(bottoms)))
