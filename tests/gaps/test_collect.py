"""Which stored buyer questions count as content gaps, and what each one carries (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.db import session_scope
from bot.gaps.collect import HANDOFF, NOT_HELPFUL, collect_gaps
from bot.gaps.record import AnswerStatus
from bot.models import Message
from bot.store import feedback
from tests.gaps.conversations import Log


def gaps_of(url: str, since: datetime | None = None):
    with session_scope(url) as session:
        return {g.text: g for g in collect_gaps(session, since)}


def test_declined_weak_partial_and_fallback_are_gaps_and_clear_answers_are_not(
    database_url: str,
) -> None:
    log = Log(database_url)
    cid = log.conversation()
    log.turn(cid, "How much is Business?", AnswerStatus.ANSWERED, path="buying/pricing.md")
    log.turn(cid, "Who are your investors?", AnswerStatus.DECLINED, path="product/overview.md")
    log.turn(cid, "Is Team ok for 30 seats?", AnswerStatus.WEAK, path="buying/pricing.md")
    log.turn(
        cid,
        "Do you have SSO? And a VPAT?",
        AnswerStatus.PARTIAL,
        path="product/security-compliance.md",
        open_questions=["And a VPAT?"],
    )
    log.turn(cid, "blorp", AnswerStatus.FALLBACK)
    log.turn(cid, "hello", None)  # a reply without a record (small talk): never a gap

    found = gaps_of(database_url)

    assert set(found) == {
        "Who are your investors?",
        "Is Team ok for 30 seats?",
        "And a VPAT?",
        "blorp",
    }
    declined = found["Who are your investors?"]
    assert declined.reasons == {"declined"}
    assert declined.record is not None and declined.record.path == "product/overview.md"
    assert found["And a VPAT?"].reasons == {"partial"}


def test_a_not_helpful_click_makes_an_answered_question_a_gap_with_the_buyers_reason(
    database_url: str,
) -> None:
    log = Log(database_url)
    cid = log.conversation()
    _, reply = log.turn(
        cid, "Can we pay in euros?", AnswerStatus.ANSWERED, path="buying/pricing.md"
    )
    _, liked = log.turn(cid, "How much is Team?", AnswerStatus.ANSWERED, path="buying/pricing.md")
    with session_scope(database_url) as session:
        feedback.record_feedback(
            session, conversation_id=cid, message_id=reply, helpful=False, reason="says USD only"
        )
        feedback.record_feedback(session, conversation_id=cid, message_id=liked, helpful=True)

    found = gaps_of(database_url)

    assert set(found) == {"Can we pay in euros?"}
    assert found["Can we pay in euros?"].reasons == {NOT_HELPFUL}
    assert found["Can we pay in euros?"].feedback_reason == "says USD only"


def test_the_question_before_a_handoff_is_a_gap_with_the_reps_later_reply(
    database_url: str,
) -> None:
    log = Log(database_url)
    cid = log.conversation()
    log.turn(cid, "How much is Business?", AnswerStatus.ANSWERED, path="buying/pricing.md")
    log.turn(cid, "Do you have a HIPAA BAA?", AnswerStatus.DECLINED, path="product/overview.md")
    log.handoff(cid)
    log.rep_says(cid, "Yes, we sign BAAs on Enterprise; I'll send ours.")

    found = gaps_of(database_url)

    assert set(found) == {"Do you have a HIPAA BAA?"}  # the answered question before it is not
    baa = found["Do you have a HIPAA BAA?"]
    assert baa.reasons == {"declined", HANDOFF}
    assert baa.rep_reply == "Yes, we sign BAAs on Enterprise; I'll send ours."
    assert baa.rep_name == "Priya Raman"


def test_since_leaves_out_older_questions(database_url: str) -> None:
    log = Log(database_url)
    cid = log.conversation()
    old, _ = log.turn(cid, "Old question about ISO 9001?", AnswerStatus.DECLINED)
    log.turn(cid, "New question about VPATs?", AnswerStatus.DECLINED)
    long_ago = datetime.now(UTC) - timedelta(days=90)
    with session_scope(database_url) as session:
        for message in session.query(Message).filter(Message.id <= old + 1):
            message.created_at = long_ago

    assert set(gaps_of(database_url, datetime.now(UTC) - timedelta(days=30))) == {
        "New question about VPATs?"
    }
    assert len(gaps_of(database_url)) == 2


def test_feedback_is_one_verdict_per_message_and_only_on_bot_answers(database_url: str) -> None:
    log = Log(database_url)
    cid, other = log.conversation(), log.conversation()
    buyer, reply = log.turn(
        cid, "How much is Team?", AnswerStatus.ANSWERED, path="buying/pricing.md"
    )
    with session_scope(database_url) as session:
        feedback.record_feedback(session, conversation_id=cid, message_id=reply, helpful=False)
        feedback.record_feedback(session, conversation_id=cid, message_id=reply, helpful=False)
        again = feedback.record_feedback(
            session, conversation_id=cid, message_id=reply, helpful=True, reason="  ok  after all "
        )
        assert again.helpful and again.reason == "ok after all"
        assert len(feedback.feedback_since(session)) == 1
        for conversation_id, message_id in ((cid, buyer), (other, reply), (cid, 10**6)):
            with pytest.raises(feedback.NotABotAnswer):
                feedback.record_feedback(
                    session, conversation_id=conversation_id, message_id=message_id, helpful=False
                )
