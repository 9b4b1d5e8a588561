"""Small builders for handoff tests: reps, conversations with a few real messages, summaries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.db import session_scope
from bot.dialogue.profile import BuyerProfile
from bot.dialogue.summary import DecisionSummary, Finding, build_summary
from bot.models import Sender
from bot.store import conversations as conversation_store
from bot.store import reps as rep_store

PASSWORD = "correct horse battery staple"
ALWAYS = {"days": [0, 1, 2, 3, 4, 5, 6], "start": "00:00", "end": "23:59"}
NEVER = {"days": [], "start": "09:00", "end": "17:00"}

SOURCE = {
    "title": "Tessellate vs Northwind",
    "url": "https://tessellate.example/compare/northwind",
    "path": "compare/northwind.md",
    "heading": "Pricing",
}

# The competitors the content knows (as the action reads them from the pages' metadata).
KNOWN_COMPETITORS = ("Northwind", "Pipit", "Ordinal")


def make_summary(
    *,
    findings: Sequence[Finding] = (),
    questions_asked: Sequence[str] = (),
    sources_shown: Sequence[dict[str, Any]] = (),
    open_questions: Sequence[str] = (),
    **profile: str,
) -> DecisionSummary:
    """A summary built the way the action builds it: from the buyer's profile (slot values)."""
    return build_summary(
        BuyerProfile.from_slots(profile),
        findings,
        questions_asked,
        sources_shown,
        open_questions,
        known_competitors=KNOWN_COMPETITORS,
    )


def summary_json(**kwargs: Any) -> dict[str, Any]:
    """What the action passes to ``request_handoff``: the summary's JSON."""
    return make_summary(**kwargs).to_json()


def add_rep(
    database_url: str,
    email: str,
    *,
    name: str | None = None,
    role: str = "Account Executive",
    expertise: list[str] | None = None,
    hours: dict[str, Any] | None = None,
    timezone: str = "UTC",
    online_at: datetime | None = None,
    password: str | None = PASSWORD,
    lead: bool = False,
) -> int:
    with session_scope(database_url) as session:
        rep, _ = rep_store.upsert_rep(
            session,
            email=email,
            name=name or email.split("@")[0].replace(".", " ").title(),
            role=role,
            photo="priya-raman.svg",
            expertise=expertise or [],
            timezone=timezone,
            working_hours=hours or ALWAYS,
            is_lead=lead,
            password=password,
        )
        if online_at is not None:
            rep_store.touch_presence(session, rep_id=rep.id, at=online_at)
        return rep.id


def add_conversation(
    database_url: str, *, buyer_text: str = "Can I talk to a person?"
) -> tuple[str, str]:
    """A conversation with a buyer question and a bot answer citing a source."""
    with session_scope(database_url) as session:
        conversation, token = conversation_store.create_conversation(session)
        conversation_store.add_message(
            session,
            conversation_id=conversation.id,
            sender=Sender.BUYER,
            text="How does your price compare with Northwind?",
        )
        conversation_store.add_message(
            session,
            conversation_id=conversation.id,
            sender=Sender.BOT,
            text="Northwind costs more for small teams.",
            sources=[SOURCE],
        )
        conversation_store.add_message(
            session, conversation_id=conversation.id, sender=Sender.BUYER, text=buyer_text
        )
        assert token is not None
        return conversation.id, token
