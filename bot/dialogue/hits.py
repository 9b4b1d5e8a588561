"""What the dialogue logic needs from a retrieval hit.

Typed as a Protocol so this package depends on the *shape* of ``bot.knowledge.Hit`` and not
on the retrieval stack (tests build plain objects; the action server passes real hits).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol


class PassageLike(Protocol):
    """A sentence or list item of a hit's section, scored against the question."""

    text: str
    kind: str  # "sentence", "item" or "lead" (a sentence introducing a list)
    order: int
    score: float  # cosine with the question
    overlap: float  # IDF-weighted share of the question's words it contains


class HitLike(Protocol):
    """The fields of ``bot.knowledge.Hit`` that answers and summaries use."""

    path: str
    title: str
    heading: str
    text: str
    url: str | None
    confidence: float
    competitors: list[str]
    tags: list[str]
    passages: Sequence[PassageLike]
    heading_cosine: float  # the question against the heading alone (0 when not scored)


def source_of(hit: HitLike) -> dict[str, str | None]:
    """The reference the gateway stores with a reply (``custom.sources``)."""
    return {"title": hit.title, "url": hit.url, "path": hit.path, "heading": hit.heading}


def cite(hit: HitLike) -> str:
    """The page named in the text itself, so a forwarded message still carries its source."""
    return f"{hit.title} ({hit.url or hit.path})"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_MARKDOWN_NOISE = re.compile(r"^\s*(#+\s*|[-*]\s+|\d+\.\s+)", re.MULTILINE)


def excerpt(text: str, max_words: int = 60) -> str:
    """The first sentences of a passage, at most ``max_words`` words.

    Short replies are easier to trust and to check against the page; we cut at a sentence
    boundary when we can so the excerpt never ends mid-claim.
    """
    plain = " ".join(_MARKDOWN_NOISE.sub("", text).split())
    words = plain.split()
    if len(words) <= max_words:
        return plain
    kept: list[str] = []
    count = 0
    for sentence in _SENTENCE_END.split(plain):
        n = len(sentence.split())
        if kept and count + n > max_words:
            break
        kept.append(sentence)
        count += n
    result = " ".join(kept)
    if len(result.split()) > max_words:
        result = " ".join(words[:max_words]).rstrip(",;:") + "…"
    return result
