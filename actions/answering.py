"""Answering a question from the content for any action: one path, so an answer after a
situation, a worry, a fallback or while waiting for a rep is chosen and cited the same way."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from sqlalchemy.exc import SQLAlchemyError

from actions.knowledge import get_knowledge_base
from actions.tracker_info import (
    appended,
    last_bot_text,
    latest_entity,
    latest_intent,
    profile_of,
)
from bot.answering import answer_context, policy_from
from bot.config import get_settings
from bot.dialogue.answer import Answer, compose_answer, not_quoted_again
from bot.dialogue.chat_speak import written_out
from bot.dialogue.follow_up import FollowUp, answer_follow_up
from bot.dialogue.question import is_follow_up, split_questions, swap_name
from bot.dialogue.reading import read_message
from bot.handoff.waiting import WaitingStatus, waiting_status

log = logging.getLogger(__name__)
# Page tags a question is about, by intent: "would the Business plan fit our budget?" is a
# pricing question first, whichever page also mentions the Business plan.
INTENT_TOPICS = {"ask_pricing": frozenset({"pricing"}), "ask_discount": frozenset({"pricing"})}
TOPIC_MIN = 0.2  # an intent this likely in the ranking lends its topic
STRICT_MARGIN = 0.2  # how much higher a statement's answer must score than a question's


@dataclass(frozen=True)
class Answered:
    answer: Answer
    question: str  # as searched (a follow-up resolved against the previous question)


def answer_question(
    tracker: Tracker, text: str, *, first_miss: bool = True, strict: bool = False
) -> Answered:
    """Answer ``text`` for this buyer: their competitor, tool and earlier questions count.

    A follow-up that only names another competitor or plan ("and on the Free plan?") asks the
    previous question about it; any other follow-up ("and before go-live?") prefers the
    previous answer's page, and is searched together with the previous question only if
    alone it finds nothing. ``strict`` raises the bar (for a statement that holds no
    question, answered only when clearly on point).
    """
    kb = get_knowledge_base()
    settings = get_settings()
    names = sorted({c for d in kb.documents() for c in d.competitors})
    previous = list(tracker.get_slot("questions_asked") or [])
    other_competitor = swap_name(text, previous, names)
    swapped = other_competitor or swap_name(text, previous, kb.site.plans)
    question = swapped or text
    follow_up = swapped is None and bool(previous) and is_follow_up(text)
    comparison = latest_intent(tracker) == "ask_comparison" or other_competitor is not None
    competitor = current_competitor(tracker, question, names, comparison or follow_up)
    policy = policy_from(settings)
    if strict:
        policy = replace(policy, min_answer_score=policy.min_answer_score + STRICT_MARGIN)
    ctx = answer_context(
        kb,
        settings,
        profile=replace(profile_of(tracker), competitor=tracker.get_slot("competitor")),
        competitor=competitor,
        shown=tracker.get_slot("sources_shown") or [],
        policy=policy,
        previous_page=_last_page(tracker) if follow_up else None,
        topics=question_topics(tracker),
    )
    if strict:
        # A statement's unfamiliar words ("our CISO", "in Lisbon") are context, not what it
        # asks about; the higher bar alone decides.
        ctx = replace(ctx, unknown_terms=lambda _: [])
    last_reply = last_bot_text(tracker)
    if follow_up:
        follow = FollowUp(previous[-1], last_reply)
        resolved = answer_follow_up(
            question, ctx, follow, comparison=comparison, first_miss=first_miss
        )
        return Answered(resolved.answer, resolved.question)
    answer = compose_answer(question, ctx, comparison=comparison, first_miss=first_miss)
    return Answered(not_quoted_again(answer, question, last_reply), question)


def searched_texts(message: str) -> list[str]:
    """What ``answer_question`` searches for ``message`` read on its own (no competitor named
    or remembered, not a follow-up): the texts worth embedding before the action runs."""
    return [part.text for part in split_questions(written_out(message.strip()))]


def clear_answer(tracker: Tracker, text: str) -> Answered | None:
    """The answer to a question inside a message NLU read as something else (a doubt, small
    talk), when the pages clearly give one: a follow-up of the previous answer at the usual
    bar, any other question at the raised one (None otherwise: the caller replies as usual)."""
    if not text or not read_message(text).has_question:
        return None
    follow_up = is_follow_up(text) and bool(tracker.get_slot("questions_asked"))
    answered = answer_question(tracker, text, strict=not follow_up)
    return answered if answered.answer.confident else None


def question_topics(tracker: Tracker) -> frozenset[str]:
    """The page tags this message is about, from its intent or a close second in NLU's
    ranking ("we're 80 people, would Business fit our budget?" is a situation *and* pricing)."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    intents = [latest_intent(tracker) or ""] + [
        r.get("name") or "" for r in ranking[:3] if float(r.get("confidence") or 0) >= TOPIC_MIN
    ]
    return frozenset().union(*(INTENT_TOPICS.get(i, frozenset()) for i in intents))


def _last_page(tracker: Tracker) -> str | None:
    return tracker.get_slot("last_answer_page")


def current_competitor(
    tracker: Tracker, question: str, names: list[str], comparison: bool
) -> str | None:
    """The competitor this question is about: one named now (by NLU or in the words), else
    the remembered one for a comparison question ("is it cheaper than them?")."""
    named = latest_entity(tracker, "competitor") or next(
        (n for n in names if n.lower() in question.lower()), None
    )
    return named or (tracker.get_slot("competitor") if comparison else None)


def answer_events(tracker: Tracker, question: str, answer: Answer) -> list[dict[str, Any]]:
    """Remember what was asked, shown and left open (for the summary and the rep)."""
    events = [
        SlotSet("questions_asked", appended(tracker, "questions_asked", [question])),
        SlotSet("sources_shown", appended(tracker, "sources_shown", answer.sources)),
        SlotSet("open_questions", appended(tracker, "open_questions", answer.unanswered)),
    ]
    if answer.sources:
        events.append(SlotSet("last_answer_page", answer.sources[0].get("path")))
    return events


def current_waiting(tracker: Tracker) -> WaitingStatus | None:
    """The open handoff of this conversation, if the buyer is waiting for a person.

    Only context for the reply: if the database cannot be read, the buyer still gets the
    answer (without the "while you wait" note) and the error goes to the log.
    """
    try:
        return waiting_status(tracker.sender_id, get_settings())
    except SQLAlchemyError:
        log.exception("could not read the handoff state of %s", tracker.sender_id)
        return None
