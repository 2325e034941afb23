"""The board-paper export: a finished Excel workbook (or a folder of CSVs) for one year and,
optionally, one force.

Sheets:
  Cover          title, force, year, sources with their sha256, when and with which peelkit version
                 it was made, and a "how to read this" note
  Summary        the force's pillar and question judgments beside the national distribution, plus a
                 bar chart of the national grade distribution per pillar with the force's grade marked
  <Pillar>       one sheet per pillar: every force of the national table, questions as columns
  Totals         derived vs printed totals with the check result (checks.compare)
  Notes          every review.csv finding touching the exported rows: what could not be extracted

The data model (``Book``) is built without openpyxl or pandas; ``build_workbook`` renders it with
openpyxl (imported inside the function) and ``export`` writes it atomically as .xlsx or as CSVs.
Grades keep their text in every cell; colours (or, with ``accessible``, patterns) come from
conditional-formatting rules that match that text, so nothing is said by colour alone.
"""

from __future__ import annotations

import csv
import datetime as _dt
import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, model, store, wording
from .checks import compare
from .errors import DataError, UnknownNameError, UsageError

NOT_EXTRACTED = "not extracted"
FORMATS = ("xlsx", "csv")

# short column labels for the questions (the full text is on the Summary sheet and in the sheet title)
QUESTION_LABELS = {
    "preventing-crime": "Preventing crime",
    "investigating-crime": "Investigating crime",
    "protecting-vulnerable": "Protecting the vulnerable",
    "serious-organised-crime": "Serious and organised crime",
    "specialist-capabilities": "Specialist capabilities",
    "meeting-demand": "Meeting demand",
    "planning-future": "Planning for the future",
    "fair-treatment-public": "Fair treatment of the public",
    "ethical-workforce": "Ethical workforce",
    "fair-treatment-workforce": "Fair treatment of the workforce",
}

# RAG colours (fill, font) and, for the accessible version, a pattern per grade (spreadsheet pattern name,
# chart preset pattern name) so the grade never depends on colour alone.
_STYLE = {
    "Outstanding": ("A9D08E", "1E4620", "lightGrid", "smGrid", "fine grid"),
    "Good": ("C6EFCE", "006100", "lightUp", "ltUpDiag", "light diagonal stripes (up)"),
    "Adequate": ("FFF2CC", "7F6000", "lightHorizontal", "ltHorz", "horizontal stripes"),
    "Requires improvement": ("FFEB9C", "9C5700", "darkUp", "dkUpDiag", "heavy diagonal stripes (up)"),
    "Inadequate": ("FFC7CE", "9C0006", "darkTrellis", "trellis", "trellis (cross-hatch)"),
    "Ungraded": ("D9D9D9", "404040", "lightVertical", "ltVert", "vertical stripes"),
    NOT_EXTRACTED: ("EDEDED", "7F7F7F", "gray125", "pct10", "light dots"),
}
_CHECK_STYLE = {"ok": ("C6EFCE", "006100"), "mismatch": ("FFC7CE", "9C0006"),
                "unverifiable": ("FFEB9C", "9C5700"), "unprinted": ("EDEDED", "404040")}
_HIGHLIGHT = "DDEBF7"
_HEADER_FILL = "D9E1F2"
SELECTED_MARK = "◄ selected"


# ------------------------------------------------------------------ the data model


@dataclass
class Sheet:
    """One table sheet: title lines above a header row and rows of cell values."""

    name: str
    title: list[str]
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    grade_cols: tuple[str, ...] = ()
    check_cols: tuple[str, ...] = ()
    wrap_cols: tuple[str, ...] = ()
    highlight_rows: tuple[int, ...] = ()  # 0-based indexes into rows
    freeze_cols: int = 1  # key columns kept visible when scrolling right
    caps: dict[str, int] = field(default_factory=dict)  # maximum column widths (characters)
    chart: dict | None = None


@dataclass
class Cover:
    title: str
    subtitle: str
    meta: list[tuple[str, object]]
    sources: list[dict]
    notes: list[str]


@dataclass
class Book:
    year: str
    force: model.Force | None
    scale: int
    accessible: bool
    created: _dt.datetime
    cover: Cover
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)

    def sizes(self) -> dict[str, int]:
        return {"Cover": len(self.cover.meta) + len(self.cover.sources) + len(self.cover.notes),
                **{s.name: len(s.rows) for s in self.sheets}}


@dataclass
class ExportResult:
    path: Path
    fmt: str
    year: str
    force: str | None
    sheets: dict[str, int]
    totals: Counter
    notes: int
    seconds: float


# ------------------------------------------------------------------ reading


def _optional_rows(data_dir: Path, name: str) -> list[dict]:
    if not (Path(data_dir) / f"{name}.csv").is_file():
        return []
    return store.read_rows(data_dir, name)


def _where(file: str, line: object = "", page: object = "") -> str:
    if page:
        return f"{file} page {page}"
    if line:
        return f"{file} line {line}"
    return file or ""


def _int(v: object) -> int | None:
    return int(v) if v not in (None, "") and str(v).isdigit() else None  # type: ignore[arg-type]


def _label(pillar: str, qid: str) -> str:
    if not qid:
        return pillar.capitalize()
    return QUESTION_LABELS.get(qid) or qid.replace("-", " ").capitalize()


def _qtext(qid: str, rows: list[dict]) -> str:
    for r in rows:
        if r.get("question_id") == qid and r.get("question"):
            return r["question"]
    q = model.question_by_id(qid)
    return q.text if q else qid


def book(data_dir: Path | None = None, force: str | None = None, year: str | None = None,
         accessible: bool = False) -> Book:
    """Everything the workbook shows, as plain rows (no openpyxl, no pandas)."""
    from .names import grade_scale_of, resolve_year

    data_dir = Path(data_dir) if data_dir else store.default_clean_dir()
    if not data_dir.is_dir():
        raise DataError(f"{data_dir}: no such data directory; run 'peelkit extract' first (or pass --data DIR)")
    pillars = store.read_rows(data_dir, "pillars")
    questions = store.read_rows(data_dir, "questions")
    printed_all = _optional_rows(data_dir, "printed_totals")
    review = _optional_rows(data_dir, "review")
    try:
        pkg = store.read_datapackage(data_dir)
    except DataError:
        pkg = {}
    kinds = {s.get("title", ""): s.get("kind", "") for s in pkg.get("sources", [])}

    def national(r: dict) -> bool:
        return not r.get("report_year") and kinds.get(r["source_file"], "state_of_policing") not in (
            "force_report", "report_catalogue")

    years = sorted({r["year"] for r in pillars} | {r["year"] for r in questions})
    if not years:
        raise DataError(f"{data_dir}: the clean tables have no rows; run 'peelkit extract'")
    if year:
        y = resolve_year(year, years)
        if y not in years:
            raise UnknownNameError("year", year, years[::-1][:3])
    else:
        nat_years = sorted({r["year"] for r in pillars if national(r)})
        y = (nat_years or sorted({r["year"] for r in pillars}) or years)[-1]

    f = model.resolve_force(force) if force else None
    p_year = [r for r in pillars if r["year"] == y]
    q_year = [r for r in questions if r["year"] == y]
    if f is not None:
        mine_any = [r for r in pillars + questions if r["force_id"] == f.force_id]
        if not any(r["force_id"] == f.force_id for r in p_year + q_year):
            have = sorted({r["year"] for r in mine_any})
            raise DataError(f"{f.name} has no {y} rows in {data_dir}; "
                            + (f"years with rows for it: {', '.join(have)}" if have else "it has no rows at all")
                            + " (choose one with --year, or export without --force)")

    # the comparison group: national-table rows of the year (else every row of the year, one per key)
    nat_p = [r for r in p_year if national(r)]
    nat_q = [r for r in q_year if national(r)]
    national_table = bool(nat_p or nat_q)
    group_p, group_q = (nat_p, nat_q) if national_table else (p_year, q_year)
    group_p = list({(r["force_id"], r["pillar"]): r for r in reversed(group_p)}.values())[::-1]
    group_q = list({(r["force_id"], r["pillar"], r["question_id"]): r for r in reversed(group_q)}.values())[::-1]

    # the force's own rows: national first, then its own report
    mine: dict[tuple[str, str], dict] = {}
    if f is not None:
        for r in sorted((r for r in p_year + q_year if r["force_id"] == f.force_id),
                        key=lambda r: 0 if national(r) else 1):
            mine.setdefault((r["pillar"], r.get("question_id", "")), r)

    used_rows = group_p + group_q + list(mine.values())
    year_sources = {r["source_file"] for r in used_rows}
    printed = [r for r in printed_all if r["year"] == y]
    year_sources |= {r["source_file"] for r in printed}

    pillar_list = [p for p in model.PILLARS if any(r["pillar"] == p for r in used_rows)]
    notes = [r for r in review if r["source_file"] in year_sources
             and (not r.get("pillar") or r["pillar"] in pillar_list)]
    flagged: dict[tuple[str, str], list[dict]] = {}
    for r in notes:
        if r.get("pillar"):
            flagged.setdefault((r["pillar"], r.get("question_id") or ""), []).append(r)

    def qids(p: str) -> list[str]:
        present = {r.get("question_id", "") for r in group_q + list(mine.values()) if r["pillar"] == p}
        present |= {q for (pp, q) in flagged if pp == p and q}
        known = [q.question_id for q in model.pillar_questions(p) if q.question_id in present]
        return known + sorted(present - set(known) - {""})

    scale = grade_scale_of([r.get("grade", "") for r in used_rows], y)
    order = list(model.GRADES_5 if scale == 5 else model.GRADES_4)
    dist_grades = order + ([model.UNGRADED] if any(r.get("grade") == model.UNGRADED for r in used_rows) else [])
    expected = len(model.forces()) if national_table else len({r["force_id"] for r in group_p + group_q})

    counts: dict[tuple[str, str], Counter] = {}
    for r in group_p:
        counts.setdefault((r["pillar"], ""), Counter())[r["grade"]] += bool(r["grade"])
    for r in group_q:
        counts.setdefault((r["pillar"], r["question_id"]), Counter())[r["grade"]] += bool(r["grade"])
    for c in counts.values():
        c.pop("", None)

    def missing_note(p: str, q: str) -> str:
        hits = flagged.get((p, q), [])
        if not hits:
            return "no value in the data for this judgment"
        kinds_ = sorted({h["kind"] for h in hits})
        locs = ", ".join(_where(h["source_file"], h.get("source_line"), h.get("source_page")) for h in hits)
        return f"the source table could not be read with certainty ({', '.join(kinds_)} at {locs}); see Notes"

    created = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    who = f.name if f else "all forces"
    group_word = "national table" if national_table else "forces with a report in the data"

    # ---------------------------------------------------------- Summary
    summary_keys = [k for p in pillar_list for k in [(p, "")] + [(p, q) for q in qids(p)]]
    dist_cols = [f"National: {g}" for g in dist_grades]
    if f is not None:
        s_cols = ["Pillar", "Question", "Grade", "Trend", "Last inspected", "Standing (national)",
                  *dist_cols, "Forces placed", "Source", "Note"]
    else:
        s_cols = ["Pillar", "Question", *dist_cols, "Forces placed", "Forces not placed", "Note"]
    s_rows: list[list] = []
    s_highlight: list[int] = []
    for p, q in summary_keys:
        c = counts.get((p, q), Counter())
        placed = sum(c.values())
        dist = [c.get(g, 0) for g in dist_grades]
        question = "Pillar judgment" if not q else _qtext(q, group_q + list(mine.values()))
        if f is None:
            note = missing_note(p, q) if placed < expected else ""
            s_rows.append([p.capitalize(), question, *dist, placed, max(expected - placed, 0), note])
            continue
        r = mine.get((p, q))
        if r is None or not r.get("grade"):
            s_rows.append([p.capitalize(), question, NOT_EXTRACTED, r.get("trend", "") if r else "",
                           "", "", *dist, placed, _where(r["source_file"], r.get("source_line"),
                                                          r.get("source_page")) if r else "",
                           missing_note(p, q)])
            continue
        note = ""
        last = r.get("last_inspected", "") if q else ""
        if q and last and last != y:
            earlier = [e for e in questions if e["force_id"] == f.force_id and e["pillar"] == p
                       and e["question_id"] == q and e["year"] == last]
            if earlier:
                e = earlier[0]
                verdict = "agrees" if e["grade"] == r["grade"] else "DISAGREES (see Notes / review.csv)"
                note = (f"carried forward from {last}: {_where(e['source_file'], e.get('source_line'), e.get('source_page'))}"
                        f" says {e['grade'] or 'nothing placed'} ({verdict})")
            else:
                note = f"carried forward from {last}; that inspection's report is not in the data"
        if not national(r):
            note = (note + "; " if note else "") + "from the force's own report (not in the national table)"
        s_rows.append([p.capitalize(), question, r["grade"], r.get("trend", "") if not q else "", last,
                       wording.standing(r["grade"], c, scale), *dist, placed,
                       _where(r["source_file"], r.get("source_line"), r.get("source_page")), note])
        if not q:
            s_highlight.append(len(s_rows) - 1)

    chart = {
        "title": f"National grade distribution by pillar, {y}"
                 + (f" ({f.name}'s grade outlined and named)" if f else ""),
        "grades": order,
        "categories": [],
        "values": [],
        "marks": [],  # (series index, point index)
    }
    for i, p in enumerate(pillar_list):
        c = counts.get((p, ""), Counter())
        r = mine.get((p, "")) if f else None
        label = p.capitalize()
        if r is not None and r.get("grade"):
            label += f" — {f.name}: {r['grade']}"  # type: ignore[union-attr]
            if r["grade"] in order:
                chart["marks"].append((order.index(r["grade"]), i))
        chart["categories"].append(label)
        chart["values"].append([c.get(g, 0) for g in order])

    summary = Sheet(
        "Summary",
        [f"{who} — PEEL {y}: judgments beside the national distribution" if f else
         f"PEEL {y}: national distribution of judgments",
         f"Distribution = forces per grade in the {group_word} for {y} ({expected} forces); "
         "'not extracted' = the source could not be read with certainty (see Notes)."],
        s_cols, s_rows,
        grade_cols=("Grade",), wrap_cols=("Question", "Note", "Standing (national)", "Source"),
        caps={"Question": 45, "Note": 45, "Standing (national)": 26, "Source": 24},
        highlight_rows=tuple(s_highlight), freeze_cols=2, chart=chart if pillar_list else None)

    # ---------------------------------------------------------- one sheet per pillar
    force_names = {fo.force_id: fo for fo in model.forces()}
    pillar_sheets = []
    for p in pillar_list:
        qs = qids(p)
        cols = (["Selected"] if f else []) + ["Force", "Region", "Judgment", "Trend"]
        grade_cols = ["Judgment"]
        for q in qs:
            cols += [f"{_label(p, q)}: judgment", f"{_label(p, q)}: last inspected"]
            grade_cols.append(f"{_label(p, q)}: judgment")
        cols.append("Source (pillar judgment)")
        by_force: dict[str, dict[str, dict]] = {}
        for r in group_p:
            if r["pillar"] == p:
                by_force.setdefault(r["force_id"], {})[""] = r
        for r in group_q:
            if r["pillar"] == p:
                by_force.setdefault(r["force_id"], {})[r["question_id"]] = r
        ids = set(by_force)
        if national_table:
            ids |= set(force_names)
        rows: list[list] = []
        hl: list[int] = []
        for fid in sorted(ids, key=lambda i: force_names[i].name if i in force_names else i):
            fo = force_names.get(fid)
            got = by_force.get(fid, {})
            pr = got.get("")
            row: list = ([SELECTED_MARK if f and fid == f.force_id else ""] if f else [])
            row += [fo.name if fo else fid, fo.region if fo else "",
                    (pr.get("grade") if pr else "") or NOT_EXTRACTED, pr.get("trend", "") if pr else ""]
            for q in qs:
                qr = got.get(q)
                row += [(qr.get("grade") if qr else "") or NOT_EXTRACTED, qr.get("last_inspected", "") if qr else ""]
            row.append(_where(pr["source_file"], pr.get("source_line"), pr.get("source_page")) if pr else "")
            if f and fid == f.force_id:
                hl.append(len(rows))
            rows.append(row)
        title = [f"{p.capitalize()} {y}: every force in the {group_word}"
                 + (f" ({f.name} marked 'selected')" if f else ""),
                 *[f"{_label(p, q)}: {_qtext(q, group_q)}" for q in qs]]
        pillar_sheets.append(Sheet(p.capitalize(), title, cols, rows, grade_cols=tuple(grade_cols),
                                   highlight_rows=tuple(hl), freeze_cols=2 if f else 1))

    # ---------------------------------------------------------- Totals
    comps = compare(group_p, group_q, printed)
    t_cols = ["Year", "Pillar", "Question", "Measure", "Value", "Printed", "Derived", "Forces placed",
              "Printed in", "Source", "Check"]
    t_rows = []
    for cmp_ in sorted(comps, key=lambda c: (model.pillar_order(c.pillar), model.question_order(c.question_id),
                                             c.measure, c.kind, c.source_line or 0)):
        t_rows.append([cmp_.year, cmp_.pillar.capitalize(),
                       _label(cmp_.pillar, cmp_.question_id) if cmp_.question_id else "Pillar judgment",
                       cmp_.measure, cmp_.value, cmp_.printed, cmp_.derived, cmp_.placed, cmp_.kind,
                       _where(cmp_.source_file, cmp_.source_line, cmp_.source_page), cmp_.status(expected)])
    totals = Sheet("Totals", [f"Totals {y}: counts derived from the rows against the totals the document prints",
                              "ok = equal; mismatch = the rows contradict the document; unverifiable = some forces "
                              "could not be placed (see Notes)."],
                   t_cols, t_rows, check_cols=("Check",), freeze_cols=3)

    # ---------------------------------------------------------- Notes
    n_cols = ["File", "Line", "Page", "Pillar", "Question", "Kind", "Expected", "Found", "Message"]
    n_rows = [[r["source_file"], _int(r.get("source_line")), _int(r.get("source_page")),
               (r.get("pillar") or "").capitalize(),
               _label(r["pillar"], r["question_id"]) if r.get("pillar") and r.get("question_id")
               else (r.get("question_id") or ""),
               r["kind"], r.get("expected", ""), r.get("found", ""), r["message"]] for r in notes]
    notes_sheet = Sheet("Notes", [f"Notes {y}: every review finding about the sources of these rows "
                                  f"({len(n_rows)} findings)",
                                  "Values that could not be placed with certainty are reported here, never guessed."],
                        n_cols, n_rows, wrap_cols=("Message",), freeze_cols=1)

    # ---------------------------------------------------------- Cover
    grade_scale_text = (" / ".join(order) + f" ({scale}-tier scale)")
    meta: list[tuple[str, object]] = [
        ("Force", f.name if f else "all forces (no force chosen)"),
        ("Region", f.region if f else ""),
        ("Year", y),
        ("Grade scale", grade_scale_text),
        ("Comparison group", f"{group_word}, {expected} forces"),
        ("Created (UTC)", created),
        ("Made with", f"peelkit {__version__}"),
        ("Data", f"{pkg.get('title', 'clean tables')} ({pkg.get('created_by', 'unknown')})"),
        ("Sheets", ", ".join(["Summary", *[s.name for s in pillar_sheets], "Totals", "Notes"])),
        ("Review findings", f"{len(n_rows)} (see Notes)"),
    ]
    sources = []
    listed = set()
    for s in pkg.get("sources", []):
        name = s.get("title", "")
        listed.add(name)
        sources.append({"File": name, "Kind": s.get("kind", ""), "Bytes": s.get("bytes"),
                        "sha256": str(s.get("hash", "")).removeprefix("sha256:"),
                        "Used here": "yes" if name in year_sources else "no"})
    for name in sorted(year_sources - listed):
        sources.append({"File": name, "Kind": "", "Bytes": None, "sha256": "not recorded in datapackage.json",
                        "Used here": "yes"})
    notes_text = [
        f"Grades: {grade_scale_text}. Each grade cell keeps its text; "
        + ("a pattern (see the key below) repeats it for readers who cannot rely on colour."
           if accessible else "the colour (see the key below) only repeats it."),
        "4-tier grades (PEEL to 2018/19) and 5-tier grades (PEEL 2021/22 on, which adds 'Adequate') are "
        "different scales and are not comparable: a 'Good' on one is not a 'Good' on the other.",
        "Trend: how the pillar judgment changed since the force's previous inspection, as the report prints it.",
        f"Last inspected: the inspection round a question's grade comes from. A year before {y} means the "
        f"question was not re-inspected in {y} and the earlier grade was carried forward.",
        f"Standing and distribution: how many forces in the {group_word} got each grade.",
        f"'{NOT_EXTRACTED}': the source table could not be read with certainty, so no value is shown rather "
        "than a guessed one; the Notes sheet says where and why.",
        "Totals: counts derived from these rows against the totals the document itself prints "
        "(ok = equal).",
        "Every value names the file and line (or page) it was read from; the sources and their sha256 "
        "fingerprints are listed above.",
    ]
    # ---------------------------------------------------------- Reports (the force's inspection timeline)
    extra: list[Sheet] = []
    if f is not None:
        cat = [r for r in _optional_rows(data_dir, "reports") if r.get("force_id") == f.force_id]
        if cat:
            cat.sort(key=lambda r: (r.get("date") or "9999", _int(r.get("source_line")) or 0))
            r_rows = [[_dt.date.fromisoformat(r["date"]) if r.get("date") else "undated", r["type"], r["title"],
                       {"True": "yes", "False": "no"}.get(r.get("response_published", ""), ""),
                       _where(r["source_file"], r.get("source_line"), r.get("source_page"))] for r in cat]
            extra.append(Sheet("Reports", [f"Inspection reports on {f.name}: {len(r_rows)} in the catalogue, oldest "
                                           "first", "From the force's list of HMIC/HMICFRS reports; undated ones "
                                           "are last (see Notes / review.csv)."],
                               ["Date", "Type", "Title", "Response published", "Source"], r_rows,
                               wrap_cols=("Title",), caps={"Title": 90}))
            meta = [(k, f"{v}, Reports" if k == "Sheets" else v) for k, v in meta]
            meta.append(("Inspection reports", f"{len(r_rows)} (see Reports)"))
    cover = Cover(f"PEEL inspection judgments — {who}, {y}",
                  "HMICFRS PEEL grades extracted and checked by peelkit, for board papers",
                  meta, sources, notes_text)
    return Book(y, f, scale, accessible, created, cover,
                [summary, *pillar_sheets, totals, notes_sheet, *extra])


# ------------------------------------------------------------------ rendering: xlsx


def _width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, _dt.datetime):
        return 16
    return max((len(x) for x in str(value).split("\n")), default=0)


def _page_setup(ws, title: str, header_row: int | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = title[:200].replace("&", "&&")
    ws.oddFooter.left.text = f"peelkit {__version__}"
    ws.oddFooter.right.text = "Page &P of &N"
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


def _cell_fill(grade: str, accessible: bool):
    """Solid RAG fill, or (accessible) a grey pattern over the light RAG colour: the stripes or grid tell
    the grades apart without colour, and black text stays readable where the pattern is blended."""
    from openpyxl.styles import PatternFill

    fill_c, _, patt, _, _ = _STYLE[grade]
    if accessible:
        return PatternFill(patternType=patt, fgColor="BFBFBF" if patt.startswith("dark") else "8C8C8C",
                           bgColor=fill_c)
    return PatternFill(patternType="solid", fgColor=fill_c, bgColor=fill_c)


def _grade_rules(accessible: bool, values: list[str]):
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font

    rules = []
    for g in values:
        fill_c, font_c, patt, _, _ = _STYLE[g]
        fill = _cell_fill(g, accessible)
        font = Font(color="000000" if accessible else font_c,
                    bold=accessible and g in ("Requires improvement", "Inadequate"), italic=g == NOT_EXTRACTED)
        rules.append(CellIsRule(operator="equal", formula=[f'"{g}"'], fill=fill, font=font, stopIfTrue=True))
    return rules


def _check_rules(accessible: bool):
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    rules = []
    patterns = {"ok": "lightUp", "mismatch": "darkTrellis", "unverifiable": "darkUp", "unprinted": "gray125"}
    for v, (fill_c, font_c) in _CHECK_STYLE.items():
        fill = PatternFill(patternType=patterns[v] if accessible else "solid",
                           fgColor=("BFBFBF" if patterns[v].startswith("dark") else "8C8C8C") if accessible
                           else fill_c, bgColor=fill_c)
        rules.append(CellIsRule(operator="equal", formula=[f'"{v}"'], fill=fill,
                                font=Font(color="000000" if accessible else font_c, bold=v == "mismatch"),
                                stopIfTrue=True))
    return rules


def _write_table(ws, sheet: Sheet, accessible: bool) -> int:
    """Write title, header and rows; style them. Returns the header row number."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    r = 1
    for i, line in enumerate(sheet.title):
        c = ws.cell(r, 1, line)
        c.font = Font(bold=True, size=14) if i == 0 else Font(italic=True, color="404040")
        r += 1
    if sheet.title:
        r += 1
    header = r
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    thin = Side(style="thin", color="808080")
    for j, name in enumerate(sheet.columns, 1):
        c = ws.cell(header, j, name)
        c.font = head_font
        c.fill = head_fill
        c.border = Border(bottom=thin)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = {sheet.columns.index(c) for c in sheet.wrap_cols if c in sheet.columns}
    hl = set(sheet.highlight_rows)
    hl_fill = PatternFill("solid", fgColor=_HIGHLIGHT)
    top_wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    top_centre = Alignment(vertical="top", horizontal="center")
    for i, row in enumerate(sheet.rows):
        for j, v in enumerate(row):
            c = ws.cell(header + 1 + i, j + 1, v if v != "" else None)
            c.alignment = top_wrap if j in wrap else top_centre if isinstance(v, int) else top
            if isinstance(v, _dt.date) and not isinstance(v, _dt.datetime):
                c.number_format = "dd mmm yyyy"
            if i in hl:
                c.font = Font(bold=True)
                c.fill = hl_fill
    last = header + max(len(sheet.rows), 1)
    last_col = get_column_letter(len(sheet.columns))
    ws.freeze_panes = ws.cell(header + 1, sheet.freeze_cols + 1)
    ws.auto_filter.ref = f"A{header}:{last_col}{last}"

    # conditional formats keep the text and add the colour / pattern
    def ranges(names: tuple[str, ...]) -> str:
        out = []
        for n in names:
            if n in sheet.columns:
                col = get_column_letter(sheet.columns.index(n) + 1)
                out.append(f"{col}{header + 1}:{col}{last}")
        return " ".join(out)

    if sheet.grade_cols and ranges(sheet.grade_cols):
        for rule in _grade_rules(accessible, list(_STYLE)):
            ws.conditional_formatting.add(ranges(sheet.grade_cols), rule)
    if sheet.check_cols and ranges(sheet.check_cols):
        for rule in _check_rules(accessible):
            ws.conditional_formatting.add(ranges(sheet.check_cols), rule)

    # widths from the content (wrapped text columns capped), then row heights for the wrapped cells
    widths = []
    for j, name in enumerate(sheet.columns):
        longest_word = max((len(w) for w in name.split()), default=4)
        content = max([_width(row[j]) for row in sheet.rows] + [0])
        cap = sheet.caps.get(name, 60 if j in wrap else 45)
        width = max(min(content, cap), longest_word, min(len(name), 14), 6) + 2
        widths.append(width)
        ws.column_dimensions[get_column_letter(j + 1)].width = width

    def lines(text: object, width: int) -> int:
        return max(1, -(-_width(text) * 11 // (10 * max(width - 2, 1)))) if text not in (None, "") else 1

    ws.row_dimensions[header].height = 15 * max(lines(n, w) for n, w in zip(sheet.columns, widths))
    if wrap:
        for i, row in enumerate(sheet.rows):
            n = max(lines(row[j], widths[j]) for j in wrap)
            if n > 1:
                ws.row_dimensions[header + 1 + i].height = 15 * n
    _page_setup(ws, sheet.title[0] if sheet.title else sheet.name, header)
    return header


def _add_chart(ws, sheet: Sheet, header: int, accessible: bool) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.marker import DataPoint
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
    from openpyxl.drawing.line import LineProperties
    from openpyxl.styles import Font

    ch = sheet.chart
    assert ch is not None
    start = header + max(len(sheet.rows), 1) + 3
    ws.cell(start - 1, 1, "Chart data: national grade distribution by pillar").font = Font(bold=True)
    ws.cell(start, 1, "Pillar").font = Font(bold=True)
    for j, g in enumerate(ch["grades"], 2):
        ws.cell(start, j, g).font = Font(bold=True)
    for i, (cat, vals) in enumerate(zip(ch["categories"], ch["values"]), 1):
        ws.cell(start + i, 1, cat)
        for j, v in enumerate(vals, 2):
            ws.cell(start + i, j, v)
    n = len(ch["categories"])
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = ch["title"]
    chart.y_axis.title = "Forces"
    chart.x_axis.title = "Pillar"
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(ws, min_col=2, max_col=1 + len(ch["grades"]), min_row=start, max_row=start + n)
    cats = Reference(ws, min_col=1, min_row=start + 1, max_row=start + n)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    for s in chart.series:  # the categories are text: a string reference, not a numeric one
        s.cat = AxDataSource(strRef=StrRef(f=s.cat.numRef.f))
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                     showPercent=False, showBubbleSize=False)
    chart.legend.position = "b"
    for s, g in zip(chart.series, ch["grades"]):
        fill_c, font_c, _, prst, _ = _STYLE[g]
        gp = GraphicalProperties()
        if accessible:
            gp.pattFill = PatternFillProperties(prst=prst, fgClr=ColorChoice(srgbClr=font_c),
                                                bgClr=ColorChoice(srgbClr=fill_c))
        else:
            gp.solidFill = fill_c
        gp.line.solidFill = font_c
        s.graphicalProperties = gp
    for si, pi in ch["marks"]:
        g = ch["grades"][si]
        fill_c, font_c, _, prst, _ = _STYLE[g]
        gp = GraphicalProperties(ln=LineProperties(solidFill="000000", w=38100))
        if accessible:
            gp.pattFill = PatternFillProperties(prst=prst, fgClr=ColorChoice(srgbClr=font_c),
                                                bgClr=ColorChoice(srgbClr=fill_c))
        else:
            gp.solidFill = fill_c
        chart.series[si].dPt.append(DataPoint(idx=pi, spPr=gp))
    chart.width = 26
    chart.height = 11
    ws.add_chart(chart, f"A{start + n + 2}")


def _write_cover(ws, book_: Book) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    cv = book_.cover
    ws.cell(1, 1, cv.title).font = Font(bold=True, size=18)
    ws.cell(2, 1, cv.subtitle).font = Font(italic=True, color="404040")
    r = 4
    for k, v in cv.meta:
        ws.cell(r, 1, k).font = Font(bold=True)
        c = ws.cell(r, 2, v if v != "" else None)
        if isinstance(v, _dt.datetime):
            c.number_format = "yyyy-mm-dd hh:mm"
        c.alignment = Alignment(horizontal="left")
        r += 1
    r += 1
    ws.cell(r, 1, "Sources").font = Font(bold=True, size=13)
    r += 1
    cols = ["File", "Kind", "Bytes", "sha256", "Used here"]
    thin = Side(style="thin", color="808080")
    for j, name in enumerate(cols, 1):
        c = ws.cell(r, j, name)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        c.border = Border(bottom=thin)
    for s in cv.sources:
        r += 1
        for j, name in enumerate(cols, 1):
            c = ws.cell(r, j, s[name])
            if name == "Bytes":
                c.number_format = "#,##0"
    r += 2
    ws.cell(r, 1, "How to read this").font = Font(bold=True, size=13)
    for line in cv.notes:
        r += 1
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
        c = ws.cell(r, 1, "• " + line)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 15 * (1 + len(line) // 120)
    r += 2
    ws.cell(r, 1, "Key to grade cells" + (" (pattern and text)" if book_.accessible else " (colour and text)")
            ).font = Font(bold=True, size=13)
    grades = list(model.GRADES_5 if book_.scale == 5 else model.GRADES_4) + [model.UNGRADED, NOT_EXTRACTED]
    for g in grades:
        r += 1
        fill_c, font_c, patt, _, words = _STYLE[g]
        c = ws.cell(r, 1, g)
        c.fill = _cell_fill(g, book_.accessible)
        c.font = Font(color="000000" if book_.accessible else font_c, italic=g == NOT_EXTRACTED,
                      bold=book_.accessible and g in ("Requires improvement", "Inadequate"))
        ws.cell(r, 2, words if book_.accessible else "fill colour; the grade text is always in the cell")
    widths = [max(len("Review findings"), max((len(s["File"]) for s in cv.sources), default=10)) + 2,
              22, 12, 68, 10]
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    _page_setup(ws, cv.title, None)
    ws.print_title_rows = None


def render_workbook(book_: Book):
    """The Book as an openpyxl Workbook."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Cover"
    _write_cover(ws, book_)
    for sheet in book_.sheets:
        ws = wb.create_sheet(sheet.name)
        header = _write_table(ws, sheet, book_.accessible)
        if sheet.chart and sheet.chart["categories"]:
            _add_chart(ws, sheet, header, book_.accessible)
    wb.properties.title = book_.cover.title
    wb.properties.creator = f"peelkit {__version__}"
    wb.properties.created = book_.created
    wb.properties.subject = "PEEL inspection judgments (HMICFRS)"
    wb.active = 0
    return wb


def build_workbook(data_dir: Path | None = None, force: str | None = None, year: str | None = None,
                   accessible: bool = False):
    """The board-paper workbook as an openpyxl Workbook (not saved)."""
    return render_workbook(book(data_dir, force, year, accessible))


# ------------------------------------------------------------------ rendering: csv


def _csv_value(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, _dt.datetime):
        return v.isoformat(sep=" ") + " UTC"
    if isinstance(v, _dt.date):
        return v.isoformat()
    return v


def write_csv_folder(folder: Path, book_: Book) -> list[Path]:
    """The same sheets as one CSV each: cover.csv, summary.csv, effectiveness.csv, ..., notes.csv."""
    folder.mkdir()
    out = []
    p = folder / "cover.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["section", "item", "value", "detail"])
        w.writerow(["title", "Title", book_.cover.title, book_.cover.subtitle])
        for k, v in book_.cover.meta:
            w.writerow(["about", k, _csv_value(v), ""])
        for s in book_.cover.sources:
            w.writerow(["source", s["File"], s["sha256"], f"kind={s['Kind']}; bytes={s['Bytes'] or ''}; "
                                                           f"used here={s['Used here']}"])
        for i, line in enumerate(book_.cover.notes, 1):
            w.writerow(["how to read this", str(i), line, ""])
    out.append(p)
    for sheet in book_.sheets:
        p = folder / f"{sheet.name.lower()}.csv"
        with p.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(sheet.columns)
            for row in sheet.rows:
                w.writerow([_csv_value(v) for v in row])
        out.append(p)
    return out


# ------------------------------------------------------------------ export


def export(path: Path | str, data_dir: Path | None = None, force: str | None = None, year: str | None = None,
           accessible: bool = False, fmt: str = "xlsx", overwrite: bool = False) -> ExportResult:
    """Write the board-paper workbook (``fmt='xlsx'``) or a folder of CSVs (``fmt='csv'``) to ``path``.

    Never replaces an existing file or folder unless ``overwrite``; writes to a temporary sibling and
    renames it into place, so a failed run leaves nothing half-written.
    """
    t0 = time.perf_counter()
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose xlsx or csv")
    path = Path(path)
    if path.exists() and not overwrite:
        kind = "folder" if path.is_dir() else "file"
        raise UsageError(f"{path} already exists ({kind}); pass --force-overwrite to replace it")
    if fmt == "xlsx" and path.is_dir():
        raise UsageError(f"{path} is a folder; an xlsx export needs a file name (or use --format csv)")
    parent = path.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{parent}: no such directory")
    b = book(data_dir, force, year, accessible)
    tmp = parent / f".{path.name}.tmp-{os.getpid()}"
    old = parent / f".{path.name}.old-{os.getpid()}"
    for leftover in (tmp, old):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
    try:
        if fmt == "xlsx":
            render_workbook(b).save(tmp)
            os.replace(tmp, path)
        else:
            write_csv_folder(tmp, b)
            store.swap_in(tmp, path, old)
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp.exists():
            tmp.unlink()
    totals = Counter(row[-1] for row in b.sheet("Totals").rows)
    return ExportResult(path, fmt, b.year, b.force.name if b.force else None, b.sizes(), totals,
                        len(b.sheet("Notes").rows), time.perf_counter() - t0)
