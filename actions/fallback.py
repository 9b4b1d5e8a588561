"""action_fallback: the buyer's message was not understood (NLU fallback)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import respond_with_answer, say_answer
from actions.answering import answer_events, answer_question, current_waiting
from actions.handing_over import STAKES_LEAD, hand_over_with_answer, stakes_due
from actions.handoff_slots import handoff_events, no_handoff_due
from actions.knowledge import site_names
from actions.tracker_info import latest_text
from actions.waiting import reply_to_special
from bot.dialogue.handoff_rules import Trigger, misses_need_person, next_streak
from bot.dialogue.question import is_follow_up
from bot.dialogue.reading import about_the_vendor, read_message
from bot.gaps.record import fallback_record

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
        special = reply_to_special(dispatcher, tracker, text)
        if special is not None:
            return special
        reading = read_message(text)
        stakes = None if reading.has_question else stakes_due(tracker, text)
        if stakes:
            return hand_over_with_answer(dispatcher, tracker, text, stakes, STAKES_LEAD)
        asked_before = bool(tracker.get_slot("questions_asked"))
        if (
            text
            and reading.has_question
            and (about_the_vendor(text, site_names().all) or (asked_before and is_follow_up(text)))
        ):
            # Understood, just perhaps not covered: answer or say plainly we don't know.
            return respond_with_answer(dispatcher, tracker, text)
        answered = answer_question(tracker, text) if text else None
        if answered is not None and answered.answer.confident:
            say_answer(dispatcher, tracker, answered.answer)
            return [
                *answer_events(tracker, answered.question, answered.answer),
                SlotSet("low_confidence_streak", 0.0),
                *no_handoff_due(),
            ]
        streak = next_streak(tracker.get_slot("low_confidence_streak"), understood=False)
        events: list[dict[str, Any]] = [SlotSet("low_confidence_streak", float(streak))]
        if misses_need_person(streak) and current_waiting(tracker) is None:
            dispatcher.utter_message(text=STILL_LOST, json_message=fallback_record().to_custom())
            return [*events, *handoff_events(Trigger.REPEATED_MISUNDERSTANDING, text)]
        rephrase = site_names().rephrase_request()
        dispatcher.utter_message(
            text=STILL_LOST if streak > 1 else rephrase, json_message=fallback_record().to_custom()
        )
        return [*events, *no_handoff_due()]
