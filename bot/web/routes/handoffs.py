"""The rep API: the handoff queue, one handoff with its transcript, and the relay actions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from bot.buyer_input import clean_text
from bot.config import Settings
from bot.handoff.relay import NotYours, Relay
from bot.handoff.transcript import transcript_json, transcript_markdown
from bot.models import MAX_ROW_ID, FlagKind, Handoff, Outcome, Rep
from bot.store import conversations as conversation_store
from bot.store import flags as flag_store
from bot.store import handoffs as handoff_store
from bot.store import reps as rep_store
from bot.web.auth import current_rep, rep_for_change
from bot.web.deps import SessionDep, get_settings_dep
from bot.web.routes.conversations import rejecting

router = APIRouter(prefix="/api/handoffs", tags=["reps"])

# Ids a client sends are checked against what a row id can be: a huge number is a 422 naming
# the field, never a database error.
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
HandoffId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a handoff id")]


class RepMessage(BaseModel):
    text: str


class Reassign(BaseModel):
    rep_id: RowId | None = None
    email: str | None = None


class Close(BaseModel):
    outcome: Outcome


class Flag(BaseModel):
    message_id: RowId
    kind: FlagKind
    note: str = ""


def get_relay(request: Request) -> Relay:
    return request.app.state.relay


def _found(session: Session, handoff_id: int) -> Handoff:
    handoff = handoff_store.get_handoff(session, handoff_id=handoff_id)
    if handoff is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no handoff {handoff_id}")
    return handoff


async def _act(coroutine) -> Any:
    """Map the relay's refusals onto HTTP: not yours 403, lost races 409, unknown ids 404."""
    try:
        return await coroutine
    except handoff_store.NotAllowed as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(error)) from error
    except (handoff_store.HandoffConflict, NotYours) as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    except LookupError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error


@router.get("")
def queue(
    view: Literal["waiting", "mine", "all"] = Query("waiting", alias="status"),
    rep: Rep = Depends(current_rep),
    session: Session = SessionDep,
) -> dict[str, Any]:
    """``?status=waiting`` (the queue), ``mine`` (open, assigned to me) or ``all``.

    With the waiting and mine counts, so one request refreshes the console's whole queue.
    """
    handoffs = handoff_store.list_handoffs(session, view=view, rep_id=rep.id)
    return {
        "status": view,
        "handoffs": [handoff_store.handoff_to_dict(h) for h in handoffs],
        "counts": handoff_store.queue_counts(session, rep_id=rep.id),
    }


@router.get("/{handoff_id}")
def detail(
    handoff_id: HandoffId,
    _: Rep = Depends(current_rep),
    session: Session = SessionDep,
) -> dict[str, Any]:
    """Summary first, then the whole transcript, with the flags reps raised on bot answers."""
    handoff = _found(session, handoff_id)
    conversation = handoff.conversation
    messages = conversation_store.list_messages(session, conversation_id=conversation.id)
    flags = flag_store.flags_for_conversation(session, conversation_id=conversation.id)
    return {
        "handoff": handoff_store.handoff_to_dict(handoff),
        "conversation": {
            "id": conversation.id,
            "mode": conversation.mode.value,
            "channel": conversation.channel,
            "buyer_metadata": conversation.buyer_metadata or {},
        },
        "messages": [conversation_store.message_to_dict(m) for m in messages],
        "flags": [flag_store.flag_to_dict(f) for f in flags],
    }


@router.get("/{handoff_id}/transcript")
def transcript(
    handoff_id: HandoffId,
    format: Literal["md", "json"] = "md",
    _: Rep = Depends(current_rep),
    session: Session = SessionDep,
) -> Any:
    handoff = _found(session, handoff_id)
    data = handoff_store.handoff_to_dict(handoff)
    messages = [
        conversation_store.message_to_dict(m)
        for m in conversation_store.list_messages(session, conversation_id=handoff.conversation_id)
    ]
    if format == "json":
        return transcript_json(data, messages)
    filename = f"candor-handoff-{handoff_id}.md"
    return PlainTextResponse(
        transcript_markdown(data, messages),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@router.post("/{handoff_id}/claim")
async def claim(
    handoff_id: HandoffId, rep: Rep = Depends(rep_for_change), relay: Relay = Depends(get_relay)
) -> dict[str, Any]:
    change = await _act(relay.claim(handoff_id, rep.id))
    return {"handoff": change.handoff}


@router.post("/{handoff_id}/messages")
async def send(
    handoff_id: HandoffId,
    body: RepMessage,
    rep: Rep = Depends(rep_for_change),
    relay: Relay = Depends(get_relay),
    settings: Settings = Depends(get_settings_dep),
) -> dict[str, Any]:
    text = rejecting(clean_text, body.text, settings.max_message_chars)
    message = await _act(relay.send(handoff_id, rep.id, text))
    return {"message": message}


@router.post("/{handoff_id}/reassign")
async def reassign(
    handoff_id: HandoffId,
    body: Reassign,
    rep: Rep = Depends(rep_for_change),
    relay: Relay = Depends(get_relay),
    session: Session = SessionDep,
) -> dict[str, Any]:
    target = None
    if body.rep_id is not None:
        target = rep_store.get_rep(session, rep_id=body.rep_id)
    elif body.email:
        target = rep_store.get_rep_by_email(session, email=body.email)
    if target is None or not target.active:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no active rep with that id or email")
    change = await _act(relay.reassign(handoff_id, rep.id, target.id))
    return {"handoff": change.handoff}


@router.post("/{handoff_id}/release")
async def release(
    handoff_id: HandoffId, rep: Rep = Depends(rep_for_change), relay: Relay = Depends(get_relay)
) -> dict[str, Any]:
    change = await _act(relay.release(handoff_id, rep.id))
    return {"handoff": change.handoff}


@router.post("/{handoff_id}/close")
async def close(
    handoff_id: HandoffId,
    body: Close,
    rep: Rep = Depends(rep_for_change),
    relay: Relay = Depends(get_relay),
) -> dict[str, Any]:
    change = await _act(relay.close(handoff_id, rep.id, body.outcome))
    return {"handoff": change.handoff}


@router.post("/{handoff_id}/flags", status_code=status.HTTP_201_CREATED)
def flag(
    handoff_id: HandoffId,
    body: Flag,
    rep: Rep = Depends(rep_for_change),
    session: Session = SessionDep,
) -> dict[str, Any]:
    """Flag a bot answer in this handoff's conversation as wrong, stale or missing."""
    handoff = _found(session, handoff_id)
    messages = conversation_store.list_messages(session, conversation_id=handoff.conversation_id)
    if body.message_id not in {m.id for m in messages}:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such message in this conversation")
    try:
        created = flag_store.flag_message(
            session, message_id=body.message_id, rep_id=rep.id, kind=body.kind, note=body.note
        )
    except LookupError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    return {"flag": flag_store.flag_to_dict(created)}
