"""peelkit debug-pdf: what the table finder saw on one page of a PDF."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command(
        "debug-pdf",
        short_help="Show what the PDF table finder saw on a PDF's pages.",
        help="Show what the PDF table finder saw: without --page, which pages hold the PEEL judgments "
             "table; with --page N, whether page N is a table page and why, the detected header columns "
             "with their x ranges and what each maps to, and the words in each row and column.\n\n"
             "Example: peelkit debug-pdf state_of_policing_2019.pdf --page 143",
    )(debug_pdf_cmd)


def debug_pdf_cmd(
    file: Path = typer.Argument(..., help="The PDF file."),
    page: int = typer.Option(None, "--page", "-p", help="1-based page number to inspect."),
) -> None:
    import sys

    from rich.console import Console

    from ..errors import UsageError
    from ..sources import pdf

    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    if page is None:
        sc = pdf.scan(file)
        out.print(f"{file}: {sc.pages} pages; judgments table pages: "
                  f"{', '.join(map(str, sc.table_pages)) or 'none'}")
        for p in sc.table_pages:
            title = pdf.table_title(sc.texts[p - 1])
            out.print(f"  page {p}: {title!r}" if title else
                      f"  page {p}: no title; its header rows carry on the table of page {p - 1}")
        if not sc.table_pages:
            out.print("  no page has a line 'PEEL judgments table' (or '... continued') in its text")
        out.print("Inspect one page with --page N.")
        return
    sc = pdf.scan(file, words=True)
    if not 1 <= page <= sc.pages:
        raise UsageError(f"page {page} out of range: the PDF has {sc.pages} page(s)")
    text = sc.texts[page - 1]
    continues = not pdf.table_title(text) and page in sc.table_pages
    _show_page(out, file, page, sc.pages, text, continues, sc.words.get(page))


def _show_page(out, file: Path, page: int, n: int, text: str, continues: bool = False,
               fast: list | None = None) -> None:
    from rich.markup import escape as esc
    from rich.table import Table

    from ..parse import sop_pdf
    from ..sources import pdf

    title = pdf.table_title(text)
    out.print(f"[bold]{file}, page {page} of {n}[/]")
    if title:
        out.print(f"page text (pdfium) has the title line {title!r}: the scan reads this page's words")
    elif continues:
        out.print(f"page text (pdfium) has no title line, but its column header rows and force rows carry on "
                  f"the table of page {page - 1}: the scan reads this page's words")
    else:
        first = [ln.strip() for ln in text.splitlines() if ln.strip()][:3]
        out.print("page text (pdfium) has no line 'PEEL judgments table' (or '... continued'): the scan skips "
                  f"this page. First lines: {first!r}")
    words = pdf.page_words(file, [page])[page]
    lay = sop_pdf.analyse_page(words, page, untitled=continues)
    out.print(f"{len(words)} words (pdfplumber, the reference reader); table found: {'yes' if lay.is_table else 'no'}")
    if fast is not None:
        same = _reading(sop_pdf.analyse_page(fast, page, untitled=continues)) == _reading(lay)
        out.print(f"{len(fast)} words (pdfium, what extract reads): "
                  + ("the same columns, rows and cells" if same else
                     "[yellow]a different reading of the page[/] (compare with 'peelkit extract --words pdfplumber')"))
    for why in lay.why:
        out.print(f"  - {esc(why)}")
    if not lay.is_table:
        return
    out.print(f"pillar: {lay.pillar or '(none)'}; {'continued page' if lay.continued else 'first page'}; "
              f"force column: x < {lay.force_right:.1f}; rows start at y = {lay.body_top:.1f}")
    t = Table(title="header columns", title_justify="left")
    for c in ("#", "x range", "header", "maps to", "kind", "used"):
        t.add_column(c)
    for i, c in enumerate(lay.columns):
        pair = lay.pairs[i // 2]
        head = pair.text if i % 2 == 0 else ""
        sub = " ".join(w.text for w in (c.header if isinstance(c.header, tuple) else (c.header,)))
        t.add_row(str(i + 1), f"{c.left:.1f}-{c.right:.1f}", esc(f"{head} / {sub}" if head else f"  / {sub}"),
                  esc(c.label or "-"), c.kind, "yes" if c.used else "no")
    out.print(t)
    t = Table(title="rows (words per column)", title_justify="left")
    t.add_column("y")
    t.add_column("row")
    for i in range(len(lay.columns)):
        t.add_column(str(i + 1))
    for e in lay.entries:
        cells = [sop_pdf.cell_text(e.cells[i]).replace("\x00", "?") if i in e.cells else ""
                 for i in range(len(lay.columns))]
        t.add_row(f"{e.band[0]:.0f}-{e.band[1]:.0f}", esc(f"{e.text} ({e.kind})"), *map(esc, cells))
    out.print(t)
    if lay.stray:
        out.print("words outside every row and column: " + esc(", ".join(
            f"{w.text!r}@({w.x0:.0f},{w.top:.0f})" for w in lay.stray[:30])))
    for kind, message, _ in lay.problems:
        out.print(f"[yellow]{kind}[/]: {esc(message)}")


def _reading(lay) -> tuple:
    """What a page layout reads: its columns, and each row's text and cell texts."""
    from ..parse import sop_pdf

    return (lay.is_table, lay.pillar, [(c.label, c.kind, c.used) for c in lay.columns],
            [(e.kind, e.text, sorted((i, sop_pdf.cell_text(ws)) for i, ws in e.cells.items())) for e in lay.entries],
            [(k, m) for k, m, _ in lay.problems])
