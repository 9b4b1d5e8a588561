"""action_note_situation: record what the buyer told us about their situation or criteria."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import respond_with_answer, say_answer
from actions.answering import answer_events, answer_question
from actions.doubt import address_worry, tells_the_worry
from actions.handing_over import STAKES_LEAD, hand_over_with_answer, stakes_due
from actions.handoff_slots import deal_size_events, handoff_due, handoff_is_due
from actions.knowledge import site_names
from actions.tracker_info import latest_intent, latest_text, profile_of
from actions.waiting import reply_to_special
from bot.dialogue.handoff_rules import Trigger, reason_for
from bot.dialogue.money import budget_in
from bot.dialogue.profile import BuyerProfile
from bot.dialogue.reading import read_message, what_matters
from bot.dialogue.statements import statements_in


class ActionNoteSituation(Action):
    """Record the situation or criteria; act first on any question or request for a person
    in the same message, with the details acknowledged in one short clause."""

    def name(self) -> str:
        return "action_note_situation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        special = reply_to_special(dispatcher, tracker, text)
        if special is not None:
            return special
        reading = read_message(text, tracker.latest_message.get("intent_ranking") or [])
        if tells_the_worry(tracker, text) and not reading.has_question:
            return address_worry(dispatcher, tracker, text)
        profile = profile_of(tracker)
        criteria = latest_intent(tracker) == "state_criteria"
        if criteria and reading.has_question:
            # "is SSO on Business? and EU hosting" is a question first: noting the whole
            # message as what matters most would put a question in the rep's summary.
            return respond_with_answer(dispatcher, tracker, text)
        if criteria:
            events: list[dict[str, Any]] = [SlotSet("criteria", text)]
            noted = f"Noted: {what_matters(text)} matters most to you."
        else:
            said = _merged(profile.situation, statements_in(text))
            events = [SlotSet("situation", said)] if said != profile.situation else []
            budget = profile.budget or budget_in(text)
            if budget and not profile.budget:
                profile = replace(profile, budget=budget)
                events.append(SlotSet("budget", budget))
            details = profile.details(spoken=True)
            noted = f"Noted: {', '.join(details)}." if details else ""
        if reading.wants_person:
            dispatcher.utter_message(text=noted or "Of course.")
            reason = reason_for(Trigger.ASKED_FOR_PERSON, f'"{text}"')
            return [*events, *handoff_due(Trigger.ASKED_FOR_PERSON, reason)]
        stakes = None if reading.has_question else stakes_due(tracker, text)
        if stakes:
            lead = f"{noted} {STAKES_LEAD}" if noted else STAKES_LEAD
            return [*events, *hand_over_with_answer(dispatcher, tracker, text, stakes, lead)]
        deal = deal_size_events(profile.budget)
        if handoff_is_due(deal):
            dispatcher.utter_message(text=noted or "Thanks.")
            return [*events, *deal]
        lead = f"{noted} " if noted else ""
        if reading.has_question:
            return [*events, *deal, *respond_with_answer(dispatcher, tracker, text, lead)]
        answered = answer_question(tracker, text, strict=True)
        if answered.answer.confident:
            # A stated need ("we need SOC 2 before anything") gets what the pages say on it.
            say_answer(dispatcher, tracker, answered.answer, f"{lead}On that, our pages say:\n")
            return [*events, *deal, *answer_events(tracker, answered.question, answered.answer)]
        if criteria:
            dispatcher.utter_message(text=f"{noted} I'll keep that in mind when I answer.")
        else:
            dispatcher.utter_message(text=acknowledgement(profile))
        return [*events, *deal]


def _merged(previous: str | None, said: str | None) -> str | None:
    """The situation so far with what this message says about the buyer (its statements
    only: a question in it is answered and listed, never recorded as their situation)."""
    if previous and said and said.lower() not in previous.lower():
        return f"{previous}; {said}"
    return previous or said


def acknowledgement(profile: BuyerProfile) -> str:
    """Repeat back the details we picked up, so the buyer can correct us."""
    details = profile.details(spoken=True)
    noted = f"Thanks, noted: {', '.join(details)}." if details else "Thanks, noted."
    offer = site_names().comparison_offer(profile.current_tool or "")
    return f"{noted} {offer or 'What would you like to know?'}"
