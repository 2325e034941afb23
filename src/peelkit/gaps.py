"""Gaps: judgments a document holds but peelkit could not read, found and worded once for every command.

A gap is a (year, force, pillar, question or area) that a source's findings say could not be read for a
force that source covers, and for which no source gives a grade: a column refused because its values did
not line up with the forces, a force row not found, a cell that holds no grade. Rows the tables hold with
an empty grade are gaps too. ``query``, ``compare``, ``history`` and ``grid`` list each gap as a judgment
with an empty grade and its reason, ``diff`` calls it "not extracted", ``totals`` and the board paper count
what was read ("16 of the 18 forces read; 25 not read"). Plain Python over row dicts (no pandas).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import model

NOT_EXTRACTED = "not extracted"

# findings that say a value could not be read (the others: totals checks, conflicts between sources, dates
# and sentences, are about values that were read)
WHY = {
    "count_mismatch": "its column did not line up with the forces",
    "missing_force": "the force's row was not found in the table",
    "layout": "the table's layout could not be read there",
    "duplicate_force": "the force is listed twice",
    "unexpected_value": "the cell does not hold a grade peelkit knows",
    "bad_row": "the row could not be read",
    "unrecognised_line": "a line of the table could not be read",
    "off_scale": "the grade printed is not one of the round's grades",
    "unknown_area": "the area printed is not one of the round's areas",
    "missing_area": "the area was not found in the report",
    "duplicate_area": "the area is graded twice",
    "reader_conflict": "two readings of the page disagree",
    "reader_tie": "two readings of the page are equally likely",
    "unknown_round": "the report's round could not be told",
    "statement_conflict": "the document states two grades for it",
}
GAP_KINDS = frozenset(WHY)

Key = tuple[str, str, str, str, str]  # (year, force_id, pillar, question_id, area_id)


def _s(v: object) -> str:
    return "" if v is None else str(v)


def key_of(row: dict) -> Key:
    return (_s(row.get("year")), _s(row.get("force_id")), _s(row.get("pillar")), _s(row.get("question_id")),
            _s(row.get("area_id")))


def find(judgments: Iterable[dict], review: Iterable[dict]) -> dict[Key, list[dict]]:
    """Every gap: key -> the findings that explain it (empty for a row held with no grade and no finding).

    ``judgments``: pillar, question and area rows (any mix; ``area_id``/``question_id`` may be missing);
    ``review``: the package's findings. A finding of file F about a pillar/question or an area makes a gap
    for every force F has rows for (in each year F has rows in) that no source gives a grade for."""
    rows = list(judgments)
    graded = {key_of(r) for r in rows if r.get("grade")}
    covers: dict[str, dict[str, set[str]]] = {}  # file -> year -> forces it has rows for
    for r in rows:
        covers.setdefault(_s(r.get("source_file")), {}).setdefault(_s(r.get("year")), set()).add(_s(r.get("force_id")))
    out: dict[Key, list[dict]] = {}
    for r in rows:
        if not r.get("grade"):
            out.setdefault(key_of(r), [])
    for x in review:
        if x.get("kind") not in GAP_KINDS or not (x.get("pillar") or x.get("area_id")):
            continue
        for year, forces in covers.get(_s(x.get("source_file")), {}).items():
            for fid in forces:
                k = (year, fid, _s(x.get("pillar")), _s(x.get("question_id")), _s(x.get("area_id")))
                if k not in graded:
                    out.setdefault(k, []).append(x)
    return out


def _places(findings: list[dict], main: str = "", most: int = 3) -> str:
    """'file line 410, line 536, other.pdf page 3': each file named once (``main`` not at all)."""
    seen: list[tuple[str, str]] = []
    for x in sorted(findings, key=_order):
        page, line = x.get("source_page"), x.get("source_line")
        at = f"page {page}" if page not in (None, "") else f"line {line}" if line not in (None, "") else ""
        if (_s(x.get("source_file")), at) not in seen:
            seen.append((_s(x.get("source_file")), at))
    more = f" and {len(seen) - most} more" if len(seen) > most else ""
    seen = seen[:most]
    units = {at.split(" ")[0] for _, at in seen if at}
    if len({f for f, _ in seen}) == 1 and len(units) == 1 and len(seen) > 1 and all(at for _, at in seen):
        f, unit = seen[0][0], units.pop()  # 'file lines 410, 536'
        return f"{'' if f == main else f + ' '}{unit}s " + ", ".join(at.split(" ")[1] for _, at in seen) + more
    parts, last = [], None
    for f, at in seen:
        named = f if f != main and f != last else ""
        parts.append(f"{named} {at}".strip() or f)
        last = f
    return ", ".join(parts) + more


def reason(findings: list[dict], see: str = "review.csv", plain: bool = False, main: str = "") -> str:
    """Why a judgment is not extracted, in words: 'not extracted: its column did not line up
    with the forces (review.csv: count_mismatch at file lines 410, 536)'. ``plain`` (the board paper):
    no finding codes, '(see Notes: line 410)'; ``main``: the file not named again (the paper's source)."""
    return f"{NOT_EXTRACTED}: {explain(findings, see, plain, main)}"


def explain(findings: list[dict], see: str = "review.csv", plain: bool = False, main: str = "") -> str:
    """``reason`` without its 'not extracted: '."""
    findings = [x for x in findings if x.get("kind") in GAP_KINDS] or findings
    if not findings:
        return f"no grade was placed for it (see {see})"
    whys = list(dict.fromkeys(WHY.get(_s(x.get("kind")), "it could not be read with certainty") for x in findings))
    shown = _places(findings, main)
    if plain:
        return f"{'; '.join(whys)} (see {see}: {shown})"
    kinds = ", ".join(sorted({_s(x.get('kind')) for x in findings}))
    return f"{'; '.join(whys)} ({see}: {kinds} at {shown})"


def _order(x: dict) -> tuple:
    def n(v: object) -> int:
        return int(v) if str(v or "").isdigit() else 0  # type: ignore[arg-type]

    return (_s(x.get("source_file")), n(x.get("source_page")), n(x.get("source_line")))


def gap_row(key: Key, findings: list[dict], names: dict[str, str] | None = None) -> dict:
    """A judgment row (the query/history shape) for a gap: empty grade, where the finding is, the reason."""
    year, fid, pillar, qid, aid = key
    r = model.round_for_year(year)
    f = model.force_by_id(fid) if fid else None
    first = sorted(findings, key=_order)[0] if findings else {}
    question = ""
    if qid:
        q = model.question_by_id(qid)
        question = (names or {}).get(qid) or (q.text if q else qid)
    area = ""
    if aid:
        a = r.area(aid) if r else None
        area = a.name if a else aid
    return {"year": year, "round": r.round_id if r else "", "scale": str(r.scale) if r else "",
            "level": "area" if aid else "question" if qid else "pillar", "force": f.name if f else fid,
            "force_id": fid, "pillar": pillar, "question_id": qid, "question": question, "area_id": aid,
            "area": area, "grade": "", "trend": "", "last_inspected": "", "report_year": "",
            "source_file": _s(first.get("source_file")), "source_line": _s(first.get("source_line")),
            "source_page": _s(first.get("source_page")), "note": reason(findings)}


def read_counts(placed: int, expected: int, value_count: int | None = None) -> str:
    """'16 of the 18 forces read; 25 not read' (a value's count among the forces read), '18 of the 43 forces
    read; 25 not read' (no value), or '' when every force was read."""
    if expected <= 0 or placed >= expected:
        return ""
    missing = expected - placed
    if placed == 0:
        return f"none of the {expected} forces read"
    if value_count is None:
        return f"{placed} of the {expected} forces read; {missing} not read"
    return f"{value_count} of the {placed} forces read; {missing} not read"
