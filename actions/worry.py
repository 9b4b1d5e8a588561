"""action_address_worry: the buyer is unsure; meet the worry, then offer the next step."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import say_answer
from actions.answering import answer_events, answer_question, clear_answer
from actions.handoff_slots import handoff_due, no_handoff_due
from actions.tracker_info import (
    appended,
    latest_entity,
    latest_text,
    profile_of,
    slot_before_latest_message,
)
from actions.waiting import reply_to_special
from bot.dialogue.doubt import ASK_WORRY_TEXT, ASKED_WORRY, Offer, plan_doubt
from bot.dialogue.handoff_rules import Trigger, reason_for
from bot.dialogue.reading import read_message
from bot.dialogue.worries import classify_worry, worry_label, worry_query

STILL_UNSURE = (
    "I understand, {label} is still weighing on you, and what our pages say may not settle it."
)
MIN_WORDS_TO_SEARCH_AS_SAID = 5  # shorter doubts ("pricey...") are searched by their worry


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
        if read_message(text).wants_person:
            dispatcher.utter_message(text="Of course.")
            reason = reason_for(Trigger.ASKED_FOR_PERSON, f'"{text}"')
            return [
                SlotSet("offer", Offer.NONE.value),
                *handoff_due(Trigger.ASKED_FOR_PERSON, reason),
            ]
        known = slot_before_latest_message(tracker, "worry_type")
        # "still on the fence" names no worry: it is the one they gave before, still there.
        worry_type = classify_worry(text, latest_entity(tracker, "worry")) or known
        offers = list(tracker.get_slot("offers_made") or [])
        plan = plan_doubt(worry_type, offers, form_answered=_form_answered(tracker))
        if plan.ask_worry:
            answered = clear_answer(tracker, text)
            if answered is not None:
                # "and if you miss it?", "what happens if nobody ends up using it?": a doubt
                # put as a question the pages answer gets that answer, not "what worries you?"
                say_answer(dispatcher, tracker, answered.answer)
                return [
                    *answer_events(tracker, answered.question, answered.answer),
                    *no_handoff_due(),
                ]
            text = f"{ASK_WORRY_TEXT} {plan.offer_text}".strip()
            dispatcher.utter_message(text=text, buttons=plan.buttons)
            return _offered(tracker, [ASKED_WORRY, plan.offer.value], plan.offer)
        label = worry_label(worry_type) or "that"
        if known == worry_type and plan.offer == Offer.PERSON:
            # The pages were quoted on this worry already; quoting them again is a loop.
            dispatcher.utter_message(
                text=f"{STILL_UNSURE.format(label=label)}\n{plan.offer_text}", buttons=plan.buttons
            )
            return _offered(tracker, [plan.offer.value], plan.offer)
        intro = f"That's a fair worry: {label}."
        answered = answer_question(tracker, worry_query(worry_type, None))
        if len(text.split()) >= MIN_WORDS_TO_SEARCH_AS_SAID:
            # The buyer's own words first ("will switching break our reporting?"); the
            # worry's standard topics when those find nothing.
            as_said = answer_question(tracker, text)
            if as_said.answer.confident or not answered.answer.confident:
                answered = as_said
        events: list[dict[str, Any]] = [
            SlotSet("worry_type", worry_type),
            SlotSet("main_worry", text or label),
        ]
        if answered.answer.confident:
            events += answer_events(tracker, answered.question, answered.answer)
            body = f"{intro} Here's what our pages say.\n{answered.answer.text}"
            sources = answered.answer.sources
        else:
            body, sources = f"{intro} Our pages don't cover it directly.", []
        dispatcher.utter_message(
            text=f"{body}\n{plan.offer_text}",
            buttons=plan.buttons,
            json_message={"sources": sources} if sources else None,
        )
        return [*events, *_offered(tracker, [plan.offer.value], plan.offer)]


def _form_answered(tracker: Tracker) -> bool:
    profile = profile_of(tracker)
    return any((profile.criteria, profile.main_worry)) or tracker.get_slot("situation") is not None


def _offered(tracker: Tracker, what: list[str], offer: Offer) -> list[dict[str, Any]]:
    return [
        SlotSet("offers_made", appended(tracker, "offers_made", [w for w in what if w != "none"])),
        SlotSet("offer", offer.value),
        SlotSet("handoff_needed", False),
    ]
