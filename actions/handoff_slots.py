"""The handoff slots, written in one place.

``handoff_needed`` makes the handoff rule fire next (data/rules/handoff.yml);
``handoff_trigger`` and ``handoff_reason`` say why, for the rep and for routing. The rules
branch on ``handoff_needed`` after the actions that may set it, so those actions always set
it, true or false. No action writes or reads these slots except through the helpers here.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet

from actions.knowledge import site_names
from bot.config import get_settings
from bot.dialogue.handoff_rules import Trigger, deal_needs_person, deal_reason, reason_for
from bot.dialogue.money import parse_amount
from bot.dialogue.stakes import stakes_in


def handoff_cause(trigger: Trigger, reason: str) -> list[dict[str, Any]]:
    """Why a person is needed (the rule runs ``action_handoff`` next by itself)."""
    return [
        SlotSet("handoff_trigger", trigger.value),
        SlotSet("handoff_reason", reason),
    ]


def handoff_due(trigger: Trigger, reason: str) -> list[dict[str, Any]]:
    """A person is needed: the handoff rule fires next, with this trigger and reason."""
    return [SlotSet("handoff_needed", True), *handoff_cause(trigger, reason)]


def no_handoff_due() -> list[dict[str, Any]]:
    """No person needed after this action."""
    return [SlotSet("handoff_needed", False)]


def handoff_is_due(events: list[dict[str, Any]]) -> bool:
    """Whether these events (from the helpers here) make the handoff rule fire next."""
    return any(e.get("name") == "handoff_needed" and e.get("value") for e in events)


def without_handoff(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """These events with any handoff decision in them replaced by "none due"."""
    return [e for e in events if e.get("name") != "handoff_needed"] + no_handoff_due()


def handoff_done() -> list[dict[str, Any]]:
    """After ``action_handoff``: nothing more is due, and the streak of misses starts again."""
    return [SlotSet("handoff_needed", False), SlotSet("low_confidence_streak", 0.0)]


def handoff_events(trigger: Trigger, detail: str | None) -> list[dict[str, Any]]:
    """A handoff quoting the buyer's last message (e.g. after a second answer we could not give)."""
    quoted = f'last message "{detail}"' if detail else None
    return handoff_due(trigger, reason_for(trigger, quoted))


def deal_size_events(budget: str | None) -> list[dict[str, Any]]:
    """Record the deal size; above ``handoff_deal_size`` a person is due (else not)."""
    deal_size = parse_amount(budget)
    if deal_size is None:
        return no_handoff_due()
    events: list[dict[str, Any]] = [SlotSet("deal_size", deal_size)]
    threshold = get_settings().handoff_deal_size
    if not deal_needs_person(deal_size, threshold):
        return [*events, *no_handoff_due()]
    return [*events, *handoff_due(Trigger.DEAL_SIZE, deal_reason(deal_size, threshold))]


def stakes_handoff(text: str | None, rep_on_the_way: bool) -> list[dict[str, Any]] | None:
    """A person is due when the deal or the buyer's job hangs on this message (see
    ``bot.dialogue.stakes``); None when it does not, or when a rep is already on the way."""
    if not text or rep_on_the_way or stakes_in(text) is None:
        return None  # the common case, without looking up our name
    if stakes_in(text, site_names().product) is None:
        return None  # "…we'll go with <our product>"
    return handoff_due(Trigger.HIGH_STAKES, reason_for(Trigger.HIGH_STAKES, f'"{text}"'))
