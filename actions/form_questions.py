"""The decision form's questions, each with a Skip button so no question traps the buyer.

Rasa calls ``action_ask_<slot>`` for the requested slot of a form when such an action exists.
Custom actions (rather than ``utter_ask_*`` responses) let us add what the buyer already told
us, so we don't ask for it twice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_info import profile_of

SKIP_BUTTON = {"title": "Skip", "payload": "/skip"}
STOP_BUTTON = {"title": "Stop these questions", "payload": "/deny"}


class AskFormQuestion(Action, ABC):
    """Ask one form question with Skip and Stop buttons."""

    @abstractmethod
    def question(self, tracker: Tracker) -> str:
        """The question text for this buyer."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=self.question(tracker), buttons=[SKIP_BUTTON, STOP_BUTTON])
        return []


class AskSituation(AskFormQuestion):
    def name(self) -> str:
        return "action_ask_situation"

    def question(self, tracker: Tracker) -> str:
        known = profile_of(tracker).situation_line()
        if known:
            return f"First, your situation. I have: {known}. Anything to add?"
        return (
            "First, your situation: how big is the team, what do you use today, and when do you "
            "need to decide?"
        )


class AskCriteria(AskFormQuestion):
    def name(self) -> str:
        return "action_ask_criteria"

    def question(self, tracker: Tracker) -> str:
        return (
            "What are the two or three things that matter most in this decision? For example "
            "price, ease of setup, data in your warehouse, security."
        )


class AskMainWorry(AskFormQuestion):
    def name(self) -> str:
        return "action_ask_main_worry"

    def question(self, tracker: Tracker) -> str:
        return "And what worries you most about choosing Tessellate?"
