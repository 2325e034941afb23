"""The README and docs/ document what the code does: a README that fits on a page, docs/ pages that
link correctly, the data dictionary generated from the schema, and every command and option in
docs/commands.md."""

from __future__ import annotations

import re
import runpy

import pytest
from typer.main import get_command

from peelkit.cli import app

from .conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")


def _text(path) -> str:
    return path.read_text(encoding="utf-8")


def _prose(text: str) -> str:
    """The text outside code blocks (a `#` there is a comment, not a heading)."""
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = not inside
        elif not inside:
            out.append(line)
    return "\n".join(out)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for m in re.finditer(r"^#{1,6} +(.+?) *#*$", _prose(_text(path)), re.M):
        slug = _slug(m.group(1))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def test_readme_fits_on_a_page_or_two():
    n = len(_text(README).splitlines())
    assert n <= 250, f"README.md has {n} lines; move detail into docs/"


def test_readme_names_the_two_setup_commands():
    readme = _text(README)
    assert "make demo" in readme and "make test" in readme


def test_readme_says_what_extract_does_to_your_folders():
    readme = _text(README)
    for fact in ("data/clean", "PEELKIT_HOME", "--out DIR", "PEELKIT_LOCK_WAIT", "Your files are safe",
                 "datapackage.json", "byte-identical"):
        assert fact in readme, fact


def test_the_data_dictionary_matches_the_schema():
    dd = runpy.run_path(str(ROOT / "scripts" / "data_dictionary.py"))["markdown"]()
    assert dd in _text(DOCS / "outputs.md"), \
        "docs/outputs.md data dictionary is stale: paste `python scripts/data_dictionary.py`"


def test_every_docs_page_is_linked_from_the_readme():
    linked = {(README.parent / m.group(1).split("#")[0]).resolve() for m in LINK.finditer(_text(README))}
    missing = [p.name for p in PAGES[1:] if p.resolve() not in linked]
    assert len(PAGES) > 5 and not missing, missing


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_lead_to_a_file_and_heading_that_exist(page):
    bad = []
    for m in LINK.finditer(_prose(_text(page))):
        target = m.group(1)
        if re.match(r"[a-z]+:", target):
            continue  # an outside address
        file, _, anchor = target.partition("#")
        dest = (page.parent / file).resolve() if file else page
        if not dest.exists():
            bad.append(f"{target}: no such file")
        elif anchor and (dest.suffix != ".md" or anchor not in _anchors(dest)):
            bad.append(f"{target}: no such heading in {dest.name}")
    assert not bad, bad


def _sections(text: str) -> dict[str, str]:
    """docs/commands.md's `## \\`peelkit NAME\\`` sections, by command name."""
    parts = re.split(r"^## ", text, flags=re.M)
    out = {}
    for part in parts[1:]:
        m = re.match(r"`peelkit ([a-z-]+)`", part)
        if m:
            out[m.group(1)] = part
    return out


COMMANDS = get_command(app).commands  # type: ignore[attr-defined]


def test_commands_md_has_a_section_per_command_and_no_other():
    assert sorted(_sections(_text(DOCS / "commands.md"))) == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_commands_md_documents_every_option_and_an_example(name):
    section = _sections(_text(DOCS / "commands.md"))[name]
    names = [o for p in COMMANDS[name].params if p.param_type_name == "option"
             for o in (*p.opts, *p.secondary_opts)]
    missing = [o for o in names if not re.search(rf"`[^`\n]*(?<![\w-]){re.escape(o)}(?![\w-])", section)]
    assert not missing, f"peelkit {name}: options not in docs/commands.md: {missing}"
    assert re.search(rf"^peelkit {name}\b", section, re.M), f"peelkit {name}: no example line"


def test_commands_md_documents_the_program_options():
    text = _text(DOCS / "commands.md")
    for p in get_command(app).params:
        for o in p.opts:
            assert f"peelkit {o}" in text, o
