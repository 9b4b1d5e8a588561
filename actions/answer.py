"""action_answer: answer a product, comparison or pricing question from the content."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff_slots import handoff_events  # also imported from here by actions.fallback
from actions.knowledge import get_knowledge_base
from actions.tracker_info import (
    appended,
    latest_entity,
    latest_intent,
    latest_text,
    profile_of,
)
from bot.config import get_settings
from bot.dialogue.answer import Answer, build_query, compose_answer
from bot.dialogue.handoff_rules import Trigger, misses_need_person, next_streak

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
        streak = int(tracker.get_slot("low_confidence_streak") or 0)
        answer = answer_from_knowledge(tracker, question, first_miss=streak == 0)
        streak = next_streak(streak, answer.confident)
        if answer.confident:
            return say_answer(dispatcher, tracker, question, answer)
        events = [
            SlotSet("questions_asked", appended(tracker, "questions_asked", [question])),
            SlotSet("low_confidence_streak", float(streak)),
            SlotSet("open_questions", appended(tracker, "open_questions", [question])),
        ]
        if misses_need_person(streak):
            dispatcher.utter_message(text=answer.text)
            return [*events, *handoff_events(Trigger.REPEATED_MISUNDERSTANDING, question)]
        # Always set: the rules branch on this slot after action_answer (data/rules.yml).
        events.append(SlotSet("handoff_needed", False))
        dispatcher.utter_message(text=answer.text, buttons=OFFER_PERSON_BUTTONS)
        return events


def answer_from_knowledge(tracker: Tracker, question: str, first_miss: bool = True) -> Answer:
    """Search the content for the buyer's latest message and compose the reply."""
    comparison = latest_intent(tracker) == "ask_comparison"
    competitor = current_competitor(tracker, comparison)
    kb = get_knowledge_base()
    hits = kb.search(build_query(question, competitor, comparison), k=5) if question else []
    return compose_answer(
        hits,
        kb.caveat_for,
        replace(profile_of(tracker), competitor=competitor),
        get_settings().min_answer_confidence,
        first_miss=first_miss,
    )


def say_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, question: str, answer: Answer
) -> list[dict[str, Any]]:
    """Send a confident answer with its sources; the events that remember it.

    The question was understood, so the streak of misses ends and no handoff is due.
    """
    dispatcher.utter_message(text=answer.text, json_message={"sources": answer.sources})
    return [
        SlotSet("questions_asked", appended(tracker, "questions_asked", [question])),
        SlotSet("low_confidence_streak", 0.0),
        SlotSet("handoff_needed", False),
        SlotSet("sources_shown", appended(tracker, "sources_shown", answer.sources)),
    ]


def current_competitor(tracker: Tracker, comparison: bool) -> str | None:
    """The competitor this question is about.

    One named in this message counts; the remembered one only for a comparison question
    ("is it cheaper than them?"), so a later pricing question isn't steered to their page.
    """
    named = latest_entity(tracker, "competitor")
    return named or (tracker.get_slot("competitor") if comparison else None)
