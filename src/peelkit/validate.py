"""Validate a clean data directory against its datapackage.json (frictionless-style report).

The generic part (every cell against its field's declared type and format, required values, enums,
patterns, minimums, header labels, primary and foreign keys, each file's sha256 and size) is done by
frictionless-py, imported here only (about 0.3 s). The PEEL-specific checks are ours: known forces
and questions, 43 forces per pillar and year in the national tables (or the shortfall recorded in
review.csv), source files with matching sha256, derived totals equal to printed totals (or the
disagreement recorded in review.csv), and cells a spreadsheet would run as formulas (a warning).

Nothing outside the package folder, data/raw (the project's, or the ``raw/`` beside the package) and
the folders named with ``--sources`` is ever opened: a recorded path leading elsewhere (absolute, a URL,
``..``, a symbolic link out) is an error naming the field. A malformed datapackage.json is one
DataError naming the field. ``rederive`` extracts every recorded source that is present again and
names each cell of the package that differs from what the sources give.

The same rules on rows in memory are ``peelkit.rules``' (``extract`` runs them on the package it is about
to write, without paying for frictionless); this module runs its PEEL checks on the package's files.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from pathlib import Path, PurePosixPath, PureWindowsPath

from . import extract, store
from .errors import DataError, PeelkitError
from .rules import (FORMULA_START, constraint_message, entry, peel_checks, pk_message, type_message,
                    where_in_source)
from .schema import TABLES

# frictionless error type -> ours (the report keeps the frictionless shape: type, message, row, field, source)
_TYPES = {"type-error": "type", "constraint-error": "constraint", "primary-key": "primary-key",
          "foreign-key": "foreign-key", "hash-count": "hash-mismatch", "byte-count": "hash-mismatch",
          "missing-cell": "row-length", "extra-cell": "row-length", "incorrect-label": "header",
          "missing-label": "header", "extra-label": "header", "blank-label": "header", "duplicate-label": "header"}
_FIELD_TYPES = {"any", "array", "boolean", "date", "datetime", "duration", "geojson", "geopoint", "integer", "list",
                "number", "object", "string", "time", "year", "yearmonth"}


# ------------------------------------------------------------------ the shape of datapackage.json


def _kind(v: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null",
            int: "a number", float: "a number"}.get(type(v), type(v).__name__)


class _Shape:
    """Every field of datapackage.json that validate relies on, with the type it needs: the first that
    is not is one DataError naming it (``resources[2].schema.fields[0].name: expected a string ...``)."""

    def __init__(self, source: str):
        self.source = source

    def bad(self, field: str, problem: str) -> DataError:
        return DataError(f"{field}: {problem}", source=self.source)

    def need(self, v: object, types: type | tuple, field: str, what: str) -> None:
        types = types if isinstance(types, tuple) else (types,)
        if not isinstance(v, types) or (isinstance(v, bool) and bool not in types):
            raise self.bad(field, f"expected {what}, found {_kind(v)}")

    def present(self, d: dict, key: str, field: str, what: str = "") -> object:
        if key not in d:
            raise self.bad(field, f"missing{what}")
        return d[key]

    def names(self, v: object, field: str) -> list[str]:
        if isinstance(v, str):
            return [v]
        self.need(v, list, field, "a field name or a list of them")
        for j, x in enumerate(v):  # type: ignore[arg-type]
            self.need(x, str, f"{field}[{j}]", "a field name")
        return list(v)  # type: ignore[arg-type]

    def package(self, pkg: object) -> None:
        self.need(pkg, dict, "datapackage.json", "an object")
        assert isinstance(pkg, dict)
        resources = self.present(pkg, "resources", "resources", " (the list of tables)")
        self.need(resources, list, "resources", "a list")
        seen: set[str] = set()
        for i, res in enumerate(resources):  # type: ignore[arg-type]
            self.resource(res, f"resources[{i}]", seen)
        for i, res in enumerate(resources):  # type: ignore[arg-type]
            for j, fk in enumerate(res["schema"].get("foreignKeys", [])):
                ref = fk["reference"]["resource"]
                if ref and ref not in seen:
                    raise self.bad(f"resources[{i}].schema.foreignKeys[{j}].reference.resource", f"no resource {ref!r}")
        sources = pkg.get("sources", [])
        self.need(sources, list, "sources", "a list")
        for i, src in enumerate(sources):
            self.need(src, dict, f"sources[{i}]", "an object")
            if "title" not in src and "path" not in src:
                raise self.bad(f"sources[{i}]", "has neither a title nor a path")
            for key in ("title", "path", "hash", "kind"):
                if key in src:
                    self.need(src[key], str, f"sources[{i}].{key}", "a string")

    def resource(self, res: object, at: str, seen: set[str]) -> None:
        self.need(res, dict, at, "an object")
        assert isinstance(res, dict)
        for key in ("name", "path"):
            self.need(self.present(res, key, f"{at}.{key}"), str, f"{at}.{key}", "a string")
            if not res[key]:
                raise self.bad(f"{at}.{key}", "is empty")
        if res["name"] in seen:
            raise self.bad(f"{at}.name", f"{res['name']!r} names two resources")
        seen.add(res["name"])
        for key, types, what in (("hash", str, "a string"), ("encoding", str, "a string"),
                                 ("format", str, "a string"), ("dialect", dict, "an object"),
                                 ("bytes", int, "a whole number")):
            if key in res:
                self.need(res[key], types, f"{at}.{key}", what)
        schema = self.present(res, "schema", f"{at}.schema")
        if isinstance(schema, str):
            raise self.bad(f"{at}.schema", f"expected an object, found a string ({schema!r}: a reference to a "
                           "schema elsewhere, which peelkit never reads or fetches)")
        self.need(schema, dict, f"{at}.schema", "an object")
        fields_ = self.present(schema, "fields", f"{at}.schema.fields")  # type: ignore[arg-type]
        self.need(fields_, list, f"{at}.schema.fields", "a list")
        fields: list[str] = []
        for j, f in enumerate(fields_):  # type: ignore[arg-type]
            self.field(f, f"{at}.schema.fields[{j}]", fields)
        assert isinstance(schema, dict)
        for n in self.names(schema.get("primaryKey", []), f"{at}.schema.primaryKey"):
            if n not in fields:
                raise self.bad(f"{at}.schema.primaryKey", f"{n!r} is not a field of {res['name']}")
        self.need(schema.get("foreignKeys", []), list, f"{at}.schema.foreignKeys", "a list")
        for j, fk in enumerate(schema.get("foreignKeys", [])):
            fkat = f"{at}.schema.foreignKeys[{j}]"
            self.need(fk, dict, fkat, "an object")
            for n in self.names(fk.get("fields"), f"{fkat}.fields"):
                if n not in fields:
                    raise self.bad(f"{fkat}.fields", f"{n!r} is not a field of {res['name']}")
            self.need(fk.get("reference"), dict, f"{fkat}.reference", "an object")
            self.need(fk["reference"].get("resource"), str, f"{fkat}.reference.resource", "a resource name")
            self.names(fk["reference"].get("fields"), f"{fkat}.reference.fields")

    def field(self, f: object, at: str, fields: list[str]) -> None:
        self.need(f, dict, at, "an object")
        assert isinstance(f, dict)
        self.need(self.present(f, "name", f"{at}.name"), str, f"{at}.name", "a string")
        if f["name"] in fields:
            raise self.bad(f"{at}.name", f"{f['name']!r} is listed twice")
        fields.append(f["name"])
        if "type" in f:
            self.need(f["type"], str, f"{at}.type", "a string")
            if f["type"] not in _FIELD_TYPES:
                raise self.bad(f"{at}.type", f"{f['type']!r} is not a field type")
        cons = f.get("constraints", {})
        self.need(cons, dict, f"{at}.constraints", "an object")
        for key, types, what in (("required", bool, "true or false"), ("enum", list, "a list"),
                                 ("pattern", str, "a string"), ("minimum", (int, float), "a number"),
                                 ("maximum", (int, float), "a number"), ("minLength", int, "a whole number"),
                                 ("maxLength", int, "a whole number")):
            if key in cons:
                self.need(cons[key], types, f"{at}.constraints.{key}", what)
        if "pattern" in cons:
            try:
                re.compile(cons["pattern"])
            except re.error as exc:
                raise self.bad(f"{at}.constraints.pattern", f"not a regular expression ({exc})") from None


# ------------------------------------------------------------------ where validate may read


def _roots(data_dir: Path, sources: list[Path]) -> list[Path]:
    """The folders validate reads sources from: the package, the raw/ beside it (data/raw beside
    data/clean), the project's data/raw and every --sources folder."""
    d = data_dir.resolve()
    out = [d, d.parent / "raw", store.default_raw_dir().resolve(), *(Path(s).resolve() for s in sources)]
    return list(dict.fromkeys(out))


def _escape(path: str, base: Path, roots: list[Path]) -> str | None:
    """Why the recorded ``path`` (relative to ``base``) may not be read; None when it stays inside a root."""
    if "\0" in path:
        return "is not a file path"
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+://", path):
        return "is a URL"
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or PureWindowsPath(path).drive:
        return "is an absolute path"
    where = "the package folder" if len(roots) == 1 else "the package folder, data/raw and --sources"
    if not any(Path(os.path.normpath(base.resolve() / path)).is_relative_to(r) for r in roots):
        return f"leaves {where}"
    if not any((base / path).resolve().is_relative_to(r) for r in roots):
        return f"leads outside {where} through a symbolic link"
    return None


def _unreadable(file: Path) -> str | None:
    """Why a resource's file is not read (not a regular file, over the size limit), or None."""
    from .sources import limits

    try:
        st = file.stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    why = limits.not_regular(st.st_mode)
    if why:
        return f"{why}, not a regular file"
    cap = limits.max_bytes()
    if st.st_size > cap:
        return f"is {limits.megabytes(st.st_size)}, more than the limit of {limits.megabytes(cap)}"
    return None


def _plain_name(title: str) -> bool:
    return title not in ("", ".", "..") and not any(c in title for c in "/\\\0")


def _find_source(i: int, s: dict, data_dir: Path, roots: list[Path], errors: list) -> tuple[Path | None, list[str]]:
    """Where recorded source ``i`` is: its recorded path (relative to the package), else its title in
    the package, the raw folders or --sources. Returns the file (or None) and the places looked at; a
    path or title leading outside the allowed folders is an error naming the field (and not read)."""
    looked: list[str] = []
    path = s.get("path")
    if path is not None:
        why = _escape(path, data_dir, roots)
        if why:
            entry(errors, "unsafe-path", f"{path!r} {why}; not read", field=f"sources[{i}].path",
                  source=store.DATAPACKAGE)
            return None, []
        p = data_dir / path
        if p.is_file():
            return p, []
        looked.append(str(p))
    title = s.get("title")
    if title is None:
        return None, looked
    if not _plain_name(title):
        entry(errors, "unsafe-path", f"{title!r} is not a file name; not read", field=f"sources[{i}].title",
              source=store.DATAPACKAGE)
        return None, looked
    for root in roots:
        p = root / title
        if p.is_file():
            if not p.resolve().is_relative_to(root):
                entry(errors, "unsafe-path", f"{p} is a symbolic link leading outside {root}; not read",
                      field=f"sources[{i}].title", source=store.DATAPACKAGE)
                return None, looked
            return p, []
        looked.append(str(p))
    return None, looked


# ------------------------------------------------------------------ generic checks (frictionless)


def _message(e, fields: dict[str, dict]) -> str:
    """One sentence for a frictionless error, naming the value and what the schema expects."""
    cell = getattr(e, "cell", None)
    note = getattr(e, "note", "") or ""
    if e.type == "type-error":
        f = fields.get(getattr(e, "field_name", ""), {})
        return type_message(cell, f.get("type", "value"))
    if e.type == "constraint-error":
        m = re.match(r'constraint "(\w+)" is "(.*)"', note)
        name, value = (m.group(1), m.group(2)) if m else ("", note)
        return constraint_message(cell, name, value, fields.get(getattr(e, "field_name", ""), {}))
    if e.type == "primary-key":
        return pk_message(getattr(e, "cells", []))
    if e.type == "foreign-key":
        return f"{note or 'no matching row in the referenced table'}"
    return f"{e.title}: {note}" if note else e.title


_DIALECT_KEYS = {"delimiter": str, "quoteChar": str, "doubleQuote": bool, "escapeChar": str,
                 "skipInitialSpace": bool, "header": bool, "lineTerminator": str}
_FIELD_KEYS = ("name", "type", "format", "constraints", "trueValues", "falseValues", "bareNumber", "groupChar",
               "decimalChar", "missingValues")
_STANDARD_PROFILES = {"resource": (None, "tabular-data-resource", "data-resource"),
                      "package": (None, "tabular-data-package", "data-package")}


def _given(res: dict) -> dict:
    """What frictionless is given of a resource: its file, hash and size, its schema and its dialect, each
    key of a kind peelkit knows; never a profile or anything else that could name a file or an address
    to fetch. The format is CSV, the only one peelkit writes."""
    dialect = {k: v for k, v in (res.get("dialect") or {}).items()
               if k in _DIALECT_KEYS and isinstance(v, _DIALECT_KEYS[k]) and (not isinstance(v, str) or len(v) <= 2)}
    schema = res["schema"]
    given_schema: dict = {"fields": [{k: v for k, v in f.items() if k in _FIELD_KEYS} for f in schema["fields"]]}
    for key in ("primaryKey", "foreignKeys"):
        if key in schema:
            given_schema[key] = schema[key]
    out = {"name": res["name"], "path": res["path"], "format": "csv", "encoding": res.get("encoding", "utf-8"),
           "dialect": dialect, "schema": given_schema}
    for key in ("hash", "bytes"):
        if key in res:
            out[key] = res[key]
    return out


_PLUGIN: list = []


def _no_sniffing() -> None:
    """Make frictionless read every CSV with the dialect it is given (peelkit's: comma, double quote, a
    header), filling what is not given with the CSV defaults; frictionless itself always runs
    ``csv.Sniffer`` on the first 100 lines, which takes minutes on a line of 50,000 tabs."""
    if _PLUGIN:
        return
    import csv as _csv

    import frictionless
    from frictionless.formats.csv import CsvControl, CsvParser

    class GivenDialectParser(CsvParser):
        def read_cell_stream_create(self):  # type: ignore[override]
            control = CsvControl.from_dialect(self.resource.dialect)
            yield from _csv.reader(self.loader.text_stream, dialect=control.to_python())

    class GivenDialect(frictionless.Plugin):
        def create_parser(self, resource):  # type: ignore[override]
            if resource.format == "csv":
                return GivenDialectParser(resource)
            return None

    frictionless.system.register("peelkit-given-dialect", GivenDialect())  # asked before the built-in CSV plugin
    _PLUGIN.append(GivenDialect)


def _generic(resources: list[dict], data_dir: Path, errors: list, stats: dict) -> None:
    """Every field, key and file hash through frictionless-py, with the dialect given (never sniffed: see
    ``_no_sniffing``); errors appended in our report shape. frictionless failing on a resource (an odd
    dialect, say) is one DataError naming it."""
    import frictionless

    _no_sniffing()
    resources = [_given(r) for r in resources]
    try:
        report = frictionless.Package({"resources": resources}, basepath=str(data_dir)).validate()
    except Exception as exc:  # a third-party library on a hostile file: say which resource, in one line
        raise _culprit(resources, data_dir, exc) from None
    for e in report.errors:
        entry(errors, "package", e.message)
    for task in report.tasks:
        res = next((r for r in resources if r.get("name") == task.name), {})
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
                    entry(errors, type_, f"{source} changed since extraction (sha256 differs)", source=source)
                    continue
            entry(errors, type_, _message(e, fields), row=getattr(e, "row_number", None),
                  field=getattr(e, "field_name", None), source=source)
        stats["tables"] += 1
        stats["rows"] += int(task.stats.get("rows") or 0)


def _culprit(resources: list[dict], data_dir: Path, exc: Exception) -> DataError:
    import frictionless

    def first_line(e: Exception) -> str:
        return (str(getattr(e, "error", None) and e.error.message or e).strip().splitlines() or [""])[0]

    for i, res in enumerate(resources):
        try:
            frictionless.Package({"resources": [{k: v for k, v in res.items() if k != "schema"}
                                                | {"schema": {k: v for k, v in res["schema"].items()
                                                              if k != "foreignKeys"}}]},
                                 basepath=str(data_dir)).validate()
        except Exception as e:
            return DataError(f"resources[{i}] ({res['name']}): cannot be checked: {first_line(e)}",
                             source=str(data_dir / store.DATAPACKAGE))
    return DataError(f"the resources cannot be checked together: {first_line(exc)}",
                     source=str(data_dir / store.DATAPACKAGE))


# ------------------------------------------------------------------ cells a spreadsheet would run


def formula_warnings(tables: dict[str, list[dict]], fields: dict[str, list[dict]]) -> list[dict]:
    """One warning per column of text holding cells that begin with =, +, -, @, tab or CR: kept exact
    in the tidy CSVs, but a spreadsheet opening them may run them as formulas."""
    out: list[dict] = []
    for name, rows in tables.items():
        for f in fields.get(name, []):
            if f.get("type", "string") not in ("string", "any"):
                continue
            hits = [r for r in rows if (r.get(f["name"]) or "").startswith(FORMULA_START)]
            if hits:
                n = len(hits)
                entry(out, "formula-like", f"{n} cell{'s' if n > 1 else ''} begin{'' if n > 1 else 's'} with =, +, -, "
                      f"@, tab or CR (first: {hits[0][f['name']]!r}); kept exact here, but a spreadsheet opening "
                      f"this CSV may run {'them' if n > 1 else 'it'} as a formula: import it as text, or use "
                      "'peelkit export'", row=hits[0]["_row"], field=f["name"], source=f"{name}.csv")
    return out


# ------------------------------------------------------------------ re-deriving


def _rederive(sources: dict[str, Path], total: int, tables: dict[str, list[dict]],
              fields: dict[str, list[dict]], errors: list, warnings: list) -> None:
    """Extract the present sources again and name every cell of the package that differs."""
    if not sources:
        entry(warnings, "rederive", "no recorded source is present here: nothing was re-derived (pass --sources DIR)")
        return
    try:
        res = extract.run(sorted(sources.values()), write=False)
    except PeelkitError as exc:
        entry(errors, "rederive", f"re-extracting the sources failed: {exc}")
        return
    complete = len(sources) == total
    names = {p.name for p in sources.values()}
    if not complete:
        entry(warnings, "rederive", f"{total - len(sources)} recorded source(s) not present: only the rows of "
              f"{', '.join(sorted(names))} were re-derived, review.csv not compared")
    for name, rows in tables.items():
        if name not in TABLES or (name == "review" and not complete):
            continue
        cols = [f["name"] for f in fields[name] if f["name"] in store.columns(name)]
        mine = rows if complete else [r for r in rows if r.get("source_file") in names]
        _compare(name, mine, store.cells(name, res.tables.get(name, [])), cols, errors)


def _keyed(name: str, rows: list[dict]) -> dict[tuple, dict]:
    """Rows by primary key; tables without one by (file, line, page, n-th row there)."""
    pk = TABLES[name].get("primaryKey") or []
    out: dict[tuple, dict] = {}
    seen: Counter = Counter()
    for r in rows:
        if pk:
            k = tuple(r.get(c, "") for c in pk)  # type: ignore[union-attr]
        else:
            base = (r.get("source_file", ""), r.get("source_line", ""), r.get("source_page", ""))
            seen[base] += 1
            k = (*base, seen[base])
        out.setdefault(k, r)
    return out


def _compare(name: str, package: list[dict], derived: list[dict], cols: list[str], errors: list) -> None:
    source = f"{name}.csv"
    have, want = _keyed(name, package), _keyed(name, derived)

    def label(r: dict) -> str:
        at = where_in_source(r.get("source_line"), r.get("source_page"))
        where = ", ".join(x for x in (r.get("source_file"), at) if x)
        key = [r.get(c, "") for c in (TABLES[name].get("primaryKey") or [])]  # type: ignore[union-attr]
        return f"{' '.join(k for k in key if k) or 'row'} ({where})"

    for k, r in have.items():
        new = want.get(k)
        if new is None:
            entry(errors, "rederive", f"{label(r)} is in the package, but extracting its source again does not give "
                  "it", row=r["_row"], source=source)
            continue
        for c in cols:
            if (r.get(c) or "") != (new.get(c) or ""):
                entry(errors, "rederive", f"{c} is {r.get(c) or ''!r} in the package but {new.get(c) or ''!r} when "
                      f"{label(new)} is extracted again", row=r["_row"], field=c, source=source)
    for k, new in want.items():
        if k not in have:
            entry(errors, "rederive", f"extracting the sources again gives {label(new)}, which the package lacks",
                  source=source)


# ------------------------------------------------------------------ the report


def _read(path: Path, names: list[str]) -> list[dict] | None:
    """The rows of a CSV as dicts (with their file row number in '_row'), or None if the header differs."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        if next(reader, []) != names:
            return None
        return [{**dict(zip(names, cells)), "_row": i} for i, cells in enumerate(reader, start=2)
                if len(cells) == len(names)]


def validate(data_dir: Path, sources: list[Path] | tuple = (), *, rederive: bool = False) -> dict:
    """The validation report: {valid, stats, errors[type, message, row, field, source], warnings}.

    ``sources``: more folders where the recorded sources may be read. ``rederive``: extract every
    recorded source that is present again and compare the package with it, cell by cell."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError("no such data directory", source=str(data_dir))
    for s in sources:
        if not Path(s).is_dir():
            raise DataError("--sources needs a folder", source=str(s))
    while True:
        store.recover(data_dir)
        with store.folder_lock(data_dir, shared=True):  # no writer swaps files while they are read
            if not (data_dir / store.JOURNAL).exists():  # (a writer killed after our recover: again)
                return _validate(data_dir, [Path(s) for s in sources], rederive)


def _validate(data_dir: Path, sources: list[Path], rederive: bool) -> dict:
    """The report, stage by stage: the resources that can be read (``_present``), the generic checks on their
    files (frictionless), their rows (``_tables``), the recorded sources (``_sources``), the PEEL checks, the
    cells a spreadsheet would run, and (``rederive``) the sources extracted again."""
    pkg = store.read_datapackage(data_dir)
    _Shape(str(data_dir / store.DATAPACKAGE)).package(pkg)
    errors: list[dict] = []
    warnings: list[dict] = []
    stats = {"tables": 0, "rows": 0, "sources": 0}
    present = _present(pkg, data_dir, errors)
    _generic(present, data_dir, errors, stats)
    tables, fields = _tables(present, data_dir)
    kinds, found = _sources(pkg, data_dir, sources, errors, warnings, stats)
    more, notes = peel_checks({name: rows for name, rows in tables.items() if name in TABLES}, kinds)
    errors += more
    warnings += notes
    warnings += formula_warnings(tables, fields)
    if rederive:
        _rederive(found, stats["sources"], {n: r for n, r in tables.items() if n in TABLES}, fields, errors,
                  warnings)
    stats["errors"] = len(errors)
    stats["warnings"] = len(warnings)
    return {"valid": not errors, "stats": stats, "errors": errors, "warnings": warnings}


def _present(pkg: dict, data_dir: Path, errors: list) -> list[dict]:
    """The resources of datapackage.json that can be read: a standard profile, a path inside the package that
    is no symbolic link, a file that is there and readable; every other is an error."""
    present = []
    if pkg.get("profile") not in _STANDARD_PROFILES["package"]:
        entry(errors, "remote-reference", f"{pkg['profile']!r} is not a standard profile; peelkit never fetches or "
              "reads a profile", field="profile", source=store.DATAPACKAGE)
    for i, res in enumerate(pkg["resources"]):
        why = _escape(res["path"], data_dir, [data_dir.resolve()])
        file = data_dir / res["path"]
        if res.get("profile") not in _STANDARD_PROFILES["resource"]:
            entry(errors, "remote-reference", f"{res['profile']!r} is not a standard profile; peelkit never fetches "
                  "or reads a profile", field=f"resources[{i}].profile", source=store.DATAPACKAGE)
        if why:
            entry(errors, "unsafe-path", f"{res['path']!r} {why}; not read", field=f"resources[{i}].path",
                  source=store.DATAPACKAGE)
        elif file.is_symlink():
            entry(errors, "unsafe-path", f"{res['path']} is a symbolic link; peelkit does not follow links in a "
                  "package: not read", field=f"resources[{i}].path", source=store.DATAPACKAGE)
        elif not os.path.lexists(file):
            entry(errors, "missing-file", f"{res['path']} is listed in datapackage.json but missing",
                  source=str(res["path"]))
        elif (bad := _unreadable(file)) is not None:
            entry(errors, "unreadable-file", f"{res['path']} {bad}; not read", field=f"resources[{i}].path",
                  source=str(res["path"]))
        else:
            present.append(res)
    return present


def _tables(present: list[dict], data_dir: Path) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """The rows (``_read``) and the schema's fields of each present resource whose header is the schema's."""
    tables: dict[str, list[dict]] = {}
    fields: dict[str, list[dict]] = {}
    for res in present:
        rows = _read(data_dir / res["path"], [f["name"] for f in res["schema"]["fields"]])
        if rows is not None:
            tables[res["name"]] = rows
            fields[res["name"]] = res["schema"]["fields"]
    return tables, fields


def _sources(pkg: dict, data_dir: Path, sources: list[Path], errors: list, warnings: list,
             stats: dict) -> tuple[dict[str, str], dict[str, Path]]:
    """Each recorded source's kind (by its title), and where the ones reachable from here are, each with the
    sha256 recorded; an unreachable source is a warning, a changed one an error."""
    kinds: dict[str, str] = {}
    found: dict[str, Path] = {}
    roots = _roots(data_dir, sources)
    for i, s in enumerate(pkg.get("sources", [])):
        stats["sources"] += 1
        title = s.get("title") or PurePosixPath(s.get("path", "")).name
        kinds[title] = s.get("kind", "")
        n = len(errors)
        p, looked = _find_source(i, s, data_dir, roots, errors)
        if p is None:
            if len(errors) == n:
                entry(warnings, "source-unreachable", f"source {title} is not reachable from here (looked in "
                      f"{'; '.join(looked)}): its sha256 was not checked; the tables were (pass --sources DIR)",
                      source=title)
            continue
        found[title] = p
        digest, _ = store.file_digest(p)
        if s.get("hash") != f"sha256:{digest}":
            entry(errors, "source-changed", f"source {title} at {p} differs from the one extracted (sha256)",
                  source=title)
    return kinds, found
