"""What the user says about a document that may not say it itself (--round, --force, --pillar)."""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from .. import model


@dataclass(frozen=True)
class Context:
    """The user's --round / --force / --pillar, or what the document's own dates say (``grade_list.infer``);
    ``why`` names where the round came from; ``year`` is the --year of a PDF's table that does not state it."""

    rnd: model.Round | None = None
    force: model.Force | None = None
    pillar: str | None = None
    why: str = ""
    year: str | None = None
