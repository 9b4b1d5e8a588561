"""Reading what the actions need from a Tracker, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker

from bot.dialogue.chat_speak import written_out
from bot.dialogue.profile import BuyerProfile

MAX_REMEMBERED = 20  # cap the list slots so trackers (and handoff records) stay small


def profile_of(tracker: Tracker) -> BuyerProfile:
    """The buyer profile from the tracker's slots."""
    return BuyerProfile.from_slots(tracker.slots)


def latest_text(tracker: Tracker) -> str:
    """The buyer's latest message text ("" for button payloads with no text), with chat
    shorthand written out ("whats", "r u"), so every rule that reads it sees plain words."""
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else written_out(text.strip())


def last_bot_text(tracker: Tracker) -> str | None:
    """What the assistant said last in Rasa's tracker, before the buyer's latest message."""
    return next((e.get("text") for e in reversed(tracker.events) if e.get("event") == "bot"), None)


def latest_intent(tracker: Tracker) -> str | None:
    """The intent NLU gave the buyer's latest message."""
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    """The first value of ``entity`` in the latest message."""
    return next(tracker.get_latest_entity_values(entity), None)


def appended(tracker: Tracker, slot: str, items: Iterable[Any]) -> list[Any]:
    """The list slot's value with ``items`` added (no duplicates, newest kept)."""
    current = list(tracker.get_slot(slot) or [])
    for item in items:
        if item not in current:
            current.append(item)
    return current[-MAX_REMEMBERED:]


def slot_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the buyer's latest message: Rasa fills slots from that
    message's entities before any action runs, so ``get_slot`` already shows the new one."""
    value = None
    last_user = max(
        (i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=None
    )
    for event in tracker.events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
    return value
