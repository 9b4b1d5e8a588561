"""action_small_talk: greetings, goodbyes, thanks, a plain yes or no, chitchat and off-topic
messages, unless they carry a real question or are in another language ("Ciao, quanto costa…"
is no goodbye).

NLU files many on-topic questions it has not seen under small talk ("who are your
investors?", "how do you stack up against Amplitude?") and takes "ok. and React Native?" for a
plain yes. A question that names us or a competitor, asks about "you" as a company, or follows
up the previous answer is answered from the content or honestly declined; everything else gets
the short canned reply for its intent, unless the pages clearly answer it anyway.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import OFFER_PERSON_BUTTONS, respond_with_answer, say_answer
from actions.answering import answer_events, clear_answer
from actions.doubt import address_worry
from actions.handoff_slots import no_handoff_due, without_handoff
from actions.knowledge import site_names
from actions.tracker_info import last_bot_text, latest_intent, latest_text
from actions.waiting import reply_to_special
from bot.dialogue.doubt import still_unsure
from bot.dialogue.question import is_follow_up
from bot.dialogue.reading import about_the_vendor, read_message

RESPONSES = {
    "chitchat": "utter_chitchat",
    "out_of_scope": "utter_out_of_scope",
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thank": "utter_you_are_welcome",
    "affirm": "utter_how_can_i_help",
    "deny": "utter_anything_else",
}


LOST_AGAIN_TEXT = (
    "Sorry, I still didn't get that. Would you like me to bring in a person from our team?"
)
# Replies that can follow "could you put it another way?" and still say nothing we can use.
_NOT_A_REPHRASING = frozenset({"deny", "chitchat", "out_of_scope"})


def _lost_again(tracker: Tracker) -> bool:
    """We asked the buyer to put it another way, and this message does not."""
    asked_again = (last_bot_text(tracker) or "") == site_names().rephrase_request()
    return asked_again and latest_intent(tracker) in _NOT_A_REPHRASING


class ActionSmallTalk(Action):
    def name(self) -> str:
        return "action_small_talk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        special = reply_to_special(dispatcher, tracker, text)
        if special is not None:
            return special
        reading = read_message(text)
        if still_unsure(text) and not (reading.wants_person or reading.has_question):
            # "yeah. still dont know" is no plain yes.
            return without_handoff(address_worry(dispatcher, tracker, text))
        if _lost_again(tracker) and not reading.has_question:
            # "ugh no. the THING. you know" after "could you put it another way?": a second
            # message we could not place, whatever NLU calls it; a person may help.
            streak = float(tracker.get_slot("low_confidence_streak") or 0) + 1
            dispatcher.utter_message(text=LOST_AGAIN_TEXT, buttons=OFFER_PERSON_BUTTONS)
            return [SlotSet("low_confidence_streak", streak), *no_handoff_due()]
        names = site_names().all
        asked = bool(text) and reading.has_question
        if asked and (about_the_vendor(text, names) or is_follow_up(text)):
            events = respond_with_answer(dispatcher, tracker, text, allow_handoff=False)
            return without_handoff(events)
        answered = clear_answer(tracker, text) if asked else None
        if answered is not None:
            # "what happens on day 15" after a trial answer: NLU calls it off-topic, the
            # pages answer it plainly.
            say_answer(dispatcher, tracker, answered.answer)
            return [*answer_events(tracker, answered.question, answered.answer), *no_handoff_due()]
        dispatcher.utter_message(
            response=RESPONSES.get(latest_intent(tracker) or "", "utter_chitchat")
        )
        return no_handoff_due()
