"""action_answer: answer a product, comparison or pricing question from the content."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answering import answer_events, answer_question, current_waiting
from actions.handoff_slots import handoff_events, no_handoff_due, stakes_handoff
from actions.tracker_info import latest_text
from actions.waiting import reply_to_special
from bot.config import get_settings
from bot.dialogue.answer import Answer
from bot.dialogue.handoff_rules import Trigger, misses_need_person, next_streak
from bot.dialogue.waiting import while_waiting_prefix
from bot.gaps.record import record_for

OFFER_PERSON_BUTTONS = [
    {"title": "Yes, bring in a person", "payload": "/ask_for_human"},
    {"title": "No, thanks", "payload": "/deny"},
]


class ActionAnswer(Action):
    """Answer from knowledge with the page cited, or say plainly that we don't know."""

    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        question = latest_text(tracker)
        special = reply_to_special(dispatcher, tracker, question)
        if special is not None:
            return special
        return respond_with_answer(dispatcher, tracker, question)


def respond_with_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    question: str,
    lead: str = "",
    *,
    allow_handoff: bool = True,
    strict: bool = False,
) -> list[dict[str, Any]]:
    """Answer ``question`` (with an optional lead-in clause) and set the streak and handoff
    slots the rules branch on; a second miss in a row, or high stakes in the question ("…or
    we walk"), brings in a person."""
    streak = int(tracker.get_slot("low_confidence_streak") or 0)
    answered = answer_question(tracker, question, first_miss=streak == 0, strict=strict)
    answer = answered.answer
    events = answer_events(tracker, answered.question, answer)
    rep_on_the_way = current_waiting(tracker) is not None
    stakes = stakes_handoff(question, rep_on_the_way) if allow_handoff else None
    if answer.confident:
        say_answer(dispatcher, tracker, answer, lead)
        return [*events, SlotSet("low_confidence_streak", 0.0), *(stakes or no_handoff_due())]
    streak = next_streak(streak, understood=False)
    events.append(SlotSet("low_confidence_streak", float(streak)))
    record = answer_custom(answer)
    if stakes:
        dispatcher.utter_message(text=f"{lead}{answer.text}", json_message=record)
        return [*events, *stakes]
    if allow_handoff and misses_need_person(streak) and not rep_on_the_way:
        dispatcher.utter_message(text=f"{lead}{answer.text}", json_message=record)
        return [*events, *handoff_events(Trigger.REPEATED_MISUNDERSTANDING, question)]
    dispatcher.utter_message(
        text=f"{lead}{answer.text}", buttons=OFFER_PERSON_BUTTONS, json_message=record
    )
    return [*events, *no_handoff_due()]


def say_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    answer: Answer,
    lead: str = "",
    buttons: list[dict[str, str]] | None = None,
) -> None:
    """Send a confident answer with its sources (as the assistant, if a rep is on the way)."""
    prefix = while_waiting_prefix(current_waiting(tracker))
    dispatcher.utter_message(
        text=f"{prefix}{lead}{answer.text}",
        json_message={"sources": answer.sources, **answer_custom(answer)},
        buttons=buttons or [],
    )


def answer_custom(answer: Answer) -> dict[str, Any]:
    """The answer record for the reply's ``custom`` payload: the gateway stores it with the
    reply, and ``bot kb gaps`` reads declined, weak and partial answers back from there."""
    return record_for(answer, get_settings().gap_weak_margin).to_custom()
