"""Buyer feedback from Rasa socket.io clients (not our widget), stored as the widget's is.

Rasa clients can only send what Rasa's protocol has, so two ways are accepted on the buyers'
socket.io channel:

- a ``user_uttered`` whose message is ``/feedback{"message_id": 12, "helpful": false,
  "reason": "..."}``: Rasa's own syntax for an intent with entities, which any Rasa client can
  send as a button payload; it is stored as feedback, never as a buyer message nor sent to Rasa;
- a ``feedback`` event ``{"message_id": 12, "helpful": false, "reason": "..."}`` for clients
  that can emit their own events (its acknowledgement says what was stored).

``message_id`` is the one each ``bot_uttered`` carries in ``custom.message_id``. The same rules
as the widget's HTTP route apply (bot/web/routes/feedback.py): only the bot's messages of the
socket's own conversation, a repeat replaces the earlier verdict, the reason is cleaned and
capped at ``CANDOR_FEEDBACK_REASON_CHARS``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from bot.buyer_input import InputRejected, clean_text
from bot.models import MAX_ROW_ID
from bot.store import feedback as feedback_store

FEEDBACK_COMMAND = "/feedback"


class FeedbackRejected(ValueError):
    """Feedback that cannot be stored; the message is safe to show the buyer."""


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    message_id: int = Field(ge=1, le=MAX_ROW_ID)
    helpful: bool
    reason: str | None = Field(default=None, max_length=10_000)


class FeedbackSaved(BaseModel):
    message_id: int
    helpful: bool
    reason: str


def is_feedback_command(text: Any) -> bool:
    """Whether a ``user_uttered`` message is feedback rather than something the buyer said."""
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    rest = stripped[len(FEEDBACK_COMMAND) :]
    return stripped.startswith(FEEDBACK_COMMAND) and (not rest or rest.lstrip()[:1] == "{")


def parse_feedback(data: Any) -> FeedbackRequest:
    """A ``/feedback{...}`` message or a ``feedback`` event's data, checked."""
    if isinstance(data, str):
        body = data.strip()[len(FEEDBACK_COMMAND) :].strip()
        try:
            data = json.loads(body) if body else {}
        except json.JSONDecodeError as error:
            raise FeedbackRejected('use /feedback{"message_id": <id>, "helpful": true}') from error
    if not isinstance(data, dict):
        raise FeedbackRejected("feedback must be an object with message_id and helpful")
    try:
        return FeedbackRequest.model_validate(data)
    except ValidationError as error:
        fields = sorted({str(e["loc"][0]) for e in error.errors() if e["loc"]})
        raise FeedbackRejected(f"feedback needs a valid {' and '.join(fields)}") from error


def store_feedback(
    session: Session, conversation_id: str, request: FeedbackRequest, reason_chars: int
) -> FeedbackSaved:
    """Record the verdict as the widget's route does (same table, same rules)."""
    reason = ""
    if request.reason and request.reason.strip():
        try:
            reason = clean_text(request.reason, reason_chars)
        except InputRejected as error:
            raise FeedbackRejected(error.message) from error
    try:
        row = feedback_store.record_feedback(
            session,
            conversation_id=conversation_id,
            message_id=request.message_id,
            helpful=request.helpful,
            reason=reason,
        )
    except feedback_store.NotABotAnswer as error:
        raise FeedbackRejected(str(error)) from error
    return FeedbackSaved(message_id=row.message_id, helpful=row.helpful, reason=row.reason)
