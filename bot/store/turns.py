"""A buyer turn in the log: the buyer's message, its state, and the bot replies that answer it.

Each function is one short unit of work for the caller's session; none of them waits on the
network, so a turn holds a database connection only while it writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.buyer_input import InputRejected
from bot.models import Conversation, Message, Mode, Sender, TurnState
from bot.store import conversations as conversations_store
from bot.store import handoffs as handoff_store

RECENT_BUTTON_MESSAGES = 10  # a button further back than this is no longer on screen


@dataclass
class ReplyDraft:
    """One bot reply to store (what Rasa said, or the honest trouble reply)."""

    text: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class RecordedTurn:
    """What the log holds for a buyer message once it is recorded (or found again)."""

    buyer_message: Message
    mode: Mode
    state: TurnState
    replies: list[Message]
    repeated: bool  # the client sent this id before: nothing new was stored
    number: int = 0  # this buyer message's place among the conversation's buyer messages
    session_from: int = 0  # the buyer turn at which the current Rasa session began
    after_buttons: bool = False  # the bot's last message offered buttons (a pending question)


def record_buyer_message(
    session: Session,
    *,
    conversation_id: str,
    text: str,
    metadata: dict[str, Any],
    quick_reply: str | None,
    client_id: str | None,
    max_metadata_bytes: int,
) -> RecordedTurn:
    """Store the buyer's message once; a repeated ``client_id`` returns the first one's turn.

    ``quick_reply`` must be the payload of a button the bot offered in this conversation:
    anything else would let a client drive Rasa with made-up ``/intent{...}`` commands.
    """
    if client_id is not None:
        existing = find_turn(session, conversation_id=conversation_id, client_id=client_id)
        if existing is not None:
            return existing
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise LookupError(f"unknown conversation {conversation_id}")
    if quick_reply is not None and offered_button(session, conversation_id, quick_reply) is None:
        raise InputRejected(422, f"no button with the payload {quick_reply!r} was offered here")
    _check_metadata_room(conversation, metadata, max_metadata_bytes)
    conversations_store.merge_buyer_metadata(
        session, conversation_id=conversation_id, metadata=metadata
    )
    message = Message(
        conversation_id=conversation_id,
        sender=Sender.BUYER,
        text=text,
        sources=[],
        payload={"quick_reply": quick_reply} if quick_reply else {},
        meta={},
        client_id=client_id,
        turn_state=TurnState.TO_REP if conversation.mode == Mode.WITH_REP else TurnState.PENDING,
    )
    try:
        with session.begin_nested():
            session.add(message)
            session.flush()
    except IntegrityError:
        # Another process stored the same client id a moment ago.
        found = find_turn(session, conversation_id=conversation_id, client_id=client_id or "")
        if found is None:
            raise
        return found
    if conversation.mode == Mode.WAITING_FOR_REP:
        # The buyer may leave an email for the (offline) rep to follow up on.
        handoff_store.record_buyer_email(session, conversation_id=conversation_id, text=text)
    number, after_buttons = _place_in_conversation(session, conversation_id)
    return RecordedTurn(
        message,
        conversation.mode,
        message.turn_state,
        [],
        repeated=False,
        number=number,
        after_buttons=after_buttons,
        session_from=conversation.rasa_session_turn or 0,
    )


def mark_rasa_session(session: Session, *, conversation_id: str, turn: int) -> None:
    """Remember that a new Rasa session began at this buyer turn."""
    session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id)
        .values(rasa_session_turn=turn)
    )


def _place_in_conversation(session: Session, conversation_id: str) -> tuple[int, bool]:
    number = session.scalar(
        select(func.count()).where(
            Message.conversation_id == conversation_id, Message.sender == Sender.BUYER
        )
    )
    last_bot = session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.sender == Sender.BOT)
        .order_by(Message.id.desc())
        .limit(1)
    ).first()
    return int(number or 0), bool(last_bot and (last_bot.payload or {}).get("buttons"))


def offered_button(session: Session, conversation_id: str, payload: str) -> str | None:
    """The title of a recently offered button with this payload, if there is one."""
    recent = session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.sender == Sender.BOT)
        .order_by(Message.id.desc())
        .limit(RECENT_BUTTON_MESSAGES)
    )
    for message in recent:
        for button in (message.payload or {}).get("buttons") or []:
            if isinstance(button, dict) and button.get("payload") == payload:
                return str(button.get("title") or payload)
    return None


def _check_metadata_room(
    conversation: Conversation, metadata: dict[str, Any], max_bytes: int
) -> None:
    merged = {**(conversation.buyer_metadata or {}), **metadata}
    size = len(json.dumps(merged, ensure_ascii=False).encode())
    if metadata and size > max_bytes:
        raise InputRejected(
            413, f"this conversation's metadata would be {size} bytes; the limit is {max_bytes}"
        )


def find_turn(session: Session, *, conversation_id: str, client_id: str) -> RecordedTurn | None:
    """The turn a client id already started, with the replies stored for it so far."""
    message = session.scalars(
        select(Message).where(
            Message.conversation_id == conversation_id, Message.client_id == client_id
        )
    ).first()
    if message is None:
        return None
    conversation = session.get(Conversation, conversation_id)
    assert conversation is not None
    return RecordedTurn(
        message,
        conversation.mode,
        message.turn_state or TurnState.ANSWERED,
        replies_to(session, message.id),
        repeated=True,
    )


def replies_to(session: Session, buyer_message_id: int) -> list[Message]:
    return list(
        session.scalars(
            select(Message).where(Message.reply_to == buyer_message_id).order_by(Message.id)
        )
    )


def store_replies(
    session: Session, *, buyer_message_id: int, replies: list[ReplyDraft], state: TurnState
) -> tuple[list[Message], Mode]:
    """Store the bot's replies to one buyer message and close its turn, exactly once.

    A rep who claimed the conversation while Rasa was thinking wins: the bot's replies are
    dropped rather than interleaved with the rep's. A turn already closed (by a retry that
    gave up waiting) keeps what it has.
    """
    buyer = session.get(Message, buyer_message_id)
    assert buyer is not None
    conversation = session.get(Conversation, buyer.conversation_id)
    assert conversation is not None
    if conversation.mode == Mode.WITH_REP:
        state, replies = TurnState.TO_REP, []
    closed = session.execute(
        update(Message)
        .where(Message.id == buyer_message_id, Message.turn_state == TurnState.PENDING)
        .values(turn_state=state)
    )
    if closed.rowcount == 0:
        return replies_to(session, buyer_message_id), conversation.mode
    stored = [
        Message(
            conversation_id=buyer.conversation_id,
            sender=Sender.BOT,
            text=reply.text,
            sources=reply.sources,
            payload=reply.payload,
            meta={},
            reply_to=buyer_message_id,
        )
        for reply in replies
    ]
    session.add_all(stored)
    session.flush()
    session.refresh(conversation)
    return stored, conversation.mode
