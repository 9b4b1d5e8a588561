"""Buyer feedback on bot answers: ``POST /api/conversations/{id}/messages/{message_id}/feedback``.

The buyer's own token opens it (as for sending messages), only for the bot's messages in that
conversation; a repeated click is idempotent and a changed mind replaces the earlier verdict.
Not-helpful answers show up in ``bot kb gaps`` and the page report.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path, status
from pydantic import BaseModel, Field

from bot.buyer_input import InputRejected, clean_text
from bot.config import Settings
from bot.db import session_scope
from bot.models import MAX_ROW_ID, Conversation
from bot.store import feedback as feedback_store
from bot.web.deps import buyer_conversation, get_settings_dep

router = APIRouter(prefix="/api/conversations", tags=["buyer"])


class FeedbackIn(BaseModel):
    helpful: bool
    # An optional one-line reason ("it didn't say whether Business includes SSO").
    reason: str | None = Field(default=None, max_length=10_000)


class FeedbackOut(BaseModel):
    message_id: int
    helpful: bool
    reason: str


@router.post("/{conversation_id}/messages/{message_id}/feedback")
def give_feedback(
    body: FeedbackIn,
    message_id: int = Path(ge=1, le=MAX_ROW_ID),
    conversation: Conversation = Depends(buyer_conversation),
    settings: Settings = Depends(get_settings_dep),
) -> FeedbackOut:
    reason = ""
    if body.reason and body.reason.strip():
        try:
            reason = clean_text(body.reason, settings.feedback_reason_chars)
        except InputRejected as error:
            raise HTTPException(error.status, error.message) from error
    with session_scope(settings.database_url) as session:
        try:
            row = feedback_store.record_feedback(
                session,
                conversation_id=conversation.id,
                message_id=message_id,
                helpful=body.helpful,
                reason=reason,
            )
        except feedback_store.NotABotAnswer as error:
            raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
        return FeedbackOut(message_id=row.message_id, helpful=row.helpful, reason=row.reason)
