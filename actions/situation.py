"""action_note_situation: record what the buyer told us about their situation or criteria."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff_slots import deal_size_events
from actions.tracker_info import latest_intent, latest_text, profile_of
from bot.dialogue.money import budget_in
from bot.dialogue.profile import BuyerProfile

COMPETITORS = ("Northwind", "Pipit", "Ordinal")


class ActionNoteSituation(Action):
    """Acknowledge in one line what we noted; a large stated budget goes to a person."""

    def name(self) -> str:
        return "action_note_situation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        if latest_intent(tracker) == "state_criteria":
            dispatcher.utter_message(
                text=f"Noted: {text} matters most to you. I'll keep that in mind when I answer."
            )
            return [SlotSet("criteria", text), SlotSet("handoff_needed", False)]
        profile = profile_of(tracker)
        events: list[dict[str, Any]] = [SlotSet("situation", _merged(profile.situation, text))]
        budget = profile.budget or budget_in(text)
        if budget and not profile.budget:
            profile = replace(profile, budget=budget)
            events.append(SlotSet("budget", budget))
        dispatcher.utter_message(text=acknowledgement(profile))
        events += deal_size_events(budget)
        return events


def _merged(previous: str | None, text: str) -> str:
    if previous and text and text not in previous:
        return f"{previous}; {text}"
    return previous or text


def acknowledgement(profile: BuyerProfile) -> str:
    """Repeat back the details we picked up, so the buyer can correct us."""
    details = profile.details(spoken=True)
    noted = f"Thanks, noted: {', '.join(details)}." if details else "Thanks, noted."
    tool = profile.current_tool or ""
    if tool in COMPETITORS:
        return (
            f"{noted} I can compare Tessellate with {tool} honestly, including where "
            f"{tool} is the better choice. Just ask."
        )
    return f"{noted} What would you like to know?"
