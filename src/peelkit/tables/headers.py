"""Question headers matched to questions by their vocabulary, not only by their exact text.

A converter can wrap a question header over many lines, interleave its lines with the neighbouring
header cells, or lose a word of it. The exact text (``model.find_question``, every wording a year
printed) is tried first; otherwise a header is matched by its *distinctive words*: the words of a
question's wordings that no other candidate question (the other questions of the same pillar) uses,
common words left out. A header is a question when it holds more of that question's distinctive
words than of any other candidate's, and at least ``MIN_SHARE`` of them; several headers of one
page naming the same question, or a header no question wins, are left unnamed, with the reason.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from .. import model

COMMON = frozenset({"how", "effective", "is", "the", "force", "at", "well", "does", "and", "its", "it", "to",
                    "of", "from", "with", "for", "that", "are", "in", "use", "a", "an", "on", "plan", "s"})
MIN_SHARE = 0.5  # of a question's distinctive words a header must hold when its text is not exact
MIN_RATIO = 0.8  # letters of a header cut mid-word (markdown cells) alike with one question's ...
MARGIN = 0.1  # ... and this much more alike than with any other


def words(text: str) -> set[str]:
    """The header's words that can tell questions apart (lower case, common words left out)."""
    return {w for w in re.findall(r"[a-z]+", text.lower().replace("\u2019", "'")) if w not in COMMON}


@lru_cache(maxsize=64)
def distinctive(qids: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """question id -> the words of its wordings that none of the other ``qids`` uses."""
    vocab = {q: set().union(*(words(t) for t in model.question_texts(q))) for q in qids}
    return {q: frozenset(w - set().union(*(vocab[o] for o in qids if o != q))) for q, w in vocab.items()}


def share(q: str, bag: set[str], qids: tuple[str, ...]) -> float:
    """Share of question ``q``'s distinctive words (among ``qids``) that ``bag`` holds."""
    mine = distinctive(qids).get(q, frozenset())
    return len(mine & bag) / len(mine) if mine else 0.0


def match(text: str, candidates: list[model.Question]) -> tuple[model.Question | None, str]:
    """The candidate question one header names, and how (or why none)."""
    exact = model.find_question(text)
    if exact is not None and exact in candidates:
        return exact, "exact"
    if not candidates:
        return None, "no candidate questions"
    qids = tuple(q.question_id for q in candidates)
    bag = words(text)
    scored = sorted(((share(q.question_id, bag, qids), q) for q in candidates), key=lambda s: -s[0])
    best, q = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best >= MIN_SHARE and best > second:
        return q, f"{best:.0%} of its distinctive words"
    if best > 0 and best == second:
        return None, (f"as close to {scored[0][1].question_id!r} as to {scored[1][1].question_id!r} "
                      f"({best:.0%} of their distinctive words)")
    return None, f"at most {best:.0%} of a question's distinctive words"


def match_all(texts: list[str], candidates: list[model.Question]) -> tuple[list[model.Question | None], list[str]]:
    """Each header of one page matched (``match``); two headers naming one question are both left
    unnamed. Returns, per header, its question (or None) and how it was matched (or why not)."""
    got = [match(t, candidates) if t else (None, "empty header") for t in texts]
    count: dict[str, int] = {}
    for q, _ in got:
        if q is not None:
            count[q.question_id] = count.get(q.question_id, 0) + 1
    out: list[model.Question | None] = []
    why: list[str] = []
    for q, how in got:
        if q is not None and count[q.question_id] > 1:
            out.append(None)
            why.append(f"another header of the page also reads as {q.question_id!r}")
        else:
            out.append(q)
            why.append(how)
    return out, why


def present(bag: set[str], candidates: list[model.Question]) -> list[model.Question]:
    """The candidates a header's words (all of its cells together) name: every distinctive word of
    one of its wordings, or (a word lost) at least MIN_SHARE of its distinctive words."""
    qids = tuple(q.question_id for q in candidates)
    whole = [q for q in candidates if any(words(t) <= bag for t in model.question_texts(q.question_id))]
    if len(whole) == len(candidates):
        return whole
    return [q for q in candidates if q in whole or share(q.question_id, bag, qids) >= MIN_SHARE]


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]+", "", text.lower())


def match_letters(groups: list[str], candidates: list[model.Question]) -> list[model.Question | None]:
    """Headers given as letters only (a markdown converter cuts a header spanning two cells mid-word
    and may drop letters), one per question column pair, matched to distinct candidates as a whole:
    the assignment whose headers are most alike with their questions' wordings (each at least
    MIN_RATIO), when no other assignment comes within MARGIN of it; else all left unnamed."""
    from itertools import permutations

    if not groups or len(groups) > len(candidates) or len(candidates) > 6:
        return [None] * len(groups)
    ratio = [[max(SequenceMatcher(None, _letters(t), g, autojunk=False).ratio()
                  for t in model.question_texts(q.question_id)) for q in candidates] for g in groups]
    scored = sorted(((sum(ratio[i][j] for i, j in enumerate(p)), p)
                     for p in permutations(range(len(candidates)), len(groups))), key=lambda s: -s[0])
    total, best = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if total - second < MARGIN or min(ratio[i][j] for i, j in enumerate(best)) < MIN_RATIO:
        return [None] * len(groups)
    return [candidates[j] for j in best]
