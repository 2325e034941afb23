"""peelkit remove: take one document out of the package."""

from __future__ import annotations

import typer

from ._common import DataOpt


def register(app: typer.Typer) -> None:
    app.command(
        "remove",
        short_help="Take one document out of the package; every other source's rows stay.",
        help="Take one document out of the package (data/clean or --data DIR): its rows and findings go, every "
             "other source's rows stay, and the checks run again on the whole before the one write (only "
             "peelkit's own files are replaced, as by extract). SOURCE is the file name as 'peelkit sources' "
             "lists it (a path's last part is enough) or the start of its sha256. The package keeps one row per "
             "judgment: a judgment another document also printed is kept once, so after removing a document "
             "extract that other document again to restore its copy.\n\n"
             "Example: peelkit remove peel_effectiveness_2016_leicestershire.txt",
    )(remove_cmd)


def remove_cmd(
    source: str = typer.Argument(..., help="File name of the source (as 'peelkit sources' lists it) or its "
                                           "sha256 (8 or more leading hex digits)."),
    data: DataOpt = None,
) -> None:
    from .. import extract
    from ..render import err_console

    res = extract.remove(source, data)
    g = res.growth
    console = err_console()
    console.print(f"{g.words()}; wrote {len(res.written)} files to {res.out_dir.absolute()}",  # type: ignore[union-attr]
                  highlight=False, markup=False, soft_wrap=True)
    if g.overlap:  # type: ignore[union-attr]
        console.print(f"note: {', '.join(g.overlap)} also grade{'s' if len(g.overlap) == 1 else ''} forces and "  # type: ignore[union-attr]
                      "rounds the removed source held; a judgment both printed was kept once, under the removed "
                      "source: extract them again to restore their copy", highlight=False, markup=False,
                      soft_wrap=True)
    bad = [r for r in res.tables["review"] if r["kind"] == "total_mismatch"]
    if bad:
        console.print(f"[red]check failed:[/] {len(bad)} derived total(s) differ from the printed totals; see "
                      f"{res.out_dir / 'review.csv'}", highlight=False)
        raise typer.Exit(1)
