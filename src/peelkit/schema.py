"""The tidy tables peelkit writes: their columns, types, enums and keys (data, not code),
and the ``Extraction`` every parser returns.

``datapackage.json`` is generated from TABLES, and the data dictionary in docs/outputs.md documents it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import GRADES, PILLARS, TRENDS, round_for_year, rounds

YEAR_PATTERN = r"^20\d\d/\d\d$"

# source kinds whose rows are national figures (every force of a round); any other is one force's report
NATIONAL_KINDS = ("state_of_policing", "national_list")

# name -> (type, description, constraints)
_F = dict[str, object]


def _field(name: str, type_: str, description: str, **constraints: object) -> _F:
    f: _F = {"name": name, "type": type_, "description": description}
    if constraints:
        f["constraints"] = constraints
    return f


_PROVENANCE = [
    _field("source_file", "string", "File the value was read from (name inside data/raw).", required=True),
    _field("source_line", "integer", "1-based line of the value in a text source; empty for PDF sources."),
    _field("source_page", "integer", "1-based page of the value in a PDF source; empty for text sources."),
]


def _round_fields() -> list[_F]:
    """Every judgment row names its PEEL round (data/rounds.toml) and the grade scale that round used."""
    return [
        _field("round", "string", "PEEL round (data/rounds.toml), e.g. 2018/19, 2016, 2023-25.", required=True,
               enum=[r.round_id for r in rounds()]),
        _field("scale", "integer", "Grade scale of the round: 4 tiers (to 2018/19) or 5 (adds Adequate, from "
               "2021/22). Grades on different scales are never compared.", required=True, enum=[4, 5]),
    ]


# an area for improvement belongs to a pillar judgment of the same year and force (a question's grade does not
# need its pillar's: a page may print one question's grade and not its pillar's)
_PILLAR_FK = {"fields": ["year", "force_id", "pillar"],
              "reference": {"resource": "pillars", "fields": ["year", "force_id", "pillar"]}}

TABLES: dict[str, dict[str, object]] = {
    "pillars": {
        "description": "One row per (year, force, pillar): the pillar judgment and its trend.",
        "fields": [
            _field("year", "string", "Inspection year label as printed, e.g. 2018/19.", required=True,
                   pattern=YEAR_PATTERN),
            *_round_fields(),
            _field("force", "string", "Force name (canonical).", required=True),
            _field("force_id", "string", "police.uk force slug, e.g. leicestershire.", required=True),
            _field("pillar", "string", "PEEL pillar.", required=True, enum=list(PILLARS)),
            _field("grade", "string", "Pillar judgment; empty when it could not be placed (see review.csv).",
                   enum=list(GRADES)),
            _field("trend", "string", "Change since the previous inspection of the force.", enum=list(TRENDS)),
            _field("previous_grade", "string", "The previous judgment when the source states it (force reports: "
                   "'a deterioration on last year, when we judged the force to be good'); else empty.",
                   enum=list(GRADES)),
            _field("report_year", "string", "Year in the title of a PEEL force report (e.g. 2016); empty for rows "
                   "from the national table.", pattern=r"^20\d\d$"),
            *_PROVENANCE,
        ],
        "primaryKey": ["year", "force_id", "pillar"],
    },
    "questions": {
        "description": "One row per (year, force, pillar, question): the question judgment and the year "
                       "it was last inspected (a carried-forward grade has an earlier year).",
        "fields": [
            _field("year", "string", "Year of the table the row comes from.", required=True, pattern=YEAR_PATTERN),
            *_round_fields(),
            _field("force", "string", "Force name (canonical).", required=True),
            _field("force_id", "string", "police.uk force slug.", required=True),
            _field("pillar", "string", "PEEL pillar.", required=True, enum=list(PILLARS)),
            _field("question_id", "string", "Stable short id of the question, e.g. preventing-crime.",
                   required=True),
            _field("question", "string", "Question text as printed (whitespace normalised).", required=True),
            _field("grade", "string", "Question judgment; empty when it could not be placed.", enum=list(GRADES)),
            _field("last_inspected", "string", "Year label of the inspection the judgment comes from.",
                   pattern=YEAR_PATTERN),
            _field("report_year", "string", "Year in the title of a PEEL force report (e.g. 2016); empty for rows "
                   "from the national table.", pattern=r"^20\d\d$"),
            *_PROVENANCE,
        ],
        "primaryKey": ["year", "force_id", "pillar", "question_id"],
    },
    "areas": {
        "description": "One row per (year, force, area) in the area-era rounds (PEEL 2021/22 on): the grade of "
                       "an area of policing. Areas assessed but not graded are 'Ungraded'.",
        "fields": [
            _field("year", "string", "Year label of the round, e.g. 2021/22 or 2023/25.", required=True,
                   pattern=YEAR_PATTERN),
            *_round_fields(),
            _field("force", "string", "Force name (canonical).", required=True),
            _field("force_id", "string", "police.uk force slug.", required=True),
            _field("area_id", "string", "Stable short id of the area (data/rounds.toml), e.g. investigating-crime.",
                   required=True),
            _field("area", "string", "Area as printed (whitespace normalised).", required=True),
            _field("grade", "string", "Area judgment; empty when it could not be placed (see review.csv).",
                   enum=list(GRADES)),
            _field("report_year", "string", "Year in the title or date of a PEEL force report; empty for "
                   "national lists.", pattern=r"^20\d\d$"),
            *_PROVENANCE,
        ],
        "primaryKey": ["year", "force_id", "area_id"],
    },
    "printed_totals": {
        "description": "Every total the document itself prints, from Totals tables and from sentences.",
        "fields": [
            _field("year", "string", "Year of the table.", required=True, pattern=YEAR_PATTERN),
            *_round_fields(),
            _field("pillar", "string", "PEEL pillar.", required=True, enum=list(PILLARS)),
            _field("question_id", "string", "Question id; empty for the pillar judgment."),
            _field("measure", "string", "What is counted.", required=True, enum=["grade", "trend"]),
            _field("value", "string", "The grade or trend counted.", required=True,
                   enum=list(GRADES) + list(TRENDS)),
            _field("count", "integer", "Number of forces the document states.", required=True, minimum=0),
            _field("kind", "string", "Where the total is printed.", required=True, enum=["table", "sentence"]),
            *_PROVENANCE,
        ],
        # the same totals may be printed on several pages or lines (a summary and a chapter): each statement is
        # a row of its own, so where it is printed is part of the key
        "primaryKey": ["year", "pillar", "question_id", "measure", "value", "kind", "source_file", "source_page",
                       "source_line"],
    },
    "areas_for_improvement": {
        "description": "The 'areas for improvement' a PEEL force report lists, one row each.",
        "fields": [
            _field("year", "string", "Inspection round label, e.g. 2016/17.", required=True, pattern=YEAR_PATTERN),
            *_round_fields(),
            _field("force", "string", "Force name (canonical).", required=True),
            _field("force_id", "string", "police.uk force slug.", required=True),
            _field("pillar", "string", "PEEL pillar.", required=True, enum=list(PILLARS)),
            _field("question_id", "string", "Question the area belongs to; empty if the report does not say."),
            _field("number", "integer", "1-based position of the area within its question.", minimum=1),
            _field("text", "string", "The area for improvement as printed (whitespace normalised).", required=True),
            _field("report_year", "string", "Year in the report's title.", pattern=r"^20\d\d$"),
            *_PROVENANCE,
        ],
        "primaryKey": ["year", "force_id", "pillar", "question_id", "number"],
        "foreignKeys": [_PILLAR_FK],
    },
    "reports": {
        "description": "A force's catalogue of HMIC/HMICFRS inspection reports (e.g. the PCC's web listing).",
        "fields": [
            _field("force", "string", "Force the catalogue belongs to (canonical)."),
            _field("force_id", "string", "police.uk force slug."),
            _field("date", "date", "Date of the report (ISO 8601); empty when the listing gives none "
                   "(see review.csv, kind undated)."),
            _field("title", "string", "Report title as printed.", required=True),
            _field("type", "string", "Kind of report.", required=True,
                   enum=["peel", "spotlight", "thematic", "joint", "force", "other"]),
            _field("summary", "string", "Summary text from the listing (whitespace normalised)."),
            _field("response_published", "boolean", "Whether the listing shows a published response."),
            *_PROVENANCE,
        ],
        "primaryKey": [],
    },
    "review": {
        "description": "Every problem found while extracting and checking: values that could not be placed "
                       "with certainty, count mismatches, totals that disagree. One row per finding.",
        "fields": [
            _field("source_file", "string", "File the finding is about.", required=True),
            _field("source_line", "integer", "1-based line (text sources)."),
            _field("pillar", "string", "Pillar concerned, if any.", enum=list(PILLARS)),
            _field("question_id", "string", "Question concerned, if any."),
            _field("kind", "string", "Finding type.", required=True,
                   enum=["count_mismatch", "unrecognised_line", "unexpected_value", "bad_row", "missing_force",
                         "duplicate_force", "duplicate_row", "layout", "total_mismatch", "total_unverifiable",
                         "totals_sum", "unparsed_sentence", "source_conflict", "undated", "off_scale",
                         "unknown_area", "duplicate_area", "missing_area", "unknown_round", "reader_conflict",
                         "reader_tie", "not_graded", "prior_grade", "other_force", "statement_conflict",
                         "unread_file", "encoding", "formula_like"]),
            _field("expected", "string", "What was expected (a count, a value)."),
            _field("found", "string", "What was found."),
            _field("message", "string", "Human-readable explanation.", required=True),
            _field("source_page", "integer", "1-based page (PDF sources)."),
            _field("area_id", "string", "Area of policing concerned, if any (area-era rounds, data/rounds.toml)."),
        ],
        "primaryKey": [],
    },
}


# tables whose rows name their round and scale
ROUND_TABLES = frozenset(name for name, spec in TABLES.items()
                         if any(f["name"] == "round" for f in spec["fields"]))  # type: ignore[union-attr]


def stamp_round(row: dict) -> dict:
    """Fill a row's ``round`` and ``scale`` from its year label (data/rounds.toml) where the parser did not
    set them; a year that is no round's stays empty (and fails validation, never a guessed round)."""
    if row.get("round") is None or row.get("scale") is None:
        r = round_for_year(str(row.get("year") or ""))
        if row.get("round") is None:
            row["round"] = r.round_id if r else None
        if row.get("scale") is None:
            row["scale"] = r.scale if r else None
    return row


def columns(table: str) -> list[str]:
    return [f["name"] for f in TABLES[table]["fields"]]  # type: ignore[index]


@dataclass(frozen=True)
class Where:
    """Where a value was read: a text's line or a PDF's page (a row's ``source_line`` / ``source_page``)."""

    line: int | None = None  # 1-based line of a text source
    page: int | None = None  # 1-based page of a PDF source

    def __str__(self) -> str:
        if self.page is not None:
            return f"page {self.page}"
        return f"line {self.line}" if self.line is not None else "the document"

    def cols(self) -> dict:
        return {"source_line": self.line, "source_page": self.page}


def finding(kind: str, message: str, *, source_file: str | None, where: Where = Where(),
            pillar: str | None = None, question_id: str | None = None, area_id: str | None = None,
            expected: object = None, found: object = None) -> dict:
    """One row of review.csv: the one shape of a finding (its kind, the file and line or page it is about, what
    the document should have said and what it said, and the message), whoever finds it (a reader, a check, the
    store, validation)."""
    return {
        "source_file": source_file, "source_line": where.line, "pillar": pillar,
        "question_id": question_id, "kind": kind,
        "expected": "" if expected is None else str(expected),
        "found": "" if found is None else str(found),
        "message": message, "source_page": where.page, "area_id": area_id,
    }


@dataclass
class Extraction:
    """What a parser returns for one source: tidy rows plus every problem it found."""

    source_file: str
    kind: str
    tables: dict[str, list[dict]] = field(default_factory=dict)
    meta: dict[str, object] = field(default_factory=dict)  # e.g. year, grade scale

    def rows(self, table: str) -> list[dict]:
        return self.tables.setdefault(table, [])

    def add(self, table: str, row: dict) -> None:
        if table in ROUND_TABLES:
            stamp_round(row)
        self.rows(table).append(row)

    def review(self, kind: str, message: str, *, line: int | None = None, page: int | None = None,
               pillar: str | None = None, question_id: str | None = None, expected: object = None,
               found: object = None, area_id: str | None = None) -> None:
        self.add("review", finding(kind, message, source_file=self.source_file, where=Where(line, page),
                                   pillar=pillar, question_id=question_id, area_id=area_id, expected=expected,
                                   found=found))
