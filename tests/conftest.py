from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
CLEAN = ROOT / "data" / "clean"
SOP = RAW / "state_of_policing_2019_part2.txt"


@pytest.fixture(scope="session")
def sop_lines() -> list[str]:
    from peelkit.sources.text import read_text

    return read_text(SOP).lines


@pytest.fixture(scope="session")
def sop(sop_lines):
    """The State of Policing 2019 text parsed once for the session (treat as read-only)."""
    from peelkit.readers.state_of_policing import parse

    return parse(sop_lines, SOP.name)
