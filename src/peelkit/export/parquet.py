"""``peelkit export DIR -f parquet``: one Parquet file per table (the tables ``export x.sqlite`` holds), with
the schema's types; each file's metadata carries the table's description and keys. Needs pyarrow, an
optional extra (``pip install 'peelkit[parquet]'``): the base install never imports it.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from ..errors import PeelkitError
from .dataset import Dataset


class ParquetMissing(PeelkitError):
    """pyarrow is not installed."""


def require_pyarrow():
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ParquetMissing("a Parquet export needs pyarrow, an optional extra: pip install 'peelkit[parquet]' "
                             "(or export .sqlite or .json)") from None


def write_parquet(ds: Dataset, folder: Path) -> dict[str, int]:
    """``folder`` (created here) gets ``<table>.parquet`` for every table; returns the rows per table."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
             "date": pa.date32(), "datetime": pa.string()}
    folder.mkdir()
    counts = {}
    for name in ds.order():
        spec = ds.specs[name]
        fields, arrays = [], []
        for f in spec["fields"]:
            t = types.get(f["type"], pa.string())
            values = [r.get(f["name"]) for r in ds.rows[name]]
            if f["type"] == "date":
                values = [_dt.date.fromisoformat(v) if v else None for v in values]
            required = bool(f.get("constraints", {}).get("required"))
            fields.append(pa.field(f["name"], t, nullable=not required,
                                   metadata={"description": f.get("description", "")}))
            arrays.append(pa.array(values, type=t))
        meta = {"description": spec.get("description", ""), "primaryKey": json.dumps(spec.get("primaryKey", [])),
                "foreignKeys": json.dumps(ds.foreign_keys(name))}
        table = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))
        pq.write_table(table, folder / f"{name}.parquet")
        counts[name] = table.num_rows
    return counts
