"""Drawing a ``Book`` as a folder of CSVs: cover.csv plus one CSV per sheet, same columns as the workbook."""

from __future__ import annotations

import csv
import datetime as _dt
from pathlib import Path

from .book import Book


def _csv_value(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, _dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, _dt.date):
        return v.isoformat()
    return v


def write_csv_folder(folder: Path, book_: Book) -> list[Path]:
    """cover.csv, summary.csv, chart.csv, effectiveness.csv, ..., notes.csv, sources.csv."""
    folder.mkdir()
    out = []
    p = folder / "cover.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["section", "item", "value", "detail"])
        w.writerow(["title", "Title", book_.cover.title, book_.cover.subtitle])
        for i, (text, src) in enumerate(book_.cover.headlines, 1):
            w.writerow(["headline", str(i), text, src])
        for k, v in book_.cover.meta:
            w.writerow(["about", k, _csv_value(v), ""])
        for i, line in enumerate(book_.cover.notes, 1):
            w.writerow(["how to read this", str(i), line, ""])
        for g, words in book_.cover.key:
            w.writerow(["key", g, words, ""])
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
