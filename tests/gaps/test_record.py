"""The answer record's statuses, from real composed answers' evidence."""

from __future__ import annotations

from bot.dialogue.answer import Answer, Evidence
from bot.gaps.record import RECORD_KEY, AnswerStatus, read_record, record_for

PAGE = {"title": "Pricing", "url": None, "path": "buying/pricing.md", "heading": "Plans"}


def test_an_answer_just_over_the_bar_is_weak_and_one_well_over_is_answered() -> None:
    near = Answer("Yes. ...", [PAGE], evidence=Evidence("buying/pricing.md", "Plans", 0.8, 0.75))
    clear = Answer("Yes. ...", [PAGE], evidence=Evidence("buying/pricing.md", "Plans", 1.2, 0.75))
    assert record_for(near, weak_margin=0.1).status == AnswerStatus.WEAK
    assert record_for(clear, weak_margin=0.1).status == AnswerStatus.ANSWERED
    assert record_for(clear, weak_margin=0.1).open_questions == []


def test_a_decline_keeps_the_nearest_section_and_a_negative_margin() -> None:
    declined = Answer(
        "I don't know.",
        confident=False,
        unanswered=["who are your investors?"],
        evidence=Evidence("product/overview.md", "Company", 0.5, 0.75),
    )
    record = record_for(declined, weak_margin=0.1)
    assert record.status == AnswerStatus.DECLINED
    assert record.path == "product/overview.md" and record.margin == -0.25
    assert record.open_questions == ["who are your investors?"]


def test_two_questions_one_unanswered_is_partial() -> None:
    partial = Answer(
        "On ...",
        [PAGE],
        unanswered=["do you have a VPAT?"],
        evidence=Evidence("buying/pricing.md", "Plans", 1.1, 0.75),
    )
    assert record_for(partial, weak_margin=0.1).status == AnswerStatus.PARTIAL


def test_the_record_survives_the_trip_through_a_stored_payload() -> None:
    record = record_for(Answer("x", confident=False, unanswered=["q"]), weak_margin=0.1)
    stored = {"custom": {"sources": [], **record.to_custom()}}
    assert read_record(stored) == record
    assert read_record({}) is None
    assert read_record({"custom": {RECORD_KEY: {"status": "no-such-status"}}}) is None
