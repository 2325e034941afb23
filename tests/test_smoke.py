from pathlib import Path

from peelkit.parse.state_of_policing import parse
from peelkit.sources.text import read_text

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def test_state_of_policing_has_129_pillar_rows():
    src = read_text(RAW / "state_of_policing_2019_part2.txt")
    ex = parse(src.lines, src.name)
    assert len(ex.tables["pillars"]) == 129
