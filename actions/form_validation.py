"""Validation for the decision form: every question can be skipped, none can trap the buyer."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker_info import latest_entity, latest_intent
from bot.dialogue.profile import SKIPPED
from bot.dialogue.worries import classify_worry

MAX_ANSWER_CHARS = 300


class SkippableFormValidation(FormValidationAction, ABC):
    """Shared rules for free-text form answers.

    A skip fills the slot with ``SKIPPED`` so the form moves on (and the summary lists it as
    not given); an empty answer leaves it unset so the question is asked again; long answers
    are trimmed so one ramble doesn't swamp the summary.
    """

    @abstractmethod
    def name(self) -> str:
        """Abstract, so the action server does not register this base class as an action."""

    def free_text(self, slot: str, value: Any, tracker: Tracker) -> dict[str, Any]:
        if latest_intent(tracker) == "skip":
            return {slot: SKIPPED}
        text = " ".join(str(value or "").split())
        if not text or text.endswith("?"):
            return {slot: None}  # nothing said, or a question (answered by the mid-form rules)
        return {slot: text[:MAX_ANSWER_CHARS]}


class ValidateDecisionForm(SkippableFormValidation):
    """Validates ``decision_form``: situation, criteria, main worry."""

    def name(self) -> str:
        return "validate_decision_form"

    def validate_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.free_text("situation", value, tracker)

    def validate_criteria(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.free_text("criteria", value, tracker)

    def validate_main_worry(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        result = self.free_text("main_worry", value, tracker)
        worry = result["main_worry"]
        if worry and worry != SKIPPED:
            worry_type = classify_worry(worry, latest_entity(tracker, "worry"))
            if worry_type:
                result["worry_type"] = worry_type
        return result
