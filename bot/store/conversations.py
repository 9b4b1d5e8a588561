"""Conversations and their message log: the transcript is this log, nothing summarised away."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Conversation, Message, Mode, Sender

SESSION_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_conversation_id() -> str:
    return secrets.token_hex(16)


def create_conversation(
    session: Session,
    *,
    channel: str = "rest",
    conversation_id: str | None = None,
    with_token: bool = True,
    buyer_metadata: dict[str, Any] | None = None,
) -> tuple[Conversation, str | None]:
    """Create a conversation; returns it with its bearer token (shown once, stored hashed)."""
    token = secrets.token_hex(16) if with_token else None  # 128 bits
    conversation = Conversation(
        id=conversation_id or new_conversation_id(),
        token_hash=hash_token(token) if token else None,
        channel=channel,
        mode=Mode.BOT,
        buyer_metadata=buyer_metadata or {},
    )
    session.add(conversation)
    session.flush()
    return conversation, token


def get_conversation(session: Session, *, conversation_id: str) -> Conversation | None:
    return session.get(Conversation, conversation_id)


def token_matches(conversation: Conversation, token: str | None) -> bool:
    """Constant-time check of a bearer token against the stored hash."""
    if not token or not conversation.token_hash:
        return False
    return hmac.compare_digest(conversation.token_hash, hash_token(token))


def add_message(
    session: Session,
    *,
    conversation_id: str,
    sender: Sender,
    text: str,
    sources: list[dict[str, Any]] | None = None,
    payload: dict[str, Any] | None = None,
    meta: dict[str, Any] | None = None,
) -> Message:
    message = Message(
        conversation_id=conversation_id,
        sender=sender,
        text=text,
        sources=sources or [],
        payload=payload or {},
        meta=meta or {},
    )
    session.add(message)
    session.flush()
    return message


def list_messages(
    session: Session, *, conversation_id: str, after_id: int | None = None
) -> list[Message]:
    query = select(Message).where(Message.conversation_id == conversation_id)
    if after_id is not None:
        query = query.where(Message.id > after_id)
    return list(session.scalars(query.order_by(Message.id)))


def set_mode(session: Session, *, conversation_id: str, mode: Mode) -> None:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise LookupError(f"unknown conversation {conversation_id}")
    conversation.mode = mode
    session.flush()


def merge_buyer_metadata(
    session: Session, *, conversation_id: str, metadata: dict[str, Any]
) -> None:
    """Keep what the page told us about the buyer (plan, page, utm...) for the rep."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is not None and metadata:
        conversation.buyer_metadata = {**(conversation.buyer_metadata or {}), **metadata}
        session.flush()


def message_to_dict(message: Message) -> dict[str, Any]:
    """The API shape of one message, shared by REST, socket.io pushes and exports."""
    payload = message.payload or {}
    return {
        "id": message.id,
        "sender": message.sender.value,
        "text": message.text,
        "sources": message.sources or [],
        "buttons": payload.get("buttons", []),
        "image": payload.get("image"),
        "attachment": payload.get("attachment"),
        "custom": payload.get("custom"),
        "rep": (message.meta or {}).get("rep"),
        "created_at": message.created_at.isoformat(),
    }
