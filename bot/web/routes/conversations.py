"""Buyer API: open a conversation, send a message, read the transcript."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel, Field

from bot.buyer_input import InputRejected, check_client_id, clean_metadata, clean_text
from bot.chat import ConversationBusy
from bot.models import MAX_ROW_ID
from bot.store import conversations as store
from bot.web.deps import (
    BuyerConversation,
    ChatDep,
    DatabaseDep,
    SessionDep,
    SettingsDep,
    limit_conversation_creation,
)

router = APIRouter(prefix="/api/conversations", tags=["buyer"])


class NewConversation(BaseModel):
    metadata: dict[str, Any] = Field(default_factory=dict)


class BuyerMessage(BaseModel):
    text: str
    metadata: dict[str, Any] = Field(default_factory=dict)
    # The payload of a clicked button ("/affirm"); `text` is then the button's title.
    payload: str | None = Field(default=None, max_length=500, pattern=r"^/")
    # The client's id for this message: a retry with the same id returns the stored turn.
    client_message_id: str | None = None


@router.post(
    "", status_code=status.HTTP_201_CREATED, dependencies=[Depends(limit_conversation_creation)]
)
def open_conversation(
    settings: SettingsDep, db: DatabaseDep, body: NewConversation | None = None
) -> dict[str, Any]:
    metadata = rejecting(clean_metadata, body.metadata if body else {}, settings.max_metadata_bytes)
    # Write and commit in this one call: a SQLite write lock held until a dependency's
    # teardown waits for a free worker thread, which under load may never come.
    with db.session() as session:
        conversation, token = store.create_conversation(
            session, channel="rest", buyer_metadata=metadata
        )
        return {"conversation_id": conversation.id, "token": token, "mode": conversation.mode.value}


@router.post("/{conversation_id}/messages")
async def send_message(
    body: BuyerMessage,
    conversation: BuyerConversation,
    chat: ChatDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    text = rejecting(clean_text, body.text, settings.max_message_chars)
    metadata = rejecting(clean_metadata, body.metadata, settings.max_metadata_bytes)
    client_id = rejecting(check_client_id, body.client_message_id)
    try:
        turn = await chat.handle_buyer_message(
            conversation.id, text, metadata, body.payload, client_id
        )
    except ConversationBusy as error:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, str(error)) from error
    except InputRejected as error:
        raise HTTPException(error.status, error.message) from error
    return {
        "buyer_message": turn.buyer_message,
        "messages": turn.replies,
        "mode": turn.mode,
        "repeated": turn.repeated,
    }


@router.get("/{conversation_id}/messages")
def transcript(
    conversation: BuyerConversation,
    session: SessionDep,
    # A huge number: 422, not 500.
    after: Annotated[int | None, Query(ge=0, le=MAX_ROW_ID)] = None,
) -> dict[str, Any]:
    messages = store.list_messages(session, conversation_id=conversation.id, after_id=after)
    return {
        "conversation_id": conversation.id,
        "messages": [store.message_to_dict(m) for m in messages],
        "mode": conversation.mode.value,
    }


def rejecting(check: Any, *args: Any) -> Any:
    """Run an input check, turning its refusal into the HTTP error it names."""
    try:
        return check(*args)
    except InputRejected as error:
        raise HTTPException(error.status, error.message) from error
