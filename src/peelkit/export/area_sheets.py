"""The board paper of an area-era round (PEEL 2021/22, 2023–25, 2025–27): one builder per sheet.

An area round grades areas of policing on the 5-tier scale (with Adequate); its grades come from the forces'
own reports, so a distribution is among the forces the data holds for the round, never "national" (unless the
data holds every force of the round, and even then it is counted from force reports). The force's areas and
their standing come from ``analyses.areas.area_profile`` (the profile ``compare`` prints for an area round),
the counts of the group from the same ``year_view`` over the area rows. Sheets: Summary (per area: the
force's grade and source beside the distribution), Areas (every held force's grade in every area, with
sources), History (the force's grades in every round, never compared across frameworks), Notes, Reports and
Sources (shared with the pillar-era paper). No pillar sheets, no Chart, no Totals (an area round's force
reports print no totals to check).

An area the Inspectorate assesses but does not grade (victims) shows 'Ungraded' with "assessed, not graded"
and is never counted; an area with no grade is an empty cell, never 0.
"""

from __future__ import annotations

from collections import Counter

from .. import model, wording
from ..profile import NOT_EXTRACTED, Entry, YearView, where
from .book import HEADER_ROW, Cover, Sheet
from .context import SELECTED_MARK, Context, accessible_fields, cover_facts, grade_cell_note, grade_key

NOT_GRADED = "assessed, not graded"


def among(ctx: Context) -> str:
    """'among the 2 forces in this data' / 'among all 43 forces of the round (from their own reports)'."""
    n, r = ctx.view.size, ctx.area_round
    if n >= r.forces:
        return f"among all {r.forces} forces of the round (from their own reports)"
    return f"among the {wording.plural(n, 'force')} in this data"


def among_group(ctx: Context) -> str:
    """The Summary's comparison group (``--against``): every force held ('among the 2 forces in this data'),
    or 'among the 1 force of East Midlands in this data', 'among the 2 forces of the peer group in this data'."""
    g = ctx.group
    if g.label in ("national", "force reports only"):
        return among(ctx)
    if g.label.startswith("region"):
        where_ = g.label.removeprefix("region (").replace(")", "", 1)
        return f"among the {wording.plural(g.size, 'force')} of {where_} in this data"
    return f"among the {wording.plural(g.size, 'force')} of the peer group ({g.label.removeprefix('peer group: ')}) " \
           "in this data"


def held_words(ctx: Context) -> str:
    """'2 of the round's 43 forces (Leicestershire, Northumbria)'."""
    v, r = ctx.view, ctx.area_round
    names = sorted(model.force_by_id(i).name for i in v.group_ids)
    shown = f" ({', '.join(names)})" if len(names) <= 8 else ""
    return f"{v.size} of the round's {r.forces} forces{shown}"


def _order(ctx: Context, area_id: str) -> tuple[int, str]:
    a = ctx.area_round.area(area_id)
    return (a.order if a else 99, area_id)


def area_keys(ctx: Context) -> list[str]:
    """The area ids of the round that the group's rows hold (or the findings name), in the round's order."""
    return sorted({q for _, q in ctx.view.keys if q}, key=lambda a: _order(ctx, a))


def area_name(ctx: Context, area_id: str, rows: list[dict] = ()) -> str:
    a = ctx.area_round.area(area_id)
    if a is not None:
        return a.name
    return next((r["question"] for r in rows if r.get("question_id") == area_id and r.get("question")), area_id)


def is_ungraded(ctx: Context, area_id: str) -> bool:
    """An area the round assesses but does not grade (rounds.toml ``ungraded``), or one no force holds a
    grade of the scale for while some hold 'Ungraded'."""
    a = ctx.area_round.area(area_id)
    if a is not None and not a.graded:
        return True
    c = ctx.view.counts.get(("", area_id), Counter())
    return bool(c) and set(c) == {model.UNGRADED}


def graded_distribution(v: YearView, area_id: str) -> dict[str, int] | None:
    """Forces per grade of the 5-tier scale (0 for a grade nobody got); None when no force holds a grade of
    the scale for the area (unknown, not 0). 'Ungraded' is never counted."""
    d = v.distribution(("", area_id))
    if d is None:
        return None
    d = {g: d.get(g, 0) for g in wording.grade_order(v.scale)}
    return d if sum(d.values()) else None


def _force_entries(ctx: Context) -> list[Entry]:
    return sorted(ctx.prof.entries, key=lambda e: _order(ctx, e.question_id)) if ctx.prof is not None else []


# ------------------------------------------------------------------ Cover


def headlines(ctx: Context) -> list[tuple[str, str]]:
    """Plain sentences a board needs, each with where its figures come from: the force's grades by area (with
    a force), else each area's distribution; both say which forces the data holds."""
    if ctx.prof is not None:
        return _force_headlines(ctx)
    return [_held_headline(ctx)] + _area_headlines(ctx)


def _held_headline(ctx: Context) -> tuple[str, str]:
    """Which forces the data holds for the round, and what the distributions are among."""
    r, v = ctx.area_round, ctx.view
    whole = among_group(ctx) == among(ctx)
    return (f"The data holds {held_words(ctx)} for {r.label}, each from the force's own report: "
            + (f"every distribution in this paper is {among(ctx)}" if whole else
               f"the Summary's distributions are {among_group(ctx)}")
            + ("" if v.size >= r.forces else ", not a national figure") + ".",
            "Areas sheet (Source file column)")


def _force_headlines(ctx: Context) -> list[tuple[str, str]]:
    """The force's grades by area, its ungraded areas, the forces held, where it stands in an area it
    requires improvement or is inadequate in, what is not extracted and why other rounds are not compared."""
    r, v, grp = ctx.area_round, ctx.view, ctx.group
    out: list[tuple[str, str]] = []
    es = _force_entries(ctx)
    graded = [e for e in es if e.grade and e.grade != model.UNGRADED]
    if graded:
        out.append(_grades_headline(ctx, graded))
    for e in es:
        if e.grade == model.UNGRADED:
            out.append((f"{area_name(ctx, e.question_id)}: {NOT_GRADED} (the Inspectorate makes no graded "
                        "judgment in this area; not counted in any distribution).", e.source))
    out.append(_held_headline(ctx))
    for e in graded:
        if e.grade in ("Requires improvement", "Inadequate"):
            d = graded_distribution(grp, e.question_id)
            if d:
                out.append((f"{area_name(ctx, e.question_id)}: {e.grade.lower()}, "
                            f"{wording.standing(e.grade, d, v.scale)}, {among_group(ctx)}.",
                            f"Summary sheet; {e.source}"))
    missing = [e for e in es if not e.grade]
    if missing:
        out.append((f"Not extracted ({len(missing)} of {wording.plural(len(es), 'area')}): "
                    + ", ".join(area_name(ctx, e.question_id) for e in missing)
                    + ". No value could be read with certainty; none is guessed.", "Notes sheet"))
    if ctx.history_rounds:
        out.append((f"{r.label}'s grades are not compared with other rounds' ({', '.join(ctx.history_rounds)}): "
                    + (r.not_comparable if r.not_comparable else
                       "its framework differs from theirs (see the History sheet)") + ".",
                    r.not_comparable_source or "History sheet"))
    return out


def _grades_headline(ctx: Context, graded: list[Entry]) -> tuple[str, str]:
    """'Leicestershire, PEEL 2021/22: good in 3 areas (...); ...', with the pages (or lines) of each file."""
    parts = []
    for g in wording.grade_order(ctx.view.scale):
        names = [area_name(ctx, e.question_id) for e in graded if e.grade == g]
        if names:
            parts.append(f"{wording.grade_words(g)} in {wording.plural(len(names), 'area')} "
                         f"({'; '.join(names)})")
    files = sorted({e.source_file for e in graded})
    src = ", ".join(f"{f} " + ", ".join(sorted({f"page {e.source_page}" if e.source_page else
                                                  f"line {e.source_line}" for e in graded
                                                  if e.source_file == f and (e.source_page or e.source_line)}))
                    for f in files)
    return (f"{ctx.force.name}, {ctx.area_round.label}: " + "; ".join(parts) + ".", src.strip())


def _area_headlines(ctx: Context) -> list[tuple[str, str]]:
    """Without a force: each area's distribution among the forces held, or that it is ungraded or not
    extracted."""
    v = ctx.view
    out: list[tuple[str, str]] = []
    for a in area_keys(ctx):
        if is_ungraded(ctx, a):
            out.append((f"{area_name(ctx, a)}: {NOT_GRADED} (no force is given a grade in this area).", "Areas sheet"))
            continue
        d = graded_distribution(v, a)
        if d:
            n = sum(d.values())
            out.append((f"{area_name(ctx, a)}: {wording.sentence(d, 'grade', v.scale)}, "
                        f"{among(ctx)}" + (f" ({n} of them graded)" if n < v.size else "") + ".", "Summary sheet"))
        else:
            out.append((f"{area_name(ctx, a)}: not extracted for any force.", "Notes sheet"))
    return out


def cover(ctx: Context, sheets: list[Sheet]) -> Cover:
    r, v = ctx.area_round, ctx.view
    order = wording.grade_order(v.scale)
    scale_text = " / ".join(order) + f" ({v.scale}-tier scale)"
    meta: list[tuple[str, object]] = [
        ("Force", ctx.force.name if ctx.force else "all forces (no force chosen)"),
        ("Region", ctx.force.region if ctx.force else ""),
        ("Round", f"{r.label} (rows labelled {r.year}): areas of policing, no pillars"),
        ("Grade scale", scale_text),
        ("Forces in the data", f"{held_words(ctx)}; distributions are {among(ctx)}"
         + ("" if among_group(ctx) == among(ctx) else f"; the Summary's: {among_group(ctx)}")),
        *cover_facts(ctx, sheets),
    ]
    grade_note = grade_cell_note(ctx)
    notes = [
        f"Grades: {scale_text}. {grade_note}",
        f"{r.label} grades areas of policing, not pillars. 4-tier grades (PEEL to 2018/19) and the 5-tier grades "
        "of the area rounds (which add 'Adequate') are different scales, and each area round inspects against "
        "its own framework: grades are never compared across rounds.",
        f"Distribution: how many forces got each grade in an area, {among(ctx)} for {r.label} "
        + ("(the round inspected every force; each grade comes from the force's own report)." if v.size >= r.forces
           else f"(the round inspected {r.forces}): not a national distribution."),
        f"Ungraded ({NOT_GRADED}): the Inspectorate assesses the area but makes no graded judgment; it is "
        "never counted as a grade.",
        "An empty grade cell: not extracted. The source could not be read with certainty, so no value is "
        "guessed; the row's note says where and why (all findings: Notes sheet). Empty means unknown, never zero.",
        f"Every table sheet is an Excel table under its title and notes, header on row {HEADER_ROW}: "
        f"pandas.read_excel(file, sheet_name='Areas', header={HEADER_ROW - 1}).",
        "Every value names the file and page (or line) it was read from; the Sources sheet lists the files "
        "with their sha256 fingerprints.",
    ]
    grades = order + [model.UNGRADED]
    key = grade_key(ctx, grades)
    key[-1] = (key[-1][0], key[-1][1] + f" ({NOT_GRADED})")
    key.append((NOT_EXTRACTED, "an empty grade cell (grey): no value could be read with certainty; see the note"))
    return Cover(f"PEEL inspection judgments — {ctx.who}, {r.label}",
                 "HMICFRS PEEL grades extracted and checked by peelkit, for board papers",
                 headlines(ctx), meta, notes, key)


# ------------------------------------------------------------------ Summary


def summary(ctx: Context) -> Sheet:
    """Per area: the force's grade and standing beside the distribution among its comparison group (with a
    force), else the distribution among the forces held."""
    r, v = ctx.area_round, ctx.group  # the comparison group: every force held, unless --against
    order = wording.grade_order(v.scale)
    dist_cols = [f"In data: {g}" for g in order]
    own = sorted({e.source_file for e in ctx.prof.entries if e.source_file}) if ctx.prof is not None else []
    if ctx.prof is not None:
        cols = ["Area", "Grade", "Standing in the data", *dist_cols, "Forces graded", "Note", "Source", "Source file",
                "Area id"]
        rows = _force_summary_rows(ctx, own)
        title = f"{ctx.who} — {r.label}: grades by area beside the distribution {among_group(ctx)}"
    else:
        cols = ["Area", *dist_cols, "Forces graded", "Forces not graded", "Note", "Area id"]
        rows = _group_summary_rows(ctx)
        title = f"{r.label}: distribution of area grades {among(ctx)}"
    sub = (f"In data = forces per grade {among_group(ctx)} for {r.label} (the data holds {held_words(ctx)}), "
           "counted from their own "
           f"reports; {'' if v.size >= r.forces else 'not a national distribution; '}{wording.scale_words(v.scale)}. "
           f"Ungraded = {NOT_GRADED}, never counted. An empty count = no force holds a grade there (unknown, "
           "not 0); an empty grade = not extracted (the note says why)."
           + (f" Source pages are in {own[0]}." if len(own) == 1 else ""))
    sheet = Sheet("Summary", [title, sub], cols, rows, grade_cols=("Grade",) if ctx.prof is not None else (),
                  caps={"Area": 28, "Grade": 12, "Standing in the data": 22, "Note": 22, "Source": 18,
                        "Source file": 30, **{c: 9 for c in dist_cols}, "Forces graded": 7, "Forces not graded": 8},
                  freeze_cols=1, print_cols=cols.index("Note") + 1 + (1 if ctx.prof is not None else 0),
                  source_table=", ".join(sorted({x for x in (row[cols.index("Source file")] for row in rows)
                                                 if x})) if "Source file" in cols else "",
                  **(accessible_fields(ctx) if ctx.prof is not None else {}))
    sheet.fit_to_page(("Forces graded", "Source", "Note"))
    return sheet


def _dist_cells(v: YearView, a: str) -> list:
    """The forces per grade of the scale in area ``a``; empty cells when no force holds a grade there."""
    d = graded_distribution(v, a)
    return [("" if d is None else d[g]) for g in wording.grade_order(v.scale)]


def _graded_n(v: YearView, a: str) -> object:
    """How many forces hold a grade of the scale in area ``a``; empty when none does."""
    d = graded_distribution(v, a)
    return "" if d is None else sum(d.values())


def _force_summary_rows(ctx: Context, own: list[str]) -> list[list]:
    """The force's areas: its grade, standing and note beside the group's counts (none for an ungraded area),
    with the source (the file named only when the force's grades come from more than one, ``own``)."""
    v = ctx.group
    order = wording.grade_order(v.scale)
    rows: list[list] = []
    for e in _force_entries(ctx):
        a = e.question_id
        if e.grade == model.UNGRADED:
            st, note = f"{NOT_GRADED} (not counted)", "the Inspectorate makes no graded judgment in this area"
        elif e.grade:
            d = graded_distribution(v, a)
            st = wording.standing(e.grade, d, v.scale) if d else ""
            note = ""
        else:
            st, note = "", f"{NOT_EXTRACTED}: {e.note}"
        ungraded = is_ungraded(ctx, a)
        rows.append([area_name(ctx, a, v.question_rows), e.grade, st,
                     *(["" for _ in order] if ungraded else _dist_cells(v, a)), "" if ungraded else _graded_n(v, a),
                     note, (where("" if own == [e.source_file] else e.source_file, e.source_line,
                                    e.source_page).strip() if e.source_file else ""),
                     e.source_file, a])
    return rows


def _group_summary_rows(ctx: Context) -> list[list]:
    """Without a force: every area's counts among the forces held, the forces graded and not, and why not."""
    v = ctx.group
    order = wording.grade_order(v.scale)
    rows: list[list] = []
    for a in area_keys(ctx):
        ungraded = is_ungraded(ctx, a)
        d = graded_distribution(v, a)
        n = 0 if d is None else sum(d.values())
        note = (f"{NOT_GRADED}: the Inspectorate makes no graded judgment in this area" if ungraded else
                "" if n == v.size else v.missing_note(("", a), "Notes", plain=True) if d is None else
                f"{v.size - n} of the {wording.plural(v.size, 'force')} have no grade here (see Areas, Notes)")
        rows.append([area_name(ctx, a, v.question_rows), *(["" for _ in order] if ungraded else _dist_cells(v, a)),
                     "" if ungraded else _graded_n(v, a), "" if ungraded else v.size - n, note, a])
    return rows


# ------------------------------------------------------------------ Areas


def areas_sheet(ctx: Context) -> Sheet:
    """Every held force's grade in every area of the round (long rows: force, then area, in the round's
    order), with its source."""
    r, v, f = ctx.area_round, ctx.view, ctx.force
    cols = (["Selected"] if f else []) + ["Force", "Region", "Area", "Grade", "Note", "Source", "Source file",
                                          "Area id"]
    names = {fo.force_id: fo for fo in model.forces()}
    rows, hl = [], []
    mine = v.question_rows
    for fid in sorted(v.group_ids, key=lambda i: names[i].name if i in names else i):
        fo = names.get(fid)
        for x in sorted((x for x in mine if x["force_id"] == fid), key=lambda x: _order(ctx, x["question_id"])):
            g = x.get("grade") or ""
            note = NOT_GRADED if g == model.UNGRADED else "" if g else f"{NOT_EXTRACTED} (see Notes)"
            if f and fid == f.force_id:
                hl.append(len(rows))
            rows.append(([SELECTED_MARK if f and fid == f.force_id else ""] if f else [])
                        + [fo.name if fo else fid, fo.region if fo else "", area_name(ctx, x["question_id"]), g,
                           note, where(x["source_file"], x.get("source_line"), x.get("source_page")),
                           x["source_file"], x["question_id"]])
    files = sorted({x["source_file"] for x in mine})
    title = [f"{r.label}: every force in this data, grade by area" + (f" ({f.name} selected)" if f else ""),
             f"The data holds {held_words(ctx)}. One row per force and area, in the round's order. Ungraded = "
             f"{NOT_GRADED}; an empty grade = not extracted (see Notes). An area missing for a force is not in its "
             "report's judgments table."]
    sheet = Sheet("Areas", title, cols, rows, grade_cols=("Grade",), highlight_rows=tuple(hl),
                  freeze_cols=2 if f else 1,
                  caps={"Area": 40, "Force": 18, "Region": 14, "Grade": 12, "Note": 16, "Source": 34,
                        "Source file": 30, "Selected": 8},
                  print_cols=cols.index("Source") + 1, source_table=", ".join(files), **accessible_fields(ctx))
    sheet.fit_to_page(("Region", "Source"))
    return sheet
