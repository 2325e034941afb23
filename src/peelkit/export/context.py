"""The Context a board paper is built over, and what the pillar-era paper (``sheets``) and the area-era paper
(``area_sheets``) share: the Context itself (the year's comparison group and, when a force is chosen, its
profile from ``peelkit.profile``, the same one ``compare`` prints) and how it is made from the clean tables,
the Cover's closing facts and key, and the accessible version's grade markers.

Both papers' builders import this module; neither imports the other's.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, model
from ..analyses.areas import is_area_year
from ..checks import Comparison, compare
from ..errors import DataError
from ..profile import NOT_EXTRACTED, ForceProfile, Tables, YearView, force_profile, where, year_view
from .book import Sheet

SELECTED_MARK = "►"  # in the rotated "Selected" column; the row is also bold
LOW_GRADES = ("Requires improvement", "Inadequate")

# what each grade cell shows besides its text in the accessible version: a marker that is text, so it
# survives printing, PDF and screen readers (shown through the cell's number format; the value stays the grade)
MARKERS = {
    "Outstanding": "★★", "Good": "★", "Adequate": "■", "Requires improvement": "▲",
    "Inadequate": "▲▲", model.UNGRADED: "–", NOT_EXTRACTED: "?",
}
MARKER_WORDS = {
    "Outstanding": "two stars", "Good": "one star", "Adequate": "a square",
    "Requires improvement": "one warning triangle", "Inadequate": "two warning triangles",
    model.UNGRADED: "a dash", NOT_EXTRACTED: "a question mark",
}


@dataclass
class Context:
    tables: Tables
    view: YearView  # every force of the year: pillar sheets, chart, totals
    force: model.Force | None
    prof: ForceProfile | None  # the force against its comparison group (``group``)
    accessible: bool
    comparisons: list[Comparison] = field(default_factory=list)
    catalogue: list[dict] = field(default_factory=list)
    # an area-era round (PEEL 2021/22 on): the view and profile are over its area rows (``area_sheets``)
    area_round: model.Round | None = None
    history_rounds: list[str] = field(default_factory=list)  # the force's other rounds in the data (labels)

    @property
    def group(self) -> YearView:
        """The comparison group of the Summary's standings: national, a region or a peer group."""
        return self.prof.view if self.prof is not None else self.view

    @property
    def group_head(self) -> str:
        """'National', 'East Midlands' or 'Peer group': heads the Summary's distribution columns."""
        g = self.group
        if g.label == "national":
            return "National"
        if g.label.startswith("region"):
            return g.label.removeprefix("region (").split(")")[0]
        return "Peer group"

    @property
    def year(self) -> str:
        return self.view.year

    @property
    def who(self) -> str:
        return self.force.name if self.force else "all forces"

    @property
    def group_word(self) -> str:
        return "national table" if self.view.national else "force reports in the data (no national table)"

    @property
    def main_source(self) -> str:
        """The file most rows come from: the national table (or the force report) of the year."""
        files = Counter(r["source_file"] for r in self.view.pillar_rows + self.view.question_rows)
        return files.most_common(1)[0][0] if files else ""

    def short_where(self, file: str, line: object = "", page: object = "") -> str:
        """'line 259' for the main source (named in the footer and the sheet title), else the file's number on
        the Sources sheet and the line ('[2] line 46'): a long file name never crowds a printed column."""
        if file == self.main_source:
            return where("", line, page).strip() or file
        ref = self.refs().get(file)
        if ref:
            return f"{ref} {where('', line, page).strip()}".strip()
        return where(file, line, page)

    def source_files(self) -> list[str]:
        """The files the Sources sheet lists, in its order: the package's sources, then any other file used."""
        listed = [str(s.get("title", "")) for s in self.tables.package.get("sources", [])]
        return listed + sorted(set(self.used_sources()) - set(listed))

    def refs(self) -> dict[str, str]:
        """File -> '[n]', its row on the Sources sheet."""
        if not hasattr(self, "_refs"):
            self._refs = {f: f"[{i}]" for i, f in enumerate(self.source_files(), 1)}
        return self._refs

    def shorten(self, text: str) -> str:
        """A note with each source's name before 'line'/'page' shortened as ``short_where`` does."""
        for f, ref in sorted(self.refs().items(), key=lambda kv: -len(kv[0])):
            for unit in (" line", " page"):
                text = text.replace(f + unit, (unit.strip() if f == self.main_source else ref + unit))
        return text

    def used_sources(self) -> dict[str, list[str]]:
        """Every file a figure of the paper comes from, with what it is used for."""
        used: dict[str, list[str]] = {}

        def add(file: str, what: str) -> None:
            if file and what not in used.setdefault(file, []):
                used[file].append(what)

        for r in self.view.pillar_rows + self.view.question_rows:
            add(r["source_file"], "area grades: distributions (Summary) and the Areas sheet" if self.area_round
                else "national table: distributions and pillar sheets" if self.view.national
                else "force report: the only rows for this round")
        for c in self.comparisons:
            add(c.source_file, "printed totals (Totals sheet)")
        if self.prof is not None:
            for e in self.prof.entries:
                add(e.source_file, "the force's judgments (Summary)")
                if e.carried_source:
                    add(e.carried_source["source_file"],
                        f"check of the grade carried forward from {e.last_inspected} (Summary note)")
        for r in self.catalogue:
            add(r["source_file"], "inspection report timeline (Reports sheet)")
        if self.force is not None:
            from ..analyses.history import history_sources

            for f in history_sources(self.tables, self.force):
                add(f, "the force's grades in every round (History sheet)")
        return used

    def notes(self) -> list[dict]:
        """Every review finding about a file this paper uses, in file and line order."""
        used = self.used_sources()
        rows = [r for r in self.tables.review if r["source_file"] in used]
        return sorted(rows, key=lambda r: (r["source_file"], int_or_none(r.get("source_page")) or 0,
                                           int_or_none(r.get("source_line")) or 0))


def int_or_none(v: object) -> int | None:
    """A row's line or page number (a string in the clean tables) as a number; None when empty."""
    return int(v) if v not in (None, "") and str(v).isdigit() else None  # type: ignore[arg-type]


def data_fingerprint(tables: Tables) -> str:
    """sha256 over the clean tables' recorded hashes: names the exact data the paper was made from."""
    hashes = sorted(f"{r.get('path')}:{r.get('hash')}" for r in tables.package.get("resources", []))
    if not hashes:
        return ""
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest()[:16]


# ------------------------------------------------------------------ context


def context(data_dir: Path | None, force: str | None, year: str | None, accessible: bool,
            against: list[str] | None = None) -> Context:
    from ..errors import UsageError
    from ..names import resolve_force, resolve_group

    t = Tables.read(data_dir)
    if not t.years() and not t.areas:
        raise DataError(f"{t.data_dir}: the clean tables have no rows; run 'peelkit extract'")
    f = resolve_force(force) if force else None
    if against and f is None:
        raise UsageError("--against compares one force with a group: give --force too")
    resolve_group(against, f)  # an unknown name is a usage error before any work
    y = paper_year(t, year, f)
    if is_area_year(y):
        return area_context(t, f, y, accessible, against)
    prof = force_profile(t, f, y, against, see="Notes") if f is not None else None
    view = year_view(t, prof.year if prof is not None else y, f)
    printed = [r for r in t.printed if r["year"] == y]
    comps = compare(view.pillar_rows, view.question_rows, printed)
    comps.sort(key=lambda c: (model.pillar_order(c.pillar), model.question_order(c.question_id), c.measure,
                              c.kind, c.source_line or 0))
    cat: list[dict] = []
    if f is not None:
        cat = [r for r in t.reports if r.get("force_id") == f.force_id]
        cat.sort(key=lambda r: (r.get("date") or "9999", int_or_none(r.get("source_line")) or 0))
    return Context(t, view, f, prof, accessible, comps, cat)


def paper_year(t: Tables, year: str | None, f: model.Force | None) -> str:
    """The year the paper is of. Given: any year label or round name the data holds, pillar or area era (an
    unknown one is an UnknownNameError, a round the data does not hold one UsageError; both name the years
    held). Not given:
    as before when the data holds pillar-era rows (for a force: rows of its own), else the latest area round
    held (for a force: the latest it has area rows in)."""
    from ..analyses.areas import latest_area_year
    from ..errors import UnknownNameError, UsageError
    from ..names import resolve_year

    area_years = sorted({r["year"] for r in t.areas})
    if year:
        if not area_years:
            return t.resolve_year(year)
        held = sorted(set(t.years()) | set(area_years))
        if t.years():
            try:
                return t.resolve_year(year)  # as before for the pillar era
            except UnknownNameError:
                pass
        try:
            return resolve_year(year, held)
        except UnknownNameError as exc:
            r = model.find_round(year) or model.round_for_year(model.year_label(year) or "")
            if r is not None:
                raise UsageError(f"--year {year}: the data in {t.data_dir} holds no {r.label} rows (it holds "
                                 f"{', '.join(held)}); run 'peelkit extract' on its reports or choose a year "
                                 "it holds") from None
            raise UnknownNameError("year", year, [x for x in exc.suggestions if x in held] or held[::-1][:3],
                                   hint=f"the data holds {', '.join(held)}") from None
    if t.years() and (f is None or any(r["force_id"] == f.force_id for r in t.pillars + t.questions)):
        return t.default_year(f.force_id if f else None)
    if f is not None:
        y = latest_area_year(t, f.force_id)
        if y is None:
            return t.default_year(f.force_id) if t.years() else area_years[-1]
        return y
    return area_years[-1]


def area_context(t: Tables, f: model.Force | None, y: str, accessible: bool,
                 against: list[str] | None = None) -> Context:
    """The Context of an area-era round: the view and the force's profile over the round's area rows
    (``analyses.areas``, as ``compare`` profiles an area round)."""
    from ..analyses.areas import area_profile, area_tables
    from ..analyses.history import force_years

    r = model.round_for_year(y)
    assert r is not None and r.era == "areas"
    prof = area_profile(t, f, y, against, see="Notes") if f is not None else None  # its view: the group
    view = year_view(area_tables(t), y, f)  # every force the data holds for the round
    cat: list[dict] = []
    others: list[str] = []
    if f is not None:
        cat = [x for x in t.reports if x.get("force_id") == f.force_id]
        cat.sort(key=lambda x: (x.get("date") or "9999", int_or_none(x.get("source_line")) or 0))
        others = [rr.label for rr in (model.round_for_year(x) for x in force_years(t, f.force_id) if x != y) if rr]
    return Context(t, view, f, prof, accessible, [], cat, area_round=r, history_rounds=others)


# ------------------------------------------------------------------ shared by both papers' sheets


def cover_facts(ctx: Context, sheets: list[Sheet]) -> list[tuple[str, object]]:
    """The Cover's closing facts, the same on every paper: its sheets, findings, maker, data fingerprint and
    (for a force) the inspection reports listed."""
    facts: list[tuple[str, object]] = [
        ("Sheets", ", ".join(s.name for s in sheets)),
        ("Review findings", f"{len(ctx.notes())} (see Notes)"),
        ("Made with", f"peelkit {__version__}"),
        ("Data fingerprint", data_fingerprint(ctx.tables) or "not recorded"),
    ]
    if ctx.catalogue:
        facts.append(("Inspection reports", f"{len(ctx.catalogue)} (see Reports)"))
    return facts


def grade_key(ctx: Context, grades: list[str]) -> list[tuple[str, str]]:
    """The Cover's key: (grade, how a cell shows it), markers and bold when ``--accessible``."""
    if ctx.accessible:
        return [(g, f"{MARKERS[g]} {g}: {MARKER_WORDS[g]} before the grade"
                 + ("; the grade in bold" if g in LOW_GRADES else "")) for g in grades]
    return [(g, "fill colour; the grade text is always in the cell") for g in grades]


def grade_cell_note(ctx: Context) -> str:
    return ("Each grade cell keeps its text and adds a marker (see the key below), so no grade is "
            "told by colour alone." if ctx.accessible else
            "Each grade cell keeps its text; the colour (see the key below) only repeats it.")


def accessible_fields(ctx: Context) -> dict:
    """Sheet fields for the accessible version: a text marker before every grade, the low grades bold."""
    if not ctx.accessible:
        return {}
    return {"markers": {g: m for g, m in MARKERS.items() if g != NOT_EXTRACTED}, "bold_values": LOW_GRADES}
