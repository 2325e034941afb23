"""peelkit history: one force's grades in every PEEL round the data holds, oldest first.

The pillar era (PEEL 2014 to 2018/19: pillar judgments and their questions, 4-tier scale) and the area
era (PEEL 2021/22 on: areas of policing, 5-tier scale with Adequate) are listed side by side, each row
with its round, scale and source (file and line or page). Grades are never compared here: a round whose
framework or scale differs from the previous round shown is marked (``comparable_with_previous`` false)
with the Inspectorate's reason (``frameworks.reason``), and nothing is worded as better or worse.

A judgment the round's document holds but the parser could not place for the force (a column refused
for a count mismatch) is listed with an empty grade and the review findings that explain it: unknown is
empty, never dropped. Plain Python over ``profile.Tables`` (no pandas), shared by the command and the
workbook's History sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import gaps, model
from ..errors import DataError
from ..profile import Tables, carried, label, where
from .frameworks import describe, reason, round_order

COLUMNS = ["round", "label", "year", "era", "scale", "previous_round", "comparable_with_previous",
           "comparability_note", "level", "force", "force_id", "pillar", "question_id", "area_id", "judgment",
           "grade", "trend", "last_inspected", "document", "report_year", "note", "source_file", "source_line",
           "source_page"]
NOT_EXTRACTED = "not extracted"


@dataclass
class RoundHistory:
    """One round of the force's history: its framework, how it stands to the previous round shown, rows."""

    round: model.Round
    previous: model.Round | None
    rows: list[dict] = field(default_factory=list)

    @property
    def comparable(self) -> bool | None:
        """None for the first round shown; else whether its grades may be compared with the previous one's."""
        return None if self.previous is None else self.round.comparable(self.previous)

    @property
    def reason(self) -> str:
        """Why the round is not comparable with the previous one shown ('' when it is, or is first)."""
        return reason(self.previous, self.round) if self.comparable is False else ""  # type: ignore[arg-type]

    @property
    def heading(self) -> str:
        """'PEEL 2016 (4-tier scale, pillars and questions), year 2016/17'."""
        return f"{describe(self.round)}, year {self.round.year}"

    @property
    def sources(self) -> list[str]:
        return sorted({r["source_file"] for r in self.rows if r["source_file"]})


@dataclass
class History:
    force: model.Force
    rounds: list[RoundHistory]
    # PEEL reports in the force's report catalogue whose round has no grades in the data (round, reports)
    catalogue_only: list[tuple[model.Round, list[dict]]] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        return [r for rh in self.rounds for r in rh.rows]


def force_years(t: Tables, force_id: str) -> list[str]:
    """Year labels with judgment rows for the force (pillar and area era), oldest round first."""
    years = {r["year"] for r in t.pillars + t.questions + t.areas if r["force_id"] == force_id}
    return sorted(years, key=_year_key)


def _year_key(year: str) -> tuple[int, str]:
    r = model.round_for_year(year)
    return (round_order(r) if r else len(model.rounds()), year)


def history(t: Tables, force: model.Force | str, years: list[str] | None = None, hide_gaps: bool = False) -> History:
    """The force's history over ``years`` (year labels; default every year it has rows in). A judgment a
    round's document holds but peelkit could not read is a row with an empty grade and the reason
    (``peelkit.gaps``); ``hide_gaps`` leaves those out."""
    f = model.resolve_force(force) if isinstance(force, str) else force
    held = force_years(t, f.force_id)
    if not held:
        raise DataError(f"{f.name} has no judgments in {t.data_dir}; run 'peelkit extract' on a State of "
                        "Policing report or a PEEL force report that grades it")
    chosen = [y for y in held if not years or y in years]
    out: list[RoundHistory] = []
    found = gaps.find(t.pillars + t.questions + t.areas, t.review)
    for year in chosen:
        r = model.round_for_year(year)
        if r is None:
            raise DataError(f"{f.name}: year {year} in {t.data_dir} is no PEEL round of data/rounds.toml")
        rh = RoundHistory(r, out[-1].round if out else None)
        mine = {k: v for k, v in found.items() if k[0] == year and k[1] == f.force_id}
        own = (_area_rows(t, f, year, mine) if r.era == "areas" else _pillar_rows(t, f, year, mine))
        if hide_gaps:
            own = [row for row in own if row["grade"]]
        rh.rows = [_stamp(rh, row) for row in own]
        out.append(rh)
    held_rounds = {r.round_id for r in (model.round_for_year(y) for y in held) if r}
    return History(f, out, catalogue_only(t, f, held_rounds))


def _stamp(rh: RoundHistory, row: dict) -> dict:
    r = rh.round
    return {"round": r.round_id, "label": r.label, "year": r.year, "era": r.era, "scale": r.scale,
            "previous_round": rh.previous.round_id if rh.previous else "",
            "comparable_with_previous": rh.comparable, "comparability_note": rh.reason, **row}


def _source_cols(r: dict) -> dict:
    return {"source_file": r.get("source_file", ""), "source_line": r.get("source_line", ""),
            "source_page": r.get("source_page", "")}


def _document(t: Tables, r: dict) -> str:
    return "national table" if t.is_national(r) else "force report"


def _pillar_rows(t: Tables, f: model.Force, year: str, found: dict) -> list[dict]:
    """Pillar judgments and their questions, national table first, then the force's own reports; a
    judgment the year's documents hold for other forces but not for this one, listed as not extracted."""
    mine = [r for r in t.pillars + t.questions if r["force_id"] == f.force_id and r["year"] == year]
    rows = []
    for r in mine:
        q = r.get("question_id", "")
        note = []
        if not r.get("grade"):
            note.append(gaps.reason(found.get(gaps.key_of(r), [])))
        last = r.get("last_inspected", "") if q else ""
        if q and last and last != year:
            note.append(carried(t, f.force_id, r["pillar"], q, r.get("grade", ""), last)[0])
        if r.get("grade") == model.UNGRADED:
            note.append("assessed, not graded")
        rows.append({"level": "question" if q else "pillar", "force": f.name, "force_id": f.force_id,
                     "pillar": r["pillar"], "question_id": q, "area_id": "",
                     "judgment": r.get("question") if q else label(r["pillar"], ""),
                     "grade": r.get("grade", ""), "trend": "" if q else r.get("trend", ""), "last_inspected": last,
                     "document": _document(t, r), "report_year": r.get("report_year", ""), "note": "; ".join(note),
                     **_source_cols(r)})
    have = {(r["pillar"], r["question_id"]) for r in rows}
    for (_, _, p, q, a), why in found.items():
        if a or not p or (p, q) in have:
            continue
        rows.append({"level": "question" if q else "pillar", "force": f.name, "force_id": f.force_id,
                     "pillar": p, "question_id": q, "area_id": "",
                     "judgment": _question_text(t, q, year) if q else label(p, ""), "grade": "", "trend": "",
                     "last_inspected": "", "document": "", "report_year": "", "note": gaps.reason(why),
                     "source_file": "", "source_line": "", "source_page": ""})
    national_first = {r["source_file"]: 0 if r["document"] == "national table" else 1 for r in rows}
    rows.sort(key=lambda r: (model.pillar_order(r["pillar"]), model.question_order(r["question_id"]),
                             r["question_id"], not r["source_file"], national_first.get(r["source_file"], 2),
                             r["source_file"], _int(r["source_page"]), _int(r["source_line"])))
    return rows


def _area_rows(t: Tables, f: model.Force, year: str, found: dict) -> list[dict]:
    """Area judgments in the round's order of areas, national lists first; an area the round's documents
    hold but peelkit could not read for the force, with an empty grade and the reason."""
    r_ = model.round_for_year(year)
    rows = []
    for r in (x for x in t.areas if x["force_id"] == f.force_id and x["year"] == year):
        area = r_.area(r["area_id"]) if r_ else None
        note = []
        if not r.get("grade"):
            note.append(gaps.reason(found.get(gaps.key_of(r), [])))
        elif r["grade"] == model.UNGRADED:
            note.append("assessed, not graded")
        if area is None:
            note.append(f"area {r['area_id']!r} is not in {r_.label if r_ else year}'s list in data/rounds.toml")
        rows.append({"level": "area", "force": f.name, "force_id": f.force_id, "pillar": "", "question_id": "",
                     "area_id": r["area_id"], "judgment": r.get("area") or (area.name if area else r["area_id"]),
                     "grade": r.get("grade", ""), "trend": "", "last_inspected": "", "document": _document(t, r),
                     "report_year": r.get("report_year", ""), "note": "; ".join(note), "_order": area.order if area else 99,
                     **_source_cols(r)})
    have = {r["area_id"] for r in rows}
    for (_, _, _, _, a), why in found.items():
        if not a or a in have:
            continue
        area = r_.area(a) if r_ else None
        rows.append({"level": "area", "force": f.name, "force_id": f.force_id, "pillar": "", "question_id": "",
                     "area_id": a, "judgment": area.name if area else a, "grade": "", "trend": "", "last_inspected": "",
                     "document": "", "report_year": "", "note": gaps.reason(why), "_order": area.order if area else 99,
                     "source_file": "", "source_line": "", "source_page": ""})
    rows.sort(key=lambda r: (r["_order"], r["area_id"], r["document"] != "national table", r["source_file"],
                             _int(r["source_page"]), _int(r["source_line"])))
    for r in rows:
        del r["_order"]
    return rows


def _question_text(t: Tables, question_id: str, year: str) -> str:
    for r in t.questions:
        if r["question_id"] == question_id and r["year"] == year and r.get("question"):
            return r["question"]
    q = model.question_by_id(question_id)
    return q.text if q else question_id


def _int(v: object) -> int:
    return int(v) if str(v or "").isdigit() else 0  # type: ignore[arg-type]


# ------------------------------------------------------------------ the report catalogue

_ROUND_IN_TITLE = re.compile(r"20\d\d(?:\s*/\s*(?:20)?\d\d)?")


def report_round(title: str) -> model.Round | None:
    """The round a PEEL report's title names ('PEEL: Police effectiveness 2016' -> PEEL 2016; '... 2021/22'
    -> PEEL 2021/22): its last year or year label."""
    found = _ROUND_IN_TITLE.findall(title or "")
    return model.find_round(found[-1].replace(" ", "")) if found else None


def catalogue_only(t: Tables, f: model.Force, held_rounds: set[str]) -> list[tuple[model.Round, list[dict]]]:
    """PEEL reports in the force's catalogue (reports.csv) whose round has no grades in the data, per round
    (oldest first): what extracting those reports would add."""
    by: dict[str, list[dict]] = {}
    for r in t.reports:
        if r.get("force_id") != f.force_id or r.get("type") != "peel":
            continue
        rd = report_round(r.get("title", ""))
        if rd is not None and rd.round_id not in held_rounds:
            by.setdefault(rd.round_id, []).append(r)
    return [(model.round_by_id(rid), sorted(rs, key=lambda r: r.get("date") or "9999"))  # type: ignore[misc]
            for rid, rs in sorted(by.items(), key=lambda kv: round_order(model.round_by_id(kv[0])))]  # type: ignore


def catalogue_note(h: History) -> str:
    """'The report catalogue lists PEEL reports of rounds with no grades in the data: PEEL 2015 (4 reports,
    2015-10-20 to 2016-02-18), ...; extract them to add their grades.' ('' when there are none)."""
    if not h.catalogue_only:
        return ""
    parts = []
    for rd, reps in h.catalogue_only:
        dates = [r["date"] for r in reps if r.get("date")]
        span = "" if not dates else (f", {dates[0]}" if dates[0] == dates[-1] else f", {dates[0]} to {dates[-1]}")
        n = f"{len(reps)} report" + ("s" if len(reps) != 1 else "")
        parts.append(f"{rd.label} ({n}{span})")
    src = sorted({r["source_file"] for _, reps in h.catalogue_only for r in reps})
    return (f"The report catalogue ({', '.join(src)}) lists {h.force.name}'s PEEL reports of rounds with no grades "
            f"in the data: {'; '.join(parts)}. Extract those reports to add their grades.")


def source_of(row: dict) -> str:
    return where(row["source_file"], row["source_line"], row["source_page"]) if row["source_file"] else ""


def history_sources(t: Tables, force: model.Force) -> list[str]:
    """Every file the force's history takes a grade from (none when the force has no judgments)."""
    try:
        return sorted({r["source_file"] for r in history(t, force).rows if r["source_file"]})
    except DataError:
        return []
