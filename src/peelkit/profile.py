"""One force's PEEL profile for one year, in plain Python: shared by ``compare`` and ``export``.

``Tables`` holds the clean tables as lists of row dicts. ``year_view`` gathers what a year's
comparison group holds (the national table's rows when the year has one; otherwise the force
reports in the data, which are never called national), the grade counts per judgment, and the
review findings per judgment. ``force_profile`` adds one force's rows: grade, trend, last
inspected, source, its standing in the group, the carried-forward note and the "not extracted"
note. Both notes and the counts are worded here once.

Unknown stays unknown: a judgment no force could be placed for has ``distribution`` and
``placed`` of ``None`` (an empty cell, ``null`` in JSON), never 0.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import model, store, wording
from .errors import DataError, UnknownNameError
from .schema import NATIONAL_KINDS

NOT_EXTRACTED = "not extracted"


def where(file: str, line: object = "", page: object = "") -> str:
    """'file line 12' / 'file page 3' / 'file': the one way a source is written."""
    if page not in (None, ""):
        return f"{file} page {page}"
    if line not in (None, ""):
        return f"{file} line {line}"
    return file or ""


def where_many(rows: list[dict]) -> str:
    """'file line 410, line 536' (one file) or 'a line 1, b page 2'."""
    locs = sorted({(r["source_file"], int(r.get("source_page") or 0), int(r.get("source_line") or 0))
                   for r in rows})
    if len({f for f, _, _ in locs}) == 1:
        return f"{locs[0][0]} " + ", ".join(f"page {p}" if p else f"line {ln}" for _, p, ln in locs)
    return ", ".join(where(f, ln or "", p or "") for f, p, ln in locs)


def label(pillar: str, question_id: str) -> str:
    """Short label of a judgment: 'Effectiveness' or the question's label from questions.csv."""
    if not question_id:
        return pillar.capitalize()
    q = model.question_by_id(question_id)
    return (q.label if q and q.label else question_id.replace("-", " ").capitalize())


def question_text(question_id: str, rows: list[dict] = ()) -> str:
    for r in rows:
        if r.get("question_id") == question_id and r.get("question"):
            return r["question"]
    q = model.question_by_id(question_id)
    return q.text if q else question_id


# ------------------------------------------------------------------ the tables


@dataclass
class Tables:
    """The clean tables of one data directory as row dicts (strings, '' for empty)."""

    data_dir: Path
    pillars: list[dict]
    questions: list[dict]
    review: list[dict] = field(default_factory=list)
    printed: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)
    package: dict = field(default_factory=dict)
    areas: list[dict] = field(default_factory=list)  # area-era judgments (areas.csv)

    @classmethod
    def read(cls, data_dir: Path | None = None) -> Tables:
        d = Path(data_dir) if data_dir else store.default_clean_dir()
        if not d.is_dir():
            raise DataError(f"{d}: no such data directory; run 'peelkit extract' first (or pass --data DIR)")

        def optional(name: str) -> list[dict]:
            return store.read_rows(d, name) if (d / f"{name}.csv").is_file() else []

        try:
            pkg = store.read_datapackage(d)
        except DataError:
            pkg = {}
        return cls(d, store.read_rows(d, "pillars"), store.read_rows(d, "questions"), optional("review"),
                   optional("printed_totals"), optional("reports"), pkg, areas=optional("areas"))

    @property
    def kinds(self) -> dict[str, str]:
        return {s.get("title", ""): s.get("kind", "") for s in self.package.get("sources", [])}

    def is_national(self, row: dict) -> bool:
        """A row of a national table (State of Policing), not of one force's own report."""
        if row.get("report_year"):
            return False
        return self.kinds.get(row["source_file"], "state_of_policing") in NATIONAL_KINDS

    def years(self) -> list[str]:
        return sorted({r["year"] for r in self.pillars} | {r["year"] for r in self.questions})

    def national_years(self) -> list[str]:
        """Years with national-table rows, oldest first (may be empty)."""
        return sorted({r["year"] for r in self.pillars + self.questions if self.is_national(r)})

    def default_year(self, force_id: str | None = None) -> str:
        """The latest national year (for a force: the latest national year it has rows in), else the latest
        year of any rows."""
        rows = [r for r in self.pillars + self.questions if force_id is None or r["force_id"] == force_id]
        have = {r["year"] for r in rows}
        nat = [y for y in self.national_years() if y in have]
        if nat:
            return nat[-1]
        if not have:
            raise DataError(f"{self.data_dir}: the clean tables have no rows; run 'peelkit extract'")
        return sorted(have)[-1]

    def resolve_year(self, text: str) -> str:
        from .names import resolve_year

        years = self.years()
        y = resolve_year(text, years)
        if y not in years:
            raise UnknownNameError("year", text, years[::-1][:3])
        return y


# ------------------------------------------------------------------ one year's comparison group


@dataclass
class YearView:
    year: str
    national: bool  # the year has a national table: the group is made of its rows
    group_ids: list[str]  # forces in the comparison group
    label: str  # 'national', 'region (East Midlands)', 'peer group: Derbyshire, Leicestershire'
    phrase: str  # 'nationally', 'in East Midlands', 'in the data for 2016/17'
    pillar_rows: list[dict]  # the group's rows, one per (force, pillar)
    question_rows: list[dict]  # one per (force, pillar, question)
    scale: int
    keys: list[tuple[str, str]]  # (pillar, question_id) in pillar and question order
    counts: dict[tuple[str, str], Counter]
    findings: dict[tuple[str, str], list[dict]]  # review rows per judgment (sources of the year)
    sources: set[str]  # files the group's rows and the year's printed totals come from

    @property
    def size(self) -> int:
        return len(self.group_ids)

    @property
    def pillars(self) -> list[str]:
        return [p for p in model.PILLARS if any(k[0] == p for k in self.keys)]

    def questions(self, pillar: str) -> list[str]:
        return [q for p, q in self.keys if p == pillar and q]

    def placed(self, key: tuple[str, str]) -> int | None:
        """Forces in the group with a grade for this judgment; None when none could be placed."""
        n = sum(self.counts.get(key, Counter()).values())
        return n or None

    def distribution(self, key: tuple[str, str]) -> dict[str, int] | None:
        """Forces per grade (0 for a grade nobody got); None when no force could be placed."""
        c = self.counts.get(key, Counter())
        if not sum(c.values()):
            return None
        extra = [g for g in c if g not in wording.grade_order(self.scale)]
        return {g: c.get(g, 0) for g in wording.grade_order(self.scale) + extra}

    def group_words(self) -> str:
        """'43 forces nationally' / '1 force in the data for 2016/17; no national distribution'."""
        if self.national:
            return f"{wording.plural(self.size, 'force')} {self.phrase}"
        return f"{wording.plural(self.size, 'force')} in the data for {self.year}; no national distribution"

    def missing_note(self, key: tuple[str, str], see: str = "review.csv", plain: bool = False, main: str = "") -> str:
        """Why a judgment has no value, as every command words it (``gaps.explain``): the review findings
        that explain it, or that nothing does. ``plain`` (the board paper): without finding codes."""
        from . import gaps

        hits = [h for h in self.findings.get(key, []) if h["kind"] in gaps.GAP_KINDS]
        if not hits:
            return "no value in the data for this judgment"
        return gaps.explain(hits, see, plain, main)


def _latest_per_key(rows: list[dict], key) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for r in rows:
        seen.setdefault(key(r), r)
    return list(seen.values())


def year_view(t: Tables, year: str, force: model.Force | None = None, against: list[str] | None = None
              ) -> YearView:
    from .names import grade_scale_of

    p_year = [r for r in t.pillars if r["year"] == year]
    q_year = [r for r in t.questions if r["year"] == year]
    nat_p = [r for r in p_year if t.is_national(r)]
    nat_q = [r for r in q_year if t.is_national(r)]
    national = bool(nat_p or nat_q)
    gp, gq = (nat_p, nat_q) if national else (p_year, q_year)
    gp = _latest_per_key(gp, lambda r: (r["force_id"], r["pillar"]))
    gq = _latest_per_key(gq, lambda r: (r["force_id"], r["pillar"], r["question_id"]))
    in_year = sorted({r["force_id"] for r in gp + gq})

    from .names import resolve_group

    group = resolve_group(against, force)
    label_, phrase, ids = group.label, group.phrase, in_year
    if group.kind == "national" and not national:
        label_, phrase = "force reports only", f"in the data for {year}"
    elif group.force_ids is not None:
        missing = [i for i in group.force_ids if i not in in_year and (force is None or i != force.force_id)]
        if group.kind == "peers" and missing:
            names_ = ", ".join(model.force_by_id(i).name for i in missing)
            raise DataError(f"{names_} {'has' if len(missing) == 1 else 'have'} no {year} rows in the data; "
                            "cannot compare against "
                            + ("it" if len(missing) == 1 else "them"))
        ids = [i for i in group.force_ids if i in in_year]
    gp = [r for r in gp if r["force_id"] in ids]
    gq = [r for r in gq if r["force_id"] in ids]

    counts: dict[tuple[str, str], Counter] = {}
    for r in gp:
        counts.setdefault((r["pillar"], ""), Counter()).update([r["grade"]] if r["grade"] else [])
    for r in gq:
        counts.setdefault((r["pillar"], r["question_id"]), Counter()).update([r["grade"]] if r["grade"] else [])

    sources = {r["source_file"] for r in gp + gq} | {r["source_file"] for r in t.printed if r["year"] == year}
    own = [r for r in p_year + q_year if force is not None and r["force_id"] == force.force_id]
    sources |= {r["source_file"] for r in own}
    findings: dict[tuple[str, str], list[dict]] = {}
    for r in t.review:
        if r["source_file"] in sources and r.get("pillar"):
            findings.setdefault((r["pillar"], r.get("question_id") or ""), []).append(r)
    keys = set(counts) | set(findings) | {(r["pillar"], r.get("question_id", "")) for r in own}
    keys |= {(r["pillar"], "") for r in gp} | {(r["pillar"], r["question_id"]) for r in gq}
    ordered = sorted(keys, key=lambda k: (model.pillar_order(k[0]), model.question_order(k[1]), k[1]))
    scale = grade_scale_of([r.get("grade", "") for r in gp + gq + own], year)
    return YearView(year, national, ids, label_, phrase, gp, gq, scale, ordered, counts, findings, sources)


# ------------------------------------------------------------------ one force


@dataclass
class Entry:
    """One pillar or question judgment of the force, with everything a reader needs beside it."""

    pillar: str
    question_id: str
    question: str
    grade: str  # '' = not extracted
    trend: str
    last_inspected: str
    standing: str  # 'one of 35 forces graded good; 1 outstanding' / why there is no standing
    distribution: dict[str, int] | None
    placed: int | None
    national_row: bool  # the value comes from the national table
    carried_forward: bool
    carried_from: str  # 'carried forward from 2016/17: file line 63 says Good (agrees)'
    carried_source: dict | None  # the earlier row holding the carried-forward grade
    note: str  # not extracted: why; from the force's own report: that
    findings: list[dict]
    source_file: str
    source_line: str
    source_page: str

    @property
    def label(self) -> str:
        return label(self.pillar, self.question_id)

    @property
    def source(self) -> str:
        return where(self.source_file, self.source_line, self.source_page)


@dataclass
class ForceProfile:
    force: model.Force
    view: YearView
    entries: list[Entry]
    same_pillar_pattern: list[str]

    @property
    def year(self) -> str:
        return self.view.year

    def entry(self, pillar: str, question_id: str = "") -> Entry | None:
        return next((e for e in self.entries if (e.pillar, e.question_id) == (pillar, question_id)), None)

    def pillar_entries(self) -> list[Entry]:
        return [e for e in self.entries if not e.question_id]

    def sources(self) -> set[str]:
        """Every file a figure of this profile comes from (incl. the report behind a carried grade)."""
        out = {e.source_file for e in self.entries if e.source_file}
        out |= {e.carried_source["source_file"] for e in self.entries if e.carried_source}
        return out


def carried(t: Tables, force_id: str, pillar: str, question_id: str, grade: str, last: str
            ) -> tuple[str, dict | None]:
    """The carried-forward note and the earlier row holding the grade (when it is in the data)."""
    src = [r for r in t.questions if r["force_id"] == force_id and r["pillar"] == pillar
           and r["question_id"] == question_id and r["year"] == last]
    if not src:
        return f"carried forward from {last}; that inspection's report is not in the data", None
    r = src[0]
    verdict = "agrees" if r["grade"] == grade else "DISAGREES (see Notes / review.csv, source_conflict)"
    return (f"carried forward from {last}: {where(r['source_file'], r.get('source_line'), r.get('source_page'))}"
            f" says {r['grade'] or 'nothing placed'} ({verdict})"), r


def force_profile(t: Tables, force: model.Force | str, year: str | None = None,
                  against: list[str] | None = None, see: str = "review.csv") -> ForceProfile:
    """``see`` names where the findings are listed ('review.csv' for compare, 'Notes' in the workbook)."""
    from .names import resolve_force

    f = resolve_force(force) if isinstance(force, str) else force
    mine_all = [r for r in t.pillars + t.questions if r["force_id"] == f.force_id]
    if not mine_all:
        raise DataError(f"{f.name} has no rows in {t.data_dir}")
    y = year or t.default_year(f.force_id)
    mine = [r for r in mine_all if r["year"] == y]
    if not mine:
        have = ", ".join(sorted({r["year"] for r in mine_all}))
        raise DataError(f"{f.name} has no {y} rows in {t.data_dir}; years with rows for it: {have} "
                        "(choose one with --year)")
    view = year_view(t, y, f, against)
    # the force's own value per judgment: the national table's first, then its own report's
    own: dict[tuple[str, str], dict] = {}
    for r in sorted(mine, key=lambda r: 0 if t.is_national(r) else 1):
        own.setdefault((r["pillar"], r.get("question_id", "")), r)
    entries = []
    for key in view.keys:
        p, q = key
        r = own.get(key)
        dist = view.distribution(key)
        placed = view.placed(key)
        qtext = "" if not q else question_text(q, ([r] if r else []) + view.question_rows)
        if r is None or not r.get("grade"):
            note = view.missing_note(key, see, plain=see != "review.csv")  # a paper's Notes: in plain words
            entries.append(Entry(p, q, qtext, "", r.get("trend", "") if r and not q else "", "",
                                 f"{NOT_EXTRACTED}: {note}", dist, placed, bool(r and t.is_national(r)),
                                 False, "", None, note, view.findings.get(key, []),
                                 *((r["source_file"], r.get("source_line", ""), r.get("source_page", ""))
                                   if r else ("", "", ""))))
            continue
        last = r.get("last_inspected", "") if q else ""
        is_carried = bool(q and last and last != y)
        carried_from, carried_row = carried(t, f.force_id, p, q, r["grade"], last) if is_carried else ("", None)
        national_row = t.is_national(r)
        note = "" if national_row else "from the force's own report (not a national table)"
        entries.append(Entry(p, q, qtext, r["grade"], r.get("trend", "") if not q else "", last,
                             standing(r["grade"], dist, view), dist, placed, national_row, is_carried,
                             carried_from, carried_row, note, view.findings.get(key, []),
                             r["source_file"], r.get("source_line", ""), r.get("source_page", "")))
    pattern = _pillar_pattern(view.pillar_rows)
    mine_pattern = pattern.get(f.force_id)
    same = sorted(model.force_by_id(i).name for i, v in pattern.items()
                  if mine_pattern and all(mine_pattern) and v == mine_pattern and i != f.force_id)
    return ForceProfile(f, view, entries, same)


def standing(grade: str, dist: dict[str, int] | None, view: YearView) -> str:
    """Where a grade sits in the group, or what the data holds when there is no national distribution."""
    if not grade:
        return ""
    if grade == model.UNGRADED:
        return "Ungraded (not counted)"
    if not view.national or dist is None:
        return view.group_words()
    from .gaps import read_counts

    placed = sum(dist.values())
    partial = read_counts(placed, view.size, dist.get(grade, 0))
    return wording.standing(grade, dist, view.scale) + (f" — partial: {partial}" if partial else "")


def _pillar_pattern(rows: list[dict]) -> dict[str, tuple[str, ...]]:
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        out.setdefault(r["force_id"], {})[r["pillar"]] = r["grade"]
    return {fid: tuple(d.get(p, "") for p in model.PILLARS) for fid, d in out.items()}
