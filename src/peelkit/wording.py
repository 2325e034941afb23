"""How peelkit words counts, the way the Inspectorate's reports do (no pandas, no I/O).

Shared by compare, totals and export so that a standing or a totals sentence reads the same in a
terminal, a CSV and a board paper.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import model


def grade_order(scale: int) -> list[str]:
    return list(model.scale_grades(scale))


def scale_words(scale: int | str) -> str:
    """'4-tier scale (Outstanding, Good, Requires improvement, Inadequate)': the scale a distribution uses;
    the 5-tier scale (PEEL 2021/22 on) adds Adequate."""
    n = int(scale)
    return f"{n}-tier scale ({', '.join(grade_order(n))})"


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 force', '43 forces' (digits)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def grade_words(grade: str) -> str:
    """A grade after a count, as the reports write it: 'good', 'requiring improvement'."""
    return "requiring improvement" if grade == "Requires improvement" else grade.lower()


def count_grade(n: int, grade: str, words: bool = False) -> str:
    """'6 requiring improvement', 'six requiring improvement' (``words``), '1 outstanding'."""
    return f"{model.number_words(n) if words else n} {grade_words(grade)}"


def standing(grade: str, counts: Mapping[str, int], scale: int) -> str:
    """'one of 35 forces graded good; 1 outstanding' — where a grade sits in a distribution."""
    if not grade:
        return ""
    order = grade_order(scale)
    if grade not in order:
        return f"{grade} (not counted)"
    k = counts.get(grade, 0)
    g = "as requiring improvement" if grade == "Requires improvement" else grade.lower()
    head = f"the only force graded {g}" if k == 1 else f"one of {k} forces graded {g}"
    better = [count_grade(counts[x], x) for x in order[:order.index(grade)] if counts.get(x)]
    if better:
        return head + "; " + ", ".join(better)
    return head + ("; none graded higher" if order.index(grade) > 0 else "")


def join(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def sentence(counts: Mapping[str, int], measure: str, scale: int) -> str:
    """'one outstanding, 35 good, six requiring improvement and one inadequate'."""
    values = list(model.TRENDS) if measure == "trend" else grade_order(scale) + [model.UNGRADED]
    parts = [count_grade(counts[v], v, words=True) if measure != "trend"
             else f"{model.number_words(counts[v])} {v.lower()}" for v in values if counts.get(v)]
    if not parts:
        return "nothing placed"
    return join(parts)
