"""What the user says about a document that may not say it itself (--round, --force, --pillar)."""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from .. import model


@dataclass(frozen=True)
class Context:
    """The user's --round / --force / --pillar, or what the document's own dates say (``prose_page.infer``);
    ``why`` names where the round came from."""

    rnd: model.Round | None = None
    force: model.Force | None = None
    pillar: str | None = None
    why: str = ""
