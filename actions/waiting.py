"""Replies that do not depend on what NLU made of the message: an email address left for the
rep, "when will they get back to me?", and a message in another language.

NLU learned these badly (cross-validated F1 0.40 for "gave an email", 0.69 for "asks when
they'll reply", 0.57 for "another language" as intents), while plain rules read them reliably,
so every action that answers a buyer's message checks them first (``reply_to_special``).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answering import current_waiting
from actions.handoff_slots import no_handoff_due
from bot.dialogue.language import foreign_language
from bot.dialogue.waiting import asks_when_reply, checked_email, email_reply, eta_reply

OFFER_BUTTONS = [{"title": "Yes, bring in a person", "payload": "/ask_for_human"}]
LANGUAGE_BUTTONS = [{"title": "Bring in a person", "payload": "/ask_for_human"}]


def reply_to_special(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[dict[str, Any]] | None:
    """The events of a reply to an email, a "when will they reply" or another language, or
    None when the message is none of those (the caller answers it as usual)."""
    if not text:
        return None
    address, problem = checked_email(text)
    if address is not None or problem is not None:
        waiting = current_waiting(tracker)
        buttons = OFFER_BUTTONS if waiting is None else []
        dispatcher.utter_message(text=email_reply(text, waiting), buttons=buttons)
        return no_handoff_due()
    if asks_when_reply(text):
        waiting = current_waiting(tracker)
        buttons = OFFER_BUTTONS if waiting is None else []
        dispatcher.utter_message(text=eta_reply(waiting), buttons=buttons)
        return no_handoff_due()
    language = foreign_language(text)
    if language:
        dispatcher.utter_message(
            text=(
                f"It looks like you wrote in {language}. I'm sorry: I can only answer in English, "
                "and our pages are in English. Could you ask again in English? Or I can bring in "
                "a person from our team."
            ),
            buttons=LANGUAGE_BUTTONS,
        )
        return no_handoff_due()
    return None
