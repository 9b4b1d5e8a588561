"""Creating a handoff for the action server: route, record, tell the buyer, notify the rep.

The action server is its own process, so this opens its own database session and reads rep
presence from the database (``reps.last_seen_at``, kept fresh by open consoles).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.config import Settings, get_settings
from bot.db import database
from bot.dialogue.handoff_rules import Trigger
from bot.dialogue.summary import DecisionSummary, Source
from bot.handoff import notify
from bot.handoff.routing import Candidate, next_available, route, wanted_expertise, zone_for
from bot.models import Handoff, HandoffStatus, Rep, Sender, utcnow
from bot.store import conversations as conversation_store
from bot.store import handoffs as handoff_store
from bot.store import reps as rep_store

log = logging.getLogger(__name__)


def request_handoff(
    conversation_id: str,
    trigger: Trigger | str,
    reason: str,
    summary: DecisionSummary | Mapping[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    background: bool = True,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Hand the conversation to a named rep; returns what the action utters.

    ``{"text", "json_message": {"handoff": {"id", "status", "rep", "availability", "online"}}}``.
    ``summary`` is a :class:`DecisionSummary` or its JSON (what the action sends); the row
    stores its JSON. A conversation with an open handoff keeps it: the buyer is told who is
    already coming.
    """
    settings = settings or get_settings()
    now = now or utcnow()
    with database(settings.database_url).session() as session:
        _ensure_conversation(session, conversation_id)
        existing = handoff_store.open_handoff_for(session, conversation_id=conversation_id)
        if existing is not None:
            return _reply(existing, settings, now, already=True)
        packet = DecisionSummary.from_json(summary)
        handoff = _create(session, conversation_id, Trigger(trigger), reason, packet, now, settings)
        if not notify.has_channels(settings):
            handoff.notifications = notify.nothing_configured()
        reply = _reply(handoff, settings, now)
        handoff_id = handoff.id
    if not notify.has_channels(settings):
        return reply
    if background:
        notify.deliver_in_background(settings, handoff_id)
    else:
        notify.deliver(settings, handoff_id)
    return reply


def _ensure_conversation(session: Session, conversation_id: str) -> None:
    """Conversations started outside the gateway (rasa shell, rasa test) get a record too."""
    if conversation_store.get_conversation(session, conversation_id=conversation_id) is None:
        conversation_store.create_conversation(
            session, channel="rasa", conversation_id=conversation_id, with_token=False
        )


def _create(
    session: Session,
    conversation_id: str,
    trigger: Trigger,
    reason: str,
    summary: DecisionSummary,
    now: datetime,
    settings: Settings,
) -> Handoff:
    summary = complete_summary(session, conversation_id, summary)
    roster = rep_store.list_reps(session, active_only=True)
    counts = handoff_store.open_counts(session)
    candidates = [_candidate(rep, counts, now, settings) for rep in roster]
    known_tags = {tag for rep in roster for tag in rep.expertise or []}
    wanted = wanted_expertise(trigger, summary, known_tags, reason=reason)
    decision = route(candidates, wanted, now)
    return handoff_store.create_handoff(
        session,
        conversation_id=conversation_id,
        trigger=trigger.value,
        reason=reason,
        summary=summary.to_json(),
        rep_id=decision.rep_id,
        routing=decision.as_dict(),
    )


def _candidate(rep: Rep, counts: dict[int, int], now: datetime, settings: Settings) -> Candidate:
    return Candidate(
        id=rep.id,
        name=rep.name,
        expertise=frozenset(rep.expertise or []),
        timezone=rep.timezone,
        working_hours=rep.working_hours or {},
        online=rep_store.is_online(rep, now=now, ttl_s=settings.presence_ttl_s),
        open_handoffs=counts.get(rep.id, 0),
        last_assigned_at=rep.last_assigned_at,
    )


def complete_summary(
    session: Session, conversation_id: str, summary: DecisionSummary
) -> DecisionSummary:
    """Fill what the dialogue did not collect from the log itself (sources, questions)."""
    messages = conversation_store.list_messages(session, conversation_id=conversation_id)
    filled: dict[str, Any] = {}
    if not summary.sources_shown:
        shown: list[Source] = []
        for message in messages:
            for raw in message.sources or []:
                source = Source.model_validate(raw) if isinstance(raw, Mapping) else None
                if source is not None and source not in shown:
                    shown.append(source)
        filled["sources_shown"] = shown
    if not summary.questions_asked:
        filled["questions_asked"] = [
            m.text for m in messages if m.sender == Sender.BUYER and "?" in m.text
        ][-8:]
    return summary.model_copy(update=filled)


def _first_name(rep: Rep) -> str:
    return rep.name.split()[0] if rep.name else "They"


def availability_text(rep: Rep, now: datetime, online: bool) -> str | None:
    """When the rep can answer, said plainly in their own time zone."""
    if online:
        return "Online now"
    when = next_available(rep.working_hours or {}, rep.timezone, now)
    if when is None:
        return "Not online, and no working hours set"
    if when <= now:
        return f"Not at the console right now (within working hours, {rep.timezone} time)"
    local = when.astimezone(zone_for(rep.timezone))
    today = now.astimezone(local.tzinfo).date()
    day = "today" if local.date() == today else local.strftime("%A")
    hours = max(1, round((when - now).total_seconds() / 3600))
    return f"Next available {day} at {local:%H:%M} ({rep.timezone} time), in about {hours} h"


def _reply(handoff: Handoff, settings: Settings, now: datetime, already: bool = False) -> dict:
    rep = handoff.rep
    online = rep is not None and rep_store.is_online(rep, now=now, ttl_s=settings.presence_ttl_s)
    availability = availability_text(rep, now, online) if rep else None
    text = _buyer_text(handoff, rep, online, availability, already)
    data = {
        "id": handoff.id,
        "status": handoff.status.value,
        "trigger": handoff.trigger,
        "reason": handoff.reason,
        "rep": rep_store.rep_to_public(rep) if rep else None,
        "availability": availability,
        "online": online,
    }
    return {"text": text, "json_message": {"handoff": data}}


def _buyer_text(
    handoff: Handoff, rep: Rep | None, online: bool, availability: str | None, already: bool
) -> str:
    if rep is None:
        return (
            "I've asked for a person from our team. Nobody is assigned yet, but your request "
            "is in the queue, and whoever takes it will see our whole conversation so far. If "
            "you leave your email address here, they can follow up by email."
        )
    who = f"{rep.name}, {rep.role}" if rep.role else rep.name
    first = _first_name(rep)
    if already and handoff.status == HandoffStatus.ACTIVE:
        return f"{who} already has this conversation and sees everything we've said."
    opening = f"You're already in the queue for {who}." if already else f"I'm bringing in {who}."
    sees = f" {first} will see our whole conversation so far, so you won't need to repeat yourself."
    if online:
        return opening + sees + f" {first} is online and will join here shortly."
    return (
        opening
        + sees
        + f" To be honest, {first} isn't online right now. {availability}. If you leave your "
        f"email address here, {first} will follow up by email; your request stays in the queue."
    )
