"""The rules of a package, run on its rows in memory: the schema's (types, required values, enums, patterns,
minimums, primary and foreign keys, from ``schema.TABLES``) and the PEEL checks (known forces and questions,
43 forces per national pillar column, derived totals equal to printed totals), and the cells a spreadsheet
would run as formulas.

``extract`` runs them on the package it is about to write (``check_rows``, ``formula_findings``), without paying
for frictionless; ``validate`` runs the PEEL checks on the files of a package, frictionless the schema's, and
words the errors of both alike (``type_message``, ``constraint_message``, ``pk_message``). Both import this
module, which imports neither.
"""

from __future__ import annotations

import re
from collections import Counter

from . import checks, model, store
from .schema import NATIONAL_KINDS, TABLES, Where, finding

# review kinds that say why a force has no row in a national pillar column
_SHORTFALL_KINDS = {"count_mismatch", "missing_force", "bad_row", "duplicate_force", "layout", "unexpected_value"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what a spreadsheet may run as a formula


def entry(out: list, type_: str, message: str, *, row: int | None = None, field: str | None = None,
          source: str | None = None) -> None:
    """Append one entry of the report (frictionless's shape: type, message, row, field, source) to ``out``, the
    errors or the warnings."""
    out.append({"type": type_, "message": message, "row": row, "field": field, "source": source})


def where_in_source(source_line, source_page) -> str:
    """'page 12' for a PDF source, 'line 365' for a text source, '' when neither is known."""
    if source_page not in (None, ""):
        return f"page {source_page}"
    if source_line not in (None, ""):
        return f"line {source_line}"
    return ""


def type_message(cell: object, type_: str) -> str:
    fmt = {"date": " (YYYY-MM-DD)", "boolean": " (True or False)"}.get(type_, "")
    return f"{cell!r} is not a valid {type_}{fmt}"


def constraint_message(cell: object, name: str, value: object, field: dict) -> str:
    if name == "required":
        return "a value is required"
    if name == "enum":
        return f"{cell!r} is not one of {', '.join(map(str, field.get('constraints', {}).get('enum', [])))}"
    if name == "pattern":
        return f"{cell!r} does not match {value}"
    if name == "minimum":
        return f"{cell} is below the minimum {value}"
    return f"{cell!r} breaks the constraint {name} {value}".strip()


def pk_message(cells: list) -> str:
    return f"{', '.join(map(str, cells))}: the primary key repeats an earlier row"


# ------------------------------------------------------------------ the schema's rules


def _cell_ok(v: str, type_: str) -> bool:
    """frictionless's default reading of a cell of ``type_`` (the types peelkit's schema uses)."""
    if type_ == "integer":
        return re.fullmatch(r"[+-]?\d+", v) is not None
    if type_ == "number":
        try:
            float(v)
        except ValueError:
            return False
        return True
    if type_ == "boolean":
        return v in ("true", "True", "TRUE", "1", "false", "False", "FALSE", "0")
    if type_ == "date":
        import datetime as _dt  # only here: 2 ms of start-up that extract never needs

        try:
            _dt.date.fromisoformat(v)
        except ValueError:
            return False
        return len(v) == 10
    return True


def schema_errors(tables: dict[str, list[dict]]) -> list[dict]:
    """The checks frictionless makes of the files (types, required, enum, pattern, minimum, primary and
    foreign keys, from ``schema.TABLES``), made on string rows in memory (``store.cells``), each row
    carrying its CSV row number in '_row'."""
    errors: list[dict] = []
    for name, rows in tables.items():
        spec = TABLES.get(name)
        if spec is None:
            continue
        source = f"{name}.csv"
        # per field, once: (field, constraints, enum as the strings a cell holds, the pattern compiled)
        fields = [(f, f.get("constraints", {}), {str(e) for e in f["constraints"]["enum"]}
                   if "enum" in f.get("constraints", {}) else None,
                   re.compile(f"^{f['constraints']['pattern']}$") if "pattern" in f.get("constraints", {}) else None)
                  for f in spec["fields"]]  # type: ignore[attr-defined]
        for r in rows:
            for f, cons, enum, pattern in fields:
                v = r.get(f["name"], "")
                if v == "":
                    if cons.get("required"):
                        entry(errors, "constraint", constraint_message(None, "required", True, f), row=r["_row"],
                              field=f["name"], source=source)
                    continue
                if f["type"] != "string" and not _cell_ok(v, f["type"]):
                    entry(errors, "type", type_message(v, f["type"]), row=r["_row"], field=f["name"], source=source)
                    continue
                broken = ("enum" if enum is not None and v not in enum else
                          "pattern" if pattern is not None and not pattern.match(v) else
                          "minimum" if "minimum" in cons and float(v) < cons["minimum"] else None)
                if broken:
                    entry(errors, "constraint", constraint_message(v, broken, cons[broken], f), row=r["_row"],
                          field=f["name"], source=source)
        pk = spec.get("primaryKey") or []
        seen: set[tuple] = set()
        for r in rows if pk else []:
            k = tuple(r.get(c) or None for c in pk)  # type: ignore[union-attr]
            if k in seen:
                entry(errors, "primary-key", pk_message(list(k)), row=r["_row"], source=source)
            seen.add(k)
        for fk in spec.get("foreignKeys") or []:  # type: ignore[union-attr]
            ref = fk["reference"]
            held = {tuple(x.get(c) or None for c in ref["fields"]) for x in tables.get(ref["resource"], [])}
            for r in rows:
                k = tuple(r.get(c) or None for c in fk["fields"])
                if set(k) != {None} and k not in held:
                    entry(errors, "foreign-key", f"{', '.join(map(str, k))}: no such row in {ref['resource']}.csv",
                          row=r["_row"], source=source)
    return errors


def check_rows(tables: dict[str, list[dict]], kinds: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """(errors, warnings) of validate's checks on the rows of a package about to be written: the rules of
    the schema (``schema_errors``) and the PEEL checks (``peel_checks``). ``tables`` as ``store.cells``
    gives them; ``kinds`` maps each source's file name to its kind."""
    tables = {name: [{**r, "_row": i} for i, r in enumerate(rows, start=2)] for name, rows in tables.items()}
    errors = schema_errors(tables)
    more, warnings = peel_checks(tables, kinds)
    return errors + more, warnings


# ------------------------------------------------------------------ PEEL checks


def _usable(name: str, rows: list[dict]) -> list[dict]:
    """The rows whose integer cells read as integers and whose required cells are there (the others are
    errors of the generic checks already)."""
    fields = TABLES[name]["fields"]  # type: ignore[index]
    ints = [f["name"] for f in fields if f["type"] == "integer"]  # type: ignore[index,union-attr]
    required = [f["name"] for f in fields if f.get("constraints", {}).get("required")]  # type: ignore[union-attr]
    return [r for r in rows if all(re.fullmatch(r"\d*", r.get(c) or "") for c in ints)
            and all(r.get(c) for c in required)]


def peel_checks(tables: dict[str, list[dict]], kinds: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Known forces and questions, 43 forces per national pillar column, derived = printed totals; a
    shortfall or a disagreement the extraction recorded in review.csv is a warning, not an error."""
    errors: list[dict] = []
    warnings: list[dict] = []
    get = {name: [{c: r.get(c, "") or "" for c in (*store.columns(name), "_row")} for r in rows]
           for name, rows in tables.items() if name in TABLES}
    _known_names(get, errors)
    _force_counts(get, kinds, errors, warnings)
    if {"pillars", "questions", "printed_totals"} <= set(get):
        _totals_agree(get, errors, warnings)
    return errors, warnings


def _known_names(get: dict[str, list[dict]], errors: list) -> None:
    """Every force of pillars.csv and questions.csv one of the forces, by its id and its name; every question
    of questions.csv one of its pillar's."""
    for name in ("pillars", "questions"):
        for r in get.get(name, []):
            f = model.find_force(r["force_id"])
            if f is None or f.force_id != r["force_id"]:
                entry(errors, "unknown-force", f"force_id {r['force_id']!r} is not one of the 43 forces",
                      row=r["_row"], field="force_id", source=f"{name}.csv")
            elif r["force"] != f.name:
                entry(errors, "unknown-force", f"force {r['force']!r} should be {f.name!r} for {f.force_id}",
                      row=r["_row"], field="force", source=f"{name}.csv")
    for r in get.get("questions", []):
        q = model.question_by_id(r["question_id"])
        if q is None or q.pillar != r["pillar"]:
            entry(errors, "unknown-question", f"question_id {r['question_id']!r} is not a {r['pillar']} question",
                  row=r["_row"], field="question_id", source="questions.csv")


def _force_counts(get: dict[str, list[dict]], kinds: dict[str, str], errors: list, warnings: list) -> None:
    """Every force in each year's pillar column of a national document (State of Policing); a shortfall whose
    missing forces review.csv names is a warning, any other an error."""
    review = get.get("review", [])
    national = [r for r in get.get("pillars", []) if kinds.get(r["source_file"]) in NATIONAL_KINDS]
    per: dict[tuple[str, str], list[dict]] = {}
    for r in national:
        per.setdefault((r["year"], r["pillar"]), []).append(r)
    n_forces = len(model.forces())
    for (year, pillar), rows in sorted(per.items()):
        ids = {r["force_id"] for r in rows}
        if len(ids) == n_forces:
            continue
        missing = sorted(f.name for f in model.forces() if f.force_id not in ids)
        files = {r["source_file"] for r in rows}
        said = [r["message"] for r in review if r["source_file"] in files and r["pillar"] == pillar
                and not r["question_id"] and r["kind"] in _SHORTFALL_KINDS]
        recorded = all(any(name in m for m in said) for name in missing)
        entry(warnings if recorded else errors, "force-count",
              f"{year} {pillar}: {len(ids)} forces, expected {n_forces} (missing: {', '.join(missing)})"
              + ("; review.csv records why" if recorded else ""), field="force_id", source="pillars.csv")


def _totals_agree(get: dict[str, list[dict]], errors: list, warnings: list) -> None:
    """Each total the documents print equal to the one the rows give (``checks.compare``); a disagreement
    review.csv records (the document disagrees with itself) is a warning, a total too few forces were placed
    to check a warning too."""
    n_forces = len(model.forces())
    found = {(r["source_file"], r["source_line"], r["source_page"], r["pillar"], r["question_id"],
              r["expected"], r["found"]) for r in get.get("review", []) if r["kind"] == "total_mismatch"}
    printed = _usable("printed_totals", get["printed_totals"])
    for c in checks.compare(get["pillars"], get["questions"], printed):
        status = c.status(n_forces)
        what = f"{c.year} {c.pillar}{' / ' + c.question_id if c.question_id else ''} {c.measure} {c.value}"
        if status == "mismatch":
            where = ", ".join(x for x in (c.kind, c.source_file, where_in_source(c.source_line, c.source_page)) if x)
            key = (c.source_file, _s(c.source_line), _s(c.source_page), c.pillar, c.question_id,
                   str(c.printed), str(c.derived))
            if key in found:
                entry(warnings, "totals-recorded", f"{what}: printed {c.printed} ({where}) but the rows give "
                      f"{c.derived}, as review.csv records (the document disagrees with itself)",
                      source="printed_totals.csv")
            else:
                entry(errors, "totals", f"{what}: printed {c.printed} ({where}) but the rows give {c.derived}",
                      source="printed_totals.csv")
        elif status == "unverifiable":
            entry(warnings, "totals-unverifiable", f"{what}: printed {c.printed} but only {c.placed} forces "
                  f"placed (see review.csv)", source="printed_totals.csv")


def _s(v: object) -> str:
    return "" if v is None else str(v)


# ------------------------------------------------------------------ cells a spreadsheet would run


MAX_FORMULA_FINDINGS = 50  # per source file; one more finding counts the rest


def formula_findings(tables: dict[str, list[dict]]) -> list[dict]:
    """Review rows (kind ``formula_like``) for the cells of the tables ``extract`` is about to write that a
    spreadsheet may run as a formula (text beginning with =, +, -, @, tab or CR): one per file, table,
    column and value, with the first row's line or page, how many cells hold it, and the exact value, which
    the CSV keeps as it is (``export`` shows it as text)."""
    seen: dict[tuple[str, str, str, str], list] = {}  # (file, table, column, value) -> [first row, cells]
    for name in TABLES:
        rows = tables.get(name, [])
        for raw, row in zip(rows, store.cells(name, rows)):
            for col, value in row.items():
                if value.startswith(FORMULA_START):
                    hit = seen.setdefault((raw.get("source_file") or "", name, col, value), [raw, 0])
                    hit[1] += 1
    out: list[dict] = []
    per_file: Counter = Counter()
    for (src, name, col, value), (raw, n) in seen.items():
        per_file[src] += 1
        if per_file[src] > MAX_FORMULA_FINDINGS:
            continue
        shown = f"{value[:80]!r}{'...' if len(value) > 80 else ''}"
        out.append(finding(
            "formula_like", f"{name}.csv, column {col}: {shown}{f' ({n} cells)' if n > 1 else ''} begins with "
            f"{value[0]!r}, which a spreadsheet may run as a formula; the CSV keeps it exact (open it through "
            "'peelkit export', which shows it as text)",
            source_file=src, where=Where(raw.get("source_line"), raw.get("source_page")), pillar=raw.get("pillar") or None,
            expected="text", found=repr(value)))  # found quoted: review.csv is no formula either
    for src, n in per_file.items():
        if n > MAX_FORMULA_FINDINGS:
            out.append(finding("formula_like", f"{n - MAX_FORMULA_FINDINGS} more values read from this file begin "
                               "with =, +, -, @, tab or CR", source_file=src, expected="text",
                               found=f"{n - MAX_FORMULA_FINDINGS} more"))
    return out
