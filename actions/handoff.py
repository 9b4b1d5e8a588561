"""Handing the conversation to a person.

``action_trigger_handoff`` works out why (from the buyer's message); ``action_handoff`` does
it. Choosing and notifying the rep lives in ``bot.handoff`` (its own issue); until that module
exists this action still tells the buyer honestly that a person is coming.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.summary import decision_summary
from actions.tracker_info import latest_intent, latest_text
from bot.dialogue.handoff_rules import Trigger, reason_for, trigger_for_intent

log = logging.getLogger(__name__)

FALLBACK_TEXT = "I'm bringing in a person from our team; they will see this conversation so far."


class ActionTriggerHandoff(Action):
    """Record the trigger and reason of a handoff the buyer's own message started."""

    def name(self) -> str:
        return "action_trigger_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        summary_given = bool(tracker.get_slot("summary_given"))
        trigger = trigger_for_intent(latest_intent(tracker), summary_given)
        text = latest_text(tracker)
        return [
            SlotSet("handoff_trigger", trigger.value),
            SlotSet("handoff_reason", reason_for(trigger, f'"{text}"' if text else None)),
        ]


class ActionHandoff(Action):
    """Hand over with the decision summary; the rep sees the whole conversation."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        trigger = tracker.get_slot("handoff_trigger") or Trigger.ASKED_FOR_PERSON.value
        reason = tracker.get_slot("handoff_reason") or reason_for(trigger)
        summary = decision_summary(tracker)
        reply = await _request_handoff(tracker.sender_id, trigger, reason, summary)
        if reply is None:
            dispatcher.utter_message(text=FALLBACK_TEXT)
        else:
            dispatcher.utter_message(
                text=reply.get("text"), json_message=reply.get("json_message") or None
            )
        return [SlotSet("handoff_needed", False), SlotSet("low_confidence_streak", 0.0)]


async def _request_handoff(
    conversation_id: str, trigger: str, reason: str, summary: dict[str, Any]
) -> dict[str, Any] | None:
    """Call ``bot.handoff.request_handoff`` when it exists; None means "use the fallback".

    Any failure there must not leave the buyer without an answer, so it is logged and the
    plain message is sent instead.
    """
    try:
        module = importlib.import_module("bot.handoff")
    except ModuleNotFoundError as exc:
        if exc.name not in ("bot.handoff", "bot"):
            log.exception("handoff: bot.handoff failed to import")
        return None
    request = getattr(module, "request_handoff", None)
    if request is None:
        return None
    try:
        reply = request(
            conversation_id=conversation_id, trigger=trigger, reason=reason, summary=summary
        )
        if inspect.isawaitable(reply):
            reply = await reply
    except Exception:
        log.exception("handoff: request_handoff failed; sending the plain handoff message")
        return None
    return reply if isinstance(reply, dict) and reply.get("text") else None
