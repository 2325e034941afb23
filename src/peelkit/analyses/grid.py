"""peelkit grid: forces x judgments for one year, the table analysts otherwise build with a pivot.

One row per force of the comparison group (every force of the year's national table, a region, or a
peer group), one column per judgment: the pillars (``--level pillar``), the questions (``question``) or
the areas of policing that rounds from 2021/22 grade (``area``, when the schema has an ``areas``
table). A cell holds the grade, or is empty when the data has none (not extracted): never a guess.
Plain Python over ``peelkit.profile.Tables``; no pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model, store, wording
from ..errors import DataError, UnknownNameError, UsageError
from ..profile import Tables, YearView, label, year_view
from ..schema import TABLES
from .areas import area_tables, is_area_year

LEVELS = ("pillar", "question", "area")
KEY_COLUMNS = ["force", "force_id", "region"]


@dataclass
class Grid:
    year: str
    level: str
    group: str  # 'national', 'region (East Midlands)', 'peer group: ...'
    national: bool
    scale: int
    keys: list[str]  # column names of the judgments, in PEEL order
    labels: dict[str, str]  # column -> a short label ('Preventing crime')
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return KEY_COLUMNS + self.keys

    def missing(self) -> dict[str, int]:
        """Column -> how many forces of the grid have no grade in it."""
        return {k: sum(1 for r in self.rows if not r.get(k)) for k in self.keys}


def _grid_year(t: Tables, year: str | None, level: str) -> str:
    """The grid's year: ``--year`` among the years the data holds (any era; a round held in the other era
    is refused by the caller with the level to use), else the latest national table for the pillar and
    question levels and the latest area round for the area level."""
    from ..names import resolve_year

    area_years = sorted({r["year"] for r in t.areas})
    if year:
        held = sorted(set(t.years()) | set(area_years))
        if not area_years:
            return t.resolve_year(year)
        try:
            y = resolve_year(year, held)
        except UnknownNameError as exc:
            raise UnknownNameError("year", year, [x for x in exc.suggestions if x in held] or held[::-1][:3],
                                   hint=f"the data holds {', '.join(held)}") from None
        if y not in held:
            raise UnknownNameError("year", year, held[::-1][:3], hint=f"the data holds {', '.join(held)}")
        return y
    if level == "area":
        if not area_years:
            raise DataError(f"{t.data_dir}: no area judgments (areas.csv has no rows); --level area needs a "
                            "2021/22 or later force report extracted")
        return area_years[-1]
    if not t.years() and area_years:
        raise UsageError(f"{t.data_dir} holds only area-era rounds ({', '.join(area_years)}): they graded areas "
                         "of policing, not pillars or questions (use --level area)")
    return t.default_year()


def _area_table() -> tuple[str, str]:
    """The areas table and its area column, when the schema has them."""
    spec = TABLES.get("areas")
    if spec is None:
        raise UsageError("--level area needs the areas of policing that PEEL grades from 2021/22; these tables "
                         "hold none (levels here: pillar, question)")
    cols = [f["name"] for f in spec["fields"]]  # type: ignore[index]
    col = next((c for c in ("area_id", "area") if c in cols), None)
    if col is None or "grade" not in cols:
        raise UsageError("the areas table has no area and grade columns to grid")
    return "areas", col


def grid(t: Tables, year: str | None = None, level: str = "pillar", group: list[str] | None = None,
         hide_gaps: bool = False) -> Grid:
    """Forces x judgments; an empty cell is a judgment not extracted, and the notes say why per column
    (``peelkit.gaps``). ``hide_gaps`` leaves out the columns no force of the grid has a grade in."""
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    y = _grid_year(t, year, level)
    _check_era(t, y, level)
    v = year_view(area_tables(t) if level == "area" else t, y, None, group)
    names = {f.force_id: f for f in model.forces()}
    out = Grid(y, level, v.label, v.national, v.scale, [], {})
    cells, view_key = _columns(t, v, out)
    for fid in sorted(cells, key=lambda i: names[i].name if i in names else i):
        f = names.get(fid)
        row = {"force": f.name if f else fid, "force_id": fid, "region": f.region if f else ""}
        row.update({k: cells[fid].get(k, "") for k in out.keys})
        out.rows.append(row)
    _gap_notes(out, v, view_key, hide_gaps)
    if not v.national:
        out.notes.append(f"{wording.plural(len(out.rows), 'force')} in the data for {y}; no national table")
    return out


def _check_era(t: Tables, y: str, level: str) -> None:
    """A pillar-era round has no areas, an area-era round no pillars or questions: a usage error naming the
    level (or rounds) to use."""
    if is_area_year(y) == (level == "area"):
        return
    if level == "area":
        raise UsageError(f"{y} is a pillar-era round: it graded pillars and questions, not areas of policing "
                         "(use --level pillar or question, or an area round: "
                         + (", ".join(sorted({r['year'] for r in t.areas})) or "none in this data") + ")")
    raise UsageError(f"{y} is an area-era round: it graded areas of policing, not pillars or questions "
                     "(use --level area)")


def _columns(t: Tables, v: YearView, out: Grid) -> tuple[dict[str, dict[str, str]], dict[str, tuple[str, str]]]:
    """The grid's columns (``out.keys`` and ``out.labels``) at its level, and its cells: force -> column ->
    grade. Also column -> the view's (pillar, question) key, for the findings of an empty column."""
    view_key: dict[str, tuple[str, str]] = {}
    cells: dict[str, dict[str, str]] = {fid: {} for fid in v.group_ids}
    if out.level == "pillar":
        out.keys = [p for p in v.pillars]
        out.labels = {p: p.capitalize() for p in out.keys}
        view_key = {p: (p, "") for p in out.keys}
        for r in v.pillar_rows:
            cells.setdefault(r["force_id"], {})[r["pillar"]] = r.get("grade") or ""
    elif out.level == "question":
        out.keys = [q for p in v.pillars for q in v.questions(p)]
        view_key = {q: (p, q) for p in v.pillars for q in v.questions(p)}
        out.labels = {q: label(model.question_by_id(q).pillar if model.question_by_id(q) else "", q)
                      for q in out.keys}
        for r in v.question_rows:
            cells.setdefault(r["force_id"], {})[r["question_id"]] = r.get("grade") or ""
    else:
        table, col = _area_table()
        rows = store.read_rows(t.data_dir, table) if (t.data_dir / f"{table}.csv").is_file() else []
        rows = [r for r in rows if r.get("year") == out.year and (r.get("force_id") in cells or v.group_ids == [])]
        if not rows:
            raise DataError(f"no {table} rows for {out.year} in {t.data_dir}")
        out.keys = list(dict.fromkeys(r[col] for r in rows))
        out.labels = {k: k for k in out.keys}
        view_key = {k: key for key in v.keys for k in out.keys if k in key}
        for r in rows:
            cells.setdefault(r["force_id"], {})[r[col]] = r.get("grade") or ""
    return cells, view_key


def _gap_notes(out: Grid, v: YearView, view_key: dict[str, tuple[str, str]], hide_gaps: bool) -> None:
    """A note per column with empty cells (how many, and why: the view's findings); with ``hide_gaps`` the
    columns no force has a grade in are left out first, and a note says which."""
    gaps = {k: n for k, n in out.missing().items() if n}
    if hide_gaps:
        empty = [k for k, n in gaps.items() if n == len(out.rows)]
        out.keys = [k for k in out.keys if k not in empty]
        for row in out.rows:
            for k in empty:
                row.pop(k, None)
        if empty:
            out.notes.append(f"--hide-gaps: left out {', '.join(out.labels[k] for k in empty)} (no force's grade "
                             "could be read)")
        gaps = {k: n for k, n in gaps.items() if k not in empty}
    for k, n in gaps.items():
        whom = "for every force" if n == len(out.rows) else f"for {n} of {len(out.rows)} forces"
        why = v.missing_note(view_key[k]) if k in view_key else "no value in the data for this judgment"
        out.notes.append(f"{out.labels[k]}: empty = not extracted {whom}: {why}")
