"""action_address_worry: the buyer is unsure; meet the worry with what the content says."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import get_knowledge_base
from actions.tracker_info import appended, latest_entity, latest_text, profile_of
from bot.config import get_settings
from bot.dialogue.answer import compose_answer
from bot.dialogue.worries import classify_worry, worry_label, worry_query

NO_WORRY_NAMED = "That's fair. It's a real decision, and there's no rush."


class ActionAddressWorry(Action):
    """Name the worry back, answer it from the content if we can; the form offer follows."""

    def name(self) -> str:
        return "action_address_worry"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        worry_type = classify_worry(text, latest_entity(tracker, "worry"))
        if worry_type is None:
            dispatcher.utter_message(text=NO_WORRY_NAMED)
            return []
        events: list[dict[str, Any]] = [
            SlotSet("worry_type", worry_type),
            SlotSet("main_worry", text or worry_label(worry_type)),
        ]
        kb = get_knowledge_base()
        answer = compose_answer(
            kb.search(worry_query(worry_type, text), k=5),
            kb.caveat_for,
            profile_of(tracker),
            get_settings().min_answer_confidence,
        )
        intro = f"That's a fair worry: {worry_label(worry_type)}."
        if answer.confident:
            dispatcher.utter_message(
                text=f"{intro} Here's what our content says.\n{answer.text}",
                json_message={"sources": answer.sources},
            )
            events.append(
                SlotSet("sources_shown", appended(tracker, "sources_shown", answer.sources))
            )
        else:
            dispatcher.utter_message(text=f"{intro} Our content doesn't cover it directly.")
        return events
