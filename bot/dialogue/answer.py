"""Composing a short, honest answer from retrieval hits.

The answer quotes the content (never paraphrases it into new claims), names the page it came
from, adds the page's "where X is the better choice" caveat when there is one, and says "I
don't know" when no passage is confident enough.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.dialogue.hits import HitLike, cite, excerpt, source_of
from bot.dialogue.profile import BuyerProfile
from bot.dialogue.worries import worry_label

DONT_KNOW = (
    "I don't know. Our content doesn't answer that clearly, and I'd rather not guess. "
    "Would you like me to bring in a person from our team?"
)
DONT_KNOW_AGAIN = "I don't know that one either, and I'd rather not guess."

_WORD = re.compile(r"[a-z0-9][a-z0-9-]+")
_STOPWORDS = frozenset(
    {
        "and",
        "the",
        "for",
        "with",
        "that",
        "this",
        "what",
        "our",
        "are",
        "not",
        "but",
        "its",
        "it's",
        "have",
        "has",
        "you",
        "your",
        "was",
        "from",
        "matter",
        "matters",
        "most",
        "main",
        "really",
        "just",
        "want",
        "need",
        "of",
        "to",
        "in",
        "on",
        "is",
        "be",
        "we",
        "us",
    }
)


@dataclass(frozen=True)
class Answer:
    """A reply ready to send: text plus the sources to attach to the same message."""

    text: str
    sources: list[dict[str, str | None]] = field(default_factory=list)
    confident: bool = True


def build_query(text: str, competitor: str | None = None, comparison: bool = False) -> str:
    """The search query: the buyer's words, plus the competitor when the question is about one.

    Comparison questions are often vague ("why you over them?"); naming the comparison makes
    the competitor's page rank first.
    """
    if not competitor:
        return text
    if comparison:
        return f"Tessellate vs {competitor}: {text}"
    if competitor.lower() not in text.lower():
        return f"{text} {competitor}"
    return text


def _keywords(text: str | None) -> set[str]:
    """Content words, crudely singularised ("plans" matches "plan")."""
    words = (w for w in _WORD.findall((text or "").lower()) if w not in _STOPWORDS)
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words}


def rank_hits(
    hits: Sequence[HitLike], profile: BuyerProfile, min_confidence: float
) -> list[HitLike]:
    """Confident hits, best first, nudged towards what this buyer cares about.

    The nudge is small (it reorders near-ties, it never rescues a weak hit): a passage about
    the competitor they named, or one sharing words with their criteria or worry, wins a tie.
    """
    wanted = _keywords(profile.criteria) | _keywords(profile.main_worry)
    competitor = (profile.competitor or "").lower()

    def score(hit: HitLike) -> float:
        bonus = 0.0
        if competitor and competitor in (c.lower() for c in hit.competitors):
            bonus += 0.05
        if wanted & _keywords(f"{hit.heading} {hit.text} {' '.join(hit.tags)}"):
            bonus += 0.03
        return hit.confidence + bonus

    confident = [h for h in hits if h.confidence >= min_confidence]
    return sorted(confident, key=score, reverse=True)


def _lead_in(profile: BuyerProfile, hit: HitLike) -> str:
    """A short pointer to why this passage matters to this buyer, only when it clearly does."""
    passage = _keywords(f"{hit.heading} {hit.text}")
    criteria_words = _keywords(profile.criteria)
    # Claim relevance only when most of what they named is in the passage, not one stray word.
    if criteria_words and len(criteria_words & passage) * 2 >= len(criteria_words):
        return f"You said {profile.criteria} matters most, so: "
    label = worry_label(profile.worry_type)
    if label and _keywords(profile.main_worry) & passage:
        return f"On {label}: "
    return ""


def compose_answer(
    hits: Sequence[HitLike],
    caveat_for: Callable[[str], HitLike | None],
    profile: BuyerProfile,
    min_confidence: float,
    first_miss: bool = True,
) -> Answer:
    """The reply for a question, given the hits retrieved for it.

    ``caveat_for`` looks up the honest caveat of a page (``KnowledgeBase.caveat_for``).
    ``first_miss`` chooses the "I don't know" wording: the first time we offer a person, the
    second time the handoff itself follows, so we don't ask again.
    """
    ranked = rank_hits(hits, profile, min_confidence)
    if not ranked:
        return Answer(text=DONT_KNOW if first_miss else DONT_KNOW_AGAIN, confident=False)
    best = ranked[0]
    lines = [f"{_lead_in(profile, best)}{excerpt(best.text)}", f"Source: {cite(best)}"]
    used = [best]
    caveat = caveat_for(best.path)
    if caveat is not None and caveat.text.strip() != best.text.strip():
        # Name the section ("where Northwind is the better choice") so the honesty is explicit.
        heading = caveat.heading[:1].lower() + caveat.heading[1:]
        lines.append(f"To be fair, {heading}: {excerpt(caveat.text, max_words=45)}")
    second = next((h for h in ranked[1:] if h.path != best.path), None)
    if second is not None and second.confidence >= best.confidence - 0.05:
        lines.append(f"See also: {cite(second)}")
        used.append(second)
    return Answer(text="\n".join(lines), sources=[source_of(h) for h in used])
