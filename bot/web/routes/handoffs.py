"""The rep API: the handoff queue, one handoff with its transcript, and the relay actions.

One unit of work per request, in one of two styles and never both: reading endpoints (and a
flag, which pushes nothing) are plain functions on the request's session (``SessionDep``,
committed before the response); changes a buyer or other consoles must see go through the
``Relay``, which commits its own unit of work in a worker thread and only then pushes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, status
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from bot.buyer_input import clean_text
from bot.dialogue.summary import DecisionSummary, shown_fields
from bot.handoff.relay import NotYours
from bot.handoff.transcript import transcript_json, transcript_markdown
from bot.models import MAX_ROW_ID, FlagKind, Handoff, Outcome
from bot.store import conversations as conversation_store
from bot.store import flags as flag_store
from bot.store import handoffs as handoff_store
from bot.store import inbox as inbox_store
from bot.web.auth import CurrentRep, RepForChange
from bot.web.deps import RelayDep, SessionDep, SettingsDep
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


class OutcomeOnly(BaseModel):
    outcome: Outcome


class Note(BaseModel):
    text: str


class Read(BaseModel):
    """The newest message the console has shown (none: everything stored so far)."""

    message_id: RowId | None = None


class Flag(BaseModel):
    message_id: RowId
    kind: FlagKind
    note: str = ""


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
    rep: CurrentRep,
    session: SessionDep,
    view: Annotated[Literal["waiting", "mine", "all"], Query(alias="status")] = "waiting",
) -> dict[str, Any]:
    """``?status=waiting`` (the queue), ``mine`` (open, assigned to me) or ``all``.

    With the waiting and mine counts, so one request refreshes the console's whole queue.
    """
    handoffs = handoff_store.list_handoffs(session, view=view, rep_id=rep.id)
    unread = inbox_store.unread_counts(
        session, rep_id=rep.id, conversation_ids=[h.conversation_id for h in handoffs]
    )
    rows = [
        {**handoff_store.handoff_to_dict(h), "unread": unread.get(h.conversation_id, 0)}
        for h in handoffs
    ]
    return {
        "status": view,
        "handoffs": rows,
        "counts": handoff_store.queue_counts(session, rep_id=rep.id),
    }


@router.get("/{handoff_id}")
def detail(handoff_id: HandoffId, _: CurrentRep, session: SessionDep) -> dict[str, Any]:
    """Summary first, then the whole transcript, with the flags reps raised on bot answers."""
    handoff = _found(session, handoff_id)
    conversation = handoff.conversation
    messages = conversation_store.list_messages(session, conversation_id=conversation.id)
    flags = flag_store.flags_for_conversation(session, conversation_id=conversation.id)
    notes = inbox_store.notes_for_conversation(session, conversation_id=conversation.id)
    data = handoff_store.handoff_to_dict(handoff)
    return {
        "handoff": data,
        # The summary fields the console shows (the summary itself keeps every field): a
        # detail the situation line already states is left out, as in the transcript export.
        "summary_shown": list(shown_fields(DecisionSummary.from_json(data["summary"]))),
        "conversation": {
            "id": conversation.id,
            "mode": conversation.mode.value,
            "channel": conversation.channel,
            "buyer_metadata": conversation.buyer_metadata or {},
        },
        "messages": [conversation_store.message_to_dict(m) for m in messages],
        "flags": [flag_store.flag_to_dict(f) for f in flags],
        "notes": [inbox_store.note_to_dict(n) for n in notes],
    }


@router.get("/{handoff_id}/transcript")
def transcript(
    handoff_id: HandoffId,
    _: CurrentRep,
    session: SessionDep,
    format: Literal["md", "json"] = "md",
) -> Any:
    handoff = _found(session, handoff_id)
    data = handoff_store.handoff_to_dict(handoff)
    messages = [
        conversation_store.message_to_dict(m)
        for m in conversation_store.list_messages(session, conversation_id=handoff.conversation_id)
    ]
    # The export is for reps: their private notes are in it (the buyer never gets an export).
    notes = [
        inbox_store.note_to_dict(n)
        for n in inbox_store.notes_for_conversation(
            session, conversation_id=handoff.conversation_id
        )
    ]
    if format == "json":
        return transcript_json(data, messages, notes)
    filename = f"candor-handoff-{handoff_id}.md"
    return PlainTextResponse(
        transcript_markdown(data, messages, notes),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@router.post("/{handoff_id}/claim")
async def claim(handoff_id: HandoffId, rep: RepForChange, relay: RelayDep) -> dict[str, Any]:
    change = await _act(relay.claim(handoff_id, rep.id))
    return {"handoff": change.handoff}


@router.post("/{handoff_id}/messages")
async def send(
    handoff_id: HandoffId,
    body: RepMessage,
    rep: RepForChange,
    relay: RelayDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    text = rejecting(clean_text, body.text, settings.max_message_chars)
    message = await _act(relay.send(handoff_id, rep.id, text))
    return {"message": message}


@router.post("/{handoff_id}/reassign")
async def reassign(
    handoff_id: HandoffId,
    body: Reassign,
    rep: RepForChange,
    relay: RelayDep,
) -> dict[str, Any]:
    """To a rep named by id or, failing that, by email (404 unless an active rep)."""
    change = await _act(
        relay.reassign(handoff_id, rep.id, to_rep_id=body.rep_id, to_email=body.email)
    )
    return {"handoff": change.handoff}


@router.post("/{handoff_id}/release")
async def release(handoff_id: HandoffId, rep: RepForChange, relay: RelayDep) -> dict[str, Any]:
    change = await _act(relay.release(handoff_id, rep.id))
    return {"handoff": change.handoff}


@router.post("/{handoff_id}/close")
async def close(
    handoff_id: HandoffId,
    body: Close,
    rep: RepForChange,
    relay: RelayDep,
) -> dict[str, Any]:
    change = await _act(relay.close(handoff_id, rep.id, body.outcome))
    return {"handoff": change.handoff}


@router.post("/{handoff_id}/outcome")
async def outcome(
    handoff_id: HandoffId,
    body: OutcomeOnly,
    rep: RepForChange,
    relay: RelayDep,
) -> dict[str, Any]:
    """The outcome of a handed-back conversation (an open one gets it when closed)."""
    change = await _act(relay.record_outcome(handoff_id, rep.id, body.outcome))
    return {"handoff": change.handoff}


@router.post("/{handoff_id}/notes", status_code=status.HTTP_201_CREATED)
async def add_note(
    handoff_id: HandoffId,
    body: Note,
    rep: RepForChange,
    relay: RelayDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """A private note on the handoff: any rep may add one; the buyer never sees it."""
    text = rejecting(clean_text, body.text, settings.max_message_chars)
    note = await _act(relay.add_private_note(handoff_id, rep.id, text))
    return {"note": note}


@router.post("/{handoff_id}/read")
def mark_read(
    handoff_id: HandoffId, body: Read, rep: RepForChange, session: SessionDep
) -> dict[str, Any]:
    """The rep has seen this conversation up to a message: its unread badge clears."""
    handoff = _found(session, handoff_id)
    conversation_id = handoff.conversation_id
    newest = inbox_store.newest_message_id(session, conversation_id=conversation_id)
    upto = newest if body.message_id is None else min(body.message_id, newest)
    inbox_store.mark_read(session, rep_id=rep.id, conversation_id=conversation_id, message_id=upto)
    unread = inbox_store.unread_counts(session, rep_id=rep.id, conversation_ids=[conversation_id])
    return {"conversation_id": conversation_id, "unread": unread.get(conversation_id, 0)}


@router.post("/{handoff_id}/flags", status_code=status.HTTP_201_CREATED)
def flag(
    handoff_id: HandoffId,
    body: Flag,
    rep: RepForChange,
    session: SessionDep,
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
