"""Every tidy table of a clean folder, typed, with its keys: what ``export x.sqlite``, ``x.json`` and
``-f parquet`` write (the board paper is ``book``; this is the data behind it).

Generic over ``peelkit.schema.TABLES``: each table's columns, types, required fields, enums, primary and
foreign keys come from there, whatever tables and columns the schema holds. Three tables are added so the
keys have something to point at: ``forces`` (``model.forces()``), ``sources`` (the package's
datapackage.json) and ``rounds`` (the years, or the ``round`` column when the schema has one, that the
tables hold). Every table with a ``force_id`` column then refers to ``forces``, one with ``source_file`` to
``sources`` and one with the round column to ``rounds``. Empty cells are None (NULL in SQLite, null in
JSON), never 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import model, store
from ..errors import DataError
from ..schema import TABLES

LICENSE = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
           "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
SOURCE = {"title": "HMICFRS PEEL assessments (State of Policing reports, PEEL force reports)",
          "path": "https://www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/"}


def _f(name: str, type_: str, description: str, **constraints: object) -> dict:
    f: dict = {"name": name, "type": type_, "description": description}
    if constraints:
        f["constraints"] = constraints
    return f


def _round_column() -> str:
    """'round' once the schema has a PEEL round id column, else 'year'."""
    return "round" if any(f["name"] == "round" for t in TABLES.values() for f in t["fields"]) else "year"  # type: ignore


def reference_tables() -> dict[str, dict]:
    """The tables the keys point at, described like schema.TABLES."""
    key = _round_column()
    rounds = [_f(key, "string", "PEEL round (as the tables name it).", required=True)]
    if key != "year":
        rounds.append(_f("year", "string", "A year label of the round's rows."))
    rounds += [_f("scale", "integer", "Grade scale of the round: 4 or 5 tiers."),
               _f("national", "boolean", "Whether the data holds a national table for the round (else only "
                                         "force reports)."),
               _f("forces", "integer", "Forces with at least one judgment of the round in the data.")]
    return {
        "forces": {"description": "The 43 territorial police forces of England and Wales (data/forces.csv), "
                                  "with any other force id the tables use.",
                   "fields": [_f("force_id", "string", "police.uk force slug.", required=True),
                              _f("name", "string", "Canonical name.", required=True),
                              _f("region", "string", "Region (as HMICFRS groups the forces)."),
                              _f("aliases", "string", "Other names peelkit accepts, separated by ';'.")],
                   "primaryKey": ["force_id"]},
        "sources": {"description": "The files the rows were read from, with their sha256 (datapackage.json).",
                    "fields": [_f("title", "string", "File name, as the tables' source_file gives it.",
                                  required=True),
                               _f("kind", "string", "Kind of document."),
                               _f("path", "string", "Where datapackage.json records it."),
                               _f("bytes", "integer", "Size in bytes."),
                               _f("hash", "string", "sha256 of the file ('sha256:...'); empty when the package "
                                                    "does not record the file.")],
                    "primaryKey": ["title"]},
        "rounds": {"description": "PEEL rounds the tables hold, with their grade scale.",
                   "fields": rounds, "primaryKey": [key]},
    }


@dataclass
class Dataset:
    """Tables (name -> rows of typed values) and their specs, reference tables first."""

    specs: dict[str, dict]
    rows: dict[str, list[dict]]
    package: dict = field(default_factory=dict)

    def columns(self, name: str) -> list[str]:
        return [f["name"] for f in self.specs[name]["fields"]]

    def foreign_keys(self, name: str) -> list[dict]:
        """The schema's own foreign keys plus force_id -> forces, source_file -> sources, round -> rounds."""
        spec = self.specs[name]
        out = list(spec.get("foreignKeys", []))
        if name in reference_tables():
            return out
        cols = self.columns(name)
        key = _round_column()
        for col, ref, ref_col in (("force_id", "forces", "force_id"), ("source_file", "sources", "title"),
                                  (key, "rounds", key)):
            if col in cols:
                out.append({"fields": [col], "reference": {"resource": ref, "fields": [ref_col]}})
        return out

    def order(self) -> list[str]:
        """Tables in an order where every table comes after the tables it refers to."""
        done: list[str] = []
        pending = list(self.specs)
        while pending:
            for name in pending:
                refs = {fk["reference"]["resource"] for fk in self.foreign_keys(name)} - {name}
                if refs <= set(done):
                    done.append(name)
                    pending.remove(name)
                    break
            else:
                raise DataError("the tables' foreign keys refer to each other in a circle: "
                                + ", ".join(pending))
        return done


def typed(value: str | None, type_: str) -> object:
    """A CSV cell as its schema type: '' -> None; integer, number and boolean parsed; dates stay ISO text."""
    if value is None or value == "":
        return None
    if type_ == "integer":
        try:
            return int(value)
        except ValueError:
            raise DataError(f"{value!r} is not an integer") from None
    if type_ == "number":
        return float(value)
    if type_ == "boolean":
        low = value.strip().lower()
        if low in ("true", "1", "yes"):
            return True
        if low in ("false", "0", "no"):
            return False
        raise DataError(f"{value!r} is not a boolean")
    return value


def collect(data_dir: Path | None = None) -> Dataset:
    """Read every table of ``data_dir`` (data/clean by default) and build the reference tables."""

    d = Path(data_dir) if data_dir else store.default_clean_dir()
    if not d.is_dir():
        raise DataError(f"{d}: no such data directory; run 'peelkit extract' first (or pass --data DIR)")
    try:
        pkg = store.read_datapackage(d)
    except DataError:
        pkg = {}
    rows = _read_tables(d)
    forces = _forces(rows)
    sources = _sources(pkg, rows)
    rounds = _rounds(rows, sources)
    specs = {**reference_tables(), **{n: dict(s) for n, s in TABLES.items()}}
    all_rows = {"forces": sorted(forces.values(), key=lambda r: r["force_id"]),
                "sources": sorted(sources.values(), key=lambda r: r["title"]), "rounds": rounds, **rows}
    return Dataset(specs, all_rows, pkg)


def _read_tables(d: Path) -> dict[str, list[dict]]:
    """Every table of the schema as rows of typed values (a table without its CSV has no rows); a cell that
    is not of its type is a DataError naming the file and line."""
    rows: dict[str, list[dict]] = {}
    for name, spec in TABLES.items():
        raw = store.read_rows(d, name) if (d / f"{name}.csv").is_file() else []
        types = {f["name"]: f["type"] for f in spec["fields"]}  # type: ignore[index]
        out = []
        for i, r in enumerate(raw, 2):
            try:
                out.append({c: typed(r.get(c), t) for c, t in types.items()})  # type: ignore[arg-type]
            except DataError as exc:
                raise DataError(exc.message, source=str(d / f"{name}.csv"), line=i) from None
        rows[name] = out
    return rows


def _forces(rows: dict[str, list[dict]]) -> dict[str, dict]:
    """forces: the 43, then any other id the tables use (named as the tables name it)."""
    forces = {f.force_id: {"force_id": f.force_id, "name": f.name, "region": f.region,
                           "aliases": ";".join(f.aliases) or None} for f in model.forces()}
    for table in rows.values():
        for r in table:
            fid = r.get("force_id")
            if fid and fid not in forces:
                forces[fid] = {"force_id": fid, "name": r.get("force") or fid, "region": None, "aliases": None}
    return forces


def _sources(pkg: dict, rows: dict[str, list[dict]]) -> dict[str, dict]:
    """sources: as datapackage.json records them, then any file a row names that it does not."""
    sources = {}
    for s in pkg.get("sources", []):
        title = s.get("title") or Path(str(s.get("path", ""))).name
        sources[title] = {"title": title, "kind": s.get("kind"), "path": s.get("path"),
                          "bytes": s.get("bytes"), "hash": s.get("hash")}
    for table in rows.values():
        for r in table:
            f = r.get("source_file")
            if f and f not in sources:
                sources[f] = {"title": f, "kind": None, "path": None, "bytes": None, "hash": None}
    return sources


def _rounds(rows: dict[str, list[dict]], sources: dict[str, dict]) -> list[dict]:
    """rounds: every value of the round column the tables use, with its scale and whether it is national."""
    key = _round_column()
    kinds = {s["title"]: s.get("kind") or "" for s in sources.values()}
    seen: dict[str, dict] = {}
    for name, table in rows.items():
        for r in table:
            k = r.get(key)
            if not k:
                continue
            info = seen.setdefault(k, {"grades": [], "forces": set(), "national": False, "year": r.get("year"),
                                       "scale": None})
            if r.get("grade"):
                info["grades"].append(r["grade"])
            if r.get("scale"):
                info["scale"] = r["scale"]
            if name in ("pillars", "questions") or r.get("grade"):
                if r.get("force_id"):
                    info["forces"].add(r["force_id"])
                if r.get("source_file") and not r.get("report_year") and \
                        kinds.get(r["source_file"], "state_of_policing") == "state_of_policing":
                    info["national"] = True
    rounds = []
    for k in sorted(seen):
        info = seen[k]
        row = {key: k, "scale": info["scale"] or model.scale_of(info["grades"], info["year"] or k),
               "national": info["national"], "forces": len(info["forces"]) or None}
        if key != "year":
            row["year"] = info["year"]
        rounds.append(row)
    return rounds


def write_json(ds: Dataset, path: Path) -> None:
    """One JSON document: {title, licenses, sources, tables: {name: [records]}, schema: {name: spec}}."""
    doc = {
        "title": "PEEL judgments as tidy tables (peelkit)",
        "licenses": [LICENSE], "source": SOURCE,
        "tables": {name: ds.rows[name] for name in ds.order()},
        "schema": {name: {**ds.specs[name], "foreignKeys": ds.foreign_keys(name)} for name in ds.order()},
    }
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
