"""Handing over with what the pages say, and the high stakes that call for it.

A person takes some messages whatever they ask ("…or this deal is dead", "can you do 20%
off?"); when the pages clearly say something on the message, the buyer gets that while
waiting, introduced as what the pages say, not as the decision.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import say_answer
from actions.answering import answer_events, answer_question, current_waiting
from actions.handoff_slots import stakes_handoff

BEFORE_HANDOFF_LEAD = "A person from our team decides that. Meanwhile, what our pages say on it:\n"
STAKES_LEAD = (
    "With that much riding on it, a person from our team should take this up with you. "
    "Meanwhile, what our pages say on it:\n"
)


def stakes_due(tracker: Tracker, text: str) -> list[dict[str, Any]] | None:
    """The handoff high stakes in ``text`` call for, unless a rep is already on the way."""
    return stakes_handoff(text, rep_on_the_way=current_waiting(tracker) is not None)


def hand_over_with_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    text: str,
    handoff: list[dict[str, Any]],
    lead: str = BEFORE_HANDOFF_LEAD,
) -> list[dict[str, Any]]:
    """Hand over (``handoff``: the events that make it due), first quoting what the pages say
    on the message, after ``lead``, when they clearly say something: worth having while the
    buyer waits."""
    answered = answer_question(tracker, text, strict=True)
    if not answered.answer.confident:
        return handoff
    say_answer(dispatcher, tracker, answered.answer, lead=lead)
    return [*answer_events(tracker, answered.question, answered.answer), *handoff]
