"""Cross-source reconciliation: a carried-forward national grade against the force's own report.

A national table (State of Policing) prints, for some questions, a grade carried forward from an
earlier inspection ("last inspected 2016/17" in the 2018/19 table). When the force's PEEL report for
that round is in the data (a ``questions`` row with ``year`` equal to that ``last_inspected`` and a
``report_year``), the two grades must agree; a disagreement is a ``source_conflict`` review row that
names both files and lines. Pure Python over lists of row dicts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Where, finding


@dataclass(frozen=True)
class Match:
    """One carried-forward national grade and the force-report grade it was compared with."""

    force_id: str
    pillar: str
    question_id: str
    year: str  # the national table's year
    last_inspected: str
    national: dict
    report: dict

    @property
    def agrees(self) -> bool:
        return self.national.get("grade") == self.report.get("grade")


def _is_report_row(row: dict) -> bool:
    """Rows from PEEL force reports carry the report's title year; national rows do not."""
    return bool(row.get("report_year"))


def _where(row: dict) -> str:
    if row.get("source_page") not in (None, ""):
        return f"{row.get('source_file')} page {row.get('source_page')}"
    return f"{row.get('source_file')} line {row.get('source_line')}"


def comparisons(tables: dict[str, list[dict]]) -> list[Match]:
    """Every carried-forward national question grade that has a force-report grade for the same round."""
    questions = tables.get("questions", [])
    reports: dict[tuple[str, str, str, str], dict] = {}
    for r in questions:
        if _is_report_row(r) and r.get("grade"):
            reports.setdefault((r["force_id"], r["pillar"], r["question_id"], r["year"]), r)
    out = []
    for r in questions:
        if _is_report_row(r) or not r.get("grade"):
            continue
        last = r.get("last_inspected") or ""
        if not last or last == r.get("year"):
            continue
        rep = reports.get((r["force_id"], r["pillar"], r["question_id"], last))
        if rep is not None:
            out.append(Match(r["force_id"], r["pillar"], r["question_id"], r["year"], last, r, rep))
    return out


def reconcile(tables: dict[str, list[dict]]) -> list[dict]:
    """Review rows (kind ``source_conflict``) for every carried-forward grade its force report contradicts."""
    rows = []
    for m in comparisons(tables):
        if m.agrees:
            continue
        n, r = m.national, m.report
        rows.append(finding(
            "source_conflict",
            f"{n.get('force')} {m.question_id}: the {m.year} table ({_where(n)}) carries forward "
            f"{n.get('grade')!r} from {m.last_inspected}, but the {m.last_inspected} force report "
            f"({_where(r)}) grades it {r.get('grade')!r}",
            source_file=n.get("source_file"), where=Where(n.get("source_line") or None, n.get("source_page") or None),
            pillar=m.pillar, question_id=m.question_id, expected=r.get("grade"), found=n.get("grade")))
    return rows
