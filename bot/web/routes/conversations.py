"""Buyer API: open a conversation, send a message, read the transcript."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from bot.chat import ChatService
from bot.config import Settings
from bot.models import MAX_ROW_ID, Conversation
from bot.store import conversations as store
from bot.web.deps import SessionDep, buyer_conversation, get_chat, get_settings_dep

router = APIRouter(prefix="/api/conversations", tags=["buyer"])


class NewConversation(BaseModel):
    metadata: dict[str, Any] = Field(default_factory=dict)


class BuyerMessage(BaseModel):
    text: str
    metadata: dict[str, Any] = Field(default_factory=dict)
    # The payload of a clicked button ("/affirm"); `text` is then the button's title.
    payload: str | None = Field(default=None, max_length=500, pattern=r"^/")


@router.post("", status_code=status.HTTP_201_CREATED)
def open_conversation(
    body: NewConversation | None = None, session: Session = SessionDep
) -> dict[str, Any]:
    conversation, token = store.create_conversation(
        session, channel="rest", buyer_metadata=body.metadata if body else {}
    )
    return {"conversation_id": conversation.id, "token": token, "mode": conversation.mode.value}


@router.post("/{conversation_id}/messages")
async def send_message(
    body: BuyerMessage,
    conversation: Conversation = Depends(buyer_conversation),
    chat: ChatService = Depends(get_chat),
    settings: Settings = Depends(get_settings_dep),
) -> dict[str, Any]:
    text = check_text(body.text, settings.max_message_chars)
    turn = await chat.handle_buyer_message(conversation.id, text, body.metadata, body.payload)
    return {"buyer_message": turn.buyer_message, "messages": turn.replies, "mode": turn.mode}


@router.get("/{conversation_id}/messages")
def transcript(
    after: int | None = Query(None, ge=0, le=MAX_ROW_ID),  # a huge number: 422, not 500
    conversation: Conversation = Depends(buyer_conversation),
    session: Session = SessionDep,
) -> dict[str, Any]:
    messages = store.list_messages(session, conversation_id=conversation.id, after_id=after)
    return {
        "conversation_id": conversation.id,
        "messages": [store.message_to_dict(m) for m in messages],
        "mode": conversation.mode.value,
    }


def check_text(text: str, max_chars: int) -> str:
    """Reject what no reply could sensibly answer, with a message that says why."""
    stripped = text.strip()
    if not stripped:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "message text is empty")
    if len(stripped) > max_chars:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            f"message is {len(stripped)} characters; the limit is {max_chars}",
        )
    return stripped
