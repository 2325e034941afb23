"""State of Policing judgments table from converter text read row by row.

The front-end for text where each force's cells follow its name in reading order: pdftotext (plain
and ``-raw``), pdfplumber ``extract_text()``, pypdfium2, PyMuPDF ``get_text()`` and markdown tables
(pymupdf4llm, markitdown). Their differences are in the words, not the table:

* words are matched against the closed vocabularies (forces and aliases, grades, trends, round
  labels, numbers, header words) as phrases that may wrap over lines;
* a grade wrapped over two lines whose halves land elsewhere ("Requires" above the row,
  "improvement" below it, as pdfplumber and markitdown print a two-line cell) is joined by the
  vocabulary: the half inside the row gives its place; when neither half is inside the row the
  grade's place is found from the row's other values, and only when that place is unambiguous;
* a markdown row with one cell per column keeps its blank cells; any other row is read as values.

Each page's header gives its columns: the pillar named in it (or the pillar of the table it
continues), and Judgment | Trend then one Judgment | Last inspected pair per question, the questions
named by their printed words. A row's values are fitted to those columns by their kinds (grade,
trend, year); a value whose column cannot be known for certain is left out with a finding, and the
shared back-end (``judgments.Placer``) then refuses the incomplete column parts. Nothing is shifted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from .. import model
from ..schema import Extraction
from ..vocab import PILLAR, TABLE_TITLE, TABLE_TITLE_WORDS
from . import headers
from .judgments import Cell, Part, Placer, TablePart, Total

# what a token is
FORCE, GRADE, TREND, YEAR, NUMBER, HEAD, TAIL, WORD, LABEL, TOTALS = (
    "force", "grade", "trend", "year", "number", "head", "tail", "word", "label", "totals")
_VALUE_KINDS = (GRADE, TREND, YEAR)
_CELL_SEP = re.compile(r"(?<!\s)\s*<br\s*/?>\s*", re.I)
_MARKUP = re.compile(r"<[^>]*>|\*\*|__|`")
_TITLE = re.compile(rf"^\W*{TABLE_TITLE}\W*$", re.I)
_FIRST = {"force", "judgment", "judgement", "trend", "last", "totals", "not"}  # header words, "Not inspected"
_TITLE_WORDS = re.compile(TABLE_TITLE_WORDS, re.I)
_PROSE_WORDS = 3  # a line with this many words outside the vocabularies is prose (or a running header)
_PROSE_LINES = 6  # a run of this many prose lines ends a table ...
_HEADER_LINES = 12  # ... unless the column header row of an untitled page follows within this many
_AHEAD = 40  # lines looked at after a prose line


@dataclass(slots=True)  # one per word of a text stream: no __dict__ (less than half the memory)
class Tok:
    kind: str
    value: object
    text: str
    line: int
    cell: int | None = None  # markdown cell index on its line
    wrapped: bool = False  # a grade joined from halves printed on two lines


def classify_words(words: list[str]) -> tuple[str, object] | None:
    """(kind, value) when the words are exactly one vocabulary item."""
    return _classify(" ".join(words))


@lru_cache(maxsize=1 << 16)
def _classify(text: str) -> tuple[str, object] | None:
    if not text:
        return None
    for kind, fn in ((GRADE, model.grade), (TREND, model.trend), (YEAR, model.year_label)):
        v = fn(text)
        if v:
            return kind, v
    if text.isdigit():
        return NUMBER, int(text)
    low = text.lower()
    if low in ("force", "judgment", "judgement", "trend", "last inspected"):
        return LABEL, "judgment" if low.startswith("judg") else low
    if low == "totals":
        return TOTALS, None
    f = model.find_force(text)
    if f:
        return FORCE, f
    return None


def _clean(raw: str) -> str:
    return model.clean_space(_MARKUP.sub(" ", raw.replace("\f", " ").replace("\u00a0", " ")).strip(" #>"))


def md_cells(raw: str) -> list[str]:
    """The cells of a markdown table row (one leading and one trailing pipe removed, no more)."""
    s = raw.replace("\f", " ").strip()
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") else s
    return s.split("|")


def split_md_rows(raw: str) -> list[str] | None:
    """A markdown row that holds two or more table rows (pymupdf4llm merges neighbours: "**Avon and
    Somerset**<br>**Bedfordshire**" over "Inadequate<br>Outstanding" ...) as one row each, when its first
    cell holds k force names (or Totals labels) and every other cell exactly k values or none; else None."""
    cells = md_cells(raw)
    first = [p for p in _CELL_SEP.split(cells[0]) if _clean(p)] if cells else []
    if len(first) < 2:
        return None
    heads = [_classify(_clean(p)) for p in first]
    if any(h is None or h[0] not in (FORCE, GRADE, TOTALS) for h in heads):
        return None
    rows: list[list[str]] = [[p] for p in first]
    carry = [r for r, h in zip(rows, heads) if h[0] != TOTALS]  # the "Totals" label row has no values
    k = len(carry)
    for cell in cells[1:]:
        toks = [t for part in _CELL_SEP.split(cell) for t in _phrase_tokens(_clean(part).split(), 0)]
        vals: list[str] = []
        for t in toks:
            if t.kind == TAIL and vals and vals[-1] == "Requires":
                vals[-1] = "Requires improvement"
            elif t.kind in (GRADE, TREND, YEAR, NUMBER, HEAD):
                vals.append(t.text)
            else:
                return None
        if not vals:
            for r in rows:
                r.append("")
        elif len(vals) == k:
            for r in rows:
                r.append(vals.pop(0) if any(r is c for c in carry) else "")
        else:
            return None
    return ["|" + "|".join(r) + "|" for r in rows]


_LABEL_PARTS = {"force", "judgment", "judgement", "trend", "last", "inspected", "last inspected"}


def split_md_header(raw: str) -> tuple[list[str], list[str], list[str]] | None:
    """A markdown row whose cells hold header text, then a column label, then (the first force row
    merged in) values, split per cell into (header texts, labels, the rest), each cell's parts joined
    by <br>. None when no cell holds a label."""
    groups, labs, rest = [], [], []
    found = False
    for cell in md_cells(raw):
        parts = _CELL_SEP.split(cell) if "<br" in cell.lower() else [cell]
        at = [k for k, part in enumerate(parts) if _MARKUP.sub("", part).strip().lower() in _LABEL_PARTS]
        if not at:
            groups.append("")
            labs.append("")
            rest.append(cell)
            continue
        found = True
        groups.append("<br>".join(parts[:at[0]]))
        labs.append(" ".join(_MARKUP.sub("", part).strip() for part in parts[at[0]:at[-1] + 1]))
        rest.append("<br>".join(parts[at[-1] + 1:]))
    return (groups, labs, rest) if found else None


def _leading_label(cell: str) -> str:
    """The column header word a merged markdown cell starts with ("**Judgment**<br>Good" -> "Judgment")."""
    first = _MARKUP.sub("", _CELL_SEP.split(cell)[0]).strip()
    return first if first.lower() in ("judgment", "judgement", "trend", "last inspected") else ""


def tokenize_line(raw: str, ln: int) -> list[Tok]:
    """Tokens of one line: markdown cells are tokenised one by one, other text by longest phrases."""
    s = raw.replace("\f", " ").strip()
    if s.startswith("|") and s.count("|") >= 2:
        if re.fullmatch(r"[|\s:\-]+", s):
            return []
        cells = md_cells(s)
        out: list[Tok] = []
        for i, c in enumerate(cells):
            for part in _CELL_SEP.split(c) if "<br" in c.lower() else [c]:
                for t in _phrase_tokens(_clean(part).split(), ln):
                    t.cell = i
                    out.append(t)
        return out
    return _phrase_tokens(_clean(s).split(), ln)


def _phrase_tokens(words: list[str], ln: int) -> list[Tok]:
    out: list[Tok] = []
    i = 0
    while i < len(words):
        low = words[i].lower().strip(".,;:")
        if low == "improvement" or (low == "requires" and (i + 1 == len(words) or words[i + 1].lower() != "improvement")):
            # half of a grade wrapped over two lines ("improvement" alone is never a trend in a table)
            out.append(Tok(HEAD, "Requires improvement", words[i], ln) if low == "requires"
                       else Tok(TAIL, None, words[i], ln))
            i += 1
            continue
        if low not in _FIRST and low not in model.first_words() and not low[:1].isdigit():
            out.append(Tok(LABEL, low, words[i], ln) if low in ("last", "inspected") else Tok(WORD, None, words[i], ln))
            i += 1
            continue
        for n in range(min(6, len(words) - i), 0, -1):
            got = classify_words(words[i:i + n])
            if got:
                out.append(Tok(got[0], got[1], " ".join(words[i:i + n]), ln))
                i += n
                break
        else:
            w = words[i]
            low = w.lower().strip(".,;:")
            if low in ("last", "inspected"):
                out.append(Tok(LABEL, low, w, ln))
            else:
                out.append(Tok(WORD, None, w, ln))
            i += 1
    return out


@lru_cache(maxsize=1)
def _name_prefixes() -> frozenset[tuple[str, ...]]:
    """Proper word prefixes of the force names and aliases ("avon", "avon and", "north", ...)."""
    out = set()
    for f in model.forces():
        for name in (f.name, *f.aliases):
            words = tuple(name.lower().split())
            out.update(words[:k] for k in range(1, len(words)))
    return frozenset(out)


@lru_cache(maxsize=1)
def _name_rests() -> frozenset[str]:
    """Words a force name goes on with after a proper prefix ("somerset", "and", "wales", ...)."""
    out = set()
    for f in model.forces():
        for name in (f.name, *f.aliases):
            out.update(w.lower() for w in name.split()[1:])
    return frozenset(out)


def _continues(b: str) -> bool:
    """Whether line ``b`` can start with the rest of a wrapped force name (a quick test)."""
    lead = _LEAD.match(b)
    return lead is not None and lead.group(1).lower() in _name_rests()


@lru_cache(maxsize=1)
def _prefix_ends() -> frozenset[str]:
    return frozenset(p[-1] for p in _name_prefixes())


def join_wrapped_name(a: str, b: str) -> tuple[str, str] | None:
    """(a, b) with the end of a force name wrapped from the end of line ``a`` to the start of line ``b``
    moved onto ``a``; None when the lines do not split a force name. Markdown rows are not joined."""
    last = a.rsplit(None, 1)[-1:]
    if not last or last[0].strip("*_`<>#/b").lower() not in _prefix_ends() or not _continues(b) \
            or a.lstrip().startswith("|") or b.lstrip().startswith("|"):
        return None
    tail = _clean(a).split()
    head = b.split()
    for k in range(min(3, len(tail)), 0, -1):
        start = tuple(w.lower() for w in tail[-k:])
        if start not in _name_prefixes():
            continue
        for m in range(1, min(3, len(head)) + 1):
            got = _classify(" ".join([*tail[-k:], *(_clean(w) for w in head[:m])]))
            if got and got[0] == FORCE:
                alone = _classify(" ".join(tail[-k:]))
                if alone and (alone[0] != FORCE or alone[1] != got[1]):
                    return None
                rest = b.lstrip()
                for w in head[:m]:
                    rest = rest[len(w):].lstrip()
                return f"{a.rstrip()} {' '.join(head[:m])}", rest
    return None


def join_wrapped_names(lines: list[str], start: int) -> list[str]:
    """The lines (a copy when anything changes) with every force name wrapped over lines joined, line
    numbers kept: "Avon and" ending a line and "Somerset" starting the next (row-by-row text) join on
    the first line; a line (or markdown row fragment) starting "Devon and" and the next one starting
    "Cornwall" give the name to the one of them holding the row's values, or to the values' line
    between them (the other lines keep the halves of wrapped cells). Blank lines and markdown rule
    lines between them are skipped; lines holding a page break are left alone."""
    out = lines
    idx = [k for k in range(start, len(lines)) if lines[k].strip()
           and not (lines[k].lstrip()[:1] == "|" and _RULE.fullmatch(lines[k].strip()))]
    cont = [_continues(lines[k].lstrip(" |")) for k in idx]  # the line may start a name's rest
    for n, i in enumerate(idx[:-1]):
        j = idx[n + 1]
        a, b = out[i], out[j]
        if "\f" in a or "\f" in b or not (cont[n + 1] or n + 2 < len(idx) and cont[n + 2]):
            continue
        joined = join_wrapped_name(a, b) if cont[n + 1] else None
        if joined:
            out = out if out is not lines else list(lines)
            out[i], out[j] = joined
            continue
        got = _take_name(a, b) if cont[n + 1] else None
        if got:
            name, ra, rb = got
            out = out if out is not lines else list(lines)
            if _values(rb) > _values(ra):
                out[i], out[j] = ra, _put_name(name, rb)
            else:
                out[i], out[j] = _put_name(name, ra), rb
            continue
        if n + 2 < len(idx) and "\f" not in out[idx[n + 2]]:
            k = idx[n + 2]
            got = _take_name(a, out[k])
            if got and not any(t.kind == FORCE for t in tokenize_line(b, 0)) and _values(b):
                out = out if out is not lines else list(lines)
                out[i], out[j], out[k] = got[1], _put_name(got[0], b), got[2]
    return out


_RULE = re.compile(r"[|\s:\-]+")  # a markdown table's rule line


def _values(line: str) -> int:
    return sum(t.kind in (GRADE, TREND, YEAR) for t in tokenize_line(line, 0))


def _put_name(name: str, line: str) -> str:
    """``line`` with the force name in front (in its first cell, for a markdown row)."""
    if line.lstrip().startswith("|"):
        cells = md_cells(line)
        cells[0] = f"{name} {cells[0].strip()}".rstrip()
        return "|" + "|".join(cells) + "|"
    return f"{name} {line.lstrip()}".rstrip()


def _take_name(a: str, b: str) -> tuple[str, str, str] | None:
    """(force name, line ``a`` without its start, line ``b`` without the name's end) when ``a`` (or its
    first markdown cell) starts a force name that ``b`` (or its first cell) completes; else None."""
    lead = _LEAD.match(a.lstrip(" |"))
    if lead is None or lead.group(1).lower() not in _prefix_starts() or not _continues(b.lstrip(" |")):
        return None  # (quick test first: most lines start no force name)
    ma, mb = a.lstrip().startswith("|"), b.lstrip().startswith("|")
    ca, cb = (md_cells(a) if ma else [a]), (md_cells(b) if mb else [b])
    got = split_name_start(ca[0].strip(), cb[0].strip())
    if got is None or (ma and got[1]):
        return None
    name, ra, rb = got
    if ma:
        ra = "|" + "|".join(["", *ca[1:]]) + "|"
    if mb:
        rb = "|" + "|".join([rb, *cb[1:]]) + "|"
    return name, ra, rb


_LEAD = re.compile(r"^[\s*_`#>]*(?:<[^>]*>[\s*_`]*)*([A-Za-z]+)")  # a line's first word, markup skipped


def split_name_start(a: str, b: str) -> tuple[str, str, str] | None:
    """(force name, the rest of ``a``, the rest of ``b``) when line ``a`` starts a force name that line
    ``b`` starts completing ("Devon and Requires" + "Cornwall improvement"); else None."""
    lead = _LEAD.match(a)
    if lead is None or lead.group(1).lower() not in _prefix_starts() or a.lstrip().startswith("|") \
            or not _continues(b):
        return None
    words = _clean(a).split()
    raw = a.split()
    for k in range(min(3, len(words)), 0, -1):
        if tuple(w.lower() for w in words[:k]) not in _name_prefixes():
            continue
        if _classify(" ".join(words[:k])) is not None:
            return None
        for n in range(k + 1, min(4, len(words)) + 1):
            got = _classify(" ".join(words[:n]))
            if got and got[0] == FORCE:
                return None  # the line already holds a whole name
        head = b.split()
        for m in range(1, min(3, len(head)) + 1):
            got = _classify(" ".join([*words[:k], *(_clean(w) for w in head[:m])]))
            if got and got[0] == FORCE:
                return " ".join(raw[:k] + head[:m]), " ".join(raw[k:]), " ".join(head[m:])
        return None
    return None


@lru_cache(maxsize=1)
def _prefix_starts() -> frozenset[str]:
    return frozenset(p[0] for p in _name_prefixes())


# ----------------------------------------------------------------- page header -> columns


@dataclass
class Header:
    line: int
    words: list[str] = field(default_factory=list)  # the header's words, in order
    labels: list[str] = field(default_factory=list)  # judgment / trend / last inspected, in order
    title: bool = False
    continued: bool = False
    md_rows: list[list[str]] = field(default_factory=list)  # markdown header rows, cell by cell

    def md_groups(self) -> list[str] | None:
        """Markdown headers: the text over each Judgment | second-column pair, the two cells joined
        line by line (a converter may cut a spanning header at the column edge, mid-word), as letters
        only. None when the markdown header rows do not line up with their labels row."""
        rows = [[_MARKUP.sub("", _CELL_SEP.sub("\n", c)).strip() for c in r] for r in self.md_rows]
        labs = [[" ".join(c.split()) for c in r] for r in rows]
        for i, r in enumerate(labs):  # "Last" in one header row over "inspected" in a later one
            for k, c in enumerate(r):
                above = [a for a in labs[:i] if k < len(a) and a[k].lower() == "last"]
                if c.lower() == "inspected" and above:
                    r[k] = "last inspected"
                    above[-1][k] = ""
        lab = next((r for r in labs if sum(c.lower().startswith("judg") for c in r) >= 1
                    and all(c.lower() in ("", "judgment", "judgement", "trend", "last inspected", "force")
                            for c in r)), None)
        if lab is None:
            return None
        idx = [k for k, c in enumerate(lab) if c.lower().startswith("judg")]
        texts = []
        for k in idx:
            if k + 1 >= len(lab) or lab[k + 1].lower() not in ("trend", "last inspected"):
                return None
            lines: list[str] = []
            for r, flat in zip(rows, labs):
                if flat is lab or len(r) != len(lab):
                    continue
                a = r[k].split("\n") if r[k] else []
                b = r[k + 1].split("\n") if r[k + 1] else []
                for i in range(max(len(a), len(b))):
                    lines.append((a[i] if i < len(a) else "") + (b[i] if i < len(b) else ""))
            texts.append(_letters(" ".join(lines)))
        return texts


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]+", "", text.lower())


def header_columns(h: Header, pillar: str | None, layout: dict) -> tuple[str | None, list, list[str]]:
    """(pillar, [question or None per question pair], problems) for one header.

    The pillar is the one pillar named in the header (else the table it continues). Questions are the
    layout's questions of the pillar whose words the header prints (``headers.present``), in the
    layout's published order; a header whose question texts read whole in another order, or whose
    question pairs cannot all be named, leaves its pairs as None (their values are not used)."""
    problems: list[str] = []
    text = " ".join(h.words).lower()
    named = sorted(set(re.findall(rf"\b({PILLAR})\b", text)))
    groups = h.md_groups()
    if not named and groups:
        named = sorted({p for p in model.PILLARS if p in groups[0]})
    if len(named) == 1:
        pillar = named[0]
    elif len(named) > 1:
        problems.append(f"several pillars named in one header ({', '.join(named)})")
        pillar = None
    judg = h.labels.count("judgment")
    pairs = judg - (1 if "trend" in h.labels else 0)
    if pillar is None or pairs <= 0:
        return pillar, [None] * max(pairs, 0), problems
    qs = [model.question_by_id(q) for q in layout["questions"].get(pillar, [])]
    if groups and len(groups) == pairs + 1:
        found = [next((q for q in qs if q and any(_letters(t) in g for t in model.question_texts(q.question_id))),
                      None) for g in groups[1:]]
        if all(found) and len({q.question_id for q in found}) == len(found):  # type: ignore[union-attr]
            return pillar, found, problems
        found = headers.match_letters(groups[1:], [q for q in qs if q])
        if all(found):
            return pillar, found, problems
    bag = set(re.findall(r"[a-z]+", text))
    present = headers.present(bag, [q for q in qs if q])
    flat = re.sub(r"[^a-z]+", " ", text)
    pos = {q.question_id: max(flat.find(re.sub(r"[^a-z]+", " ", t.lower()).strip())
                              for t in model.question_texts(q.question_id)) for q in present}
    if len(present) != pairs:
        problems.append(f"{pairs} question column pairs but {len(present)} of the {pillar} questions named in "
                        f"the header ({', '.join(q.question_id for q in present) or 'none'})")
        return pillar, [None] * pairs, problems
    printed = sorted(present, key=lambda q: pos[q.question_id])
    if all(p >= 0 for p in pos.values()) and printed != present:
        # the layout's order (its round's, data/rounds.toml) is the printed order; a header whose texts read in another
        # order (pdftotext's default mode moves text blocks) cannot say which pair is which question
        problems.append(f"the header's question texts read in the order {', '.join(q.question_id for q in printed)}, "
                        f"not the layout's ({', '.join(q.question_id for q in present)})")
        return pillar, [None] * pairs, problems
    return pillar, present, problems


# ----------------------------------------------------------------- rows


@dataclass
class Row:
    force: model.Force
    line: int
    toks: list[Tok] = field(default_factory=list)  # in-row tokens, in order
    floating: list[Tok] = field(default_factory=list)  # grade halves whose other half is outside the row
    md_cells: dict[int, list[Tok]] | None = None  # a markdown row with one cell per column: tokens by cell


_MAX_FITS = 256  # beyond this many ways of fitting a row, none of its values is taken as certain


def fit(kinds: list[str], items: list[tuple[str, object]], floating: int) -> list[list[int]] | None:
    """Every way of placing the row's ordered values (their kinds) into the columns, order kept, with
    ``floating`` further grades in free grade columns: per way, the column of each value, then the
    columns of the floating grades. None when there are more than _MAX_FITS ways (too many to say)."""
    n, m = len(kinds), len(items)
    ways: list[list[int]] = []

    def rec(i: int, j: int, acc: list[int]) -> None:
        if len(ways) > _MAX_FITS:
            return
        if j == m:
            free = [k for k in range(n) if k not in acc and kinds[k] == GRADE]
            if floating == 0:
                ways.append(list(acc))
            elif len(free) >= floating:
                for combo in combinations(free, floating):
                    ways.append(list(acc) + list(combo))
            return
        for k in range(i, n - (m - j) + 1):
            if kinds[k] == items[j][0]:
                rec(k + 1, j + 1, acc + [k])

    rec(0, 0, [])
    return None if len(ways) > _MAX_FITS else ways


@dataclass
class _Walk:
    """What ``StreamParser.run`` carries from one piece of text to the next."""

    pillar: str | None = None  # of the table read (a continued page without its own pillar name takes it)
    header: Header | None = None  # the column header rows being read
    table: TablePart | None = None  # the page part being read
    row: Row | None = None  # the force row being read
    pending: list[Tok] = field(default_factory=list)  # grade halves printed above the next row's force name
    recent: list[str] = field(default_factory=list)  # words of the lines since the last row (an untitled page's header)
    recent_md: list[list[str]] = field(default_factory=list)  # ... and their markdown cells
    totals_mode: bool = False  # inside the Totals block
    in_table: bool = False  # between a title and the end of its table
    tot: list[Tok] = field(default_factory=list)  # the Totals row being read (its numbers may follow on lines of their own)
    broke: bool = False  # a page break since the last title or column header rows
    over: list[int] = field(default_factory=list)  # lines of numbers after a Totals row already holding one per column
    over_n: int = 0  # ... and how many numbers they hold


class _Line:
    """One piece of text as the walk reads it: its tokens and what they are."""

    def __init__(self, i: int, ln: int, raw: str, toks: list[Tok]):
        self.i, self.ln, self.raw, self.toks = i, ln, raw, toks
        self.kinds = {t.kind for t in toks}
        self.labels = [t.value for t in toks if t.kind == LABEL]
        self.nwords = sum(t.kind == WORD for t in toks)
        self.md = raw.lstrip().startswith("|")


class StreamParser:
    def __init__(self, ex: Extraction, lines: list[str], year: str, layout: dict, start: int,
                 placer: Placer | None = None):
        self.ex = ex
        self.lines = lines
        self.year = year
        self.layout = layout
        self.start = start
        self.placer = placer if placer is not None else Placer(ex, year, layout)
        self.lines = join_wrapped_names(lines, start)
        self._printed = ""  # the current header's letters
        self.unfit = 0  # rows whose values fit no way into the columns (cells out of row order)
        self.moved = 0  # rows whose cells printed ahead of them were read back (pdftotext default mode)
        self._rows: dict[int, list[Row]] = {}  # id(page part) -> its rows, fitted when the page ends

    def flag(self, kind: str, message: str, **kw) -> None:
        self.ex.review(kind, message, **kw)

    def run(self) -> None:
        """Every piece of text from the first title on, through the stages of the walk (``_line``)."""
        w = _Walk()
        for i, ln, raw, brk in self._segments():
            self._line(w, i, ln, raw, brk)
        self._close_table(w)
        self.placer.finish()

    def _line(self, w: _Walk, i: int, ln: int, raw: str, brk: bool) -> None:
        """One piece of text: the stages in order, the first that takes it ends it."""
        self._overflow(w, raw, brk)
        if brk and w.in_table:
            self._close_table(w)  # a table page ends at a page break: the next page needs its title or header rows
            w.broke = True
        if not w.in_table and w.header is None and not _TITLE_WORDS.search(raw):
            return  # prose after the table: only a new table title matters
        text = _clean(raw)
        if not text or self._title(w, text, ln):
            return
        toks = tokenize_line(raw, ln)
        if not toks:
            return
        line = _Line(i, ln, raw, toks)
        self._untitled_header(w, line)
        if self._header_in_row(w, line) or self._in_header(w, line) or self._narrative(w, line):
            return
        if self._outside(w, line) or self._totals(w, line):
            return
        self._cells(w, line)

    # -- the stages of a line

    def _overflow(self, w: _Walk, raw: str, brk: bool) -> None:
        """Numbers after a Totals row that already holds one per judgment column: at the next other line, more
        numbers than the row has columns (and not the page number at its foot) mean the row is not used."""
        if not w.over or not (brk or (raw.strip() and not _clean(raw).replace(" ", "").isdigit())):
            return
        nxt = tokenize_line(raw, 0)
        label = bool(nxt) and nxt[0].kind in (GRADE, HEAD)  # the next row of the Totals block
        if not brk and w.tot and w.table is not None and (label or len(w.over) > 1 or w.over_n > 1):
            # which column each counts cannot be known (pdftotext's default mode moves them between rows)
            self.flag("bad_row", f"Totals row {w.tot[0].text!r} at line {w.tot[0].line} is followed by more "
                      f"numbers (line {w.over[0]}) than it has judgment columns; not used", line=w.tot[0].line,
                      pillar=w.table.pillar, found=len(w.over))
            w.tot.clear()
        w.over, w.over_n = [], 0

    def _title(self, w: _Walk, text: str, ln: int) -> bool:
        """A title line starts a table (or, "continued", its next page)."""
        m = _TITLE.match(text)
        if not m:
            return False
        w.pending.clear()  # halves above a row never carry over a title
        self._close_row(w)
        if not m.group("cont"):
            self._close_table(w)
            w.pillar = None
        w.header = Header(ln, title=True, continued=bool(m.group("cont")))
        w.in_table, w.totals_mode, w.recent, w.recent_md, w.broke = True, False, [], [], False
        return True

    def _untitled_header(self, w: _Walk, line: _Line) -> None:
        """Column header rows without a title: the table goes on over a page break (a markdown converter may
        merge them into the first row, with or without a page break)."""
        two = line.md and line.labels.count("judgment") >= 2
        if (w.header is None and w.in_table and "judgment" in line.labels
                and (line.nwords < _PROSE_WORDS or two) and (FORCE not in line.kinds or w.broke or two)):
            self._close_row(w)
            w.header = Header(line.ln, words=list(w.recent), md_rows=list(w.recent_md))
            w.broke = False

    def _header_in_row(self, w: _Walk, line: _Line) -> bool:
        """The column header row printed inside the first force row (a markdown converter merges them): its
        labels (and texts) go to the header, the rest is read as the row. True when nothing is left."""
        if w.header is None or FORCE not in line.kinds or not {"judgment", "trend", "last inspected"} & set(line.labels):
            return False
        header = w.header
        heads = [t for t in line.toks if t.kind == LABEL and t.value in ("judgment", "trend", "last inspected")]
        header.labels.extend(t.value for t in heads)  # type: ignore[misc]
        split = split_md_header(line.raw) if line.md else None
        if split:
            groups, labs, rest = split
            if any(groups):  # the header's texts too, above the labels in each cell
                header.md_rows.append(groups)
                header.words.extend(x for g in groups for x in _clean(g.replace("<br>", " ")).split())
            header.md_rows.append(labs)
            line.raw = "|" + "|".join(rest) + "|"
            line.toks = tokenize_line(line.raw, line.ln)
        elif line.md:
            header.md_rows.append([_leading_label(c) for c in md_cells(line.raw)])
        line.toks = [t for t in line.toks if t.kind != LABEL]
        line.kinds = {t.kind for t in line.toks}
        return not line.toks

    def _in_header(self, w: _Walk, line: _Line) -> bool:
        """A line while a header is open: the first force (or Totals) row opens the table with the header's
        columns; grade halves above it wait for it; anything else is more of the header."""
        header, kinds, toks = w.header, line.kinds, line.toks
        if header is None:
            return False
        if kinds == {TOTALS} and header.labels:
            w.totals_mode = True  # a page holding only (the rest of) the Totals block, its label first
            return True
        starts_total = toks[0].kind in (GRADE, HEAD) and FORCE not in kinds and (NUMBER in kinds or w.totals_mode)
        if (FORCE in kinds or starts_total) and header.labels:
            self._open_table(w, header)
            w.totals_mode = w.totals_mode and starts_total
            return False
        if kinds <= {HEAD} and header.labels:
            w.pending.extend(toks)
            return True
        if header.labels and kinds & {GRADE, TREND, YEAR}:
            for t in toks:  # below the column header, above the first force: whose value is it?
                if t.kind in (GRADE, TREND, YEAR):
                    self.flag("unexpected_value", f"{t.text!r} at line {t.line} comes before the first force row "
                              f"of its table; its row cannot be known, not used", line=t.line, pillar=w.pillar,
                              found=t.text)
            return True
        self._more_header(header, line)
        return True

    def _open_table(self, w: _Walk, header: Header) -> None:
        cols = self._open(header, w.pillar)
        self._close_table(w)
        if cols[0] is not None:
            w.table = TablePart(cols[0], line=header.line)
            self._parts(w.table, cols)
            w.pillar = cols[0]
        else:
            self.flag("layout", f"the table header at line {header.line} names no pillar (and the page continues "
                      f"none); its rows are not used", line=header.line)
        w.header, w.recent, w.recent_md = None, [], []

    @staticmethod
    def _more_header(header: Header, line: _Line) -> None:
        """A line of the header: its markdown cells, its labels and its words."""
        raw = line.raw
        split = split_md_header(raw) if line.md else None
        if split and any(split[0]):  # texts and labels in one cell: two header rows
            header.md_rows += [split[0], split[1]]
        elif line.md and not re.fullmatch(r"[|\s:\-]+", raw.strip()):
            header.md_rows.append(md_cells(raw))
        for t in line.toks:
            if t.kind == LABEL and t.value in ("judgment", "trend", "last inspected"):
                header.labels.append(t.value)  # type: ignore[arg-type]
            elif t.kind == LABEL and t.value == "last":
                header.labels.append("last inspected")
            header.words.append(t.text)

    def _narrative(self, w: _Walk, line: _Line) -> bool:
        """Words outside the vocabularies (maybe the header of a page without a title), prose (it ends the row,
        and a long run of it the table) and a list of force names without values (narrative)."""
        kinds, toks = line.kinds, line.toks
        if not kinds & {FORCE, GRADE, TREND, YEAR, NUMBER, HEAD, TAIL}:
            w.recent.extend(t.text for t in toks)  # may be the header of a page without a title
            if line.raw.lstrip().startswith("|"):
                w.recent_md.append(md_cells(line.raw))
        if line.nwords >= _PROSE_WORDS:
            # prose, a running header or footer: ends the current row; a long run of prose ends the table
            self._close_row(w)
            if w.in_table and self._prose_run(line.i):
                self._close_table(w)
                w.in_table = False
            return True
        if FORCE in kinds and not kinds & {GRADE, TREND, YEAR, HEAD, TAIL, NUMBER} \
                and sum(t.kind == FORCE for t in toks) > 1:
            self._close_row(w)  # a list of force names without values is narrative, not table rows
            return True
        return False

    def _outside(self, w: _Walk, line: _Line) -> bool:
        """No table open: a force row after a page break without the title or header rows is not used."""
        if w.in_table and w.table is not None:
            return False
        kinds = line.kinds
        if w.in_table and w.broke and FORCE in kinds and kinds & {GRADE, TREND, YEAR}:
            self.flag("layout", f"force row at line {line.ln} on a page without the table's title or column header "
                      f"rows after a page break; its values are not used", line=line.ln, pillar=w.pillar,
                      found=next(t.text for t in line.toks if t.kind == FORCE))
        return True

    def _totals(self, w: _Walk, line: _Line) -> bool:
        """The Totals block: its label, its rows (a grade and its numbers, which may follow on lines of their
        own), the page number at its foot; a force row after it ends the table."""
        table, kinds = w.table, line.kinds
        assert table is not None
        if TOTALS in kinds and FORCE not in kinds:
            self._close_row(w)
            w.totals_mode = True
            line.toks = [t for t in line.toks if t.kind != TOTALS]
            if not line.toks:
                return True
        toks = line.toks
        if w.totals_mode and toks[0].kind in (GRADE, HEAD) and FORCE not in kinds:
            self._close_row(w)
            w.tot.extend(toks)
            return True
        if w.tot and kinds <= {NUMBER, TAIL} and self._total_number(w, line):
            return True
        if FORCE in kinds and (w.totals_mode or w.tot or table.totals):
            # the Totals block ends a table: a force name after it is narrative (or another table)
            self._close_row(w)
            if kinds & {GRADE, TREND, YEAR}:
                self.flag("unexpected_value", f"a force row at line {line.ln} follows the Totals block of the "
                          f"{table.pillar} table without a title or column header rows of its own; not used",
                          line=line.ln, pillar=table.pillar, found=next(t.text for t in toks if t.kind == FORCE))
            self._close_table(w)
            w.in_table = False
            return True
        return False

    def _total_number(self, w: _Walk, line: _Line) -> bool:
        """A line of numbers (or a label's second half) under a Totals row: the page number at the page's foot,
        the row's numbers, or more numbers than it has columns (``_overflow`` decides at the next line)."""
        toks, kinds, tot = line.toks, line.kinds, w.tot
        if kinds == {NUMBER} and len(toks) == 1 and self._page_foot(line.i, line.raw):
            return True  # the page number at the foot of the page, not a count
        if sum(t.kind == NUMBER for t in tot) < sum(p.kind == GRADE for p in w.table.parts) or (  # type: ignore[union-attr]
                kinds == {TAIL} and len(toks) == 1 and tot[0].kind == HEAD and not any(t.kind == TAIL for t in tot)):
            tot.extend(toks)  # its numbers, or the second half of its label under them
            return True
        if kinds == {NUMBER}:
            # the page number (one number, then a page break or anything but the next Totals row); else the row
            # has more numbers than columns
            w.over.append(line.ln)
            w.over_n += len(toks)
            return True
        return False

    def _cells(self, w: _Walk, line: _Line) -> None:
        """A line of rows: a force name opens a row, each value goes to the row open (grade halves above a
        force's line wait for it)."""
        table = w.table
        assert table is not None
        ncells = len(md_cells(line.raw)) if line.toks[0].cell is not None else 0
        for t in line.toks:
            if t.kind == FORCE:
                self._close_row(w)
                w.totals_mode, w.recent, w.recent_md = False, [], []
                w.row = Row(t.value, t.line)  # type: ignore[arg-type]
                w.row.floating.extend(w.pending)
                w.pending.clear()
                if t.cell == 0 and ncells == len(table.parts) + 1:
                    w.row.md_cells = {}
            elif t.kind in (GRADE, TREND, YEAR, HEAD, TAIL):
                self._value(w, table, line.i, t)

    def _value(self, w: _Walk, table: TablePart, i: int, t: Tok) -> None:
        row = w.row
        if row is None and t.kind not in (HEAD, TAIL):
            if not (self._rows.get(id(table)) or table.totals or w.totals_mode):  # above the first row
                self.flag("unexpected_value", f"{t.text!r} at line {t.line} comes before the first force row of the "
                          f"{table.pillar} table; its row cannot be known, not used", line=t.line,
                          pillar=table.pillar, found=t.text)
            return  # after a Totals block or prose: words of the text, not of the table
        if row is None and t.kind == TAIL:
            self.flag("unexpected_value", f"{t.text!r} at line {t.line} is the second half of a grade wrapped over "
                      f"two lines, but no row is open; not used", line=t.line, pillar=table.pillar, found=t.text)
            return
        if row is None or (t.kind == HEAD and t.line != row.line and self._precedes_force(i)):
            w.pending.append(t)
            return
        if row.md_cells is not None and t.line == row.line:
            row.md_cells.setdefault(t.cell or 0, []).append(t)
        else:
            row.toks.append(t)

    def _close_row(self, w: _Walk) -> None:
        """The row (and the Totals row) being read is complete."""
        if w.tot and w.table is not None:
            self._total(w.table, list(w.tot))
        w.tot.clear()
        if w.row is not None and w.table is not None:
            self._rows.setdefault(id(w.table), []).append(w.row)  # fitted to the columns with the page's others
        w.row = None

    def _close_table(self, w: _Walk) -> None:
        self._close_row(w)
        if w.table is not None:
            self._finish(w.table)
        w.table = None

    def _segments(self):
        """(index, line number, text, whether a page break comes just before it) from the table on, the
        wrapped force names joined (``join_wrapped_names``); a form feed (page break) inside a line
        splits it in pieces with the same line number."""
        for i in range(self.start, len(self.lines)):
            raw = self.lines[i]
            if "\f" in raw:
                for k, seg in enumerate(raw.split("\f")):
                    yield i, i + 1, seg, k > 0
            elif "<br" in raw and raw.lstrip().startswith("|"):
                for seg in split_md_rows(raw) or [raw]:
                    yield i, i + 1, seg, False
            else:
                yield i, i + 1, raw, False

    def _page_foot(self, i: int, raw: str) -> bool:
        """Whether piece ``raw`` of line ``i`` is the last text before a page break (form feed)."""
        line = self.lines[i]
        if "\f" in line:
            return line.split("\f")[-2].strip() == raw.strip() if raw.strip() else False
        for nxt in self.lines[i + 1:i + 4]:
            if nxt.strip(" \t"):
                return nxt.lstrip(" \t").startswith("\f")
        return False

    def _prose_run(self, i: int) -> bool:
        """True when the next few non-empty lines are prose too (the table is over), unless the column
        header rows of a page without a title follow them (question headers wrapped over many lines
        read like prose, their last fragments like short lines of words)."""
        seen = 0
        for raw in self.lines[i + 1:i + _AHEAD]:
            t = _clean(raw)
            if not t:
                continue
            toks = tokenize_line(raw, 0)
            if _TITLE.match(t) or all(x.kind == LABEL for x in toks) or (
                    any(x.kind == LABEL and x.value == "judgment" for x in toks)
                    and sum(x.kind == WORD for x in toks) < _PROSE_WORDS):
                return False  # a title, or column header rows: the table goes on
            if sum(x.kind == WORD for x in toks) >= _PROSE_WORDS or all(x.kind in (WORD, NUMBER) for x in toks):
                seen += 1  # prose, a fragment of a wrapped header, a page number
                if seen >= _HEADER_LINES:
                    return True
                continue
            return seen >= _PROSE_LINES  # values: a table row goes on, unless after a run of prose
        return True

    def _precedes_force(self, i: int) -> bool:
        """A line of grade halves that sits just above a force's line (pdfplumber's two-line cells)."""
        toks = tokenize_line(self.lines[i], 0)
        if any(t.kind not in (HEAD,) for t in toks):
            return False
        for raw in self.lines[i + 1:i + 3]:
            nt = tokenize_line(raw, 0)
            if nt:
                return any(t.kind == FORCE for t in nt)
        return False

    def _open(self, h: Header, pillar: str | None) -> tuple[str | None, list]:
        p, qs, problems = header_columns(h, None if h.title and not h.continued else pillar, self.layout)
        for msg in problems:
            self.flag("layout", f"table header at line {h.line}: {msg}; those columns not used", line=h.line,
                      pillar=p)
        self._printed = _letters(" ".join(h.words)) + "".join(h.md_groups() or [])
        return p, qs

    def _wording(self, q: model.Question) -> str:
        """The question's wording that the header prints (one of its wordings over the years)."""
        return next((t for t in model.question_texts(q.question_id) if _letters(t) in self._printed), q.text)

    def _parts(self, t: TablePart, cols: tuple[str | None, list]) -> None:
        p, qs = cols
        t.parts += [Part("pillar", GRADE, f"{p} judgment", [], True, None, "", line=t.line),
                    Part("pillar", TREND, f"{p} trend", [], True, None, "", line=t.line)]
        for k, q in enumerate(qs):
            key = q.question_id if q else f"unnamed question {k + 1}"
            text = self._wording(q) if q else ""
            t.parts += [Part(key, GRADE, f"{key} judgment", [], True, q, text, line=t.line, broken=q is None),
                        Part(key, YEAR, f"{key} last inspected", [], True, q, text, line=t.line, broken=q is None)]

    def _add_row(self, t: TablePart, row: Row, given: list | None = None) -> None:
        """Fit one row's values to the page's columns (``given``: its values as read back by ``_unmove``)."""
        kinds = [p.kind for p in t.parts]
        if row.md_cells is not None and not row.toks and not row.floating:
            self._md_row(t, row)
            return
        if row.md_cells:
            row.toks = [x for k in sorted(row.md_cells) for x in row.md_cells[k]] + row.toks
        items, floating = (given, 0) if given is not None else self._items(row)
        if items is None:
            self.flag("unexpected_value", f"{row.force.name}: the halves of grades wrapped over two lines ('Requires', "
                      f"'improvement') in the row at line {row.line} do not pair up; the row is not used",
                      line=row.line, pillar=t.pillar, found=row.force.name)
            self._blank_row(t, row)
            return
        ways = fit(kinds, [(k, v) for k, v, *_ in items], floating)
        cells: list[Cell | None] = [None] * len(kinds)
        if ways is not None and len(ways) == 1:
            w = ways[0]
            for j, slot in enumerate(w[:len(items)]):
                cells[slot] = Cell(items[j][1], items[j][2])  # type: ignore[arg-type]
            for slot in w[len(items):]:
                cells[slot] = Cell("Requires improvement", row.line)
        elif ways is not None and not ways:
            self.unfit += 1
            self.flag("unexpected_value", f"{row.force.name}: the values in the row at line {row.line} "
                      f"({', '.join(str(v) for _, v, *_ in items)}) do not fit the columns "
                      f"({' | '.join(kinds)}); the row is not used", line=row.line, pillar=t.pillar,
                      found="; ".join(str(v) for _, v, *_ in items))
            self._blank_row(t, row)
            return
        else:
            # several fits: keep the values whose column is the same in every fit (none when too many)
            for j in range(len(items)) if ways else ():
                slots = {w[j] for w in ways}
                if len(slots) == 1:
                    cells[slots.pop()] = Cell(items[j][1], items[j][2])  # type: ignore[arg-type]
            unsure = [t.parts[k].label for k in range(len(kinds)) if cells[k] is None]
            self.flag("unexpected_value", f"{row.force.name}: {len(items) + floating} values for {len(kinds)} "
                      f"columns in the row at line {row.line}, and which columns are blank cannot be known from "
                      f"this text; not used for this row: {', '.join(unsure)}", line=row.line, pillar=t.pillar,
                      expected=len(kinds), found=len(items) + floating)
        t.forces.append((row.force, row.line, None))
        for k, p in enumerate(t.parts):
            p.cells.append(cells[k] or Cell(None, row.line))

    @staticmethod
    def _items(row: Row) -> tuple[list[tuple[str, object, int, bool]] | None, int]:
        """The row's values in order, as (kind, value, line, wrapped), and how many wrapped grades have no known
        place. Halves printed next to each other join; a half on a line of values has its place; a half
        on a line of nothing but halves (above or below the row) floats."""
        toks: list[Tok] = []
        for x in row.toks:
            if x.kind == TAIL and toks and toks[-1].kind == HEAD:
                toks[-1] = Tok(GRADE, "Requires improvement", f"{toks[-1].text} {x.text}", toks[-1].line,
                               wrapped=x.line != toks[-1].line)
            else:
                toks.append(x)
        lines: dict[int, set[str]] = {}
        for x in toks:
            lines.setdefault(x.line, set()).add(x.kind)
        only_halves = {ln for ln, ks in lines.items() if ks <= {HEAD, TAIL} and ln != row.line}
        items: list[tuple[str, object, int, bool]] = []
        fh = sum(x.kind == HEAD for x in row.floating)
        ft = sum(x.kind == TAIL for x in row.floating)
        h = t = 0
        for x in toks:
            if x.kind in (HEAD, TAIL):
                if x.line in only_halves:
                    fh, ft = fh + (x.kind == HEAD), ft + (x.kind == TAIL)
                    continue
                h, t = h + (x.kind == HEAD), t + (x.kind == TAIL)
                items.append((GRADE, "Requires improvement", x.line, True))
            else:
                items.append((x.kind, x.value, x.line, x.wrapped))
        if fh - t != ft - h or fh - t < 0:
            return None, 0
        return items, fh - t

    def _md_row(self, t: TablePart, row: Row) -> None:
        """A markdown row with one cell per column: each cell read in its own column, blanks kept."""
        t.forces.append((row.force, row.line, None))
        for k, p in enumerate(t.parts):
            toks = (row.md_cells or {}).get(k + 1, [])
            vals = [x for x in toks if x.kind in _VALUE_KINDS]
            if len(toks) == 2 and [x.kind for x in toks] == [HEAD, TAIL]:
                vals = [Tok(GRADE, "Requires improvement", toks[0].text, toks[0].line)]
            v = vals[0].value if len(vals) == 1 and len(toks) == 1 or vals and toks[0].kind == HEAD else None
            if v is not None and vals[0].kind != p.kind:
                v = None
            if toks and v is None:
                self.flag("unexpected_value", f"{' '.join(x.text for x in toks)!r} in the '{p.label}' column for "
                          f"{row.force.name} (line {row.line}) is not a {p.kind}; cell not used", line=row.line,
                          pillar=t.pillar, expected=p.kind, found=" ".join(x.text for x in toks))
            p.cells.append(Cell(v, row.line))  # type: ignore[arg-type]

    def _blank_row(self, t: TablePart, row: Row) -> None:
        t.forces.append((row.force, row.line, None))
        for p in t.parts:
            p.cells.append(Cell(None, row.line))

    def _total(self, t: TablePart, toks: list[Tok]) -> None:
        label = toks[0].value if toks[0].kind == GRADE else "Requires improvement"
        rest = [x for x in toks[1:] if x.kind != TAIL]
        nums = [x.value for x in rest if x.kind == NUMBER]
        judg = [p.key for p in t.parts if p.kind == GRADE]
        ln = toks[0].line
        if len(nums) != len(rest) or not nums or len(nums) not in (1, len(judg)):
            self.flag("bad_row", f"Totals row {label!r} at line {ln} has {len(nums)} numbers for {len(judg)} "
                      f"judgment columns; which column each counts cannot be known; not used", line=ln,
                      pillar=t.pillar, expected=len(judg), found=len(nums))
            return
        t.totals.append(Total(label, list(zip(judg, nums)), ln))  # type: ignore[arg-type]

    def _unmove(self, t: TablePart, rows: list[Row]) -> list[list] | None:
        """The page's rows read back when pdftotext (default mode) printed the cells right of a wrapped
        cell ahead of their row, after the row above's own values: row k prints its first n - m(k)
        values, then the last m(k+1) values of row k+1. The counts fix every m(k) in turn from m(1) = 0
        (nothing printed above the first row); the result is used only when the last row moves nothing
        further, every row then holds exactly the columns' kinds in order, and every row that lost cells
        ends its own part with a wrapped grade. None when no row moved or any check fails."""
        kinds = [p.kind for p in t.parts]
        n = len(kinds)
        printed = []
        for row in rows:
            if row.md_cells is not None or row.floating:
                return None
            items, floating = self._items(row)
            if items is None or floating:
                return None
            printed.append(items)
        if not printed or all(len(p) == n for p in printed):
            return None
        moved = [0]
        for p in printed:
            head = n - moved[-1]
            if not 0 <= head <= len(p) or len(p) - head > n:
                return None
            moved.append(len(p) - head)
        if moved[-1]:
            return None
        out = []
        for k, p in enumerate(printed):
            head = p[:n - moved[k]]
            vals = head + (printed[k - 1][len(printed[k - 1]) - moved[k]:] if moved[k] else [])
            if [v[0] for v in vals] != kinds or (moved[k] and not (head and head[-1][3])):
                return None
            out.append(vals)
        return out

    def _finish(self, t: TablePart) -> None:
        rows = self._rows.pop(id(t), [])
        back = self._unmove(t, rows)
        if back is not None:
            self.moved += sum(1 for r, vals in zip(rows, back) if any(v[2] < r.line for v in vals))
        for k, row in enumerate(rows):
            self._add_row(t, row, back[k] if back is not None else None)
        if t.forces or t.totals:
            self.placer.place(t)
        else:
            self.flag("layout", f"no force rows found in the {t.pillar} table at line {t.line}; nothing placed",
                      line=t.line, pillar=t.pillar)


def read_rows(ex: Extraction, lines: list[str], year: str, layout: dict, start: int, placer) -> dict:
    """The rows front-end as a reader for ``choose``: page parts to ``placer``, findings to ``ex``."""
    sp = StreamParser(ex, lines, year, layout, start, placer)
    sp.run()
    return {"unfit_rows": sp.unfit, "moved_rows": sp.moved}
