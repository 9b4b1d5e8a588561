"""action_address_worry: the buyer is unsure; meet the worry, then offer the next step."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.doubt import address_worry
from actions.tracker_info import latest_text
from actions.waiting import reply_to_special
from bot.dialogue.doubt import Offer


class ActionAddressWorry(Action):
    """Acknowledge the doubt, answer the worry from the content, offer one next step; never
    the same offer twice (see ``bot.dialogue.doubt``)."""

    def name(self) -> str:
        return "action_address_worry"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        special = reply_to_special(dispatcher, tracker, text)
        if special is not None:  # "when will they get back to me?" is not a doubt
            return [SlotSet("offer", Offer.NONE.value), *special]
        return address_worry(dispatcher, tracker, text)
