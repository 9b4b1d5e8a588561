"""What else a message holds besides its main intent: a question, a request for a person.

NLU gives one intent per message, but buyers pack several things into one: "we're 30 people on
Pipit, does your SDK support Flutter?" is a situation *and* a question. These rules find the
question or the request so the assistant acts on it; the situation is recorded as well.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

QUESTION_INTENTS = ("ask_product_question", "ask_comparison", "ask_pricing")
SECOND_INTENT_MIN = 0.15  # a question intent this likely in NLU's ranking counts as present
_QUESTION = re.compile(
    r"\?|(?:^|[,.;:!]\s*|\b(?:but|and|so)\s+)(?:what|how|which|where|who|when|why|do you|does it|"
    r"does tessellate|is there|are there|can (?:we|i|you|it)|could you|will (?:it|you)|"
    r"would (?:it|you)|should we|any (?:idea|chance))\b|"
    # A question asked without a question mark, mid-sentence: "if we moved, would our
    # cohorts come across or do we redo them".
    r"(?<!\bwe )(?<!\bi )(?<!\byou )(?<!\bthey )(?<!\bit )"  # "we do it" states a fact
    r"\b(?:(?:would|will|could|can|do|does|did|should|is|are) (?:we|our|i|my|you|your|they)|"
    r"(?:would|will|could|can|does|is) it)\b"
    r"(?! (?:know|think|guess|mean|see)\b)|"
    # Asked indirectly: "she'll ask what happens if…", "legal wants to know if you…"
    r"\b(?:ask|asks|asking|to know|wondering|wonder|curious)\s+"
    r"(?:what|how|whether|if|when|why|who|which|where)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"\b(?:talk|speak|chat) (?:to|with) (?:a |an |someone|somebody|a real|your|sales|a human)|"
    r"\b(?:someone|somebody|a person|a human|a rep|an account exec\w*|sales(?: team)?) "
    r"(?:from (?:sales|your team) )?(?:to )?(?:call|contact|email|reach out|get in touch|ring)|"
    r"\b(?:call|contact|ring) me\b|\bput me in touch\b|\bbook a (?:call|demo|meeting)\b|"
    r"\bconnect me with\b|\breal person\b|\bhuman please\b|"
    r"\b(?:set up|setup|schedule|arrange|book|get|have|jump on) a (?:quick )?(?:call|meeting)\b|"
    r"\bwho (?:do|should|can) (?:i|we) (?:talk|speak) to\b",
    re.IGNORECASE,
)


# "What matters most to us is…", "what we need is…", "what worries me is…": a statement that
# opens with "what" and a clause of its own (a pronoun or a verb before "is"), not a question;
# "what plans are there" and "what time zone is support in" do not match.
_STATEMENT_WHAT = re.compile(
    r"^\s*what\s+(?:i|we|my|our|they|the team|really|\w+s)\b(?:\s+[\w'-]+){1,6}?\s+"
    r"(?:is|are|was)\s+\w",
    re.IGNORECASE,
)


_MATTERS = re.compile(
    r"^\s*(?:what|the (?:thing|things)(?: that)?)\s+(?:really\s+)?matters?\s+(?:most\s+)?"
    r"(?:(?:to|for) (?:us|me|our \w+)\s+)?(?:is|are)\s+(?:that\s+)?",
    re.IGNORECASE,
)


def what_matters(text: str) -> str:
    """The criteria in a "what matters most to us is that PMs…" statement ("PMs…"), for
    saying it back; any other wording as it was said."""
    said = _MATTERS.sub("", text, count=1).strip().rstrip(".!")
    return said or text


def opens_with_what_statement(text: str) -> bool:
    """ "What we need is SSO", "what matters most to us is price": a statement, not a
    question, though it opens with "what"."""
    return bool(_STATEMENT_WHAT.match(text) or _MATTERS.match(text))


def _asks(text: str) -> bool:
    """A question anywhere in ``text``, except an opening "what … is" statement."""
    statement = _STATEMENT_WHAT.match(text) or _MATTERS.match(text)
    if statement and "?" not in text:
        return bool(_QUESTION.search(text[statement.end() :]))
    return bool(_QUESTION.search(text))


@dataclass(frozen=True)
class Reading:
    """The parts of one message the dialogue acts on, with the reasons for the log."""

    has_question: bool
    wants_person: bool
    reasons: list[str] = field(default_factory=list)


def read_message(text: str, ranking: Sequence[Mapping[str, Any]] = ()) -> Reading:
    """Find a question or a person request in ``text``; ``ranking`` is NLU's intent ranking."""
    reasons = []
    wants_person = bool(_PERSON.search(text))
    if wants_person:
        reasons.append("asks for a person")
    second = next(
        (
            r
            for r in ranking[1:3]
            if r.get("name") in QUESTION_INTENTS
            and float(r.get("confidence") or 0) >= SECOND_INTENT_MIN
        ),
        None,
    )
    has_question = _asks(text) or second is not None
    if has_question:
        reasons.append(
            f"holds a question ({second['name']} in NLU ranking)" if second else "holds a question"
        )
    return Reading(has_question, wants_person, reasons)


# "your investors", "do you compare", the product's name: about the vendor. "can you book me a
# flight" (a request of the bot) is not.
_VENDOR = re.compile(
    r"\b(?:your|yours|you guys|y'all|the company|the product|this tool)\b|"
    r"\b(?:do|does|are|were|have|has|did) (?:you|it)\b|"
    r"\b(?:with|from|to|for|by|than|over) you\b",  # "up and running with you"
    re.IGNORECASE,
)
_ABOUT_THE_BOT = re.compile(
    r"\b(?:are you (?:a )?(?:bot|human|real|robot|ai)|how are you|who made you|your name|"
    r"are you (?:ok|okay|there)|do you (?:like|love|dream|sleep))\b",
    re.IGNORECASE,
)


def about_the_vendor(text: str, names: Sequence[str] = ()) -> bool:
    """Whether a message asks about the vendor or its competitors rather than about the bot
    or something unrelated ("who are your investors?" yes; "are you a bot?" no); ``names``
    are the product's and competitors' names (the knowledge folder's)."""
    if _ABOUT_THE_BOT.search(text):
        return False
    if any(re.search(rf"\b{re.escape(n)}\b", text, re.IGNORECASE) for n in names):
        return True
    return bool(_VENDOR.search(text))
