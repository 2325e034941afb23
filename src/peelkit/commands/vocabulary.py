"""One flag vocabulary for every command: each option's long name, its short form (the same wherever the
option exists) and whether it takes a value. Commands declare their options from this table
(``flags``), the fast entry's ``extract`` parser too, and tests/test_flags.py walks every command's
options and --help against it.

Rules the table keeps: ``-o FILE`` (``--output``) is a file everywhere; a folder a command writes is
``--out DIR`` (no short form); the package a command reads is ``--data DIR`` (``-d``); a comparison group
is ``--against`` (``-a``) everywhere. No imports: the fast entry reads it before anything else.
"""

from __future__ import annotations

# long name -> (short form or None, metavar: None for a switch, else what the value is)
OPTIONS: dict[str, tuple[str | None, str | None]] = {
    # where data comes from and goes to
    "--data": ("-d", "DIR"),  # the package (a clean data folder) a command reads or changes
    "--out": (None, "DIR"),  # the folder a command writes (extract)
    "--output": ("-o", "FILE"),  # the file a command writes (never a folder)
    "--overwrite": (None, None),
    "--format": ("-f", "FORMAT"),
    "--sources": ("-s", "DIR"),
    # what to look at
    "--year": ("-y", "YEAR"),
    "--round": (None, "ROUND"),
    "--force": (None, "FORCE"),
    "--pillar": (None, "PILLAR"),
    "--question": (None, "QUESTION"),
    "--area": (None, "AREA"),
    "--grade": ("-g", "GRADE"),
    "--trend": ("-t", "TREND"),
    "--last-inspected": (None, "YEAR"),
    "--level": (None, "LEVEL"),
    "--against": ("-a", "GROUP"),
    "--type": (None, "TYPE"),
    "--by": (None, "MEASURE"),
    # how to show it
    "--hide-gaps": (None, None),
    "--all": (None, None),
    "--check": (None, None),
    "--accessible": (None, None),
    "--quiet": ("-q", None),
    # extract
    "--words": (None, "SOURCE"),
    "--replace": (None, None),
    "--max-size": (None, "MB"),
    # validate
    "--rederive": (None, None),
    # debug commands
    "--page": ("-p", "N"),
    "--line": ("-l", "N"),
    "--findings": ("-n", "N"),
    # program options and help
    "--help": ("-h", None),
    "--debug": (None, None),
    "--version": (None, None),
}

# old names kept working but hidden from --help: old name -> the name to use
DEPRECATED: dict[str, str] = {
    "--group": "--against",  # grid's comparison group, until issue 28
    "--force-overwrite": "--overwrite",  # export
}

# a short form given to a command that does not have it: what to use instead (usage errors say it)
SHORT_HINTS: dict[tuple[str, str], str] = {
    ("extract", "-o"): "extract writes a folder: use --out DIR (-o is a file, for the commands that write one)",
}


def flags(long: str) -> tuple[str, ...]:
    """The option names of ``long`` as a command declares them: ('--year', '-y') or ('--out',)."""
    short, _ = OPTIONS[long]
    return (long, short) if short else (long,)
