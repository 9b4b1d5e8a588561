"""Reading a buyer's message: its questions, whether they want a yes or no, which way a
comparison points, and whether it only continues the previous question.

Plain rules over the words, because they must be explainable to a rep reading the log and
cheap enough to run on every turn; the NLU intent decides the turn, these decide the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

_YES_NO_START = re.compile(
    r"^(?:so |and |also |ok(?:ay)? |hi,? |hey,? |quick question:? )*"
    r"(?:do|does|did|is|are|was|can|could|will|would|have|has|should|any)\b",
    re.IGNORECASE,
)
_QUESTION_WORD = (
    r"(?:what|how|which|where|who|when|why|do|does|did|is|are|can|could|will|would|"
    r"have|has|should|any)"
)
# "..., and what does SCIM cost?" / "...? Also, is there..." / "We're 40 people, what does
# it cost?": a (second) question starts here.
_SECOND_QUESTION = re.compile(
    rf"(?:\?\s+|[.!:]\s+|[,;]\s*(?:(?:and|also|plus|but|so)\s+)?|"
    rf"\s+and\s+(?:also\s+)?(?=(?:{_QUESTION_WORD})\s))"
    rf"(?=(?:also,?\s+|and\s+)?{_QUESTION_WORD}\b)",
    re.IGNORECASE,
)
_ASKS = re.compile(rf"\?|^(?:also,?\s+|and\s+)?{_QUESTION_WORD}\b", re.IGNORECASE)
_THEIR_STRENGTH = re.compile(
    r"\b(?:beat|beats|better than (?:you|tessellate|yours)|win(?:s)? over you|"
    r"advantages? of|where (?:is|are|does|do) \w+ (?:better|stronger|win)|"
    r"(?:should|would) (?:we|i) (?:pick|choose|go with|stay with|stick with) (?!you|tessellate)"
    r"|when (?:is|are|would|should) \w+ (?:be )?(?:the )?better|what does \w+ do better|"
    r"prefer \w+ over)",
    re.IGNORECASE,
)
_OUR_STRENGTH = re.compile(
    r"\b(?:why (?:you|tessellate|choose you|pick you|should we (?:pick|choose|switch))|"
    r"(?:you|tessellate) (?:better|stronger)|where (?:are|is) (?:you|tessellate) better|"
    r"what do you do better|advantages? of (?:you|tessellate)|over (?:them|\w+)\?)",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^(?:and|what about|how about|same for|same question for|and for|vs\.?|versus|"
    r"compared (?:to|with)|against|so|then|also|plus|or)\b|"
    r"\b(?:then|instead|too|as well)\W*$",  # "zapier then?", "when then", "before go-live too?"
    re.IGNORECASE,
)
FOLLOW_UP_MAX_WORDS = 6
ANAPHOR_MAX_WORDS = 9
_ANAPHOR = re.compile(
    r"\b(?:that plan|that one|those|them|they|their|theirs|that|it)\b", re.IGNORECASE
)


_ASKS_FOR_QUESTIONS = re.compile(
    r"\b(?:questions?|ask(?:ing)?|checklist|check(?:s)? (?:should|to|do))\b", re.IGNORECASE
)


def asks_for_questions(question: str) -> bool:
    """Whether the buyer wants questions to put to vendors ("what should we ask about
    uptime?"): only then is a page's checklist of questions an answer."""
    return bool(_ASKS_FOR_QUESTIONS.search(question))


class Side(StrEnum):
    """Which side's strengths a comparison question asks about."""

    THEIRS = "theirs"
    OURS = "ours"


@dataclass(frozen=True)
class QuestionPart:
    text: str
    yes_no: bool


def split_questions(text: str) -> list[QuestionPart]:
    """The separate questions in one message ("do you do SSO, and what does SCIM cost?")."""
    text = without_acknowledgement(text)
    parts = [p.strip(" ,;") for p in _SECOND_QUESTION.split(text) if p and p.strip(" ,;")]
    asked = [p for p in parts if _ASKS.search(p)]
    if not asked or len(asked) > 3 or any(len(p.split()) < 2 for p in asked):
        return [QuestionPart(text.strip(), is_yes_no(text))]  # not a clean split: one question
    return _questions_with_their_context(parts)


def _questions_with_their_context(parts: list[str]) -> list[QuestionPart]:
    """The questions of a message, which may also state things. A statement is context only
    ("We're 40 people, what does Team cost?"), unless the question right after it points
    back at it ("IT insists on SCIM. Which plan has it?"): then the question needs its words."""
    questions: list[QuestionPart] = []
    for before, part in zip(["", *parts], parts, strict=False):
        if not _ASKS.search(part):
            continue
        part = _without_trailing_statement(part)
        leans_back = before and not _ASKS.search(before) and _points_back(part)
        text = f"{before.rstrip('.!')}. {part}" if leans_back else part
        questions.append(QuestionPart(text, is_yes_no(part)))
    return questions


def _without_trailing_statement(part: str) -> str:
    """The question without what the buyer adds after its question mark ("…in a severity 1
    incident? We're 150 staff."): that is their situation, recorded apart, not searched."""
    head, mark, tail = part.rpartition("?")
    if mark and tail.strip() and not _ASKS.search(tail.strip()):
        return f"{head}?"
    return part


def _points_back(question: str) -> bool:
    """A short question whose subject is a pronoun for something said just before."""
    return len(question.split()) <= ANAPHOR_MAX_WORDS and bool(_ANAPHOR.search(question))


def is_yes_no(question: str) -> bool:
    """A question a plain yes or no answers ("do you support Okta?", "is there an SDK…")."""
    stripped = question.strip()
    if re.search(r"\b(or not|which|what|how|who|where|when|why)\b", stripped, re.IGNORECASE):
        return bool(re.search(r"\bor not\b", stripped, re.IGNORECASE))
    return bool(_YES_NO_START.match(stripped))


def comparison_side(question: str) -> Side | None:
    """Whether the buyer asks where the competitor is stronger, or where we are."""
    if _THEIR_STRENGTH.search(question):
        return Side.THEIRS
    if _OUR_STRENGTH.search(question):
        return Side.OURS
    return None


_ACKNOWLEDGEMENT = re.compile(
    r"^(?:(?:(?:ok(?:ay)?|cool|great|thanks|thank you|sure|right|alright|hmm+|yes|yeah|yep|"
    r"no|nope|got it|understood|fair enough|i see|interesting|huh|ugh|oh|ah|wow|gotcha|"
    r"makes sense|good to know|appreciate (?:it|that|the \w+))[\s,.!:;-]+)|"
    # Words that also start questions ("fine-grained roles?") only with punctuation after.
    r"(?:(?:fine|nice|perfect|noted|fair|then)[,.!:;-]+\s*))+",
    re.IGNORECASE,
)


def without_acknowledgement(message: str) -> str:
    """The message without a leading "ok." / "thanks," ("ok. and React Native?")."""
    return _ACKNOWLEDGEMENT.sub("", message.strip()) or message.strip()


def is_follow_up(question: str) -> bool:
    """A message that leans on the previous question: "and on the Free plan?", "what does
    that plan cost?"."""
    question = without_acknowledgement(question)
    words = question.split()
    if len(words) <= FOLLOW_UP_MAX_WORDS and _FOLLOW_UP.search(question.strip()):
        return True
    return len(words) <= ANAPHOR_MAX_WORDS and bool(_ANAPHOR.search(question))


def swap_name(question: str, previous_questions: Sequence[str], names: Sequence[str]) -> str | None:
    """A follow-up that only names another competitor or plan ("and against Northwind?", "and
    on the Free plan?") asks the previous question about it, with ``names`` those of one kind;
    None when it is not such a follow-up."""
    question = without_acknowledgement(question)
    if not previous_questions or len(question.split()) > FOLLOW_UP_MAX_WORDS:
        return None
    if not _FOLLOW_UP.search(question.strip()):
        return None
    previous = previous_questions[-1]
    named_now = [n for n in names if _names(question, n)]
    named_before = [n for n in names if _names(previous, n)]
    if not named_now or not named_before or named_now[0] in named_before:
        return None
    swapped = previous
    for old in named_before:
        swapped = re.sub(rf"\b{re.escape(old)}\b", named_now[0], swapped, flags=re.IGNORECASE)
    return swapped


def _names(text: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) is not None
