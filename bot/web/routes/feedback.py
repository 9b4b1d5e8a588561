"""Buyer feedback on bot answers: ``POST /api/conversations/{id}/messages/{message_id}/feedback``.

The buyer's own token opens it (as for sending messages), only for the bot's messages in that
conversation; a repeated click is idempotent and a changed mind replaces the earlier verdict.
Not-helpful answers show up in ``bot kb gaps`` and the page report.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status
from pydantic import BaseModel, Field

from bot.buyer_input import InputRejected, clean_text
from bot.models import MAX_ROW_ID
from bot.store import feedback as feedback_store
from bot.web.deps import BuyerConversation, DatabaseDep, SettingsDep

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
    message_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)],
    conversation: BuyerConversation,
    settings: SettingsDep,
    db: DatabaseDep,
) -> FeedbackOut:
    reason = ""
    if body.reason and body.reason.strip():
        try:
            reason = clean_text(body.reason, settings.feedback_reason_chars)
        except InputRejected as error:
            raise HTTPException(error.status, error.message) from error
    with db.session() as session:
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
