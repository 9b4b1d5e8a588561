"""action_validate_slot_mappings: keep only the details we can trust, and find the ones NLU
missed.

Rasa runs this after extracting slots from every message. A value that does not look like what
it claims ("SOC 2" as a team size) is dropped; a detail stated plainly that the tagger missed
("a team of 12") is filled from the words. The rules are ``bot.dialogue.entities``;
``bench/entity_bench.py`` measures them.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker, ValidationAction
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker_info import latest_text
from bot.dialogue.entities import trusted_details

DETAILS = ("team_size", "budget", "timeline", "current_tool")


def _details(tracker: Tracker) -> dict[str, str | None]:
    # a competitor named as the tool in use ("we're on Ordinal") is their current tool
    extracted = {
        name: next(tracker.get_latest_entity_values(name), None)
        for name in (*DETAILS, "competitor")
    }
    return trusted_details(extracted, latest_text(tracker))


class ValidateSlotMappings(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        events = await super().run(dispatcher, tracker, domain)
        already = {e.get("name") for e in events if e.get("event") == "slot"}
        for name, value in _details(tracker).items():
            if name not in already and value is not None and tracker.get_slot(name) != value:
                events.append(SlotSet(name, value))
        return events

    def validate_team_size(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"team_size": _details(tracker)["team_size"]}

    def validate_timeline(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"timeline": _details(tracker)["timeline"]}

    def validate_budget(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"budget": _details(tracker)["budget"]}

    def validate_current_tool(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"current_tool": _details(tracker)["current_tool"]}
