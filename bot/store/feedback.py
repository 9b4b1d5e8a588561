"""Buyers' helpful / not-helpful clicks on bot answers: one per message, a repeat changes it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import AnswerFeedback, Message, Sender


class NotABotAnswer(LookupError):
    """The message is not one of the bot's replies in this conversation."""


def record_feedback(
    session: Session, *, conversation_id: str, message_id: int, helpful: bool, reason: str = ""
) -> AnswerFeedback:
    """Store the buyer's verdict on one bot message of their own conversation.

    Idempotent per message: the same click twice leaves one row, a changed mind updates it
    (the latest verdict is the one that counts).
    """
    message = session.get(Message, message_id)
    if (
        message is None
        or message.conversation_id != conversation_id
        or message.sender != Sender.BOT
    ):
        raise NotABotAnswer(f"message {message_id} is not a bot answer in this conversation")
    reason = " ".join(reason.split())
    existing = _find(session, message_id)
    if existing is None:
        try:
            with session.begin_nested():
                existing = AnswerFeedback(
                    message_id=message_id,
                    conversation_id=conversation_id,
                    helpful=helpful,
                    reason=reason,
                )
                session.add(existing)
                session.flush()
            return existing
        except IntegrityError:
            existing = _find(session, message_id)  # a double click raced us: update that row
            assert existing is not None
    existing.helpful = helpful
    existing.reason = reason
    session.flush()
    return existing


def _find(session: Session, message_id: int) -> AnswerFeedback | None:
    return session.scalars(
        select(AnswerFeedback).where(AnswerFeedback.message_id == message_id)
    ).first()


def feedback_since(session: Session, since: datetime | None = None) -> list[AnswerFeedback]:
    """All verdicts (on messages sent since ``since``), oldest first."""
    query = select(AnswerFeedback).join(Message, Message.id == AnswerFeedback.message_id)
    if since is not None:
        query = query.where(Message.created_at >= since)
    return list(session.scalars(query.order_by(AnswerFeedback.id)))
