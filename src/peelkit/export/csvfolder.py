"""Drawing a ``Book`` as a folder of CSVs: cover.csv plus one CSV per sheet, same columns as the workbook.

These CSVs are for spreadsheets, so a cell that a spreadsheet would run as a formula (text beginning
with =, +, -, @, a tab or a carriage return) is written with a leading single quote, as the OWASP
guidance on CSV injection says. The tidy tables in data/clean keep their exact values.
"""

from __future__ import annotations

import csv
import datetime as _dt
from pathlib import Path

from .book import Book


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)": a spreadsheet shows the text instead of running it."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_value(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, _dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return neutralise(v)
    return v


def write_csv_folder(folder: Path, book_: Book) -> list[Path]:
    """cover.csv, summary.csv, chart.csv, effectiveness.csv, ..., notes.csv, sources.csv."""
    folder.mkdir()
    out = []
    p = folder / "cover.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["section", "item", "value", "detail"])
        rows = [["title", "Title", book_.cover.title, book_.cover.subtitle]]
        rows += [["headline", str(i), text, src] for i, (text, src) in enumerate(book_.cover.headlines, 1)]
        rows += [["about", k, v, ""] for k, v in book_.cover.meta]
        rows += [["how to read this", str(i), line, ""] for i, line in enumerate(book_.cover.notes, 1)]
        rows += [["key", g, words, ""] for g, words in book_.cover.key]
        for row in rows:
            w.writerow([_csv_value(v) for v in row])
    out.append(p)
    for sheet in book_.sheets:
        p = folder / f"{sheet.name.lower()}.csv"
        with p.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow([_csv_value(c) for c in sheet.columns])
            for row in sheet.rows:
                w.writerow([_csv_value(v) for v in row])
        out.append(p)
    return out
