"""When a person must step in, and how we say why.

Each trigger has a stable id (stored on the handoff, used for routing) and a plain reason a
rep can read at a glance.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.dialogue.money import format_amount

MISSES_BEFORE_HANDOFF = 2


class Trigger(StrEnum):
    """Why the conversation goes to a person."""

    ASKED_FOR_PERSON = "asked_for_person"
    PRICING_NEGOTIATION = "pricing_negotiation"
    CONTRACT_TERMS = "contract_terms"
    REPEATED_MISUNDERSTANDING = "repeated_misunderstanding"
    DEAL_SIZE = "deal_size"
    UNSURE_AFTER_SUMMARY = "unsure_after_summary"
    HIGH_STAKES = "high_stakes"


_REASONS: dict[Trigger, str] = {
    Trigger.ASKED_FOR_PERSON: "The buyer asked to talk to a person",
    Trigger.PRICING_NEGOTIATION: "The buyer wants to negotiate the price or a discount",
    Trigger.CONTRACT_TERMS: "The buyer asked for custom contract terms",
    Trigger.REPEATED_MISUNDERSTANDING: "The assistant could not answer twice in a row",
    Trigger.DEAL_SIZE: "The deal is above the size the assistant handles alone",
    Trigger.UNSURE_AFTER_SUMMARY: "The buyer is still unsure after the decision summary",
    Trigger.HIGH_STAKES: "The deal or the buyer's own standing is at stake",
}

_INTENT_TRIGGERS: dict[str, Trigger] = {
    "ask_for_human": Trigger.ASKED_FOR_PERSON,
    "ask_discount": Trigger.PRICING_NEGOTIATION,
    "ask_contract_change": Trigger.CONTRACT_TERMS,
}


# Intents that hand over only when the buyer wants something decided, not merely explained:
# "can we pay monthly?" (often read as a discount) is answered from the pricing page, while
# "can you do 20% off?" goes to a person.
NEGOTIATION_INTENTS = frozenset({"ask_discount", "ask_contract_change"})
_NEGOTIATION = re.compile(
    r"\b(?:discount|negotiat\w*|better (?:price|deal|rate|terms)|price match|"
    r"match (?:their|the|a) (?:price|quote|offer)|beat (?:their|the|a|this) (?:price|quote|offer)|"
    r"\d+ ?%|percent off|lower (?:the|your) price|waive\w*|special (?:price|pricing|terms|deal)|"
    r"custom (?:terms|contract|pricing|price|allowance)|"
    r"our (?:own )?(?:paper|contract|template|msa|dpa|terms)|redlin\w*|amend\w*|"
    r"chang\w* (?:the|your|some|a) (?:contract|terms|clause)|"
    r"termination for convenience|lock (?:in )?(?:the |our )?price|price lock|non-?profit|"
    r"start-?up (?:terms|pricing|discount|deal)|multi-?year (?:deal|discount|pricing|price)|"
    r"free months?|money off|any (?:flexibility|wiggle room)|best (?:price|offer|you can do)|"
    r"net ?\d+|(?:longer|extended|different) payment terms)",
    re.IGNORECASE,
)


def asks_to_negotiate(text: str) -> bool:
    """The buyer wants a price or term changed for them, which only a person can decide."""
    return bool(_NEGOTIATION.search(text))


def trigger_for_intent(intent: str | None, summary_given: bool) -> Trigger:
    """The trigger behind a handoff the buyer's own message started.

    Doubt only triggers a handoff after the summary (before it, we offer the form instead);
    anything unexpected defaults to "asked for a person", the safest reading.
    """
    if intent == "express_doubt" and summary_given:
        return Trigger.UNSURE_AFTER_SUMMARY
    return _INTENT_TRIGGERS.get(intent or "", Trigger.ASKED_FOR_PERSON)


def reason_for(trigger: Trigger | str, detail: str | None = None) -> str:
    """A one-line reason for the rep, with the buyer's words or the numbers when we have them."""
    base = _REASONS.get(Trigger(trigger), "Handoff requested")
    return f"{base}: {detail}" if detail else f"{base}."


def next_streak(streak: float | int | None, understood: bool) -> int:
    """Consecutive misses (low-confidence answers or NLU fallbacks); any success resets it."""
    return 0 if understood else int(streak or 0) + 1


def misses_need_person(streak: int) -> bool:
    """Two misses in a row: the buyer is being let down, so a person takes over."""
    return streak >= MISSES_BEFORE_HANDOFF


def deal_needs_person(deal_size: float | None, threshold: float) -> bool:
    """A deal above the configured size goes to a person (none stated: no trigger)."""
    return deal_size is not None and deal_size > threshold


def deal_reason(deal_size: float, threshold: float) -> str:
    """Why a large deal went to a person, with the figures."""
    return reason_for(
        Trigger.DEAL_SIZE,
        f"stated budget {format_amount(deal_size)} is above {format_amount(threshold)}",
    )
