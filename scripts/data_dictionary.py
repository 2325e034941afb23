"""Print the data dictionary of docs/outputs.md (markdown) from peelkit.schema.TABLES.

    python scripts/data_dictionary.py > /tmp/dd.md

tests/test_docs.py checks that docs/outputs.md contains this text verbatim, so the two never drift.
"""

from __future__ import annotations

from peelkit.schema import TABLES


def markdown() -> str:
    out = []
    for name, spec in TABLES.items():
        pk = ", ".join(spec.get("primaryKey") or []) or "none (one row per finding)"
        fks = "".join(f" Foreign key: {', '.join(fk['fields'])} -> `{fk['reference']['resource']}.csv`."
                      for fk in spec.get("foreignKeys") or [])
        out.append(f"### `{name}.csv`\n\n{spec['description']} Primary key: {pk}.{fks}\n")
        out.append("| column | type | meaning | allowed values |")
        out.append("|---|---|---|---|")
        for f in spec["fields"]:
            cons = f.get("constraints", {})
            allowed = ", ".join(str(v) for v in cons["enum"]) if "enum" in cons else (
                f"pattern `{cons['pattern']}`" if "pattern" in cons else "")
            req = " (required)" if cons.get("required") else ""
            out.append(f"| `{f['name']}` | {f['type']}{req} | {f['description']} | {allowed} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown())
