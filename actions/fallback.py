"""action_fallback: the buyer's message was not understood (NLU fallback)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answer_from_knowledge, handoff_events, say_answer
from actions.tracker_info import latest_text
from bot.dialogue.handoff_rules import Trigger, misses_need_person, next_streak

REPHRASE = (
    "Sorry, I didn't get that. Could you put it another way? I can answer questions about "
    "Tessellate, its pricing, and how it compares with Northwind, Pipit or Ordinal."
)
STILL_LOST = "Sorry, I didn't get that either."


class ActionFallback(Action):
    """Answer from the content if it clearly covers the message; else ask to rephrase once,
    and hand over to a person on the second miss in a row.

    NLU misses many real product questions (on 77 labelled buyer questions, 15 fell below
    the NLU threshold), while retrieval finds most of them confidently, so a question NLU did
    not place still gets a cited answer rather than "Sorry, I didn't get that".
    """

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        answer = answer_from_knowledge(tracker, text) if text else None
        if answer is not None and answer.confident:
            return say_answer(dispatcher, tracker, text, answer)
        streak = next_streak(tracker.get_slot("low_confidence_streak"), understood=False)
        events: list[dict[str, Any]] = [SlotSet("low_confidence_streak", float(streak))]
        if misses_need_person(streak):
            dispatcher.utter_message(text=STILL_LOST)
            return [
                *events,
                *handoff_events(Trigger.REPEATED_MISUNDERSTANDING, text),
            ]
        dispatcher.utter_message(text=REPHRASE)
        return [*events, SlotSet("handoff_needed", False)]
