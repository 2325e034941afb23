"""peelkit validate: check a clean data directory against its datapackage.json."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from .vocabulary import flags


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command(
        "validate",
        short_help='Check a package against its datapackage.json (types, keys, forces, hashes, totals).',
        help="Check data/clean (or DIR) against its datapackage.json: types, enums, unique keys, known "
             "forces and questions, 43 forces per pillar and year, source hashes, derived = printed totals; "
             "notes cells a spreadsheet would run as formulas. Reads only the package folder, data/raw and "
             "--sources folders: a recorded path leading elsewhere is an error. --rederive extracts the "
             "recorded sources again and names every cell that differs. Exit 1 when invalid.\n\n"
             "Example: peelkit validate data/clean --rederive -f json",
    )(validate_cmd)


def validate_cmd(
    data_dir: Path = typer.Argument(None, help="Clean data directory (default: data/clean/)."),
    fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f", case_sensitive=False,
                                     help="table (a report on stderr) or json (on stdout)."),
    output: Path = typer.Option(None, "--output", "-o", dir_okay=False,
                                help="Also write the JSON report to FILE (a .json file)."),
    sources: list[Path] = typer.Option(None, "--sources", "-s", file_okay=False, metavar="DIR",
                                       help="Another folder holding the recorded source files (repeatable)."),
    rederive: bool = typer.Option(False, "--rederive", metavar="",
                                  help="Extract every recorded source found again and compare, cell by cell."),
    data: Path = typer.Option(None, *flags("--data"), file_okay=False,
                              help="The package to check, as the other commands name it (the same as DIR)."),
) -> None:
    from .. import store
    from ..render import err_console, output_format, write_atomic
    from ..validate import validate

    if data is not None and data_dir is not None and Path(data).resolve() != Path(data_dir).resolve():
        from ..errors import UsageError

        raise UsageError(f"DIR {data_dir} and --data {data} name two packages; give one")
    data_dir = data_dir or data
    if output is not None:
        output_format("json", output, ("json",))  # a .json name, or a usage error
    fmt = fmt.value
    report = validate(data_dir or store.default_clean_dir(), list(sources or []), rederive=rederive)
    if fmt == "json" or output:
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        if output:
            write_atomic(output, text)
        else:
            sys.stdout.write(text)
    if fmt == "table":
        console = err_console()
        s = report["stats"]
        head = "[green]valid[/]" if report["valid"] else "[red]invalid[/]"
        console.print(f"{head}: {s['tables']} tables, {s['rows']} rows, {s['sources']} sources, "
                      f"{s['errors']} errors, {s['warnings']} warnings")
        for e in report["errors"][:50]:
            where = ", ".join(str(x) for x in (e["source"], e["row"] and f"row {e['row']}", e["field"]) if x)
            console.print(f"  [red]{e['type']}[/] {where}: {e['message']}", soft_wrap=True)
        if len(report["errors"]) > 50:
            console.print(f"  ... and {len(report['errors']) - 50} more (use -f json)")
        for w in report["warnings"][:20]:
            console.print(f"  [yellow]note[/] {w['type']}: {w['message']}", soft_wrap=True)
        if len(report["warnings"]) > 20:
            console.print(f"  ... and {len(report['warnings']) - 20} more notes (use -f json)")
    if not report["valid"]:
        raise typer.Exit(1)
