"""One builder per sheet of the board paper, over one ``Context`` (``context``: the year's comparison group
and, when a force is chosen, its profile from ``peelkit.profile``, the same one ``compare`` prints), and the
book: a pillar-era round's sheets here, an area-era round's from ``area_sheets`` with the History, Notes,
Reports and Sources sheets of this module.

Every figure comes from the clean tables; every sheet row names the file and line (or page) it was read
from. Unknown is an empty cell, never 0.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections import Counter
from pathlib import Path

from .. import gaps, model, wording
from ..profile import NOT_EXTRACTED, YearView, label, question_text, where, year_view
from . import area_sheets
from .book import HEADER_ROW, Book, Cover, Sheet
from .context import (LOW_GRADES, SELECTED_MARK, Context, accessible_fields, context, cover_facts, grade_cell_note,
                      grade_key, int_or_none)

FIXED_CREATED = _dt.datetime(1980, 1, 1)  # the ZIP epoch: no wall-clock time in the file


def created_at() -> _dt.datetime:
    """A fixed creation time (``SOURCE_DATE_EPOCH`` when set): exports are byte-identical when nothing
    changed."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).replace(tzinfo=None)
    return FIXED_CREATED


# ------------------------------------------------------------------ Cover: headlines first


Headline = tuple[str, str]  # (sentence, where its figures come from)


def headlines(ctx: Context) -> list[Headline]:
    """Plain sentences a board needs, each with where its figures come from."""
    if ctx.prof is not None:
        out = pillar_headlines(ctx) + standing_headlines(ctx) + question_headlines(ctx)
    else:
        out = national_headlines(ctx)
    return out + totals_headlines(ctx)


def _distribution_source(ctx: Context, pillar: str) -> str:
    """'Effectiveness sheet (43 forces, file); printed total file line 507: ok'."""
    v = ctx.view
    hits = [c for c in ctx.comparisons if (c.pillar, c.question_id, c.measure) == (pillar, "", "grade")]
    table = [c for c in hits if c.kind == "table"] or hits  # the printed Totals table first
    base = f"{pillar.capitalize()} sheet ({wording.plural(v.placed((pillar, '')) or 0, 'force')}, {ctx.main_source})"
    if not table:
        return base
    places = sorted({(c.source_page or 0, c.source_line or 0) for c in table})
    unit, nums = ("page", [p for p, _ in places]) if places[0][0] else ("line", [ln for _, ln in places])
    span = f"{unit} {nums[0]}" if nums[0] == nums[-1] else f"{unit}s {nums[0]}-{nums[-1]}"
    status = ", ".join(sorted({c.status(v.size) for c in table}))
    return base + f"; printed totals {table[0].source_file} {span}: {status}"


def pillar_headlines(ctx: Context) -> list[Headline]:
    """The force's pillar grades and trends."""
    v, name = ctx.view, ctx.who
    pes = [e for e in ctx.prof.pillar_entries() if e.grade]  # type: ignore[union-attr]
    if not pes:
        return []
    src = f"{ctx.main_source} " + ", ".join(ctx.short_where(e.source_file, e.source_line, e.source_page)
                                            for e in pes)
    if len(pes) == len(model.PILLARS) and len({e.grade for e in pes}) == 1:
        out = [(f"{name}: {pes[0].grade} in all three pillars (effectiveness, efficiency and legitimacy) in "
                f"{v.year}.", src)]
    else:
        out = [(f"{name} in {v.year}: " + "; ".join(f"{e.pillar} {e.grade}" for e in pes) + ".", src)]
    trends = [f"{e.pillar} {e.trend.lower()}" for e in pes if e.trend]
    if trends:
        out.append(("Since the previous inspection: " + wording.join(trends) + ".", f"{src} (trend column)"))
    return out


def standing_headlines(ctx: Context) -> list[Headline]:
    """Where the force stands nationally and in its region (or that there is no national table)."""
    v, f = ctx.view, ctx.force
    pes = [e for e in ctx.prof.pillar_entries() if e.grade]  # type: ignore[union-attr]
    if not v.national:
        return [(f"{e.pillar.capitalize()}: {e.grade}; {v.group_words()}.", e.source) for e in pes]
    out = []
    for e in pes:
        d = v.distribution((e.pillar, ""))
        if d:
            out.append((f"{e.pillar.capitalize()}: nationally {wording.standing(e.grade, d, v.scale)} "
                        f"({wording.plural(v.placed((e.pillar, '')) or 0, 'force')}).",
                        _distribution_source(ctx, e.pillar)))
    groups = [("region", year_view(ctx.tables, v.year, f, ["region"]))]
    if ctx.group.label not in ("national", groups[0][1].label):
        groups.append(("group", ctx.group))
    for kind, g in groups:
        parts = []
        for e in pes:
            d = g.distribution((e.pillar, ""))
            if d:
                k = d.get(e.grade, 0)
                parts.append(f"{e.pillar} {'the only force' if k == 1 else f'one of {k} forces'} graded "
                             f"{wording.grade_words(e.grade)}")
        if parts:
            where_ = f"In {f.region}" if kind == "region" else f"In the {g.label}"  # type: ignore[union-attr]
            out.append((f"{where_} ({wording.plural(g.size, 'force')}): " + "; ".join(parts) + ".",
                        f"pillar sheets, Region column ({ctx.main_source})" if kind == "region"
                        else f"Summary sheet, {ctx.group_head} columns ({ctx.main_source})"))
    return out


def question_headlines(ctx: Context) -> list[Headline]:
    """Questions requiring improvement or inadequate, carried-forward grades, what could not be extracted."""
    v, fp = ctx.view, ctx.prof
    assert fp is not None
    out: list[Headline] = []
    low = [e for e in fp.entries if e.question_id and e.grade in LOW_GRADES]
    graded = [e for e in fp.entries if e.question_id and e.grade]
    for e in low:
        out.append((f"{e.label} ({e.pillar}): {e.grade.lower()}"
                    + (f", last inspected {e.last_inspected}" if e.last_inspected else "") + ".", e.source))
    if graded and not low:
        out.append((f"No question graded as requiring improvement or inadequate "
                    f"({wording.plural(len(graded), 'question')} with a grade).", "Summary sheet, Grade column"))
    for e in fp.entries:
        if e.carried_forward:
            out.append((f"{e.label}: {e.grade}, carried forward from {e.last_inspected} (not re-inspected in "
                        f"{v.year}); " + e.carried_from.split(": ", 1)[-1] + ".", e.source))
    missing = [e for e in fp.entries if not e.grade]
    if missing:
        found = [x for e in missing for x in e.findings]
        out.append((f"Not extracted ({len(missing)} of {len(fp.entries)} judgments): "
                    + ", ".join(e.label for e in missing)
                    + ". The source table could not be read with certainty; no value is guessed.",
                    "Notes sheet" + (f": {gaps.explain(found, 'Notes', plain=True).split(' (see')[0]}"
                                     if found else "")))
    return out


def national_headlines(ctx: Context) -> list[Headline]:
    """Without a force: the distribution and trend sentences per pillar, and what is missing."""
    v = ctx.view
    out: list[Headline] = []
    for p in v.pillars:
        d = v.distribution((p, ""))
        if d:
            out.append((f"{p.capitalize()} {v.year}: {wording.sentence(d, 'grade', v.scale)} "
                        f"({wording.plural(v.placed((p, '')) or 0, 'force')}).", _distribution_source(ctx, p)))
    for p in v.pillars:
        trends = Counter(r["trend"] for r in v.pillar_rows if r["pillar"] == p and r.get("trend"))
        if trends:
            out.append((f"{p.capitalize()} since the previous inspection: "
                        f"{wording.sentence(trends, 'trend', v.scale)} "
                        f"({wording.plural(sum(trends.values()), 'force')}).",
                        f"{p.capitalize()} sheet, Trend column ({ctx.main_source})"))
    missing = [(p, q) for p, q in v.keys if q and v.placed((p, q)) is None]
    partial = [(p, q) for p, q in v.keys if q and 0 < (v.placed((p, q)) or 0) < v.size]
    if missing:
        out.append((f"Not extracted for any force: {', '.join(label(p, q) for p, q in missing)}.", "Notes sheet"))
    if partial:
        out.append(("Extracted for some forces only: " + ", ".join(
            f"{label(p, q)} ({v.placed((p, q))} of {v.size})" for p, q in partial) + ".", "Notes sheet"))
    return out


def totals_headlines(ctx: Context) -> list[Headline]:
    if not ctx.comparisons:
        return []
    n = len(ctx.comparisons)
    ok = sum(c.status(ctx.view.size) == "ok" for c in ctx.comparisons)
    return [(f"{ok} of {n} totals the document prints are reproduced by the rows"
             + ("." if ok == n else f"; {n - ok} are not (see Totals)."), "Totals sheet")]


def cover(ctx: Context, sheets: list[Sheet]) -> Cover:
    v = ctx.view
    order = wording.grade_order(v.scale)
    scale_text = " / ".join(order) + f" ({v.scale}-tier scale)"
    meta: list[tuple[str, object]] = [
        ("Force", ctx.force.name if ctx.force else "all forces (no force chosen)"),
        ("Region", ctx.force.region if ctx.force else ""),
        ("Year", v.year),
        ("Grade scale", scale_text),
        ("Comparison group", f"{ctx.group_word}, {wording.plural(v.size, 'force')}"
         + (f"; the Summary's standings: {ctx.group.label} ({wording.plural(ctx.group.size, 'force')})"
            if ctx.group.label != "national" else "")),
        *cover_facts(ctx, sheets),
    ]
    grade_note = grade_cell_note(ctx)
    notes = [
        f"Grades: {scale_text}. {grade_note}",
        "4-tier grades (PEEL to 2018/19) and 5-tier grades (PEEL 2021/22 on, which adds 'Adequate') are "
        "different scales and are not comparable: a 'Good' on one is not a 'Good' on the other.",
        "Trend: how the pillar judgment changed since the force's previous inspection, as the report prints it.",
        f"Last inspected: the inspection round a question's grade comes from. A year before {v.year} means the "
        f"question was not re-inspected in {v.year} and the earlier grade was carried forward.",
        (f"Standing and distribution: how many forces in the {ctx.group_word if ctx.group.label == 'national' else ctx.group.label} got each grade."
         if v.national else f"There is no national table for {v.year} in the data: {v.group_words()}."),
        "An empty grade cell: not extracted. The source table could not be read with certainty, so no value "
        "is guessed; the row's note or the sheet's notes say where and why (all findings: Notes sheet). Empty "
        "means unknown, never zero.",
        f"Every table sheet is an Excel table under its title and notes, header on row {HEADER_ROW}: "
        f"pandas.read_excel(file, sheet_name='Effectiveness', header={HEADER_ROW - 1}).",
        "Every value names the file and line (or page) it was read from; the Sources sheet lists the files "
        "with their sha256 fingerprints.",
    ]
    grades = order + [model.UNGRADED]
    key = grade_key(ctx, grades)
    key.append((NOT_EXTRACTED, "an empty grade cell (grey): no value could be read with certainty; see the note"))
    return Cover(f"PEEL inspection judgments — {ctx.who}, {v.year}",
                 "HMICFRS PEEL grades extracted and checked by peelkit, for board papers",
                 headlines(ctx), meta, notes, key)


# ------------------------------------------------------------------ Summary


def summary(ctx: Context) -> Sheet:
    """The force's judgments beside the distribution of its comparison group, or (no force) the distribution
    of every judgment of the year; the pillar rows highlighted."""
    s = _SummaryRows(ctx)
    g, head = s.g, s.head
    if ctx.prof is not None:
        cols = s.force_rows()
        n_print = cols.index("Source") + 1
        title = (f"{ctx.who} — PEEL {g.year}: judgments beside the {'national' if head == 'National' else g.label} "
                 "distribution" if g.national else f"{ctx.who} — PEEL {g.year}: judgments ({g.group_words()})")
    else:
        cols = s.group_rows()
        n_print = cols.index("Note") + 1
        title = (f"PEEL {g.year}: national distribution of judgments" if g.national else
                 f"PEEL {g.year}: judgments in the data ({g.group_words()})")
    group_words = ctx.group_word if head == "National" else g.label
    sub = (f"Distribution = forces per grade in the {group_words} for {g.year} "
           f"({wording.plural(g.size, 'force')}); an empty count = unknown (no force could be placed); an empty "
           f"grade = not extracted: the source could not be read with certainty (the note says why). "
           f"Source lines are in {ctx.main_source}." if g.national else
           f"{g.group_words()}. Source lines are in {ctx.main_source}.")
    sheet = Sheet("Summary", [title, sub], cols, s.rows, grade_cols=("Grade",),
                  caps={"Pillar": 13, "Judgment": 14, "Note": 27,
                        s.standing_col() if ctx.prof is not None else "Note": 18,
                        "Source": 9, "Grade": 12, "Question": 60, "Last inspected": 9, "Trend": 10,
                        **{c: 12 for c in s.dist_cols}, "Forces placed": 7, "Forces not placed": 8},
                  highlight_rows=tuple(s.hl), freeze_cols=2, print_cols=n_print, source_table=ctx.main_source,
                  suffixes=s.suffixes, **accessible_fields(ctx))
    sheet.fit_to_page(("Forces placed", "Source"))  # on paper the grades and standings come first
    return sheet


class _SummaryRows:
    """The Summary's rows over the comparison group (``ctx.group``), one judgment each: the distribution
    columns when the group is of a national table, the pillar rows to highlight, and what a partial count
    shows it is of."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        g = self.g = ctx.group
        order = wording.grade_order(g.scale)
        extra = [x for x in (model.UNGRADED,) if any(x in c for c in g.counts.values())]
        self.grades = order + extra
        self.head = ctx.group_head
        self.dist_cols = [f"{self.head}: {x}" for x in self.grades] if g.national else []
        self.rows: list[list] = []
        self.hl: list[int] = []
        self.suffixes: dict[tuple[int, str], str] = {}  # a partial count shows what it is of: '16 of 18', '18 of 43'

    def dist_cells(self, key) -> list:
        """The group's forces per grade for the judgment ``key`` in the row being built (no cells without a
        national table)."""
        g = self.g
        d = g.distribution(key)
        if not g.national:
            return []
        n = g.placed(key)
        if d is not None and n is not None and n < g.size:
            for x in self.grades:
                self.suffixes[(len(self.rows), f"{self.head}: {x}")] = f" of {n}"
        return [("" if d is None else d.get(x, 0)) for x in self.grades]

    def placed(self, key) -> object:
        """The group's forces placed for ``key`` in the row being built; empty when none could be."""
        g = self.g
        n = g.placed(key)
        if n is not None and g.national and n < g.size:
            self.suffixes[(len(self.rows), "Forces placed")] = f" of {g.size}"
        return "" if n is None else n

    def standing_col(self) -> str:
        head = self.head
        return (f"Standing ({head if head not in ('National', 'Peer group') else head.lower()})" if self.g.national
                else "Standing")

    def force_rows(self) -> list[str]:
        """The force's judgments (``ctx.prof``), each beside the group's distribution; returns the columns."""
        ctx, g = self.ctx, self.g
        assert ctx.prof is not None
        cols = ["Pillar", "Judgment", "Grade", "Trend", "Last inspected", self.standing_col(), *self.dist_cols,
                "Forces placed", "Note", "Source", "Source file", "Question"]
        for e in ctx.prof.entries:
            key = (e.pillar, e.question_id)
            self.rows.append([e.pillar.capitalize(), "Pillar judgment" if not e.question_id else e.label,
                              e.grade, e.trend, e.last_inspected,
                              # the counts beside it give the rest ('; 1 outstanding, ...'): the standing
                              # itself is enough
                              e.standing.split("; ")[0] if e.grade and g.national else e.standing if e.grade else "",
                              *self.dist_cells(key), self.placed(key), self.force_note(e),
                              ctx.short_where(e.source_file, e.source_line, e.source_page) if e.source_file else "",
                              e.source_file, e.question])
            if not e.question_id:
                self.hl.append(len(self.rows) - 1)
        return cols

    def force_note(self, e) -> str:
        """A judgment's note: where a carried grade comes from, or why it is not extracted, and what the counts
        beside it are of."""
        g = self.g
        note = "; ".join(x for x in (e.carried_from, e.note) if x)
        if not e.grade:  # the why in plain words for a board; the Notes sheet has the findings
            note = f"{NOT_EXTRACTED}: " + (gaps.explain(e.findings, "Notes", plain=True) if e.findings
                                           else note)
        n = g.placed((e.pillar, e.question_id))
        if g.national and n is not None and n < g.size:  # the counts beside it are of the forces read
            note = "; ".join(x for x in (note, f"counts of the {n} forces read ({g.size - n} not read)") if x)
        return self.ctx.shorten(note)  # the sheet's notes name the main source once

    def group_rows(self) -> list[str]:
        """Without a force: every pillar and question of the group with its distribution and how many forces
        are placed; returns the columns."""
        ctx, g = self.ctx, self.g
        cols = ["Pillar", "Judgment", *self.dist_cols, "Forces placed", "Forces not placed", "Note", "Question"]
        for key in g.keys:
            p, q = key
            n = g.placed(key)
            why = ""
            if (n or 0) < g.size:
                why = ctx.shorten(g.missing_note(key, "Notes", plain=True))
                if n:
                    why = f"counts: {gaps.read_counts(n, g.size)}; the rest {NOT_EXTRACTED}: {why}"
            self.rows.append([p.capitalize(), "Pillar judgment" if not q else label(p, q), *self.dist_cells(key),
                              self.placed(key), g.size - (n or 0), why, question_text(q, g.question_rows) if q else ""])
            if not q:
                self.hl.append(len(self.rows) - 1)
        return cols


# ------------------------------------------------------------------ Chart


def chart(ctx: Context) -> Sheet | None:
    v = ctx.view
    if not v.national or not v.pillars:
        return None
    order = wording.grade_order(v.scale)
    cats, values, marks = [], [], []
    for i, p in enumerate(v.pillars):
        d = v.distribution((p, "")) or {}
        e = ctx.prof.entry(p) if ctx.prof is not None else None
        name = p.capitalize()
        if e is not None and e.grade:
            name += f" ({ctx.force.name}: {e.grade})"  # type: ignore[union-attr]
            if e.grade in order:
                marks.append((order.index(e.grade), i))
        cats.append(name)
        values.append([d.get(g, "") if d else "" for g in order])
    caption = (f"Forces per grade in the national table for {v.year}, one group of bars per pillar"
               + (f"; {ctx.force.name}'s grade is outlined in black and named under its pillar" if ctx.force else "")
               + f". The figures are in the table above the chart, counted from the pillar sheets; source: "
                 f"{ctx.main_source}.")
    rows = [[c, *vals] for c, vals in zip(cats, values)]
    return Sheet("Chart", [f"National grade distribution by pillar, {v.year}", caption],
                 ["Pillar", *order], rows, freeze_cols=1, source_table=ctx.main_source,
                 chart={"title": f"National grade distribution by pillar, {v.year}"
                                 + (f" ({ctx.force.name} outlined)" if ctx.force else ""), "grades": order,
                        "categories": cats, "values": values, "marks": marks})


# ------------------------------------------------------------------ one sheet per pillar


def _gaps(v: YearView, p: str, q: str, main: str = "") -> str:
    """'not extracted for any force' / 'extracted for 18 of 43 forces' / '' for a question of the year."""
    n = v.placed((p, q)) or 0
    if n >= v.size:
        return ""
    what = "not extracted for any force" if n == 0 else f"extracted for {n} of {wording.plural(v.size, 'force')}"
    return f"{label(p, q)}: {what}: {v.missing_note((p, q), 'Notes', plain=True, main=main)}"


def pillar_sheets(ctx: Context) -> list[Sheet]:
    v, f = ctx.view, ctx.force
    force_by_id = {fo.force_id: fo for fo in model.forces()}
    out = []
    for p in v.pillars:
        qs = v.questions(p)
        cols = (["Selected"] if f else []) + ["Force", "Region", "Judgment", "Trend"]
        grade_cols = ["Judgment"]
        for q in qs:
            cols += [f"{label(p, q)}: judgment", f"{label(p, q)}: last inspected"]
            grade_cols.append(f"{label(p, q)}: judgment")
        cols += ["Source", "Source file"]
        by_force: dict[str, dict[str, dict]] = {}
        for r in v.pillar_rows:
            if r["pillar"] == p:
                by_force.setdefault(r["force_id"], {})[""] = r
        for r in v.question_rows:
            if r["pillar"] == p:
                by_force.setdefault(r["force_id"], {})[r["question_id"]] = r
        ids = set(by_force) | (set(v.group_ids) if v.national else set())
        rows, hl = [], []
        for fid in sorted(ids, key=lambda i: force_by_id[i].name if i in force_by_id else i):
            fo = force_by_id.get(fid)
            got = by_force.get(fid, {})
            pr = got.get("")
            row: list = [SELECTED_MARK if fid == f.force_id else ""] if f else []
            row += [fo.name if fo else fid, fo.region if fo else "", (pr.get("grade") if pr else "") or "",
                    pr.get("trend", "") if pr else ""]
            for q in qs:
                qr = got.get(q)
                row += [(qr.get("grade") if qr else "") or "", qr.get("last_inspected", "") if qr else ""]
            row += [ctx.short_where(pr["source_file"], pr.get("source_line"), pr.get("source_page")) if pr else "",
                    pr["source_file"] if pr else ""]
            if f and fid == f.force_id:
                hl.append(len(rows))
            rows.append(row)
        holes = [x for x in [_gaps(v, p, "", ctx.main_source)] + [_gaps(v, p, q, ctx.main_source) for q in qs] if x]
        notes = [*[f"{label(p, q)}: {question_text(q, v.question_rows)}" for q in qs],
                 *(["Empty grade cells are not extracted: " + "; ".join(holes) + "."] if holes else []),
                 f"Source lines are in {ctx.main_source}."]
        title = [f"{p.capitalize()} {v.year}: every force in the {ctx.group_word}"
                 + (f" ({f.name} marked 'selected')" if f else ""), "\n".join(notes)]
        caps = {c: 12 for c in grade_cols} | {c: 10 for c in cols if c.endswith(": last inspected")}
        caps |= {"Region": 12, "Source": 9, "Trend": 10, "Force": 18, "Selected": 8}
        out.append(Sheet(p.capitalize(), title, cols, rows, grade_cols=tuple(grade_cols),
                         highlight_rows=tuple(hl), freeze_cols=2 if f else 1, caps=caps,
                         print_cols=cols.index("Source") + 1, source_table=ctx.main_source, **accessible_fields(ctx)))
        out[-1].fit_to_page(("Region", "Source"))  # the paper keeps grades before provenance
    return out


# ------------------------------------------------------------------ History


def history_sheet(ctx: Context) -> Sheet | None:
    """The force's grades in every round the data holds, oldest first (``analyses.history``, as ``peelkit
    history`` prints them): a round not comparable with the previous one says so, with the reason."""
    if ctx.force is None:
        return None
    from ..analyses.history import catalogue_note, history

    h = history(ctx.tables, ctx.force)
    found = gaps.find(ctx.tables.pillars + ctx.tables.questions + ctx.tables.areas, ctx.tables.review)
    cols = ["Round", "Scale", "Judgment", "Grade", "Trend", "Last inspected", "Compared with previous", "Note",
            "Source", "Year", "Source file", "Question or area"]
    rows, hl = [], []
    for rh in h.rounds:
        versus = ("first round shown" if rh.previous is None else
                  f"comparable with {rh.previous.label}" if rh.comparable else
                  f"NOT comparable with {rh.previous.label} (see above)")
        for r in rh.rows:
            item = (label(r["pillar"], r["question_id"]) if r["level"] != "area" else
                    r["judgment"] or r["area_id"])
            if r["level"] == "pillar":
                hl.append(len(rows))
            note = r["note"]
            if not r["grade"]:  # in plain words for a board (the Notes sheet has the findings)
                key = (rh.round.year, r["force_id"], r["pillar"], r["question_id"], r["area_id"])
                note = f"{NOT_EXTRACTED}: " + gaps.explain(found.get(key, []), "Notes", plain=True)
            rows.append([rh.round.label, f"{rh.round.scale}-tier", "Pillar: " + item if r["level"] == "pillar" else item,
                         r["grade"], r["trend"], r["last_inspected"], versus, ctx.shorten(note),
                         ctx.short_where(r["source_file"], r["source_line"], r["source_page"]) if r["source_file"]
                         else "", rh.round.year, r["source_file"], r["judgment"] if r["level"] != "pillar" else ""])
    breaks = [f"{rh.round.label}: {rh.reason}." for rh in h.rounds if rh.comparable is False]
    title = [f"{ctx.force.name} — PEEL grades in every round in the data, oldest first "
             f"({', '.join(rh.round.label for rh in h.rounds)})",
             ("Grades are never compared across frameworks or scales. " + " ".join(breaks)) if breaks else
             "Every round shown uses one framework and grade scale; grades are listed as printed, not compared.",
             "Empty grade = not extracted (the source could not be read with certainty; see Note and Notes). "
             f"Source lines without a file name are in {ctx.main_source}."]
    note = catalogue_note(h)
    if note:
        title.append(note)
    files = sorted({r["source_file"] for r in h.rows if r["source_file"]})
    return Sheet("History", title, cols, rows, grade_cols=("Grade",), highlight_rows=tuple(hl),
                 caps={"Judgment": 22, "Note": 34, "Compared with previous": 16, "Source": 22, "Round": 12,
                       "Grade": 11, "Trend": 9, "Last inspected": 9, "Question or area": 60, "Scale": 6},
                 freeze_cols=1, print_cols=cols.index("Source") + 1, source_table=", ".join(files),
                 **accessible_fields(ctx))


# ------------------------------------------------------------------ Totals, Notes, Reports, Sources


def totals(ctx: Context) -> Sheet:
    v = ctx.view
    cols = ["Pillar", "Question", "Measure", "Value", "Printed", "Derived", "Forces placed", "Printed in",
            "Source", "Check", "Year", "Source file"]
    rows = [[c.pillar.capitalize(), label(c.pillar, c.question_id) if c.question_id else "Pillar judgment",
             c.measure, c.value, c.printed, c.derived, c.placed, c.kind,
             ctx.short_where(c.source_file, c.source_line, c.source_page), c.status(v.size), c.year, c.source_file]
            for c in ctx.comparisons]
    src = sorted({c.source_file for c in ctx.comparisons})
    return Sheet("Totals", [f"Totals {v.year}: counts derived from the rows against the totals the document prints",
                            "ok = equal; mismatch = the rows contradict the document; unverifiable = some forces "
                            f"could not be placed (see Notes). Source lines are in {', '.join(src) or '-'}."],
                 cols, rows, check_cols=("Check",), freeze_cols=2,
                 caps={"Question": 20, "Value": 13, "Printed": 8, "Derived": 8, "Forces placed": 7},
                 print_cols=cols.index("Check") + 1, source_table=", ".join(src))


def notes(ctx: Context) -> Sheet:
    """Every review finding about the files the paper uses; an area round's paper adds the area a finding
    is about (``area_id``), named as the round names it."""
    ar = ctx.area_round
    cols = ["Kind", "File", "Place", "Pillar", "Question", *(["Area"] if ar else []), "Expected", "Found", "Message",
            "Line", "Page"]
    rows = []
    for r in ctx.notes():
        q = r.get("question_id") or ""
        a = r.get("area_id") or ""
        area = ([(ar.area(a).name if ar.area(a) else a) if a else ""] if ar else [])
        rows.append([r["kind"], r["source_file"], where("", r.get("source_line"), r.get("source_page")).strip(),
                     (r.get("pillar") or "").capitalize(), label(r["pillar"], q) if r.get("pillar") and q else q,
                     *area, r.get("expected", ""), r.get("found", ""), r["message"],
                     int_or_none(r.get("source_line")), int_or_none(r.get("source_page"))])
    files = sorted({r[1] for r in rows})
    return Sheet("Notes", [f"Notes {ctx.year}: every review finding about the files this paper uses "
                           f"({wording.plural(len(rows), 'finding')})",
                           "Values that could not be placed with certainty are reported here, never guessed."],
                 cols, rows,
                 caps={"Message": 36, "Expected": 11, "Found": 11, "Question": 15, "File": 36, "Pillar": 13,
                       "Area": 20},
                 freeze_cols=1, print_cols=cols.index("Message") + 1, source_table=", ".join(files))


def reports(ctx: Context) -> Sheet | None:
    if ctx.force is None or not ctx.catalogue:
        return None
    rows = [[_dt.date.fromisoformat(r["date"]) if r.get("date") else "", r["type"], r["title"],
             {"True": "yes", "False": "no"}.get(r.get("response_published", ""), ""),
             where("", r.get("source_line"), r.get("source_page")).strip(), r["source_file"]] for r in ctx.catalogue]
    files = sorted({r["source_file"] for r in ctx.catalogue})
    undated = sum(1 for r in ctx.catalogue if not r.get("date"))
    return Sheet("Reports", [f"Inspection reports on {ctx.force.name}: {len(rows)} in the catalogue, oldest first",
                             f"From the force's list of HMIC/HMICFRS reports ({', '.join(files)})"
                             + (f"; {wording.plural(undated, 'report')} without a readable date (empty Date) "
                                "come last (see Notes)." if undated else ".")],
                 ["Date", "Type", "Title", "Response published", "Source", "Source file"], rows,
                 caps={"Title": 80, "Response published": 10}, print_cols=5, source_table=", ".join(files))


def sources(ctx: Context) -> Sheet:
    used = ctx.used_sources()
    rows, listed = [], set()
    for s in ctx.tables.package.get("sources", []):
        name = s.get("title", "")
        listed.add(name)
        rows.append([name, s.get("kind", ""), "; ".join(used.get(name, [])) or "not used in this paper",
                     str(s.get("hash", "")).removeprefix("sha256:"), s.get("bytes")])
    for name in sorted(set(used) - listed):
        rows.append([name, "", "; ".join(used[name]), "not recorded in datapackage.json", None])
    return Sheet("Sources", [f"Sources of this paper ({ctx.tables.data_dir.name}/datapackage.json)",
                             "sha256 fingerprints identify the exact files the figures were read from. A source "
                             "written [2] on another sheet is the second file here."],
                 ["File", "Kind", "Used for", "sha256", "Bytes"], rows,
                 caps={"Used for": 26, "File": 42, "sha256": 70}, print_cols=4, source_table="datapackage.json")


# ------------------------------------------------------------------ the book

_REF = re.compile(r"\[(\d{1,4})\]")


def name_refs(ctx: Context, sheet: Sheet) -> None:
    """A sheet whose printed cells say '[2] line 46' names the files those numbers stand for in its notes."""
    if sheet.name == "Sources" or not sheet.title:
        return
    files = ctx.source_files()
    used = sorted({int(m) for row in sheet.rows for v in row[: sheet.print_cols or len(row)] if isinstance(v, str)
                   for m in _REF.findall(v)})
    named = [f"[{n}] {files[n - 1]}" for n in used if 0 < n <= len(files)]
    if named:
        sheet.title.append("Other sources: " + "; ".join(named) + " (the Sources sheet lists every file).")


def book(data_dir: Path | None = None, force: str | None = None, year: str | None = None,
         accessible: bool = False, against: list[str] | None = None) -> Book:
    """Everything the workbook shows, as plain rows (no openpyxl, no pandas)."""
    ctx = context(data_dir, force, year, accessible, against)
    if ctx.area_round is not None:
        return area_book(ctx)
    sheets = [summary(ctx), history_sheet(ctx), chart(ctx), *pillar_sheets(ctx), totals(ctx), notes(ctx),
              reports(ctx), sources(ctx)]
    sheets = [s for s in sheets if s is not None]
    for s in sheets:
        name_refs(ctx, s)
    footer = f"{ctx.who} · PEEL {ctx.year} · source table: {ctx.main_source or 'none'}"
    return Book(ctx.year, ctx.force, ctx.view.scale, accessible, created_at(), cover(ctx, sheets), sheets, footer,
                ctx.group.label)


def area_book(ctx: Context) -> Book:
    """The paper of an area-era round (``area_sheets``): Summary, Areas, History (with a force), Notes,
    Reports, Sources; no pillar sheets, Chart or Totals."""
    r = ctx.area_round
    assert r is not None
    sheets = [area_sheets.summary(ctx), area_sheets.areas_sheet(ctx), history_sheet(ctx), notes(ctx),
              reports(ctx), sources(ctx)]
    sheets = [s for s in sheets if s is not None]
    for s in sheets:
        name_refs(ctx, s)
    files = sorted({x["source_file"] for x in ctx.view.question_rows})
    footer = f"{ctx.who} · {r.label} · {wording.plural(len(files), 'force report')}"
    return Book(ctx.year, ctx.force, ctx.view.scale, ctx.accessible, created_at(), area_sheets.cover(ctx, sheets),
                sheets, footer, f"{ctx.view.size} forces in the data")
