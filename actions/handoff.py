"""Handing the conversation to a person.

``action_trigger_handoff`` works out why (from the buyer's message); ``action_handoff`` does
it through ``bot.handoff.request_handoff`` (routing, the handoff record, notifying the rep).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import OFFER_PERSON_BUTTONS, say_answer
from actions.answering import answer_events, answer_question
from actions.handing_over import hand_over_with_answer
from actions.handoff_slots import handoff_done, handoff_due, no_handoff_due
from actions.knowledge import site_names
from actions.summary import decision_summary
from actions.tracker_info import latest_intent, latest_text
from bot.dialogue.handoff_rules import (
    NEGOTIATION_INTENTS,
    Trigger,
    asks_to_negotiate,
    reason_for,
    trigger_for_intent,
)
from bot.dialogue.stakes import stakes_in
from bot.handoff import request_handoff

log = logging.getLogger(__name__)

# When the handoff could not be recorded nobody has been told, so we must not say a person is
# coming. An email left here is kept in the conversation's log, which a rep sees in full once
# a handoff does go through.
NOT_PASSED_ON_TEXT = (
    "I'm sorry: I couldn't pass your request on to our team just now, so nobody has been "
    "told yet. Please try again in a few minutes by asking for a person. You can also leave "
    "your email address here; whoever takes this conversation will see it and can reply by "
    "email."
)


class ActionTriggerHandoff(Action):
    """Decide whether the buyer's message needs a person, and why.

    A discount or contract-change message that only asks how something works ("can we pay
    monthly?") is answered from the content with a person offered; a request to negotiate,
    or a question the content cannot answer, goes to a person.
    """

    def name(self) -> str:
        return "action_trigger_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = latest_intent(tracker)
        text = latest_text(tracker)
        stakes = stakes_in(text, site_names().product)
        wants_decision = asks_to_negotiate(text) or stakes is not None
        if intent in NEGOTIATION_INTENTS and text and not wants_decision:
            answered = answer_question(tracker, text)
            if answered.answer.confident:
                say_answer(dispatcher, tracker, answered.answer, buttons=OFFER_PERSON_BUTTONS)
                return [
                    *answer_events(tracker, answered.question, answered.answer),
                    *no_handoff_due(),
                ]
        summary_given = bool(tracker.get_slot("summary_given"))
        trigger = trigger_for_intent(intent, summary_given)
        handoff = handoff_due(trigger, reason_for(trigger, f'"{text}"' if text else None))
        if intent in NEGOTIATION_INTENTS and text:
            # "we need your DPA on our own template": a person decides the change, but what
            # the pages say about it is worth having while the buyer waits.
            return hand_over_with_answer(dispatcher, tracker, text, handoff)
        return handoff


class ActionHandoff(Action):
    """Hand over with the decision summary; the rep sees the whole conversation."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        trigger = _trigger(tracker.get_slot("handoff_trigger"))
        reason = tracker.get_slot("handoff_reason") or reason_for(trigger)
        summary = decision_summary(tracker)
        try:
            reply = request_handoff(
                conversation_id=tracker.sender_id,
                trigger=trigger,
                reason=reason,
                summary=summary.to_json(),
            )
        except Exception:
            # No handoff exists: say so honestly rather than promise a person.
            log.exception("handoff: request_handoff failed for %s", tracker.sender_id)
            dispatcher.utter_message(text=NOT_PASSED_ON_TEXT)
        else:
            dispatcher.utter_message(
                text=reply["text"], json_message=reply.get("json_message") or None
            )
        return handoff_done()


def _trigger(value: Any) -> Trigger:
    """The trigger from the slot; anything unexpected reads as "asked for a person"."""
    try:
        return Trigger(value)
    except ValueError:
        return Trigger.ASKED_FOR_PERSON
