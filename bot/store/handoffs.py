"""Handoffs: creation, the queue, and the state changes reps make (atomically where it counts).

State changes that two reps could race on are single conditional UPDATEs (``... WHERE status =
'waiting'``), so the database decides who wins and the loser sees zero rows changed.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.models import (
    OPEN_HANDOFF_STATUSES,
    Conversation,
    Handoff,
    HandoffStatus,
    Mode,
    Outcome,
    Rep,
    utcnow,
)
from bot.store.reps import rep_to_public

EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


class HandoffConflict(Exception):
    """The handoff is not in a state that allows this change (someone else got there first)."""


def get_handoff(session: Session, *, handoff_id: int) -> Handoff | None:
    return session.get(Handoff, handoff_id)


def open_handoff_for(session: Session, *, conversation_id: str) -> Handoff | None:
    """The conversation's waiting or active handoff, if any (there is at most one)."""
    return session.scalar(
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id)
        .where(Handoff.status.in_(OPEN_HANDOFF_STATUSES))
        .order_by(Handoff.id.desc())
        .limit(1)
    )


def open_counts(session: Session) -> dict[int, int]:
    """Open handoffs per rep id, for routing by load."""
    rows = session.execute(
        select(Handoff.rep_id, func.count())
        .where(Handoff.status.in_(OPEN_HANDOFF_STATUSES))
        .where(Handoff.rep_id.is_not(None))
        .group_by(Handoff.rep_id)
    )
    return {rep_id: count for rep_id, count in rows}


def create_handoff(
    session: Session,
    *,
    conversation_id: str,
    trigger: str,
    reason: str,
    summary: dict[str, Any],
    rep_id: int | None,
    routing: dict[str, Any],
) -> Handoff:
    """Queue a handoff and put the conversation in waiting_for_rep mode."""
    handoff = Handoff(
        conversation_id=conversation_id,
        trigger=trigger,
        reason=reason,
        summary=summary,
        rep_id=rep_id,
        routing=routing,
        status=HandoffStatus.WAITING,
    )
    session.add(handoff)
    if rep_id is not None:
        session.execute(update(Rep).where(Rep.id == rep_id).values(last_assigned_at=utcnow()))
    _set_mode(session, conversation_id, Mode.WAITING_FOR_REP)
    session.flush()
    return handoff


def _set_mode(session: Session, conversation_id: str, mode: Mode) -> None:
    session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id)
        .values(mode=mode, updated_at=utcnow())
    )


def list_handoffs(session: Session, *, view: str, rep_id: int | None = None) -> list[Handoff]:
    """``waiting`` (the queue), ``mine`` (open and assigned to rep_id) or ``all`` (newest first)."""
    query = select(Handoff)
    if view == "waiting":
        query = query.where(Handoff.status == HandoffStatus.WAITING).order_by(Handoff.created_at)
    elif view == "mine":
        query = (
            query.where(Handoff.rep_id == rep_id)
            .where(Handoff.status.in_(OPEN_HANDOFF_STATUSES))
            .order_by(Handoff.created_at)
        )
    else:
        query = query.order_by(Handoff.id.desc()).limit(200)
    return list(session.scalars(query))


def queue_counts(session: Session, *, rep_id: int) -> dict[str, int]:
    """How many handoffs wait in the queue, and how many open ones are this rep's."""
    waiting = session.scalar(
        select(func.count()).select_from(Handoff).where(Handoff.status == HandoffStatus.WAITING)
    )
    mine = session.scalar(
        select(func.count())
        .select_from(Handoff)
        .where(Handoff.rep_id == rep_id)
        .where(Handoff.status.in_(OPEN_HANDOFF_STATUSES))
    )
    return {"waiting": waiting or 0, "mine": mine or 0}


def claim(session: Session, *, handoff_id: int, rep_id: int) -> Handoff:
    """Take a waiting handoff. Exactly one of two concurrent claims wins; the other conflicts."""
    now = utcnow()
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id)
        .where(Handoff.status == HandoffStatus.WAITING)
        .values(status=HandoffStatus.ACTIVE, rep_id=rep_id, claimed_at=now, updated_at=now)
    )
    if result.rowcount != 1:
        raise HandoffConflict("this handoff is no longer waiting (someone claimed or closed it)")
    handoff = _reload(session, handoff_id)
    _set_mode(session, handoff.conversation_id, Mode.WITH_REP)
    return handoff


def _reload(session: Session, handoff_id: int) -> Handoff:
    handoff = session.get(Handoff, handoff_id, populate_existing=True)
    assert handoff is not None
    return handoff


class NotAllowed(HandoffConflict):
    """The rep may not do this: the handoff is another rep's and they are not a lead."""


def _may_change(rep_id: int, is_lead: bool):
    """Who may release, close or reassign an open handoff: its rep (waiting or active) or a lead.

    A waiting handoff nobody is assigned to is a lead's to end; any rep may still claim it.
    """
    is_open = Handoff.status.in_(OPEN_HANDOFF_STATUSES)
    return is_open if is_lead else is_open & (Handoff.rep_id == rep_id)


def _refusal(session: Session, handoff_id: int, action: str) -> Exception:
    """Why a conditional update changed nothing: gone, no longer open, or not this rep's."""
    handoff = session.get(Handoff, handoff_id, populate_existing=True)
    if handoff is None:
        return LookupError(f"no handoff {handoff_id}")
    if handoff.status not in OPEN_HANDOFF_STATUSES:
        return HandoffConflict(f"this handoff is already {handoff.status.value}")
    return NotAllowed(f"only the rep this handoff is assigned to, or a lead, can {action} it")


def _end(
    session: Session,
    *,
    handoff_id: int,
    rep_id: int,
    status: HandoffStatus,
    outcome: Outcome | None = None,
    is_lead: bool = False,
) -> Handoff:
    """Hand back or close: the handoff's own rep (waiting or active) or a lead."""
    now = utcnow()
    values: dict[str, Any] = {"status": status, "ended_at": now, "updated_at": now}
    if outcome is not None:
        values["outcome"] = outcome
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id)
        .where(_may_change(rep_id, is_lead))
        .values(**values)
    )
    if result.rowcount != 1:
        raise _refusal(session, handoff_id, "close" if outcome is not None else "release")
    handoff = _reload(session, handoff_id)
    _set_mode(session, handoff.conversation_id, Mode.BOT)
    return handoff


def release(session: Session, *, handoff_id: int, rep_id: int, is_lead: bool = False) -> Handoff:
    """Hand the conversation back to the bot."""
    return _end(
        session,
        handoff_id=handoff_id,
        rep_id=rep_id,
        status=HandoffStatus.RELEASED,
        is_lead=is_lead,
    )


def close(
    session: Session, *, handoff_id: int, rep_id: int, outcome: Outcome, is_lead: bool = False
) -> Handoff:
    return _end(
        session,
        handoff_id=handoff_id,
        rep_id=rep_id,
        status=HandoffStatus.CLOSED,
        outcome=outcome,
        is_lead=is_lead,
    )


def record_outcome(
    session: Session, *, handoff_id: int, rep_id: int, outcome: Outcome, is_lead: bool = False
) -> Handoff:
    """The outcome of a handed-back conversation: the deal goes on after the bot has the buyer
    again, so its rep (or a lead) may still say how it ended. Nothing changes for the buyer:
    the conversation's mode is left alone (the buyer may already be waiting for a person again).
    """
    may = Handoff.status == HandoffStatus.RELEASED
    if not is_lead:
        may = may & (Handoff.rep_id == rep_id)
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id)
        .where(may)
        .values(outcome=outcome, updated_at=utcnow())
    )
    if result.rowcount != 1:
        handoff = session.get(Handoff, handoff_id, populate_existing=True)
        if handoff is None:
            raise LookupError(f"no handoff {handoff_id}")
        if handoff.status != HandoffStatus.RELEASED:
            raise HandoffConflict(
                f"this handoff is {handoff.status.value}: an open one gets its outcome when closed"
            )
        raise NotAllowed("only the rep who handed it back, or a lead, can record its outcome")
    return _reload(session, handoff_id)


def reassign(
    session: Session, *, handoff_id: int, rep_id: int, to_rep_id: int, is_lead: bool = False
) -> Handoff:
    """Give the handoff to another rep; it waits in the queue for them to claim it."""
    now = utcnow()
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id)
        .where(_may_change(rep_id, is_lead))
        .values(status=HandoffStatus.WAITING, rep_id=to_rep_id, claimed_at=None, updated_at=now)
    )
    if result.rowcount != 1:
        raise _refusal(session, handoff_id, "reassign")
    session.execute(update(Rep).where(Rep.id == to_rep_id).values(last_assigned_at=now))
    handoff = _reload(session, handoff_id)
    _set_mode(session, handoff.conversation_id, Mode.WAITING_FOR_REP)
    return handoff


def visible_to(session: Session, *, conversation_id: str) -> tuple[bool, int | None]:
    """Whether reps may see this conversation (it was handed off), and its open handoff's rep."""
    handed_off = session.scalar(
        select(Handoff.id).where(Handoff.conversation_id == conversation_id).limit(1)
    )
    if handed_off is None:
        return False, None
    handoff = open_handoff_for(session, conversation_id=conversation_id)
    return True, handoff.rep_id if handoff else None


def record_notification(
    session: Session, *, handoff_id: int, channel: str, status: str, detail: str = ""
) -> None:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        return
    entry = {"status": status, "detail": detail, "at": utcnow().isoformat()}
    handoff.notifications = {**(handoff.notifications or {}), channel: entry}
    session.flush()


def record_buyer_email(session: Session, *, conversation_id: str, text: str) -> str | None:
    """Keep an email address the buyer gives while waiting, so the rep can follow up."""
    match = EMAIL_PATTERN.search(text)
    if not match:
        return None
    handoff = open_handoff_for(session, conversation_id=conversation_id)
    if handoff is None:
        return None
    handoff.buyer_email = match.group(0)
    session.flush()
    return handoff.buyer_email


def handoff_to_dict(handoff: Handoff, *, now: datetime | None = None) -> dict[str, Any]:
    """The API shape of a handoff (queue rows and the detail view share it)."""
    now = now or utcnow()
    ended = handoff.claimed_at or handoff.ended_at or now
    return {
        "id": handoff.id,
        "conversation_id": handoff.conversation_id,
        "status": handoff.status.value,
        "trigger": handoff.trigger,
        "reason": handoff.reason,
        "rep": rep_to_public(handoff.rep) if handoff.rep else None,
        "summary": handoff.summary or {},
        "routing": handoff.routing or {},
        "notifications": handoff.notifications or {},
        "buyer_email": handoff.buyer_email,
        "outcome": handoff.outcome.value if handoff.outcome else None,
        "created_at": handoff.created_at.isoformat(),
        "claimed_at": handoff.claimed_at.isoformat() if handoff.claimed_at else None,
        "ended_at": handoff.ended_at.isoformat() if handoff.ended_at else None,
        "wait_seconds": max(0, int((ended - handoff.created_at).total_seconds())),
    }
