"""The console's inbox: a team's canned replies, private notes on handoffs, and how far each
rep has read each conversation (unread badges). Functions take a ``Session``; callers own the
unit of work."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import CannedReply, ConversationRead, Handoff, HandoffNote, Message, Sender

# --- canned replies -----------------------------------------------------------------------------


class DuplicateTitle(Exception):
    """The team already has a canned reply with this title (titles are what the picker shows)."""


def canned_replies(session: Session, *, team: str) -> list[CannedReply]:
    query = select(CannedReply).where(CannedReply.team == team).order_by(CannedReply.title)
    return list(session.scalars(query))


def _team_reply(session: Session, *, team: str, reply_id: int) -> CannedReply:
    """Another team's reply is as good as missing: reps never see or change it."""
    reply = session.get(CannedReply, reply_id)
    if reply is None or reply.team != team:
        raise LookupError(f"no canned reply {reply_id} in your team")
    return reply


def _flush_unique(session: Session, title: str) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as error:
        raise DuplicateTitle(f"your team already has a canned reply titled {title!r}") from error


def add_canned_reply(
    session: Session, *, team: str, title: str, text: str, rep_id: int
) -> CannedReply:
    reply = CannedReply(team=team, title=title, text=text, updated_by=rep_id)
    session.add(reply)
    _flush_unique(session, title)
    return reply


def edit_canned_reply(
    session: Session, *, team: str, reply_id: int, title: str, text: str, rep_id: int
) -> CannedReply:
    reply = _team_reply(session, team=team, reply_id=reply_id)
    reply.title, reply.text, reply.updated_by = title, text, rep_id
    _flush_unique(session, title)
    return reply


def remove_canned_reply(session: Session, *, team: str, reply_id: int) -> None:
    session.delete(_team_reply(session, team=team, reply_id=reply_id))
    session.flush()


def canned_reply_to_dict(reply: CannedReply) -> dict[str, Any]:
    return {
        "id": reply.id,
        "team": reply.team,
        "title": reply.title,
        "text": reply.text,
        "updated_at": reply.updated_at.isoformat(),
    }


# --- private notes ------------------------------------------------------------------------------


def add_note(session: Session, *, handoff: Handoff, rep_id: int, text: str) -> HandoffNote:
    note = HandoffNote(
        handoff_id=handoff.id, conversation_id=handoff.conversation_id, rep_id=rep_id, text=text
    )
    session.add(note)
    session.flush()
    return note


def notes_for_conversation(session: Session, *, conversation_id: str) -> list[HandoffNote]:
    """Every handoff's notes: a conversation handed off twice keeps what reps learnt the first
    time."""
    query = (
        select(HandoffNote)
        .where(HandoffNote.conversation_id == conversation_id)
        .order_by(HandoffNote.id)
    )
    return list(session.scalars(query))


def note_to_dict(note: HandoffNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "handoff_id": note.handoff_id,
        "conversation_id": note.conversation_id,
        "rep": {"id": note.rep.id, "name": note.rep.name} if note.rep else None,
        "text": note.text,
        "created_at": note.created_at.isoformat(),
    }


# --- read marks ---------------------------------------------------------------------------------


def mark_read(session: Session, *, rep_id: int, conversation_id: str, message_id: int) -> None:
    """The rep has seen the conversation up to ``message_id``; a mark never moves back (an
    older console tab reporting late must not make read messages unread again)."""
    mark = session.get(ConversationRead, (rep_id, conversation_id))
    if mark is None:
        session.add(
            ConversationRead(
                rep_id=rep_id, conversation_id=conversation_id, last_message_id=message_id
            )
        )
    elif message_id > mark.last_message_id:
        mark.last_message_id = message_id
    session.flush()


def newest_message_id(session: Session, *, conversation_id: str) -> int:
    newest = session.scalar(
        select(func.max(Message.id)).where(Message.conversation_id == conversation_id)
    )
    return newest or 0


def unread_counts(session: Session, *, rep_id: int, conversation_ids: list[str]) -> dict[str, int]:
    """Buyer messages each conversation got since this rep last viewed it (all of them if the
    rep never has); conversations with none are left out."""
    if not conversation_ids:
        return {}
    read = and_(
        ConversationRead.conversation_id == Message.conversation_id,
        ConversationRead.rep_id == rep_id,
    )
    rows = session.execute(
        select(Message.conversation_id, func.count())
        .outerjoin(ConversationRead, read)
        .where(Message.conversation_id.in_(set(conversation_ids)))
        .where(Message.sender == Sender.BUYER)
        .where(Message.id > func.coalesce(ConversationRead.last_message_id, 0))
        .group_by(Message.conversation_id)
    )
    return {conversation_id: count for conversation_id, count in rows}
