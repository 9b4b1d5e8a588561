"""What a buyer waiting for a person is told: who is coming, when, and the email on file.

Read from the database by the action server, so "when will they get back to me?" gets the
assigned rep's real availability, and an email address the buyer leaves is confirmed only once
the gateway has stored it on the handoff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.config import Settings
from bot.db import database
from bot.models import HandoffStatus, utcnow
from bot.store import handoffs as handoff_store
from bot.store import reps as rep_store


@dataclass(frozen=True)
class WaitingStatus:
    """An open handoff as the buyer sees it."""

    status: str  # "waiting" (nobody has picked it up) or "active" (a rep has the conversation)
    rep_name: str | None
    rep_role: str | None
    availability: str | None  # "Online now", "Next available Monday at 09:00 ..." or None
    online: bool
    buyer_email: str | None

    @property
    def first_name(self) -> str:
        return self.rep_name.split()[0] if self.rep_name else "someone from our team"


def waiting_status(
    conversation_id: str, settings: Settings, now: datetime | None = None
) -> WaitingStatus | None:
    """The open handoff of this conversation, or None when nobody has been asked for."""
    from bot.handoff.service import availability_text

    now = now or utcnow()
    with database(settings.database_url).session() as session:
        handoff = handoff_store.open_handoff_for(session, conversation_id=conversation_id)
        if handoff is None:
            return None
        rep = handoff.rep
        online = rep is not None and rep_store.is_online(
            rep, now=now, ttl_s=settings.presence_ttl_s
        )
        return WaitingStatus(
            status="active" if handoff.status == HandoffStatus.ACTIVE else "waiting",
            rep_name=rep.name if rep else None,
            rep_role=rep.role if rep else None,
            availability=availability_text(rep, now, online) if rep else None,
            online=online,
            buyer_email=handoff.buyer_email,
        )
