"""Answering a follow-up ("and if you miss it?", "which warehouses does that sync work with?"):
the question leans on the previous one, so the previous answer's page and the previous
question are tried as well as the words alone. Rasa-free: the action passes in what the
tracker holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.dialogue.answer import (
    PREVIOUS_PAGE_REASON,
    Answer,
    AnswerContext,
    compose_answer,
    not_quoted_again,
    only_repeats,
)


@dataclass(frozen=True)
class FollowUp:
    """What a follow-up is read against: the buyer's previous question and our last reply."""

    previous_question: str
    last_reply: str | None


@dataclass(frozen=True)
class Resolved:
    answer: Answer
    question: str  # as searched: the follow-up itself, or read with the previous question


def answer_follow_up(
    text: str,
    ctx: AnswerContext,
    follow_up: FollowUp,
    *,
    comparison: bool = False,
    first_miss: bool = True,
) -> Resolved:
    """The follow-up answered on the previous answer's page (``ctx.previous_page``) if that
    page holds it; else read together with the previous question; and when either only
    finds the quote just sent, read on its own over every page: a repeat answers nothing."""
    answer = compose_answer(text, ctx, comparison=comparison, first_miss=first_miss)
    question = text
    last_reply = follow_up.last_reply
    combined = f"{follow_up.previous_question} {text}"
    if not answer.confident:
        again = compose_answer(combined, ctx, comparison=comparison, split=False)
        if only_repeats(again, last_reply):
            # "and if you miss it?" after the uptime figure: past what that reply quoted.
            fresh = replace(ctx, just_said=last_reply or "")
            again = compose_answer(combined, fresh, comparison=comparison, split=False)
        if again.confident:
            answer, question = again, combined
    if answer.confident and PREVIOUS_PAGE_REASON in answer.reasons:
        # The previous page was only near enough at its lower bar; read whole, over every
        # page, the question may clearly belong elsewhere ("so over 3 yrs, roughly?" after
        # the overage prices is the three-year cost, on another page).
        whole = compose_answer(
            combined, replace(ctx, previous_page=None), comparison=comparison, split=False
        )
        if (
            whole.confident
            and _scores_higher(whole, answer)
            and not only_repeats(whole, last_reply)
        ):
            answer, question = whole, combined
    checked = not_quoted_again(answer, question, last_reply)
    if checked is not answer:
        # "which warehouses does that sync work with?" after a passage that only names the
        # warehouse: the previous page has nothing more, another page may.
        alone = compose_answer(text, replace(ctx, previous_page=None), comparison=comparison)
        if alone.confident and not_quoted_again(alone, text, last_reply) is alone:
            return Resolved(alone, text)
    return Resolved(checked, question)


def _scores_higher(one: Answer, other: Answer) -> bool:
    """Whether ``one`` found a section closer to what was asked than ``other`` did."""
    if one.evidence is None or other.evidence is None:
        return False
    return one.evidence.score > other.evidence.score
