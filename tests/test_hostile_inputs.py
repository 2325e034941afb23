"""Hostile sources (issue 29): only regular files are read, up to a size limit; a bad byte is a finding on
its line, never a new encoding for the whole file; inputs that would take minutes or hours if any reading
were quadratic finish (every case runs in its own process with a timeout: no timing is asserted)."""

from __future__ import annotations

import csv
import os
import resource
import socket

import pytest

from peelkit import extract
from peelkit.sources import limits

from .conftest import RAW, SOP
from .hostile import ROOT, no_crash, one_line_error, peelkit

FIX = ROOT / "tests" / "fixtures"
LIST = FIX / "rounds" / "list-2017-legitimacy" / "pdftotext-layout.txt"
CATALOGUE = RAW / "leicestershire_opcc_hmic_reports.txt"
FORCE = RAW / "peel_effectiveness_2016_leicestershire.txt"
MARKDOWN = FIX / "converters" / "plain" / "markitdown.md"


# ------------------------------------------------------------------ only regular files, within the limit


@pytest.mark.parametrize("what", ["/dev/zero", "/dev/null", "fifo", "socket"])
def test_a_device_fifo_or_socket_is_one_line_and_never_read(tmp_path, what):
    if what == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)  # nobody writes to it: opening it for reading would wait forever
        kind = "is a FIFO (named pipe)"
    elif what == "socket":
        path = tmp_path / "sock.txt"
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        kind = "is a socket"
    else:
        path, kind = what, "is a character device"
    p = peelkit("extract", path, "--out", tmp_path / "out", timeout=60)  # /dev/zero once took 3 GB
    one_line_error(p, f"{path}: {kind}, not a regular file")
    assert not (tmp_path / "out").exists()


def test_a_fifo_in_a_scanned_folder_is_skipped(tmp_path):
    src = tmp_path / "raw"
    src.mkdir()
    (src / SOP.name).write_bytes(SOP.read_bytes())
    os.mkfifo(src / "pipe.txt")
    p = peelkit("extract", src, "--out", tmp_path / "out", "-q", timeout=60)
    assert p.returncode == 0, p.stderr
    assert len((tmp_path / "out" / "pillars.csv").read_text().splitlines()) == 1 + 129  # the national table


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(SOP.read_bytes() + b"\n" + b" " * (2 * 1024 * 1024))
    p = peelkit("extract", big, "--out", tmp_path / "out", "--max-size", "1", timeout=60)
    one_line_error(p, f"{big}: is 2.1 MB, more than the limit of 1 MB; nothing was read", "--max-size")
    p = peelkit("extract", big, "--out", tmp_path / "out", "-q", env={"PEELKIT_MAX_SIZE": "0.5"}, timeout=60)
    one_line_error(p, "more than the limit of 0.5 MB")
    p = peelkit("extract", big, "--out", tmp_path / "out", "-q", "--max-size", "3", timeout=60)
    assert p.returncode == 0, p.stderr  # the option raises it
    assert limits.max_bytes() == limits.MAX_BYTES == 200 * 1024 * 1024  # the default


def test_a_text_of_more_lines_than_the_limit_allows_is_refused(tmp_path):
    """One line per 200 bytes of the size limit (1,048,576 by default): the readers' memory grows per line."""
    many = tmp_path / "lines.txt"
    many.write_bytes(b"PEEL\n" + b"Good\n" * 6000)  # 30 KB, but 6,002 lines; --max-size 1 allows 5,242
    p = peelkit("extract", many, "--out", tmp_path / "out", "--max-size", "1", timeout=60)
    one_line_error(p, f"{many}: has 6,002 lines, more than the 5,242 a text source may have")
    assert limits.max_lines() == 1_048_576


@pytest.mark.parametrize("value", ["0", "nan", "-1"])
def test_a_size_limit_that_is_not_a_size_is_a_usage_error(tmp_path, value):
    p = peelkit("extract", SOP, "--out", tmp_path / "out", f"--max-size={value}", timeout=60)
    assert p.returncode == 2 and "--max-size" in p.stderr and "Traceback" not in p.stderr


def test_running_out_of_memory_is_one_line_naming_the_file(tmp_path):
    """A text of 6 million short lines (allowed by a raised size limit) read with 800 MB of address space:
    MemoryError, caught by name."""
    big = tmp_path / "lines.txt"
    big.write_bytes(b"PEEL\n" + b"Good\n" * 6_000_000)

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (800 * 1024 * 1024, 800 * 1024 * 1024))

    p = peelkit("extract", big, "--out", tmp_path / "out", "-q", "--max-size", "2000", timeout=300, preexec_fn=cap)
    one_line_error(p, f"{big}: not enough memory to read this file")


# ------------------------------------------------------------------ encodings per line


def _rows(folder, name):
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return [{k: v for k, v in r.items() if k != "source_line"} for r in csv.DictReader(fh)]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_one_bad_byte_is_a_finding_on_its_line_and_every_other_line_stays_utf8(tmp_path, newline):
    lines = SOP.read_bytes().split(b"\n")
    assert b"\xe2\x80\x93" in b"".join(lines)  # en dashes: UTF-8 that cp1252 would turn into three letters
    lines[14] += b" caf\xe9 \x92quoted\x92"  # cp1252 bytes in the narrative
    src = tmp_path / SOP.name
    src.write_bytes(newline.join(lines))
    res = extract.run([src], tmp_path / "out")
    clean = ROOT / "data" / "clean"
    for name in ("pillars.csv", "questions.csv", "printed_totals.csv"):  # the same 129 + 195 judgments as ever
        assert _rows(tmp_path / "out", name) == [r for r in _rows(clean, name) if r["source_file"] == SOP.name], name
    found = [r for r in res.tables["review"] if r["kind"] == "encoding"]
    assert len(found) == 1 and found[0]["source_line"] == 15, found
    assert found[0]["found"] == "0xE9 0x92 0x92" and "read as cp1252 ('é’’')" in found[0]["message"]


def test_a_file_of_cp1252_lines_names_each_line_up_to_a_cap(tmp_path):
    from peelkit.sources.text import MAX_ENCODING_FINDINGS, decode_text

    data = b"PEEL judgments table\n" + b"".join(b"line \x96 %d\n" % i for i in range(150))
    d = decode_text(data, "x.txt")
    assert d.text.split("\n")[1] == "line – 0"  # cp1252's en dash
    assert [n for n, _, _ in d.bad_lines[:3]] == [2, 3, 4]
    assert len(d.bad_lines) == MAX_ENCODING_FINDINGS + 1 and "50 more lines" in d.bad_lines[-1][1]


# ------------------------------------------------------------------ linear time (each case bounded)
#
# Sizes are chosen so that a quadratic reading takes minutes to hours (issue 29 measured 49.9 s for
# 20,000 blank lines before the fix), while a linear one takes a second or two; the timeout is the bound.


def _inside(base, line: str, at: float = 0.5) -> str:
    lines = base.read_text(encoding="utf-8").split("\n")
    k = int(len(lines) * at)
    return "\n".join(lines[:k] + [line] + lines[k:])


CASES = {
    "blank lines": lambda: "PEEL\n" + "\n" * 400_000,  # the document-kind regexes ([#*\s]* over lines)
    "blank lines in the national table": lambda: _inside(SOP, "\n" * 300_000, 0.12),
    "tab line in the national table": lambda: _inside(SOP, "Kent" + "\t" * 1_000_000 + "x", 0.12),
    "star lines": lambda: "PEEL judgments table\n" + ("*" * 79 + "\n") * 20_000,
    "catalogue column header": lambda: _inside(CATALOGUE, "Date" + " " * 200_000 + "!"),  # was cubic
    "grade heading": lambda: _inside(LIST, "Good" + " " * 400_000 + "x"),
    "grade heading with a count": lambda: _inside(LIST, "Good (" + " " * 400_000 + "x"),
    "pillar heading": lambda: _inside(LIST, "PEEL" + "\t" * 400_000 + "x"),
    "inline grade": lambda: _inside(FORCE, "Preventing crime" + " " * 400_000 + "!"),
    "list separators": lambda: _inside(LIST, "Kent" + " " * 400_000 + "x, " + "Kent, " * 100_000),
    "list of one long item": lambda: _inside(LIST, "Good: " + "Good " * 200_000),
    "markdown cell": lambda: _inside(MARKDOWN, "| Kent" + " " * 400_000 + "x | Good |", 0.3),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_input_that_would_take_minutes_if_any_reading_were_quadratic(tmp_path, case):
    src = tmp_path / "doc.txt"
    src.write_text(CASES[case](), encoding="utf-8")
    p = peelkit("extract", src, "--out", tmp_path / "out", "-q", timeout=180)
    no_crash(p)


def test_a_package_whose_source_holds_a_60000_character_row_validates(tmp_path):
    """validate gave csv.Sniffer a review line of tens of thousands of characters (minutes); the dialect is
    given now. The row: a force and 150 cells of 400 characters (under the cells a row may have, so read as
    a row, and quoted whole in its finding)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sop.txt").write_text(_inside(SOP, "Kent" + ("\t" + "x" * 400) * 150, 0.12), encoding="utf-8")
    assert peelkit("extract", raw, "--out", tmp_path / "clean", "-q").returncode == 0
    assert max(len(ln) for ln in (tmp_path / "clean" / "review.csv").read_text().split("\n")) > 50_000
    p = peelkit("validate", tmp_path / "clean", "--sources", raw, timeout=60)
    assert p.returncode == 0 and p.stderr.startswith("valid:"), p.stdout + p.stderr
