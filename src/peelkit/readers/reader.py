"""What a reader is: the ``Reader`` protocol every module of ``peelkit.readers`` implements, and what it says.

A reader knows one kind of document. ``recognise`` looks at a ``Document`` cheaply and says why it is (or may
be) its kind; ``read`` turns it into an ``Extraction`` (rows, and findings that say what could not be read);
``yielded`` says whether that reading gave what the document is for (a graded judgment, a table); ``check``
refuses a reading that is a failure (LayoutError: recognised, but nothing could be read). The registry
(``peelkit.readers``) asks the readers in order of ``rank`` (how specific what they recognise is).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..errors import LayoutError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from ..schema import Extraction
    from ..sources.document import Document
    from .context import Context


@dataclass(frozen=True)
class Recognition:
    """A reader's claim on a document, and why ("its title line 'PEEL judgments table'")."""

    kind: str
    why: str


class Reader(ABC):
    """One kind of document: a module of ``peelkit.readers`` holds one as ``READER``. A reader must say how it
    recognises and reads its kind; the other defaults here are a reader's that says nothing more: every reading
    yields, none fails its checks."""

    kind = ""  # the Extraction's kind, the source's kind in datapackage.json
    description = ""  # what it reads, for messages ("State of Policing report with the PEEL judgments table")
    rank = 0  # how specific its recognition is: a higher rank is asked first (ranks are distinct)
    listed = True  # named among the documents peelkit looks for ("not a document peelkit knows (looked for: ...)")
    fallback = False  # tries a document another reader recognised but whose reading yielded nothing

    @property
    def kinds(self) -> tuple[str, ...]:
        """Every kind its readings may have (a grade list read whole is a national_list)."""
        return (self.kind,)

    @abstractmethod
    def recognise(self, doc: Document, ctx: Context) -> Recognition | None:
        """Why ``doc`` is this reader's kind, or None."""

    @abstractmethod
    def read(self, doc: Document, ctx: Context) -> Extraction:
        """The rows and findings of a document it recognised."""

    def missed(self, doc: Document) -> str | None:
        """Why a document it did not recognise is not its kind, when that is worth saying first in the error."""
        return None

    def yielded(self, ex: Extraction) -> bool:
        """Whether a reading gave what the document is for; when not, the next reader that recognises it tries."""
        return True

    def check(self, ex: Extraction, source: str) -> None:
        """Raise LayoutError when a reading is a failure (no judgments where the document must have some)."""


def graded(ex: Extraction) -> bool:
    """Whether a reading placed a graded judgment (a pillar, question or area with a grade other than Ungraded)."""
    return any(r.get("grade") and r["grade"] != "Ungraded" for t in ("pillars", "questions", "areas") for r in ex.rows(t))


def require_graded(ex: Extraction, source: str, what: str) -> None:
    """A one-force report or grade list that gives no graded judgment at all is a failed extraction (exit 1),
    its first finding saying why."""
    if graded(ex):
        return
    review = sorted(ex.rows("review"), key=lambda r: r["kind"] not in ("unknown_round", "layout"))  # stable
    first = f": {review[0]['message']}" if review else ""
    more = f" ({len(review) - 1} more findings)" if len(review) > 1 else ""
    raise LayoutError(f"recognised as a {what} but no graded judgment could be extracted{first}{more}", source=source)
