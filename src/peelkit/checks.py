"""The document checks itself: totals derived from the rows against the totals it prints.

Pure Python over lists of row dicts, so ``extract`` stays fast; the ``totals`` analysis and
``validate`` reuse these functions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import model
from .schema import Where, finding


@dataclass(frozen=True)
class Comparison:
    """A total the document prints beside the one derived from the rows."""

    year: str
    pillar: str
    question_id: str
    measure: str  # grade | trend
    value: str
    printed: int
    derived: int
    placed: int  # forces with a value in the derived column
    kind: str  # table | sentence
    source_file: str
    source_line: int | None
    source_page: int | None

    def status(self, expected_forces: int | None = None) -> str:
        """ok | mismatch | unverifiable (fewer forces placed than expected, by default every force of
        data/forces.csv: see review.csv)."""
        return check_status(self.derived, [self.printed], self.placed,
                            model.force_count() if expected_forces is None else expected_forces)


def check_status(derived: int, printed: list[int], placed: int, expected_forces: int) -> str:
    """ok: equal to every printed figure. mismatch: the rows contradict the document (all forces placed and
    different, or more forces counted than printed). unverifiable: some forces could not be placed and the
    count is not above the printed one. unprinted: nothing printed to check against."""
    if not printed:
        return "unprinted"
    if all(derived == p for p in printed):
        return "ok"
    if placed < expected_forces and all(derived <= p for p in printed):
        return "unverifiable"
    return "mismatch"


def _key(row: dict) -> tuple[str, str, str]:
    return (str(row["year"]), str(row["pillar"]), str(row.get("question_id") or ""))


def derived_counts(pillars: list[dict], questions: list[dict]) -> dict[tuple[str, str, str, str], Counter]:
    """(year, pillar, question_id, measure) -> Counter of values, over the tidy rows of national tables
    (rows from a force report, which carry its ``report_year``, are not forces of the national table)."""
    out: dict[tuple[str, str, str, str], Counter] = {}
    pillars = [r for r in pillars if not r.get("report_year")]
    questions = [r for r in questions if not r.get("report_year")]
    for row in pillars:
        y, p, _ = _key(row)
        for measure in ("grade", "trend"):
            if row.get(measure):
                out.setdefault((y, p, "", measure), Counter())[row[measure]] += 1
    for row in questions:
        y, p, q = _key(row)
        if row.get("grade"):
            out.setdefault((y, p, q, "grade"), Counter())[row["grade"]] += 1
    return out


def compare(pillars: list[dict], questions: list[dict], printed: list[dict]) -> list[Comparison]:
    counts = derived_counts(pillars, questions)
    out = []
    for t in printed:
        y, p, q = _key(t)
        c = counts.get((y, p, q, t["measure"]), Counter())
        out.append(Comparison(y, p, q, t["measure"], t["value"], int(t["count"]), c[t["value"]],
                              sum(c.values()), t["kind"], t["source_file"], _int(t.get("source_line")),
                              _int(t.get("source_page"))))
    return out


def _int(v: object) -> int | None:
    if v in (None, ""):
        return None
    return int(v)  # type: ignore[arg-type]


def review_rows(comparisons: list[Comparison], printed: list[dict], expected_forces: int | None = None) -> list[dict]:
    """Review rows for every disagreement, and for printed total sets that do not add up (to
    ``expected_forces``, by default every force of data/forces.csv)."""
    if expected_forces is None:
        expected_forces = model.force_count()
    rows = []
    for c in comparisons:
        status = c.status(expected_forces)
        if status == "ok":
            continue
        what = f"{c.pillar}{' / ' + c.question_id if c.question_id else ''} {c.measure} {c.value!r}"
        incomplete = f" (only {c.placed} of {expected_forces} forces placed, see count_mismatch rows)" \
            if status == "unverifiable" else ""
        rows.append(finding(
            "total_unverifiable" if status == "unverifiable" else "total_mismatch",
            f"{c.year} {what}: the document prints {c.printed} ({c.kind}) but the rows give {c.derived}{incomplete}",
            source_file=c.source_file, where=Where(c.source_line, c.source_page), pillar=c.pillar,
            question_id=c.question_id or None, expected=c.printed, found=c.derived))
    # one statement of a set of totals (a Totals block, a sentence) is added up on its own: the same
    # totals printed again (a summary and a chapter) start a new statement, never a larger sum
    sums: Counter = Counter()
    where: dict = {}
    values: dict = {}
    order = sorted(printed, key=lambda t: (_int(t.get("source_page")) or 0, _int(t.get("source_line")) or 0))
    for t in order:
        base = (*_key(t), t["measure"], t["kind"], t["source_file"])
        n = values.setdefault(base, [0, set()])
        if t["value"] in n[1]:
            n[0], n[1] = n[0] + 1, set()
        n[1].add(t["value"])
        k = (*base, n[0])
        sums[k] += int(t["count"])
        where.setdefault(k, (t.get("source_line"), t.get("source_page")))
    for k, total in sums.items():
        if total != expected_forces:
            y, p, q, measure, kind, src, _ = k
            rows.append(finding(
                "totals_sum", f"{y} {p}{' / ' + q if q else ''} printed {measure} totals ({kind}) add up to {total}, "
                f"not {expected_forces} forces",
                source_file=src, where=Where(*where[k]), pillar=p, question_id=q or None, expected=expected_forces,
                found=total))
    return rows
