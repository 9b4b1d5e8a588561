"""Meeting a doubt or a worry, from whichever action reached it.

``action_address_worry`` handles what NLU calls doubt; the same steps serve a worry named in
reply to "what worries you most?" (NLU often reads it as a statement of criteria) and a short
"still not sure" that NLU takes for a plain yes. Acknowledge, answer the worry from the
content, offer one next step; never the same offer twice (see ``bot.dialogue.doubt``).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import say_answer
from actions.answering import Answered, answer_events, answer_question, clear_answer
from actions.handing_over import STAKES_LEAD, hand_over_with_answer, stakes_due
from actions.handoff_slots import handoff_due, no_handoff_due
from actions.tracker_info import (
    appended,
    last_bot_text,
    latest_entity,
    profile_of,
    slot_before_latest_message,
)
from bot.dialogue.doubt import (
    ASK_WORRY_TEXT,
    ASKED_WORRY,
    STILL_UNSURE,
    DoubtPlan,
    Offer,
    fair_worry,
    is_doubt_reply,
    names_a_worry,
    plan_doubt,
    worry_words,
)
from bot.dialogue.handoff_rules import Trigger, reason_for
from bot.dialogue.reading import read_message
from bot.dialogue.worries import classify_worry, worry_label, worry_query

MIN_WORDS_TO_SEARCH_AS_SAID = 5  # shorter doubts ("pricey...") are searched by their worry


def address_worry(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[dict[str, Any]]:
    """Meet a doubt or a worry, whichever action NLU's intent led to ("mainly that it turns
    into shelfware", said after we asked what worries them, reads as a statement)."""
    acted = _acted_on_first(dispatcher, tracker, text)
    if acted is not None:
        return [SlotSet("offer", Offer.NONE.value), *acted]
    known = slot_before_latest_message(tracker, "worry_type")
    # "still on the fence" names no worry: it is the one they gave before, still there.
    worry_type = classify_worry(text, latest_entity(tracker, "worry")) or known
    offers = list(tracker.get_slot("offers_made") or [])
    plan = plan_doubt(worry_type, offers, form_answered=_form_answered(tracker))
    if plan.ask_worry:
        return _ask_worry(dispatcher, tracker, plan)
    told_before = known is not None or slot_before_latest_message(tracker, "main_worry")
    same_again = told_before and known == worry_type and not names_a_worry(text)
    if same_again and plan.offer == Offer.PERSON:
        # The pages were quoted on this worry already; quoting them again is a loop.
        label = worry_label(worry_type) or "that"
        dispatcher.utter_message(
            text=f"{STILL_UNSURE.format(label=label)}\n{plan.offer_text}", buttons=plan.buttons
        )
        return _offered(tracker, [plan.offer.value], plan.offer)
    return _answer_worry(dispatcher, tracker, text, worry_type, plan)


def _acted_on_first(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[dict[str, Any]] | None:
    """What comes before the doubt's own steps: a request for a person, high stakes ("if
    this goes sideways it's my head on the block"), or a question the pages answer ("if we
    did switch, what would carry over?") gets that, not the doubt's script."""
    if read_message(text).wants_person:
        dispatcher.utter_message(text="Of course.")
        reason = reason_for(Trigger.ASKED_FOR_PERSON, f'"{text}"')
        return handoff_due(Trigger.ASKED_FOR_PERSON, reason)
    stakes = stakes_due(tracker, text)
    if stakes:
        return hand_over_with_answer(dispatcher, tracker, text, stakes, STAKES_LEAD)
    answered = clear_answer(tracker, text)
    if answered is None:
        return None
    say_answer(dispatcher, tracker, answered.answer)
    return [*answer_events(tracker, answered.question, answered.answer), *no_handoff_due()]


def _answer_worry(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    text: str,
    worry_type: str | None,
    plan: DoubtPlan,
) -> list[dict[str, Any]]:
    """Acknowledge the worry, quote what the pages say on it, offer the next step."""
    label = worry_label(worry_type)
    answered = _answer_for_worry(tracker, text, worry_type)
    events: list[dict[str, Any]] = [
        SlotSet("worry_type", worry_type),
        SlotSet("main_worry", text or label or "that"),
    ]
    if answered.answer.confident:
        events += answer_events(tracker, answered.question, answered.answer)
        body = f"{fair_worry(label)} Here's what our pages say.\n{answered.answer.text}"
        sources = answered.answer.sources
    else:
        body, sources = f"{fair_worry(label)} Our pages don't cover it directly.", []
    dispatcher.utter_message(
        text=f"{body}\n{plan.offer_text}",
        buttons=plan.buttons,
        json_message={"sources": sources} if sources else None,
    )
    return [*events, *_offered(tracker, [plan.offer.value], plan.offer)]


def tells_the_worry(tracker: Tracker, text: str) -> bool:
    """Whether this message tells the worry behind a doubt, however NLU reads it: a reply to
    "what worries you most?", or "mainly that…" after any reply to a doubt."""
    before = last_bot_text(tracker)
    return (before or "").startswith(ASK_WORRY_TEXT) or (
        is_doubt_reply(before) and names_a_worry(text)
    )


def _ask_worry(
    dispatcher: CollectingDispatcher, tracker: Tracker, plan: DoubtPlan
) -> list[dict[str, Any]]:
    dispatcher.utter_message(
        text=f"{ASK_WORRY_TEXT} {plan.offer_text}".strip(), buttons=plan.buttons
    )
    return _offered(tracker, [ASKED_WORRY, plan.offer.value], plan.offer)


def _answer_for_worry(tracker: Tracker, text: str, worry_type: str | None) -> Answered:
    """The buyer's own words first ("will switching break our reporting?"); the worry's
    standard topics when those find nothing, or when the words are too few to search."""
    answered = answer_question(tracker, worry_query(worry_type, None))
    said = worry_words(text)
    if len(said.split()) >= MIN_WORDS_TO_SEARCH_AS_SAID:
        as_said = answer_question(tracker, said)
        if as_said.answer.confident or not answered.answer.confident:
            return as_said
    return answered


def _form_answered(tracker: Tracker) -> bool:
    profile = profile_of(tracker)
    return any((profile.criteria, profile.main_worry)) or tracker.get_slot("situation") is not None


def _offered(tracker: Tracker, what: list[str], offer: Offer) -> list[dict[str, Any]]:
    return [
        SlotSet("offers_made", appended(tracker, "offers_made", [w for w in what if w != "none"])),
        SlotSet("offer", offer.value),
        SlotSet("handoff_needed", False),
    ]
