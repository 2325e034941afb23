"""Validate a clean data directory against its datapackage.json (frictionless-style report).

The generic part (every cell against its field's declared type and format, required values, enums,
patterns, minimums, header labels, primary and foreign keys, each file's sha256 and size) is done by
frictionless-py, imported here only (about 0.3 s). The PEEL-specific checks are ours: known forces
and questions, 43 forces per pillar and year in the national tables, source files with matching
sha256 (wherever the package was written or copied to), derived totals equal to printed totals.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from . import checks, model, store
from .errors import DataError

NATIONAL_KINDS = {"state_of_policing"}

# frictionless error type -> ours (the report keeps the frictionless shape: type, message, row, field, source)
_TYPES = {"type-error": "type", "constraint-error": "constraint", "primary-key": "primary-key",
          "foreign-key": "foreign-key", "hash-count": "hash-mismatch", "byte-count": "hash-mismatch",
          "missing-cell": "row-length", "extra-cell": "row-length", "incorrect-label": "header",
          "missing-label": "header", "extra-label": "header", "blank-label": "header", "duplicate-label": "header"}


def _err(errors: list, type_: str, message: str, *, row: int | None = None, field: str | None = None,
         source: str | None = None) -> None:
    errors.append({"type": type_, "message": message, "row": row, "field": field, "source": source})


def _where(source_line, source_page) -> str:
    """'page 12' for a PDF source, 'line 365' for a text source, '' when neither is known."""
    if source_page not in (None, ""):
        return f"page {source_page}"
    if source_line not in (None, ""):
        return f"line {source_line}"
    return ""


def _message(e, fields: dict[str, dict]) -> str:
    """One sentence for a frictionless error, naming the value and what the schema expects."""
    cell = getattr(e, "cell", None)
    note = getattr(e, "note", "") or ""
    if e.type == "type-error":
        f = fields.get(getattr(e, "field_name", ""), {})
        fmt = {"date": " (YYYY-MM-DD)", "boolean": " (True or False)", "integer": ""}.get(f.get("type", ""), "")
        return f"{cell!r} is not a valid {f.get('type', 'value')}{fmt}"
    if e.type == "constraint-error":
        m = re.match(r'constraint "(\w+)" is "(.*)"', note)
        name, value = (m.group(1), m.group(2)) if m else ("", note)
        if name == "required":
            return "a value is required"
        if name == "enum":
            cons = fields.get(getattr(e, "field_name", ""), {}).get("constraints", {})
            return f"{cell!r} is not one of {', '.join(cons.get('enum', []))}"
        if name == "pattern":
            return f"{cell!r} does not match {value}"
        if name == "minimum":
            return f"{cell} is below the minimum {value}"
        return f"{cell!r} breaks the constraint {name} {value}".strip()
    if e.type == "primary-key":
        return f"{', '.join(map(str, getattr(e, 'cells', [])))}: the primary key repeats an earlier row"
    if e.type == "foreign-key":
        return f"{note or 'no matching row in the referenced table'}"
    return f"{e.title}: {note}" if note else e.title


def _generic(pkg: dict, data_dir: Path, errors: list, stats: dict) -> None:
    """Every field, key and file hash through frictionless-py; errors appended in our report shape."""
    import frictionless

    package = frictionless.Package({"resources": pkg.get("resources", [])}, basepath=str(data_dir))
    report = package.validate()
    for e in report.errors:
        _err(errors, "package", e.message)
    for task in report.tasks:
        res = next((r for r in pkg["resources"] if r.get("name") == task.name), {})
        source = res.get("path", task.name)
        fields = {f["name"]: f for f in res.get("schema", {}).get("fields", [])}
        seen: set[str] = set()
        for e in task.errors:
            type_ = _TYPES.get(e.type, e.type)
            if type_ in ("hash-mismatch", "header"):
                if type_ in seen:
                    continue
                seen.add(type_)
                if type_ == "hash-mismatch":
                    _err(errors, type_, f"{source} changed since extraction (sha256 differs)", source=source)
                    continue
            _err(errors, type_, _message(e, fields), row=getattr(e, "row_number", None),
                 field=getattr(e, "field_name", None), source=source)
        stats["tables"] += 1
        stats["rows"] += int(task.stats.get("rows") or 0)


def _read(path: Path, names: list[str]) -> list[dict] | None:
    """The rows of a CSV as dicts (with their file row number in '_row'), or None if the header differs."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        if next(reader, []) != names:
            return None
        return [{**dict(zip(names, cells)), "_row": i} for i, cells in enumerate(reader, start=2)
                if len(cells) == len(names)]


def _source_file(s: dict, data_dir: Path) -> tuple[Path | None, list[str]]:
    """Where a recorded source can be found: its recorded path (relative to the package), beside the
    package, or in the project's data/raw. Returns the file (or None) and the places looked at."""
    title = s.get("title") or ""
    places = [data_dir / s.get("path", ""), data_dir / title, store.default_raw_dir() / title]
    for p in places:
        if title and p.is_file():
            return p, []
    return None, [str(p) for p in dict.fromkeys(places)]


def validate(data_dir: Path) -> dict:
    """The validation report: {valid, stats, errors[type, message, row, field, source], warnings}."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError("no such data directory", source=str(data_dir))
    pkg = store.read_datapackage(data_dir)
    errors: list[dict] = []
    warnings: list[dict] = []
    stats = {"tables": 0, "rows": 0, "sources": 0}
    present = []
    for res in pkg.get("resources", []):
        if not (data_dir / res.get("path", "")).is_file():
            _err(errors, "missing-file", f"{res.get('path')} is listed in datapackage.json but missing",
                 source=str(res.get("path")))
        else:
            present.append(res)
    _generic({**pkg, "resources": present}, data_dir, errors, stats)
    tables: dict[str, list[dict]] = {}
    for res in present:
        rows = _read(data_dir / res["path"], [f["name"] for f in res.get("schema", {}).get("fields", [])])
        if rows is not None:
            tables[res["name"]] = rows

    for name in ("pillars", "questions"):
        for r in tables.get(name, []):
            f = model.find_force(r["force_id"])
            if f is None or f.force_id != r["force_id"]:
                _err(errors, "unknown-force", f"force_id {r['force_id']!r} is not one of the 43 forces",
                     row=r["_row"], field="force_id", source=f"{name}.csv")
            elif r["force"] != f.name:
                _err(errors, "unknown-force", f"force {r['force']!r} should be {f.name!r} for {f.force_id}",
                     row=r["_row"], field="force", source=f"{name}.csv")
    for r in tables.get("questions", []):
        q = model.question_by_id(r["question_id"])
        if q is None or q.pillar != r["pillar"]:
            _err(errors, "unknown-question", f"question_id {r['question_id']!r} is not a {r['pillar']} question",
                 row=r["_row"], field="question_id", source="questions.csv")

    kinds = {}
    for s in pkg.get("sources", []):
        stats["sources"] += 1
        kinds[s.get("title")] = s.get("kind")
        p, looked = _source_file(s, data_dir)
        if p is None:
            _err(warnings, "source-unreachable", f"source {s.get('title')} is not reachable from here (looked in "
                 f"{'; '.join(looked)}): its sha256 was not checked; the tables were", source=s.get("title"))
            continue
        digest, _ = store.file_digest(p)
        if s.get("hash") != f"sha256:{digest}":
            _err(errors, "source-changed", f"source {s.get('title')} at {p} differs from the one extracted (sha256)",
                 source=s.get("title"))

    national = [r for r in tables.get("pillars", []) if kinds.get(r["source_file"]) in NATIONAL_KINDS]
    per: dict[tuple[str, str], set] = {}
    for r in national:
        per.setdefault((r["year"], r["pillar"]), set()).add(r["force_id"])
    n_forces = len(model.forces())
    for (year, pillar), ids in sorted(per.items()):
        if len(ids) != n_forces:
            missing = sorted(f.name for f in model.forces() if f.force_id not in ids)
            _err(errors, "force-count", f"{year} {pillar}: {len(ids)} forces, expected {n_forces} "
                 f"(missing: {', '.join(missing)})", field="force_id", source="pillars.csv")

    if {"pillars", "questions", "printed_totals"} <= set(tables):
        for c in checks.compare(tables["pillars"], tables["questions"], tables["printed_totals"]):
            status = c.status(n_forces)
            what = f"{c.year} {c.pillar}{' / ' + c.question_id if c.question_id else ''} {c.measure} {c.value}"
            if status == "mismatch":
                where = ", ".join(x for x in (c.kind, c.source_file, _where(c.source_line, c.source_page)) if x)
                _err(errors, "totals", f"{what}: printed {c.printed} ({where}) but the rows give {c.derived}",
                     source="printed_totals.csv")
            elif status == "unverifiable":
                _err(warnings, "totals-unverifiable", f"{what}: printed {c.printed} but only {c.placed} forces "
                     f"placed (see review.csv)", source="printed_totals.csv")
    stats["errors"] = len(errors)
    stats["warnings"] = len(warnings)
    return {"valid": not errors, "stats": stats, "errors": errors, "warnings": warnings}
