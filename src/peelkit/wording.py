"""How peelkit words counts, the way the Inspectorate's reports do (no pandas, no I/O).

Shared by compare, totals and export so that a standing or a totals sentence reads the same in a
terminal, a CSV and a board paper.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import model


def grade_order(scale: int) -> list[str]:
    return list(model.GRADES_5 if scale == 5 else model.GRADES_4)


def standing(grade: str, counts: Mapping[str, int], scale: int) -> str:
    """'one of 35 forces graded good; 1 outstanding' — where a grade sits in a distribution."""
    if not grade:
        return ""
    order = grade_order(scale)
    if grade not in order:
        return f"{grade} (not counted)"
    k = counts.get(grade, 0)
    head = f"the only force graded {grade.lower()}" if k == 1 else f"one of {k} forces graded {grade.lower()}"
    better = [f"{counts[g]} {g.lower()}" for g in order[:order.index(grade)] if counts.get(g)]
    if better:
        return head + "; " + ", ".join(better)
    return head + ("; none graded higher" if order.index(grade) > 0 else "")


def sentence(counts: Mapping[str, int], measure: str, scale: int) -> str:
    """'one outstanding, 35 good, six requires improvement and one inadequate'."""
    values = list(model.TRENDS) if measure == "trend" else grade_order(scale) + [model.UNGRADED]
    parts = [f"{model.number_words(counts[v])} {v.lower()}" for v in values if counts.get(v)]
    if not parts:
        return "nothing placed"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
