"""peelkit sources: the documents the package holds."""

from __future__ import annotations

import typer

from ._common import DataOpt, FormatOpt, OutputOpt, OverwriteOpt, emit_rows, resolve_format


def register(app: typer.Typer) -> None:
    app.command(
        "sources",
        short_help="List the documents the package holds, with their rounds and row counts.",
        help="List the documents the package (data/clean or --data DIR) holds: each file's kind, the PEEL "
             "rounds its judgments belong to, how many rows every table holds from it, how many review findings "
             "are about it, and its sha256. 'peelkit extract FILE' adds or replaces one, 'peelkit remove SOURCE' "
             "takes one out.\n\n"
             "Example: peelkit sources    or    peelkit sources -f json",
    )(sources_cmd)


def sources_cmd(
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    from ..analyses.sources import COLUMNS, package_sources
    from ..render import err_console

    fmt = resolve_format(fmt, output, overwrite=overwrite)
    rows = package_sources(data)
    view = rows
    if fmt == "table":
        view = [dict(r, sha256=r["sha256"][:12]) for r in rows]
    emit_rows(view, COLUMNS, fmt, output, ints=("judgments", "pillars", "questions", "areas", "printed_totals",
                                               "areas_for_improvement", "reports", "findings", "bytes"),
              table_columns=["source_file", "kind", "rounds", "judgments", "findings", "sha256"],
              drop=("sha256", "findings"))
    total = sum(r["judgments"] for r in rows)
    err_console().print(f"{len(rows)} source(s), {total:,} judgment row(s)"
                        + (f" written to {output}" if output else ""), highlight=False, soft_wrap=True)
