"""Write src/peelkit/data/toml_data.json: the package's TOML data as JSON, each file with its CRC-32.

    .venv/bin/python scripts/compile_data.py

Run it after editing rounds.toml (tests/test_data_copy.py fails until then; peelkit
itself parses a TOML whose copy is stale, so it is never wrong, only slower to start).
"""

from __future__ import annotations

import json
import sys
import tomllib
import zlib
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "peelkit" / "data"
FILES = ("rounds.toml",)


def build() -> str:
    out = {}
    for name in FILES:
        raw = (DATA / name).read_bytes()
        out[name] = {"crc32": zlib.crc32(raw), "data": tomllib.loads(raw.decode("utf-8"))}
    return json.dumps(out, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main() -> int:
    target = DATA / "toml_data.json"
    text = build()
    tmp = target.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    print(f"wrote {target.relative_to(DATA.parents[2])} ({len(text)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
