"""action_validate_slot_mappings: keep only the extracted details we can trust.

Rasa runs this after extracting slots from every message; a value that does not look like
what it claims ("SOC 2" as a team size) is dropped, see ``bot.dialogue.entities``.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker, ValidationAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker_info import latest_text
from bot.dialogue.entities import (
    trusted_budget,
    trusted_team_size,
    trusted_timeline,
    trusted_tool,
)


class ValidateSlotMappings(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    def validate_team_size(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"team_size": trusted_team_size(_text(value), latest_text(tracker))}

    def validate_timeline(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"timeline": trusted_timeline(_text(value))}

    def validate_budget(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"budget": trusted_budget(_text(value))}

    def validate_current_tool(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"current_tool": trusted_tool(_text(value))}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else str(value)
