"""Reading the gap questions back from stored conversations.

A buyer question is a gap when the reply's answer record says declined, weak, partial or
fallback, when the buyer marked the answer not helpful, or when it was the last question asked
before the conversation went to a person. Each keeps the page the assistant found then and the
first thing a rep wrote after it (what a person said where the pages were silent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.gaps.record import AnswerRecord, AnswerStatus, read_record
from bot.models import AnswerFeedback, Handoff, Message, Sender

NOT_HELPFUL = "not_helpful"
HANDOFF = "handoff"


@dataclass
class GapQuestion:
    """One buyer question the content did not serve well (raw text: mask before showing)."""

    message_id: int
    conversation_id: str
    text: str
    asked_at: datetime
    reasons: set[str] = field(default_factory=set)
    record: AnswerRecord | None = None  # what the assistant found at the time
    reply_id: int | None = None  # the bot reply the record came from
    feedback_reason: str = ""
    rep_reply: str | None = None
    rep_name: str | None = None


def collect_gaps(session: Session, since: datetime | None = None) -> list[GapQuestion]:
    """Every gap question asked since ``since`` (all when None), oldest first."""
    replies = _bot_replies(session, since)
    records = {m.id: (m, read_record(m.payload)) for m in replies}
    buyers = _buyer_messages(session, {m.reply_to for m in replies if m.reply_to})
    gaps: dict[tuple[int, str], GapQuestion] = {}

    def add(reply: Message, record: AnswerRecord | None, reason: str, text: str | None = None):
        buyer = buyers.get(reply.reply_to or -1)
        if buyer is None or not (text or buyer.text).strip():
            return None
        question = (text or buyer.text).strip()
        gap = gaps.setdefault(
            (buyer.id, question),
            GapQuestion(buyer.id, buyer.conversation_id, question, buyer.created_at),
        )
        gap.reasons.add(reason)
        if record is not None and gap.record is None:
            gap.record, gap.reply_id = record, reply.id
        return gap

    for reply, record in records.values():
        if record is None or not record.status.is_gap:
            continue
        if record.status == AnswerStatus.PARTIAL and record.open_questions:
            for part in record.open_questions:
                add(reply, record, record.status.value, part)
        else:
            add(reply, record, record.status.value)

    for verdict in _not_helpful(session, set(records)):
        reply, record = records[verdict.message_id]
        gap = add(reply, record, NOT_HELPFUL)
        if gap is not None and verdict.reason:
            gap.feedback_reason = verdict.reason

    for reply, record in _last_questions_before_handoffs(session, replies, records, since):
        add(reply, record, HANDOFF)

    found = sorted(gaps.values(), key=lambda g: (g.asked_at, g.message_id))
    _attach_rep_replies(session, found)
    return found


def _bot_replies(session: Session, since: datetime | None) -> list[Message]:
    query = select(Message).where(Message.sender == Sender.BOT, Message.reply_to.is_not(None))
    if since is not None:
        query = query.where(Message.created_at >= since)
    return list(session.scalars(query.order_by(Message.id)))


def _buyer_messages(session: Session, ids: set[int | None]) -> dict[int, Message]:
    wanted = sorted(i for i in ids if i is not None)
    found: dict[int, Message] = {}
    for start in range(0, len(wanted), 500):  # bound the IN list on every backend
        chunk = wanted[start : start + 500]
        for message in session.scalars(select(Message).where(Message.id.in_(chunk))):
            if message.sender == Sender.BUYER:
                found[message.id] = message
    return found


def _not_helpful(session: Session, reply_ids: set[int]) -> list[AnswerFeedback]:
    rows = session.scalars(
        select(AnswerFeedback).where(AnswerFeedback.helpful.is_(False)).order_by(AnswerFeedback.id)
    )
    return [row for row in rows if row.message_id in reply_ids]


def _last_questions_before_handoffs(
    session: Session,
    replies: list[Message],
    records: dict[int, tuple[Message, AnswerRecord | None]],
    since: datetime | None,
) -> list[tuple[Message, AnswerRecord | None]]:
    """For each handoff, the last reply to a content question (one that carries an answer
    record) before it: the question the buyer took to a person."""
    query = select(Handoff)
    if since is not None:
        query = query.where(Handoff.created_at >= since)
    by_conversation: dict[str, list[Message]] = {}
    for reply in replies:
        if records[reply.id][1] is not None:
            by_conversation.setdefault(reply.conversation_id, []).append(reply)
    found = []
    for handoff in session.scalars(query.order_by(Handoff.id)):
        before = [
            r
            for r in by_conversation.get(handoff.conversation_id, [])
            if r.created_at <= handoff.created_at
        ]
        if before:
            found.append(records[before[-1].id])
    return found


def _attach_rep_replies(session: Session, gaps: list[GapQuestion]) -> None:
    """The first message a rep wrote in the conversation after each gap question."""
    conversations = sorted({g.conversation_id for g in gaps})
    rep_messages: dict[str, list[Message]] = {}
    for start in range(0, len(conversations), 500):
        chunk = conversations[start : start + 500]
        rows = session.scalars(
            select(Message)
            .where(Message.conversation_id.in_(chunk), Message.sender == Sender.REP)
            .order_by(Message.id)
        )
        for message in rows:
            rep_messages.setdefault(message.conversation_id, []).append(message)
    for gap in gaps:
        later = [m for m in rep_messages.get(gap.conversation_id, []) if m.id > gap.message_id]
        if later:
            gap.rep_reply = later[0].text
            gap.rep_name = ((later[0].meta or {}).get("rep") or {}).get("name")
