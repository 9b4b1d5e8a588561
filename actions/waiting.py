"""action_waiting_reply: the buyer left an email address or asks when a person will reply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answering import current_waiting
from actions.tracker_info import latest_intent, latest_text
from bot.dialogue.waiting import checked_email, email_reply, eta_reply

OFFER_BUTTONS = [{"title": "Yes, bring in a person", "payload": "/ask_for_human"}]


class ActionWaitingReply(Action):
    """Confirm a (validated) email address, or give the assigned rep's real availability."""

    def name(self) -> str:
        return "action_waiting_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        waiting = current_waiting(tracker)
        if latest_intent(tracker) == "give_email":
            text = email_reply(latest_text(tracker), waiting)
        else:
            text = eta_reply(waiting)
        dispatcher.utter_message(text=text, buttons=OFFER_BUTTONS if waiting is None else [])
        return []


def reply_to_email(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """If the message holds an email address, confirm it (whatever NLU thought it was)."""
    address, problem = checked_email(text)
    if address is None and problem is None:
        return False
    waiting = current_waiting(tracker)
    dispatcher.utter_message(
        text=email_reply(text, waiting), buttons=OFFER_BUTTONS if waiting is None else []
    )
    return True
