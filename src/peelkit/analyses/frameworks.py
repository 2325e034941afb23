"""Which PEEL rounds can be compared grade for grade, why not when they cannot, and grades of two rounds
set side by side without comparing them.

Rounds are data (data/rounds.toml): two rounds are comparable only within one framework and one grade
scale (``Round.comparable``). A round whose framework differs from the round before it carries the
Inspectorate's reason (``not_comparable``); between rounds further apart every such break is quoted.
Plain Python over row dicts (no pandas): ``history`` and ``diff`` share it.
"""

from __future__ import annotations

from .. import model, wording
from ..profile import where

NOT_COMPARABLE = "not comparable"


def round_of(row: dict) -> model.Round | None:
    """The round a judgment row belongs to: its ``round`` column, else the round of its year label."""
    return model.round_by_id(str(row.get("round") or "")) or model.round_for_year(str(row.get("year") or ""))


def round_order(r: model.Round) -> int:
    return [x.round_id for x in model.rounds()].index(r.round_id)


def describe(r: model.Round) -> str:
    """'PEEL 2021/22 (5-tier scale, areas of policing)'."""
    era = "areas of policing" if r.era == "areas" else "pillars and questions"
    return f"{r.label} ({r.scale}-tier scale, {era})"


def breaks(a: model.Round, b: model.Round) -> list[model.Round]:
    """The rounds after the older of ``a`` and ``b`` up to the newer whose framework or scale differs from
    the round before them (oldest first): where the comparison breaks."""
    rs = model.rounds()
    lo, hi = sorted((round_order(a), round_order(b)))
    return [rs[i] for i in range(lo + 1, hi + 1) if not rs[i].comparable(rs[i - 1])]


def reason(a: model.Round, b: model.Round) -> str:
    """Why the grades of two rounds are not compared, quoting the Inspectorate where rounds.toml records its
    words: 'PEEL 2018/19 (4-tier scale, ...) and PEEL 2021/22 (5-tier scale, ...) are not comparable: the
    Inspectorate says ... (justiceinspectorates.gov.uk/...)'."""
    old, new = sorted((a, b), key=round_order)
    why = []
    for r in breaks(old, new) or [new]:
        if r.not_comparable:
            why.append(r.not_comparable + (f" ({r.not_comparable_source})" if r.not_comparable_source else ""))
        else:
            why.append(f"{r.label} inspects against another framework ({r.framework}) than the round before it; "
                       "the Inspectorate's words on comparing them are not recorded in data/rounds.toml")
    return f"{describe(old)} and {describe(new)} are not comparable: " + "; ".join(why)


def off_scale(grade: str, r: model.Round | None) -> str:
    """A note when ``grade`` is not a grade of the round's scale (an 'Adequate' in a 4-tier round), else ''."""
    if not grade or r is None or grade == model.UNGRADED or grade in r.grades:
        return ""
    return f"{grade} is not a grade of {r.label}'s {wording.scale_words(r.scale)}"


def item_key(row: dict) -> str:
    """What a judgment is about, for matching across frameworks: an area and a question with the same id
    ('investigating-crime') are set side by side; a pillar judgment matches only the same pillar."""
    return row.get("area_id") or row.get("question_id") or f"pillar:{row.get('pillar', '')}"


def _source(r: dict | None) -> str:
    return where(r["source_file"], r.get("source_line", ""), r.get("source_page", "")) if r else ""


def side_by_side(old_rows: list[dict], new_rows: list[dict], note: str) -> tuple[list[dict], dict[str, int]]:
    """Grades of two rounds that are not comparable, set side by side per force: every item of either side,
    an item of both (same pillar, same question or area id) on one row; the change is always
    'not comparable' and ``note`` says why. Trends are left out: no row is given a direction. Only forces both sides hold are listed; the rows of the other
    forces are counted per side (``old``/``new``)."""
    forces = {r["force_id"] for r in old_rows} & {r["force_id"] for r in new_rows}
    not_covered = {side: sum(1 for r in rows if r["force_id"] not in forces)
                   for side, rows in (("old", old_rows), ("new", new_rows))}
    out: list[dict] = []
    for fid in sorted(forces, key=lambda i: next(r["force"] for r in old_rows if r["force_id"] == i)):
        olds: dict[str, dict] = {}
        for r in old_rows:
            if r["force_id"] == fid:
                olds.setdefault(item_key(r), r)
        news: dict[str, dict] = {}
        for r in new_rows:
            if r["force_id"] == fid:
                news.setdefault(item_key(r), r)
        keys = list(olds) + [k for k in news if k not in olds]
        for k in keys:
            a, b = olds.get(k), news.get(k)
            ref = a or b
            out.append({
                "force": ref["force"], "force_id": fid,  # type: ignore[index]
                "pillar": (a or {}).get("pillar") or (b or {}).get("pillar", ""),
                "question_id": (a or {}).get("question_id") or (b or {}).get("question_id", ""),
                "area_id": (b or {}).get("area_id") or (a or {}).get("area_id", ""),
                "old_year": a["year"] if a else "", "new_year": b["year"] if b else "",
                "old_grade": a["grade"] if a else "", "new_grade": b["grade"] if b else "",
                "change": NOT_COMPARABLE,
                # no trends: a printed trend is a direction, and nothing here is given one
                "old_trend": "", "new_trend": "", "printed_trend": "", "trend_check": "n/a",
                "old_last_inspected": (a or {}).get("last_inspected", ""),
                "new_last_inspected": (b or {}).get("last_inspected", ""),
                "old_source": _source(a), "new_source": _source(b),
                "old_scale": (a or {}).get("scale", ""), "new_scale": (b or {}).get("scale", ""),
                "note": note,
            })
    return out, {k: v for k, v in not_covered.items() if v}
