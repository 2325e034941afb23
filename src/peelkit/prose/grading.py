"""Items placed on grades, and the document checking itself: the ONE back-end of every list reader.

A grade-grouped list (a grade heading, then what was graded so), a "by exception" statement ("Kent
was graded outstanding; ...; all other forces were graded good") and a force report's "Our
judgments" summary (a grid with the grades as column headings, or one area per row) all say the
same thing: *this item, as printed, has this grade*. Front-ends (``readers.grade_list``, ``readers.area_report``)
turn their source into ``Claim`` objects and the counts the document prints (``Count``), and one
``Grader`` applies the same rules to all of them, whether the items are forces or areas:

* an item that is not one of the round's forces or areas (data/forces.csv, data/rounds.toml) is a
  finding (``bad_row`` for a force, ``unknown_area``); it gives no row;
* a grade that is not on the round's scale (Adequate in a four-tier round) is ``off_scale``; the item
  keeps an empty grade;
* an item named twice is ``duplicate_force`` / ``duplicate_area``: with two different grades it keeps
  an empty grade; named twice with the same grade, that grade is certain and kept;
* every count the document prints is checked: per grade beside a list or in a sentence (for pillar
  lists a complete set also becomes ``printed_totals`` rows, which ``checks`` compares like any table's
  totals), and "graded judgments in nine of these ten areas" (``missing_area`` when fewer are listed).
  In a grade-grouped list an item's grade is decided by the heading above it, so one line lost or
  moved across a heading moves items between groups: once any printed count disagrees
  (``count_mismatch``) no listed item gets a grade, and a list printed without any count is placed
  only when it is complete (and, nationally, as published). Items placed by position (a grid's
  columns, rows in step) or named in a sentence ("six forces require improvement (A, B, ...)") keep
  theirs;
* the rest of a "by exception" statement is placed only when every exception is named, the counts
  beside them agree and the round's force list makes the rest certain;
* a complete national list is compared with the round's published distribution (rounds.toml).

Nothing is moved, padded or guessed: an item is placed from its own claim or not at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .. import model, vocab
from ..schema import Extraction, Where  # noqa: F401 - Where: the readers' provenance, re-exported

# a name as printed: capitalised words ("Avon & Somerset", "City of London", "The Met"), case kept even
# though the wordings are matched case-insensitively
ITEM_WORDS = r"(?-i:[A-Z])[\w&'’-]*(?: (?:and |& |of |the )?(?-i:[A-Z])[\w&'’-]*){0,5}"
FORCE_WORDS = r"(?-i:[A-Z])[\w&'’-]*(?: (?:and |& |of |the )?(?-i:[A-Z])[\w&'’-]*){0,4}? (?:Police|Constabulary)(?: Service)?"


def wording() -> dict:
    """The ``[wording]`` table of data/rounds.toml: the sentences and headings the readers look for."""
    return model.wordings()


@lru_cache(maxsize=None)
def pattern(name: str, index: int | None = None) -> re.Pattern:
    """A wording of rounds.toml compiled (case-insensitive), its {GRADE}/{NUM}/{ROUND}/{PILLAR} (``vocab.fill``)
    and {ITEM}/{FORCE} filled in."""
    raw = wording()[name]
    if index is not None:
        raw = raw[index]
    return re.compile(vocab.fill(raw).replace("{ITEM}", ITEM_WORDS).replace("{FORCE}", FORCE_WORDS), re.I)


def patterns(name: str) -> list[re.Pattern]:
    raw = wording()[name]
    return [pattern(name, i) for i in range(len(raw))] if isinstance(raw, list) else [pattern(name)]


# ------------------------------------------------------------------ provenance


# ------------------------------------------------------------------ what front-ends hand over


@dataclass
class Claim:
    """One item as printed with the grade the document gives it."""

    text: str  # the item as printed (whitespace normalised)
    grade: str | None  # canonical grade or Ungraded; None when the grade itself was unreadable (flagged)
    where: Where
    how: str = "listed"  # listed (under a heading, by order) | placed (by position: grid column, row) |
    #                     named (a sentence names it) | rest (by exception)
    item_id: str | None = None  # filled by the Grader
    first: int | None = None  # index of the first and last fragment the item was read from (split_items)
    last: int | None = None


@dataclass
class Count:
    """A count the document prints: of one grade ("Good (35)", "35 good"), or of all graded items
    (``grade`` None: "We make graded judgments in nine of these ten")."""

    n: int
    where: Where
    grade: str | None = None
    kind: str = "table"  # table (beside a heading) | sentence
    of: int | None = None  # "... of these ten": the items assessed


@dataclass
class Rest:
    """ "All other forces were graded good" (or "the remaining 35 forces ...")."""

    grade: str
    where: Where
    n: int | None = None
    why_not: str | None = None  # the front-end's reason the statement is not whole (a clause it cannot read)


@dataclass
class Universe:
    """What the items of a list can be: the round's forces or its areas."""

    kind: str  # force | area
    order: list[str]  # ids in published order
    names: dict[str, str]
    resolve: Callable[[str], str | None]
    expected: list[str]  # ids a complete list holds (graded in the round)
    ungraded: frozenset[str] = frozenset()  # assessed but never graded in the round
    optional: tuple[str, ...] = ()  # graded for some forces only (a complete list may lack them)

    def rank(self, item_id: str) -> int:
        return self.order.index(item_id) if item_id in self.order else len(self.order)


_FORCE_SUFFIX_RE = re.compile(r"(?<!\s)\s+(?:police|constabulary)(?:\s+service)?$", re.I)
_FORCE_WORD_RE = re.compile(r"\b(?:police|constabulary|service)\b", re.I)


def list_force(text: str) -> model.Force | None:
    """The force a list item names: like ``model.find_force`` but strict about what a list cuts, so that
    "Police, Northamptonshire" (the end of "Met Police" and the next item) is no force: no comma or
    semicolon, and "Police" / "Constabulary" only as the name's last word."""
    t = model.clean_space(text)
    if re.search(r"[,;]", t):
        return None
    if _FORCE_WORD_RE.search(_FORCE_SUFFIX_RE.sub("", t)):
        f = model.find_force(t)  # only an alias that holds the word ("Metropolitan Police Service")
        return f if f and t.lower() in (n.lower() for n in (f.name, *f.aliases)) else None
    return model.find_force(t)


def force_universe(rnd: model.Round) -> Universe:
    fs = model.forces()

    def resolve(text: str) -> str | None:
        f = list_force(text)
        return f.force_id if f else None

    return Universe("force", [f.force_id for f in fs], {f.force_id: f.name for f in fs}, resolve,
                    [f.force_id for f in fs])


def area_universe(rnd: model.Round) -> Universe:
    seen: dict[str, str | None] = {}  # a list's pieces are looked up many times while it is cut

    def resolve(text: str) -> str | None:
        if text not in seen:
            a = rnd.area(text)
            seen[text] = a.area_id if a else None
        return seen[text]

    return Universe("area", [a.area_id for a in rnd.areas], {a.area_id: a.name for a in rnd.areas}, resolve,
                    [a.area_id for a in rnd.areas if a.graded and a.area_id not in rnd.optional], frozenset(rnd.ungraded),
                    tuple(a for a in rnd.optional if a in {x.area_id for x in rnd.areas}))


@dataclass
class Subject:
    """What one list grades, and the rows it gives: a pillar of every force (national list), or the
    areas of one force (a force report's summary, a news copy of it)."""

    rnd: model.Round
    table: str  # pillars | areas
    pillar: str | None = None
    force: model.Force | None = None  # the force whose areas are listed
    report_year: str | None = None

    @property
    def label(self) -> str:
        if self.table == "pillars":
            return f"{self.rnd.label} {self.pillar}"
        return f"{self.rnd.label} areas of {self.force.name if self.force else 'the force'}"

    def tags(self, item_id: str | None = None) -> dict:
        return {"pillar": self.pillar, "area_id": item_id if self.table == "areas" else None}

    def row(self, item_id: str, universe: Universe, claim: Claim, grade: str | None, source_file: str) -> dict:
        base = {"year": self.rnd.year, "round": self.rnd.round_id, "scale": self.rnd.scale, "grade": grade,
                "report_year": self.report_year, "source_file": source_file, **claim.where.cols()}
        if self.table == "pillars":
            f = model.force_by_id(item_id)
            return {**base, "force": f.name, "force_id": f.force_id, "pillar": self.pillar, "trend": None,
                    "previous_grade": None}
        assert self.force is not None
        return {**base, "force": self.force.name, "force_id": self.force.force_id, "area_id": item_id,
                "area": claim.text if claim.how != "rest" else universe.names[item_id]}


# ------------------------------------------------------------------ splitting printed lists into items

# separators between items of a printed list: commas, semicolons, "and", "&", line breaks. An item's
# own name may hold any of them ("Building, supporting and protecting the workforce", "Avon & Somerset"):
# the vocabulary decides where items end.
# (Linear time: a match starts only where a run of spaces starts, and the spaces before a separator are
# taken once, by the first \s*.)
_SEP_RE = re.compile(r"(?<!\s)\s*(?:[,;]\s*(?:and\b|&)?|(?:^|(?<=\s))and(?:\s+|$)|&\s*)\s*", re.I)
_BULLET_RE = re.compile(r"^\s*(?:[•●▪◦∙·*\-–]|\d{1,2}[.)]|\(cid:\d+\))\s+")
MAX_ATOMS = 12  # the most separator-delimited pieces one item's name is made of
MAX_ITEM_CHARS = 200  # longer than any force's or area's name as printed: never looked up (linear time)


@dataclass
class Fragment:
    """A piece of a printed list, as printed, with where it was read."""

    text: str
    where: Where


@dataclass
class Split:
    """A printed list cut into its items, or why it cannot be cut with certainty."""

    items: list[Claim] = field(default_factory=list)  # grade None here; the caller sets it
    ambiguous: str | None = None  # why the list cannot be split with certainty


def split_items(fragments: Iterable[Fragment], resolve: Callable[[str], str | None]) -> Split:
    """The items of a printed list (one per line, comma-separated with "and", names wrapped over lines),
    cut where the vocabulary says items end. A list that can be cut into known items in exactly one way
    gives those items; one with unknown pieces gives the known items and each unknown run as an item of
    its own (resolved later to nothing: a finding); one that can be cut in two ways is ambiguous."""
    atoms = _Atoms(fragments)
    if not atoms.pieces:
        return Split()
    known, best = _cuts(atoms, resolve)
    if best[0][1] > 1:
        shown = "; ".join(a[0] for a in atoms.pieces)
        return Split(ambiguous=f"the list '{shown[:160]}' can be cut into items in more than one way")
    return _items(atoms, known, best)


class _Atoms:
    """A list's fragments cut at every separator (",", "and", a line break): the pieces, each with where it was
    printed and its fragment's index, and the separators between them."""

    def __init__(self, fragments: Iterable[Fragment]):
        self.pieces: list[tuple[str, Where, int]] = []
        self.seps: list[str] = []  # seps[k] joins pieces[k] and pieces[k + 1]
        self._pending: str | None = None  # the separator before the next piece (None: a line break, "\n")
        for k, frag in enumerate(fragments):
            text = _BULLET_RE.sub("", model.clean_space(frag.text)).strip().rstrip(".").strip()
            if not text:
                continue
            pos = 0
            for m in _SEP_RE.finditer(text):
                self._add(text[pos:m.start()].strip(), frag.where, k)
                self._pending = m.group(0)
                pos = m.end()
            self._add(text[pos:].strip(), frag.where, k)
        # the text between two pieces when they are one item's: ", " after a comma, " and " ...
        self.joins = [" " if not sep else f"{sep} " if sep[0] in ",;" else f" {sep} "
                      for sep in map(model.clean_space, self.seps)]

    def _add(self, piece: str, where: Where, k: int) -> None:
        if not piece:
            return
        if self.pieces:
            self.seps.append(self._pending or "\n")
        self.pieces.append((piece, where, k))
        self._pending = None

    def text(self, i: int, j: int) -> str:
        """Pieces i to j (inclusive) as one item's text."""
        return model.clean_space(self.pieces[i][0] + "".join(self.joins[k] + self.pieces[k + 1][0]
                                                             for k in range(i, j)))


Cut = tuple[int, int, "tuple[int, bool] | None"]  # (unknown pieces, optimal ways (capped at 2), first choice)


def _cuts(atoms: _Atoms, resolve: Callable[[str], str | None]) -> tuple[dict[tuple[int, int], str], list[Cut]]:
    """The runs of pieces that are known items, and for every piece the best way to cut the list from it on
    (fewest unknown pieces, and whether that way is the only one)."""
    n = len(atoms.pieces)
    pieces, joins = atoms.pieces, atoms.joins
    resolve = lru_cache(maxsize=4096)(resolve)  # a list that repeats itself is looked up once per piece
    known: dict[tuple[int, int], str] = {}
    for i in range(n):
        raw = pieces[i][0]
        for j in range(i, min(n, i + MAX_ATOMS)):
            if j > i:
                raw += joins[j - 1] + pieces[j][0]
            if len(raw) > MAX_ITEM_CHARS:
                break
            t = model.clean_space(raw)
            if resolve(t) is not None:
                known[(i, j)] = t
    best: list[Cut] = [(0, 1, None)] * (n + 1)
    for i in range(n - 1, -1, -1):
        options: list[tuple[int, int, tuple[int, bool]]] = []
        for j in range(i, min(n, i + MAX_ATOMS)):
            if (i, j) in known:
                cost, ways, _ = best[j + 1]
                options.append((cost, ways, (j, True)))
        cost, ways, _ = best[i + 1]
        options.append((cost + 1, ways, (i, False)))  # piece i unknown
        low = min(o[0] for o in options)
        top = [o for o in options if o[0] == low]
        best[i] = (low, min(2, sum(o[1] for o in top)), top[0][2])
    return known, best


def _items(atoms: _Atoms, known: dict[tuple[int, int], str], best: list[Cut]) -> Split:
    """The items of the one best cut: known runs, and each run of unknown pieces (a name wrapped over lines)."""
    out = Split()
    pieces = atoms.pieces
    unknown: list[int] = []

    def flush() -> None:
        if unknown:
            out.items.append(Claim(atoms.text(unknown[0], unknown[-1]), None, pieces[unknown[0]][1],
                                   first=pieces[unknown[0]][2], last=pieces[unknown[-1]][2]))
            unknown.clear()

    i = 0
    while i < len(pieces):
        step = best[i][2]
        assert step is not None
        j, ok = step
        if ok:
            flush()
            out.items.append(Claim(known[(i, j)], None, pieces[i][1], first=pieces[i][2], last=pieces[j][2]))
            i = j + 1
        else:
            unknown.append(i)  # a run of unknown pieces (a name wrapped over lines) is one item
            i += 1
    flush()
    return out


# ------------------------------------------------------------------ the back-end


@dataclass
class Placed:
    """An item of a list with the claim it was placed from and its grade (None: left empty)."""

    item_id: str
    claim: Claim
    grade: str | None


class Grader:
    """Places the claims of one list onto its items, checking them against the document and the round."""

    def __init__(self, ex: Extraction, subject: Subject, universe: Universe):
        self.ex = ex
        self.subject = subject
        self.universe = universe
        self.rnd = subject.rnd
        self.placed: dict[str, Placed] = {}

    def flag(self, kind: str, message: str, where: Where, item_id: str | None = None, **kw) -> None:
        self.ex.review(kind, message, line=where.line, page=where.page, **self.subject.tags(item_id), **kw)

    def place(self, claims: list[Claim], counts: Iterable[Count] = (), rest: Rest | None = None,
              totals: bool = False, first: Where | None = None) -> dict[str, Placed]:
        """Check and place; ``totals``: per-grade counts become printed_totals rows (pillar lists), checked
        by ``checks`` with every other printed total; otherwise they are checked here."""
        counts = list(counts)
        here = first or (claims[0].where if claims else rest.where if rest else Where())
        unknown = duplicates = off_scale = 0
        for c in claims:
            c.item_id = self.universe.resolve(c.text)
            if c.item_id is None:
                unknown += 1
                if self.universe.kind == "force":
                    self.flag("bad_row", f"{c.text!r} is not one of the 43 forces (data/forces.csv); not used",
                              c.where, found=c.text)
                else:
                    self.flag("unknown_area", f"{c.text!r} is not one of the areas {self.rnd.label} graded "
                              f"(data/rounds.toml); not used", c.where, found=c.text)
        by_id: dict[str, list[Claim]] = {}
        for c in claims:
            if c.item_id is not None:
                by_id.setdefault(c.item_id, []).append(c)
        for item_id, cs in by_id.items():
            grade = self._grade(item_id, cs[0])
            if cs[0].grade is not None and grade is None:
                off_scale += 1
            if len(cs) > 1:
                duplicates += 1
                grades = {c.grade for c in cs}
                kind = "duplicate_force" if self.universe.kind == "force" else "duplicate_area"
                listed = ", ".join(f"{c.grade or 'unreadable'} at {c.where}" for c in cs)
                if len(grades) > 1:
                    self.flag(kind, f"{self.universe.names[item_id]} is named {len(cs)} times with different grades "
                              f"({listed}); grade left empty", cs[1].where, item_id, found=len(cs))
                    grade = None
                else:
                    self.flag(kind, f"{self.universe.names[item_id]} is named {len(cs)} times ({listed}); the same "
                              f"grade each time, kept from {cs[0].where}", cs[1].where, item_id, found=len(cs))
            self.placed[item_id] = Placed(item_id, cs[0], grade)
        if rest is not None:
            inferred = self._rest(rest, claims, counts, unknown, duplicates, off_scale)
            if inferred and self._published_differs():
                self.flag("layout", f"{self.subject.label}: with 'all other forces' ({rest.grade.lower()}) applied the "
                          "list differs from the round's published distribution (data/rounds.toml): an exception may "
                          f"be missing; those {len(inferred)} forces are left without a grade", rest.where)
                for c in inferred:
                    self.placed[c.item_id].grade = None  # type: ignore[index]
            claims = claims + inferred
        self._counts(claims, counts, totals)
        self._complete(counts, here)
        self._national(here)
        self._uncounted(claims, counts, here)
        for item_id in sorted(self.placed, key=self.universe.rank):
            p = self.placed[item_id]
            self.ex.add(self.subject.table,
                        self.subject.row(item_id, self.universe, p.claim, p.grade, self.ex.source_file))
        return self.placed

    def _grade(self, item_id: str, c: Claim) -> str | None:
        """The claim's grade if the round can give it to this item; otherwise a finding and None."""
        g = c.grade
        if g is None:
            return None
        name = self.universe.names[item_id]
        if g == model.UNGRADED:
            return g
        if g not in self.rnd.grades:
            self.flag("off_scale", f"{name} is graded {g!r} at {c.where}, but {self.rnd.label} graded on "
                      f"{self.rnd.scale} tiers ({', '.join(self.rnd.grades)}); grade left empty", c.where,
                      item_id, expected=" / ".join(self.rnd.grades), found=g)
            return None
        if item_id in self.universe.ungraded:
            self.flag("unexpected_value", f"{name} is graded {g!r} at {c.where}, but {self.rnd.label} assessed it "
                      f"without a grade (data/rounds.toml: ungraded); grade left empty", c.where, item_id,
                      expected=model.UNGRADED, found=g)
            return None
        return g

    def _counts(self, claims: list[Claim], counts: list[Count], totals: bool) -> None:
        """Every per-grade count against the items given that grade. With ``totals`` (pillar lists), a kind of
        count (beside the headings, in sentences) that names every grade the list gives becomes printed_totals
        rows, checked by ``checks`` like any printed total (and added up to the forces graded); a partial set
        ("six forces require improvement") is checked here."""
        listed = Counter(c.grade for c in claims)
        firsts: dict[tuple[str, str], Count] = {}
        for k in counts:
            if k.grade is None:
                continue
            prior = firsts.setdefault((k.kind, k.grade), k)
            if prior is not k and prior.n != k.n:
                self.flag("count_mismatch", f"{self.subject.label}: the document prints {prior.n} {k.grade.lower()} "
                          f"({prior.where}) and {k.n} ({k.where})", k.where, expected=prior.n, found=k.n)
        given = {c.grade for c in claims if c.grade and c.grade != model.UNGRADED}
        covered: dict[str, set[str]] = {}
        for kind, grade in firsts:
            covered.setdefault(kind, set()).add(grade)
        refused: set[str] = set()
        for (kind, grade), k in firsts.items():
            # a set of counts that names every grade the list gives is the document's statement of its totals
            if totals and self.subject.table == "pillars" and given <= covered[kind] and grade in self.rnd.grades:
                self.ex.add("printed_totals", {
                    "year": self.rnd.year, "round": self.rnd.round_id, "scale": self.rnd.scale,
                    "pillar": self.subject.pillar, "question_id": "", "measure": "grade", "value": grade,
                    "count": k.n, "kind": kind, "source_file": self.ex.source_file, **k.where.cols()})
            if k.n != listed[grade] and grade not in refused:
                refused.add(grade)
                self.flag("count_mismatch", f"{self.subject.label}: the document prints {k.n} {grade.lower()} "
                          f"({k.where}) but gives that grade to {listed[grade]}", k.where, expected=k.n,
                          found=listed[grade])
        under = [p for p in self.placed.values() if p.claim.how == "listed" and p.grade is not None]
        if refused and under:
            # a line moved across a heading moves an item from one group to another; the two counts it changes
            # may be any two, and one may be masked (an unreadable line counted in its place): no listed item
            # is certain once any count disagrees
            k = next(k for k in counts if k.grade in refused)
            self.flag("layout", f"{self.subject.label}: a grade list is placed only when every count printed beside "
                      f"it agrees; {', '.join(sorted(g.lower() for g in refused))} do not: the {len(under)} listed "
                      "items are left without a grade", k.where, expected="every count agreeing",
                      found=", ".join(sorted(refused)))
            for p in under:
                p.grade = None

    def _rest(self, rest: Rest, claims: list[Claim], counts: list[Count], unknown: int, duplicates: int,
              off_scale: int) -> list[Claim]:
        """Claims for "all other forces", when every exception is named and the counts agree; else a finding."""
        named = set(self.placed)
        others = [i for i in self.universe.expected if i not in named]
        listed = Counter(c.grade for c in claims)
        why = []
        if unknown:
            why.append(f"{unknown} named force(s) are not forces")
        if duplicates:
            why.append("a force is named twice")
        if off_scale:
            why.append("a grade is not on the round's scale")
        for k in counts:
            if k.grade is None:
                continue
            have = listed[k.grade] + (len(others) if k.grade == rest.grade else 0)
            if k.n != have:
                why.append(f"{k.n} {k.grade.lower()} printed ({k.where}) but {have} named or left")
        if rest.n is not None and rest.n != len(others):
            why.append(f"the document says {rest.n} other forces but {len(others)} of the "
                       f"{len(self.universe.expected)} remain")
        if rest.grade not in self.rnd.grades:
            why.append(f"{rest.grade!r} is not on {self.rnd.label}'s {self.rnd.scale}-tier scale")
        if rest.why_not:
            why.append(rest.why_not)
        if why:
            self.flag("layout", f"{self.subject.label}: 'all other forces' ({rest.grade.lower()}) cannot be applied: "
                      f"{'; '.join(why)}; those {len(others)} forces are left without a grade", rest.where,
                      expected="every exception named", found="; ".join(why))
            return []
        out = []
        for item_id in others:
            c = Claim(self.universe.names[item_id], rest.grade, rest.where, how="rest", item_id=item_id)
            self.placed[item_id] = Placed(item_id, c, rest.grade)
            out.append(c)
        return out

    def _complete(self, counts: list[Count], here: Where) -> None:
        graded = [p for p in self.placed.values() if p.claim.grade not in (None, model.UNGRADED)]
        total = next((k for k in counts if k.grade is None), None)
        names = self.universe.names
        absent = [i for i in self.universe.expected if i not in self.placed]
        if total is not None:
            if total.of is not None and not (total.n <= total.of <= len(self.universe.order)):
                self.flag("layout", f"{self.subject.label}: the document says graded judgments in {total.n} of "
                          f"{total.of} areas, but the round has {len(self.universe.order)}", total.where,
                          expected=len(self.universe.order), found=total.of)
            if len(graded) < total.n:
                maybe = [i for i in self.universe.optional if i not in self.placed]
                also = (f" (nor {', '.join(names[i] for i in maybe)}, which the round graded for some forces only)"
                        if maybe else "")
                self.flag("missing_area", f"{self.subject.label}: the document says graded judgments in {total.n} "
                          f"areas but {len(graded)} are listed; not listed: "
                          f"{', '.join(names[i] for i in absent) or 'none of the round'}{also}", total.where,
                          expected=total.n, found=len(graded))
            elif len(graded) > total.n:
                self.flag("count_mismatch", f"{self.subject.label}: the document says graded judgments in "
                          f"{total.n} areas but {len(graded)} are listed with a grade", total.where,
                          expected=total.n, found=len(graded))
            return
        if not absent:
            return
        if self.universe.kind == "force":
            ungraded = [p.item_id for p in self.placed.values() if p.claim.grade == model.UNGRADED]
            self.flag("missing_force", f"{self.subject.label}: {len(absent)} of the {len(self.universe.expected)} "
                      f"forces are not in the list: {', '.join(names[i] for i in absent)}", here,
                      expected=len(self.universe.expected) - len(ungraded), found=len(self.placed) - len(ungraded))
        else:
            self.flag("missing_area", f"{self.subject.label}: the document prints no count of its graded areas and "
                      f"{len(absent)} of the round's {len(self.universe.expected)} graded areas are not listed: "
                      f"{', '.join(names[i] for i in absent)}", here,
                      expected=len(self.universe.expected), found=len(self.universe.expected) - len(absent))

    def _published_differs(self) -> dict[str, tuple[int, int]] | None:
        """For a complete national pillar list: {grade: (published, listed)} where the round's published
        distribution (rounds.toml) differs; None when there is nothing to compare."""
        if self.subject.table != "pillars" or self.subject.pillar is None:
            return None
        published = self.rnd.national_counts(self.subject.pillar)
        if not published:
            return None
        if any(i not in self.placed or self.placed[i].grade is None for i in self.universe.expected):
            return None  # incomplete: the findings above say why
        got = Counter(p.grade for p in self.placed.values() if p.grade != model.UNGRADED)
        grades = [*published, *(g for g in got if g not in published)]
        return {g: (published.get(g, 0), got.get(g, 0)) for g in grades if got.get(g, 0) != published.get(g, 0)}

    def _uncounted(self, claims: list[Claim], counts: list[Count], here: Where) -> None:
        """A grade list printed without a count of any grade cannot show a heading line lost or moved (its items
        would join the group above): it is placed only when it names every item the round graded and, for a
        national list, agrees with the round's published distribution. Otherwise none of its items is."""
        listed = [p for p in self.placed.values() if p.claim.how == "listed" and p.grade is not None]
        if not listed or any(k.grade is not None for k in counts):
            return
        absent = [i for i in self.universe.expected if i not in self.placed]
        total = next((k for k in counts if k.grade is None), None)
        graded = sum(1 for p in self.placed.values() if p.claim.grade not in (None, model.UNGRADED))
        why = None
        if total is not None and graded != total.n:
            why = f"it lists {graded} graded areas where the document says {total.n}"
        elif total is None and absent:
            why = f"{len(absent)} of the round's {len(self.universe.expected)} are not in it"
        elif self._published_differs():
            why = "its distribution differs from the published one"
        if why:
            self.flag("layout", f"{self.subject.label}: a grade list printed without counts is placed only when it is "
                      f"complete, and {why}: a heading's line may be lost, its items read under the heading above; "
                      f"the {len(listed)} listed items are left without a grade", here, found=why)
            for p in listed:
                p.grade = None

    def _national(self, here: Where) -> None:
        """A complete national pillar list against the round's published distribution (rounds.toml)."""
        diff = self._published_differs()
        if diff:
            self.flag("total_mismatch", f"{self.subject.label}: the list gives "
                      f"{', '.join(f'{b} {g.lower()}' for g, (a, b) in diff.items())} but the published national "
                      f"figures (data/rounds.toml) are {', '.join(f'{a} {g.lower()}' for g, (a, b) in diff.items())}",
                      here, expected="; ".join(f"{g} {a}" for g, (a, _) in diff.items()),
                      found="; ".join(f"{g} {b}" for g, (_, b) in diff.items()))
