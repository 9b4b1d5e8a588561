"""action_other_language: the buyer wrote in another language; say honestly that we answer in
English and offer a person. We do not answer from English pages a question we could only half
read: the embedding model and the pages are English, and a wrong answer is worse than none."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_info import latest_intent, latest_text
from bot.dialogue.language import foreign_language

OFFER_BUTTONS = [
    {"title": "Bring in a person", "payload": "/ask_for_human"},
]


class ActionOtherLanguage(Action):
    def name(self) -> str:
        return "action_other_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        if not foreign_language(text, nlu_says_foreign=latest_intent(tracker) == "other_language"):
            from actions.answer import respond_with_answer  # English after all: answer it

            return respond_with_answer(dispatcher, tracker, text)
        return reply_in_other_language(dispatcher, tracker, text)


def reply_in_other_language(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[dict[str, Any]]:
    language = foreign_language(text, nlu_says_foreign=True) or "another language"
    opening = (
        f"It looks like you wrote in {language}. I'm sorry: I can only answer in English, "
        "and our pages are in English."
    )
    dispatcher.utter_message(
        text=f"{opening} Could you ask again in English? Or I can bring in a person from our team.",
        buttons=OFFER_BUTTONS,
    )
    return [SlotSet("handoff_needed", False)]
