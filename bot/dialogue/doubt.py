"""Meeting doubt without going round in circles.

Acknowledge, find out the main worry (ask once if the buyer did not say), answer it from the
content, then offer the next step: working through the decision together the first time, a
person after that. The decision form is never offered twice and never after it was answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.dialogue.worries import WORRY_LABELS

# "yeah. still dont know", "ok. still not sure tbh": doubt that NLU takes for a plain yes.
_STILL_UNSURE = re.compile(
    r"\bstill (?:not (?:sure|convinced|certain|decided)|unsure|undecided|uncertain|torn|"
    r"on the fence|(?:do not|don't|dont|don't really) know|hesitant|uneasy|doubtful|"
    r"have (?:my )?doubts)\b|"
    r"\bnot (?:sure|convinced|certain) (?:yet|still|either)\b",
    re.IGNORECASE,
)


# "mainly that it turns into shelfware…", "mostly that our analysts won't bother…": the
# worry, said in reply to a doubt reply (NLU reads it as a statement of criteria).
_NAMES_A_WORRY = re.compile(
    r"^\s*(?:(?:well|honestly|i guess|i think|i mean|probably),?\s+)?"
    r"(?:(?:mainly|mostly|mostly just|mainly just|really|basically|more|just|i guess),?\s+that|"
    r"(?:the|my|our) (?:main |biggest |real )?(?:worry|concern|fear|issue|problem) is)\b",
    re.IGNORECASE,
)


def still_unsure(text: str) -> bool:
    """The buyer says they are still unsure, whatever else the message opens with."""
    return bool(_STILL_UNSURE.search(text))


def names_a_worry(text: str) -> bool:
    """The message opens by saying what the worry is ("mainly that…", "my concern is…")."""
    return bool(_NAMES_A_WORRY.match(text))


def fair_worry(label: str | None) -> str:
    """The acknowledgement that opens the answer to a worry, naming it when we know its kind."""
    return f"{FAIR_WORRY_OPENING} {label}." if label else f"{FAIR_WORRY_OPENING[:-1]}."


def worry_words(text: str) -> str:
    """The worry itself, without the opening that says it is one ("mainly that…")."""
    return _NAMES_A_WORRY.sub("", text, count=1).strip() or text


def is_doubt_reply(bot_text: str | None) -> bool:
    """Whether an assistant message was one of the replies to a doubt."""
    openings = (ASK_WORRY_TEXT, FAIR_WORRY_OPENING, STILL_UNSURE.split("{", 1)[0])
    return (bot_text or "").startswith(openings)


class Offer(StrEnum):
    """The next step offered after a doubt (a slot the rules branch on)."""

    FORM = "form"
    PERSON = "person"
    NONE = "none"


ASKED_WORRY = "worry"  # recorded in ``offers_made`` when we asked what worries them

ASK_WORRY_TEXT = "That's fair: it's a real decision, and there's no rush. What worries you most?"
FAIR_WORRY_OPENING = "That's a fair worry:"
STILL_UNSURE = (
    "I understand, {label} is still weighing on you, and what our pages say may not settle it."
)
WORRY_BUTTONS = [
    {"title": "The cost", "payload": '/express_doubt{"worry": "cost"}'},
    {"title": "The risk of switching", "payload": '/express_doubt{"worry": "switching_risk"}'},
    {"title": "Getting buy-in", "payload": '/express_doubt{"worry": "buy_in"}'},
    {"title": "Whether it fits us", "payload": '/express_doubt{"worry": "fit"}'},
    {"title": "Trusting a new vendor", "payload": '/express_doubt{"worry": "vendor_trust"}'},
]
FORM_OFFER_TEXT = (
    "Would it help to go through it together? Three quick questions: your situation, what "
    "matters most, and your main worry. You can skip any of them or stop at any time."
)
ASK_WORRY_FORM_TEXT = (
    "Or, if it helps, we can go through it together: three quick questions about your "
    "situation, what matters most and your main worry."
)
FORM_BUTTONS = [
    {"title": "Yes, let's do that", "payload": "/affirm"},
    {"title": "No thanks", "payload": "/deny"},
]
PERSON_OFFER_TEXT = (
    "If it would help to talk it through, I can bring in a person from our team; they will "
    "see this conversation, so you won't need to repeat yourself."
)
PERSON_BUTTONS = [
    {"title": "Yes, bring in a person", "payload": "/ask_for_human"},
    {"title": "No, thanks", "payload": "/deny"},
]


@dataclass(frozen=True)
class DoubtPlan:
    ask_worry: bool
    offer: Offer
    reasons: list[str] = field(default_factory=list)

    @property
    def buttons(self) -> list[dict[str, str]]:
        if self.ask_worry:
            return WORRY_BUTTONS + (FORM_BUTTONS[:1] if self.offer == Offer.FORM else [])
        return {Offer.FORM: FORM_BUTTONS, Offer.PERSON: PERSON_BUTTONS}.get(self.offer, [])

    @property
    def offer_text(self) -> str:
        if self.ask_worry:
            return ASK_WORRY_FORM_TEXT if self.offer == Offer.FORM else ""
        return {Offer.FORM: FORM_OFFER_TEXT, Offer.PERSON: PERSON_OFFER_TEXT}.get(self.offer, "")


def plan_doubt(
    worry_type: str | None, offers_made: Sequence[str], form_answered: bool
) -> DoubtPlan:
    """What to do with this doubt, given what was already asked and offered."""
    if worry_type not in WORRY_LABELS and ASKED_WORRY not in offers_made:
        if Offer.FORM.value in offers_made or form_answered:
            return DoubtPlan(True, Offer.NONE, ["no worry named: ask for it once"])
        return DoubtPlan(True, Offer.FORM, ["no worry named: ask for it, or work through it"])
    if Offer.FORM.value not in offers_made and not form_answered:
        return DoubtPlan(False, Offer.FORM, ["first doubt: offer to work through it"])
    return DoubtPlan(False, Offer.PERSON, ["form offered or answered already: offer a person"])
