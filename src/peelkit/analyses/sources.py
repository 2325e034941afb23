"""peelkit sources: the documents a package holds, with their rounds and row counts.

Plain Python over the package's datapackage.json and CSVs (no pandas): one row per recorded source, in
file-name order, with the rounds its judgments belong to, how many rows each table holds from it and how
many review findings are about it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .. import model, store
from ..errors import DataError
from .frameworks import round_order

COLUMNS = ["source_file", "kind", "rounds", "judgments", "pillars", "questions", "areas", "printed_totals",
           "areas_for_improvement", "reports", "findings", "bytes", "sha256", "path"]
_TABLES = ("pillars", "questions", "areas", "printed_totals", "areas_for_improvement", "reports", "review")


def package_sources(data_dir: Path | None = None) -> list[dict]:
    d = Path(data_dir) if data_dir else store.default_clean_dir()
    if not d.is_dir():
        raise DataError(f"{d}: no such data directory; run 'peelkit extract' first (or pass --data DIR)")
    pkg = store.read_datapackage(d)
    counts: dict[str, Counter] = {}
    rounds: dict[str, set[str]] = {}
    for name in _TABLES:
        if not (d / f"{name}.csv").is_file():
            continue
        for r in store.read_rows(d, name):
            f = r.get("source_file") or ""
            counts.setdefault(f, Counter())[name] += 1
            if name in ("pillars", "questions", "areas"):
                rd = model.round_by_id(r.get("round") or "") or model.round_for_year(r.get("year") or "")
                if rd is not None:
                    rounds.setdefault(f, set()).add(rd.round_id)
    out = []
    for s in sorted(pkg.get("sources", []), key=lambda s: str(s.get("title", ""))):
        t = str(s.get("title", ""))
        c = counts.get(t, Counter())
        held = sorted((model.round_by_id(x) for x in rounds.get(t, ())), key=round_order)  # type: ignore[arg-type]
        out.append({
            "source_file": t, "kind": s.get("kind", ""), "rounds": ", ".join(r.label for r in held),  # type: ignore[union-attr]
            "judgments": c["pillars"] + c["questions"] + c["areas"],
            **{n: c[n] for n in _TABLES if n != "review"}, "findings": c["review"],
            "bytes": s.get("bytes", ""), "sha256": str(s.get("hash", "")).removeprefix("sha256:"),
            "path": s.get("path", ""),
        })
    return out
