"""Canned replies: the rep's team's reusable answers, which any rep of the team may edit.

A rep only ever sees or changes their own team's replies (another team's id is a 404). The
console's reply box offers them in a picker; choosing one fills the box, and the rep still
reads and sends it, so a canned reply never reaches a buyer unseen.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, status
from pydantic import BaseModel, Field

from bot.buyer_input import clean_text
from bot.models import MAX_ROW_ID
from bot.store import inbox as inbox_store
from bot.web.auth import CurrentRep, RepForChange
from bot.web.deps import SessionDep, SettingsDep
from bot.web.routes.conversations import rejecting

router = APIRouter(prefix="/api/canned-replies", tags=["reps"])

ReplyId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a canned reply id")]


class CannedReplyBody(BaseModel):
    title: Annotated[str, Field(min_length=1, max_length=80)]
    text: str


def _cleaned(body: CannedReplyBody, max_chars: int) -> tuple[str, str]:
    """The title as the picker shows it and the text as it would be sent (same limits)."""
    title = rejecting(clean_text, body.title, 80)
    return title, rejecting(clean_text, body.text, max_chars)


def _changed(action: Any) -> dict[str, Any]:
    """Map the store's refusals: another team's or a missing reply 404, a taken title 409."""
    try:
        return action()
    except LookupError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    except inbox_store.DuplicateTitle as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error


@router.get("")
def list_replies(rep: CurrentRep, session: SessionDep) -> dict[str, Any]:
    replies = inbox_store.canned_replies(session, team=rep.team)
    return {"team": rep.team, "replies": [inbox_store.canned_reply_to_dict(r) for r in replies]}


@router.post("", status_code=status.HTTP_201_CREATED)
def add_reply(
    body: CannedReplyBody, rep: RepForChange, session: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    title, text = _cleaned(body, settings.max_message_chars)
    reply = _changed(
        lambda: inbox_store.add_canned_reply(
            session, team=rep.team, title=title, text=text, rep_id=rep.id
        )
    )
    return {"reply": inbox_store.canned_reply_to_dict(reply)}


@router.put("/{reply_id}")
def edit_reply(
    reply_id: ReplyId,
    body: CannedReplyBody,
    rep: RepForChange,
    session: SessionDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    title, text = _cleaned(body, settings.max_message_chars)
    reply = _changed(
        lambda: inbox_store.edit_canned_reply(
            session, team=rep.team, reply_id=reply_id, title=title, text=text, rep_id=rep.id
        )
    )
    return {"reply": inbox_store.canned_reply_to_dict(reply)}


@router.delete("/{reply_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_reply(reply_id: ReplyId, rep: RepForChange, session: SessionDep) -> None:
    _changed(lambda: inbox_store.remove_canned_reply(session, team=rep.team, reply_id=reply_id))
