"""peelkit diff: what changed between two years, or between two extractions of the same data.

Each side is either a year label in one data directory, or a file / directory of clean CSVs
(pillars.csv, questions.csv, or a directory holding both). Rows are matched on force, pillar
and question (and year, when two files are compared). For every matched pair the grade change
and its direction are given; for pillar rows of consecutive years the direction is checked
against the trend the newer report printed. Only what both sides cover is compared (between years the
force and pillar pairs both hold, between extractions the years both hold): a covered row on one
side only is listed; the rest is counted once, not listed row by row.
Rounds on different frameworks or scales (PEEL 2018/19 and 2021/22) are never compared: their grades
are set side by side, each row's change 'not comparable', with the Inspectorate's reason
(``frameworks``). Two years given newest first are put in order (with a note); a pillars table is never
compared with a questions table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import gaps, model, store
from ..errors import DataError, UsageError
from ..names import resolve_year
from . import frameworks
from .data import Data, area_order, judgments

COLUMNS = ["force", "force_id", "pillar", "question_id", "area_id", "old_year", "new_year", "old_grade", "new_grade",
           "change", "old_trend", "new_trend", "printed_trend", "trend_check", "old_last_inspected",
           "new_last_inspected", "old_source", "new_source", "old_scale", "new_scale", "note"]


@dataclass
class Side:
    label: str  # what the user typed, for messages
    frame: pd.DataFrame  # judgments
    year: str | None  # the year compared, when a year was given
    table: str = "judgments"  # pillars | questions | judgments (both, or a year of one data directory)
    # judgments the side's documents hold but peelkit could not read (``peelkit.gaps``): key -> findings
    gaps: dict = field(default_factory=dict)


@dataclass
class Diff:
    old: Side
    new: Side
    by_year: bool
    rows: list[dict]
    # rows whose force and pillar (and year, between extractions) the other side does not hold at all:
    # not compared, counted once per side ("old"/"new") instead of listed as hundreds of one-sided rows
    not_covered: dict[str, int] = field(default_factory=dict)
    # the two rounds are not comparable (framework or scale): why, quoted from data/rounds.toml; the rows
    # then set both grades side by side, change 'not comparable'
    not_comparable: str = ""
    notes: list[str] = field(default_factory=list)  # what was done that the user did not ask for, said once
    # judgments not compared because the Inspectorate did not grade them in both rounds: why -> rows
    not_graded: dict[str, int] = field(default_factory=dict)
    apart: str = ""  # the two rounds are not consecutive: which rounds come between (directions not given)

    @property
    def summary(self) -> dict[str, int]:
        return dict(Counter(r["change"] for r in self.rows))

    @property
    def trend_disagreements(self) -> list[dict]:
        return [r for r in self.rows if r["trend_check"] == "disagrees"]


def is_path(arg: str) -> bool:
    """A file or directory (exists, ends in .csv, or has a slash that is not a year label's)."""
    if Path(arg).exists():
        return True
    if re.fullmatch(r"\s*\d{4}\s*[/\-–]\s*\d{2,4}\s*|\s*\d{4}\s*", arg):
        return False
    return "/" in arg or "\\" in arg or arg.endswith(".csv")


def load_side(arg: str, data: Data | None) -> Side:
    if is_path(arg):
        p = Path(arg)
        if not p.exists():
            raise DataError("no such file or directory", source=arg)
        if p.is_dir():
            pil = store.read_frame(p, "pillars") if (p / "pillars.csv").is_file() else None
            que = store.read_frame(p, "questions") if (p / "questions.csv").is_file() else None
            are = store.read_frame(p, "areas") if (p / "areas.csv").is_file() else None
            if pil is None and que is None and are is None:
                raise DataError("directory has no pillars.csv, questions.csv or areas.csv", source=arg)
            review = store.read_frame(p, "review") if (p / "review.csv").is_file() else None
        else:
            frame = _read_csv(p)
            cols = set(frame.columns)
            are = None
            review = None
            if {"question_id", "last_inspected"} <= cols:
                pil, que = None, frame
            elif {"pillar", "grade", "trend"} <= cols:
                pil, que = frame, None
            elif {"area_id", "grade"} <= cols:
                pil, que, are = None, None, frame
            else:
                raise DataError("not a peelkit pillars.csv or questions.csv (expected columns year, force_id, "
                                f"pillar, grade...; found {', '.join(sorted(cols)) or 'none'})", source=arg)
        empty_p = pd.DataFrame(columns=store.columns("pillars"))
        empty_q = pd.DataFrame(columns=store.columns("questions"))
        present = [n for n, f in (("pillars", pil), ("questions", que), ("areas", are)) if f is not None]
        table = present[0] if len(present) == 1 else "judgments"
        frame = judgments(pil if pil is not None else empty_p, que if que is not None else empty_q, are)
        found = gaps.find(frame.to_dict("records"), review.to_dict("records")) if review is not None else {}
        return Side(arg, frame, None, table, found)
    if data is None:
        raise UsageError(f"{arg!r} is neither a year label nor a file")
    year = resolve_year(arg, data.years())
    frame = data.all_judgments[data.all_judgments["year"] == year]
    if frame.empty:
        raise DataError(f"no rows for {year} in {data.data_dir}; years in the data: {', '.join(data.years())}")
    return Side(arg, frame, year, gaps={k: v for k, v in data.gaps.items() if k[0] == year})


def _read_csv(p: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(p, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read as CSV ({type(exc).__name__}: {str(exc).splitlines()[0]})",
                        source=str(p)) from None


def _consecutive(old: str, new: str) -> bool:
    return int(new[:4]) - int(old[:4]) == 1


def _where(r) -> str:
    if r is None:
        return ""
    if r["source_page"]:
        return f"{r['source_file']} page {r['source_page']}"
    return f"{r['source_file']} line {r['source_line']}" if r["source_line"] else r["source_file"]


def diff(old: Side, new: Side, force_ids: set[str] | None = None) -> Diff:
    """Compare two sides over what both cover: between years the (force, pillar) pairs both hold, between
    extractions the years both hold. A covered row on one side only is listed ('only in old/new'); rows
    the other side does not cover are counted in ``not_covered``. ``force_ids`` restricts both sides."""
    old, new, by_year, notes = _align(old, new, force_ids)
    ro = rn = None
    if by_year:  # rounds on different frameworks or scales: both grades side by side, never compared
        ro, rn = (frameworks.round_of({"year": s.year}) for s in (old, new))
        if ro is not None and rn is not None and not ro.comparable(rn):
            note = frameworks.reason(ro, rn)
            rows, nc = frameworks.side_by_side(old.frame.to_dict("records"), new.frame.to_dict("records"), note)
            return Diff(old, new, by_year, rows, nc, not_comparable=note, notes=notes)

    key = ["force_id", "pillar", "question_id", "area_id"] + ([] if by_year else ["year"])
    o = {tuple(r[k] for k in key): r for r in old.frame.to_dict("records")}
    n = {tuple(r[k] for k in key): r for r in new.frame.to_dict("records")}
    keys, not_covered = _covered(o, n, key, by_year)
    consecutive = by_year and _consecutive_rounds(ro, rn, old.year, new.year)  # type: ignore[arg-type]
    apart = "" if not by_year or consecutive else _between(ro, rn, old.year, new.year)  # type: ignore[arg-type]
    pairs = _Pairs(old, new, by_year, ro, rn, consecutive, apart)
    not_graded: Counter = Counter()
    rows = []
    for k in keys:
        a, b = o.get(k), n.get(k)
        why = pairs.not_graded(b if b is not None else a)
        if why:
            not_graded[why] += 1
            continue
        rows.append(pairs.row(a, b))
    rows.sort(key=lambda r: (r["force"], model.pillar_order(r["pillar"]), model.question_order(r["question_id"]),
                             area_order(r["old_year"] or r["new_year"], r["area_id"]), r["old_year"] or r["new_year"]))
    return Diff(old, new, by_year, rows, {k: v for k, v in not_covered.items() if v}, notes=notes,
                not_graded=dict(not_graded), apart=apart)


def _align(old: Side, new: Side, force_ids: set[str] | None) -> tuple[Side, Side, bool, list[str]]:
    """The two sides made comparable: the same table (a clean folder against one CSV compares that CSV's
    table), only ``force_ids``, two years in order (old first). Returns (old, new, by_year, notes); two
    tables of different kinds, a year against a file, the same year twice or an empty side is an error."""
    notes: list[str] = []
    if old.table != new.table:
        if "judgments" not in (old.table, new.table):
            raise UsageError(f"{old.label} is a {old.table} table and {new.label} a {new.table} table; diff compares "
                             "like with like: two pillars.csv, two questions.csv, two areas.csv or two clean folders")
        table = old.table if old.table != "judgments" else new.table
        level = {"pillars": "pillar", "questions": "question", "areas": "area"}[table]
        keep = lambda f: f[f["level"] == level]  # noqa: E731
        old, new = (Side(s.label, keep(s.frame), s.year, table, s.gaps) for s in (old, new))
        notes.append(f"comparing {table} only ({new.label if new.table == table else old.label} holds no other table)")
    if force_ids:
        old = Side(old.label, old.frame[old.frame["force_id"].isin(force_ids)], old.year, old.table, old.gaps)
        new = Side(new.label, new.frame[new.frame["force_id"].isin(force_ids)], new.year, new.table, new.gaps)
    by_year = old.year is not None and new.year is not None
    if (old.year is None) != (new.year is None):
        raise UsageError("compare two years or two files, not a year with a file")
    if by_year and old.year == new.year:
        raise UsageError(f"both sides are {old.year}; give two different years (or two files)")
    if by_year and old.year > new.year:  # type: ignore[operator]
        notes.append(f"{old.year} is later than {new.year}: compared in order, {new.year} -> {old.year} "
                     "(old first, then new)")
        old, new = new, old
    for s in (old, new):
        if s.frame.empty:
            raise DataError(f"{s.label}: no rows to compare" + (" for the forces chosen" if force_ids else ""))
    return old, new, by_year, notes


def _covered(o: dict, n: dict, key: list[str], by_year: bool) -> tuple[list[tuple], dict[str, int]]:
    """The keys to compare (the old side's covered rows, then the new side's it does not hold) and how many
    rows each side holds that the other does not cover. What a side covers: between years, the (force,
    pillar) pairs it holds (a force report covers one force and pillar, a national table all 43); between
    extractions, the years it holds (a force missing from one extraction of a year is a difference to list,
    not a gap in coverage)."""
    pair = [i for i, k in enumerate(key) if k in (("force_id", "pillar") if by_year else ("year",))]
    covered = {tuple(k[i] for i in pair) for k in o} & {tuple(k[i] for i in pair) for k in n}
    not_covered = {side: sum(1 for k in d if tuple(k[i] for i in pair) not in covered)
                   for side, d in (("old", o), ("new", n))}
    keys = [k for k in o if tuple(k[i] for i in pair) in covered] + \
           [k for k in n if k not in o and tuple(k[i] for i in pair) in covered]
    return keys, not_covered


@dataclass
class _Pairs:
    """How each matched pair of rows (old ``a``, new ``b``, either may be None) is compared and written."""

    old: Side
    new: Side
    by_year: bool
    ro: model.Round | None  # the two rounds, between years
    rn: model.Round | None
    consecutive: bool
    apart: str

    def not_graded(self, ref: dict) -> str:
        """Between years only what the Inspectorate graded in both rounds is compared: why not, or ''."""
        if not self.by_year:
            return ""
        return _not_graded(self.ro, ref) or _not_graded(self.rn, ref)

    def _gap(self, side: Side, ref: dict) -> list | None:
        """The findings of a judgment the side's documents hold but peelkit could not read, or None."""
        return side.gaps.get((ref["year"] if not self.by_year else side.year, ref["force_id"], ref["pillar"],
                              ref["question_id"], ref["area_id"]))

    def _change(self, a: dict | None, b: dict | None, printed: str) -> tuple[str, str, str]:
        """(change, note, trend check) of the pair: a row one side could not read is a gap; two graded
        rows of two rounds are set against the trend the newer report prints."""
        change, note = _change(a, b, self.by_year)
        ref = b if b is not None else a
        if b is None and (found := self._gap(self.new, ref)) is not None:  # the newer documents hold it
            return gaps.NOT_EXTRACTED, f"{self.new.label}: " + gaps.reason(found), "n/a"
        if a is None and (found := self._gap(self.old, ref)) is not None:
            return gaps.NOT_EXTRACTED, f"{self.old.label}: " + gaps.reason(found), "n/a"
        if a is not None and b is not None and self.by_year and a["grade"] and b["grade"]:
            return _versus_printed(a, b, change, note, printed, self.old.year, self.new.year,  # type: ignore[arg-type]
                                   self.consecutive, self.apart)
        return change, note, "n/a"

    def row(self, a: dict | None, b: dict | None) -> dict:
        """The output row of the pair."""
        ref = b if b is not None else a
        printed = (b or {}).get("trend", "") if not ref["question_id"] else ""
        change, note, check = self._change(a, b, printed)
        return {
            "force": ref["force"], "force_id": ref["force_id"], "pillar": ref["pillar"],
            "question_id": ref["question_id"], "area_id": ref["area_id"],
            "old_year": a["year"] if a is not None else "", "new_year": b["year"] if b is not None else "",
            "old_grade": a["grade"] if a is not None else "", "new_grade": b["grade"] if b is not None else "",
            "change": change,
            "old_trend": a["trend"] if a is not None else "", "new_trend": b["trend"] if b is not None else "",
            "printed_trend": printed if self.by_year else "", "trend_check": check,
            "old_last_inspected": a["last_inspected"] if a is not None else "",
            "new_last_inspected": b["last_inspected"] if b is not None else "",
            "old_source": _where(a), "new_source": _where(b),
            "old_scale": a["scale"] if a is not None else "", "new_scale": b["scale"] if b is not None else "",
            "note": note,
        }


CARRIED = "carried forward"
NOT_CONSECUTIVE = "not compared"


def _consecutive_rounds(ro: model.Round | None, rn: model.Round | None, old: str, new: str) -> bool:
    if ro is not None and rn is not None:
        return frameworks.round_order(rn) - frameworks.round_order(ro) == 1
    return _consecutive(old, new)


def _between(ro: model.Round | None, rn: model.Round | None, old: str, new: str) -> str:
    """'PEEL 2017': the rounds between two that are not consecutive (or the years, without round data)."""
    if ro is None or rn is None:
        return f"the years between {old} and {new}"
    rs = model.rounds()
    return wording_join([r.label for r in rs[frameworks.round_order(ro) + 1:frameworks.round_order(rn)]])


def wording_join(parts: list[str]) -> str:
    from ..wording import join

    return join(parts)


def _not_graded(r: model.Round | None, row: dict) -> str:
    """Why the Inspectorate gave no grade for the row's judgment in round ``r`` ('' when it did, or the round
    data does not say): assessed but not graded, or not a question of that round."""
    if r is None:
        return ""
    item = row.get("area_id") or row.get("question_id")
    if item and item in r.ungraded:
        return f"{item}: assessed but not graded in {r.label}"
    q = row.get("question_id")
    if q and r.questions(row["pillar"]) and q not in r.questions(row["pillar"]):
        return f"{q}: not one of {r.label}'s {row['pillar']} questions"
    if not q and not row.get("area_id") and r.graded_pillars and row["pillar"] not in r.graded_pillars:
        return f"{row['pillar']}: not graded in {r.label}"
    return ""


def _versus_printed(a: dict, b: dict, change: str, note: str, printed: str, old: str, new: str,
                    consecutive: bool, apart: str) -> tuple[str, str, str]:
    """(change, note, trend check) of two graded rows of two rounds. A question grade the newer table carries
    forward from the older round is the same inspection's ('carried forward'). Between rounds that are not
    consecutive no direction is given ('not compared'): the Inspectorate compares an inspection with the one
    before. Between consecutive rounds the trend the newer report prints wins: a direction of the grades
    that disagrees with it is a finding (trend check 'disagrees')."""
    last = b.get("last_inspected") or ""
    if b["question_id"] and last and last <= old and change in (*model.TRENDS, "Unchanged"):
        same = a["grade"] == b["grade"]
        return CARRIED, (f"the {new} table carries forward the {last} grade: the same inspection, not a new "
                         "judgment" + ("" if same else f", yet the grades differ ({a['grade']} / {b['grade']}): "
                                       "see review.csv, source_conflict")), "n/a"
    if change not in model.TRENDS:
        return change, note, "n/a"
    if not consecutive:
        since = f"; the {new} report prints '{printed}' since the force's previous inspection" if printed else ""
        return NOT_CONSECUTIVE, f"rounds not consecutive ({apart} between): no direction given{since}", "n/a"
    if not printed or b["question_id"]:
        return change, note, "n/a"
    if printed == change:
        return change, note, "agrees"
    return printed, (f"the grades give {change} ({a['grade']} -> {b['grade']}) but the {new} report prints "
                     f"{printed}; the printed trend is shown: check both documents"), "disagrees"


def _rank(row: dict) -> dict[str, int]:
    """The grade ranks of the row's round (data/rounds.toml); a year that is no round's by its grades."""
    r = frameworks.round_of(row)
    if r is not None:
        return r.rank
    return model.grade_rank(model.scale_of([row["grade"]], row["year"]))


def _change(a, b, by_year: bool) -> tuple[str, str]:
    """(change, note). change: Improved | Declined | Unchanged | only in old | only in new | not comparable;
    between two extractions of the same year also: trend changed | last inspected changed. A grade that is
    not on its round's scale (Adequate in a 4-tier round) is not comparable, and the note says why."""
    if a is None:
        return "only in new", ""
    if b is None:
        return "only in old", ""
    ga, gb = a["grade"], b["grade"]
    off = "; ".join(x for x in (frameworks.off_scale(ga, frameworks.round_of(a)),
                                frameworks.off_scale(gb, frameworks.round_of(b))) if x)
    if off:
        return frameworks.NOT_COMPARABLE, off
    if ga == gb:
        if by_year:
            return "Unchanged", ""
        if a["trend"] != b["trend"]:
            return "trend changed", ""
        if a["last_inspected"] != b["last_inspected"]:
            return "last inspected changed", ""
        return "Unchanged", ""
    if not ga or not gb:
        return ("placed in new only" if not ga else "placed in old only"), ""
    ra, rb = _rank(a), _rank(b)
    if ga not in ra or gb not in rb:  # Ungraded against a grade
        return frameworks.NOT_COMPARABLE, f"{ga if ga not in ra else gb} is not on a grade scale"
    return ("Improved" if rb[gb] > ra[ga] else "Declined"), ""


CHANGED = {"Improved", "Declined", "only in old", "only in new", "trend changed", "last inspected changed",
           "placed in new only", "placed in old only", frameworks.NOT_COMPARABLE, gaps.NOT_EXTRACTED}


def listed(row: dict) -> bool:
    """Whether a row is listed without --all: a change, a gap, a finding, or two grades set side by side
    that differ."""
    return (row["change"] in CHANGED or row["trend_check"] == "disagrees"
            or (row["change"] in (NOT_CONSECUTIVE, CARRIED) and row["old_grade"] != row["new_grade"]))
