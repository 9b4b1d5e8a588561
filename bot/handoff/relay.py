"""The live relay between a rep's console and the buyer's widget.

Each change is committed first and pushed after, so a buyer who reacts to a push always finds
the database already in the new mode (e.g. no bot reply after a rep has joined).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import Database
from bot.handoff import notify
from bot.models import Handoff, HandoffStatus, Outcome, Rep, Sender
from bot.realtime import RelayTransport, buyer_facing_rep
from bot.store import conversations as conversation_store
from bot.store import handoffs as handoff_store
from bot.store import inbox as inbox_store
from bot.store import reps as rep_store

__all__ = ["Change", "NotYours", "Relay"]


def rep_signature(rep: Rep) -> dict[str, Any]:
    """How a rep appears on their messages in the widget and the transcript."""
    return {"id": rep.id, "name": rep.name, "role": rep.role, "photo_url": rep_store.photo_url(rep)}


def _who(rep: Rep) -> str:
    return f"{rep.name} ({rep.role})" if rep.role else rep.name


@dataclass
class Change:
    """What one rep action did: the handoff now, the buyer-visible note, the buyer's mode."""

    handoff: dict[str, Any]
    note: dict[str, Any] | None
    mode: str


class NotYours(Exception):
    """The rep does not hold this conversation."""


def _end_text(handoff: Handoff, rep: Rep, was_active: bool, closed: bool) -> tuple[str, str]:
    """What the buyer reads when a rep hands back or closes, and the event it records."""
    if was_active and closed:
        return (
            f"{rep.name} has left the conversation. Thank you for talking with us; "
            "the assistant is still here if you need anything.",
            "rep_left",
        )
    if was_active:
        return (
            f"{rep.name} has handed you back to the assistant. Ask me anything, or "
            "ask for a person again at any time.",
            "rep_left",
        )
    # The buyer was still waiting: say the request ended rather than silently switching back.
    follow_up = f" We'll follow up at {handoff.buyer_email}." if handoff.buyer_email else ""
    return (
        f"{rep.name} from our team has closed your request to talk to a person.{follow_up} "
        "The assistant is still here, and you can ask for a person again at any time.",
        "request_closed",
    )


class Relay:
    """Rep actions on a handoff: each one unit of work in a worker thread, then its pushes."""

    def __init__(self, settings: Settings, db: Database, realtime: RelayTransport) -> None:
        self.settings = settings
        self.db = db
        self.realtime = realtime

    # --- actions ---------------------------------------------------------------------------

    async def claim(self, handoff_id: int, rep_id: int) -> Change:
        change = await self.db.run(self._claim, handoff_id, rep_id)
        await self._push(change)
        return change

    async def send(self, handoff_id: int, rep_id: int, text: str) -> dict[str, Any]:
        conversation_id, message = await self.db.run(self._send, handoff_id, rep_id, text)
        await self.realtime.to_conversation(conversation_id, message)
        await self.realtime.to_console(
            "rep_message",
            {"conversation_id": conversation_id, "handoff_id": handoff_id, "message": message},
        )
        return message

    async def release(self, handoff_id: int, rep_id: int) -> Change:
        change = await self.db.run(self._release, handoff_id, rep_id)
        await self._push(change)
        return change

    async def close(self, handoff_id: int, rep_id: int, outcome: Outcome) -> Change:
        change = await self.db.run(self._close, handoff_id, rep_id, outcome)
        await self._push(change)
        return change

    async def reassign(
        self,
        handoff_id: int,
        rep_id: int,
        to_rep_id: int | None = None,
        to_email: str | None = None,
    ) -> Change:
        """To the active rep named by id or, failing that, by email (LookupError otherwise)."""
        change, target_id = await self.db.run(
            self._reassign, handoff_id, rep_id, to_rep_id, to_email
        )
        await self._push(change)
        await self.realtime.to_rep(target_id, "handoff_assigned", {"handoff": change.handoff})
        notify.deliver_in_background(self.settings, handoff_id, event="handoff.reassigned")
        return change

    async def record_outcome(self, handoff_id: int, rep_id: int, outcome: Outcome) -> Change:
        """A handed-back conversation's outcome: consoles hear of it, the buyer hears nothing."""
        change = await self.db.run(self._record_outcome, handoff_id, rep_id, outcome)
        await self.realtime.to_console("handoff_updated", {"handoff": change.handoff})
        return change

    async def add_private_note(self, handoff_id: int, rep_id: int, text: str) -> dict[str, Any]:
        """A note for reps only: stored apart from the messages and pushed only to consoles
        that may see the conversation, never to the buyer's room."""
        note = await self.db.run(self._add_private_note, handoff_id, rep_id, text)
        await self.realtime.to_console(
            "rep_note", {"conversation_id": note["conversation_id"], "note": note}
        )
        return note

    async def rep_typing(
        self, conversation_id: str, rep_id: int, rep_name: str, typing: bool
    ) -> bool:
        """Show the buyer that the rep is typing, only from the rep who has the conversation."""
        if not await self.db.run(self._holds, conversation_id, rep_id):
            return False
        await self.realtime.to_conversation_event(
            conversation_id, "rep_typing", {"typing": typing, "name": rep_name}
        )
        return True

    def _holds(self, conversation_id: str, rep_id: int) -> bool:
        with self.db.session() as session:
            handoff = handoff_store.open_handoff_for(session, conversation_id=conversation_id)
            return (
                handoff is not None
                and handoff.status == HandoffStatus.ACTIVE
                and handoff.rep_id == rep_id
            )

    # --- database work (worker threads) -------------------------------------------------------

    def _note(
        self, session: Session, handoff: Handoff, rep: Rep, text: str, event: str
    ) -> dict[str, Any]:
        """A line the buyer sees about who joined or left; stored, so it is in the transcript."""
        message = conversation_store.add_message(
            session,
            conversation_id=handoff.conversation_id,
            sender=Sender.BOT,
            text=text,
            payload={"custom": {"event": event, "rep": rep_signature(rep)}},
        )
        return conversation_store.message_to_dict(message)

    def _rep(self, session: Session, rep_id: int) -> Rep:
        rep = rep_store.get_rep(session, rep_id=rep_id)
        if rep is None:
            raise LookupError(f"no rep {rep_id}")
        return rep

    def _claim(self, handoff_id: int, rep_id: int) -> Change:
        with self.db.session() as session:
            try:
                handoff = handoff_store.claim(session, handoff_id=handoff_id, rep_id=rep_id)
            except handoff_store.HandoffConflict:
                # The same rep clicking again (the first click was slow to answer) already has
                # it: say so, without a second "has joined" for the buyer.
                handoff = handoff_store.get_handoff(session, handoff_id=handoff_id)
                if (
                    handoff is None
                    or handoff.status != HandoffStatus.ACTIVE
                    or handoff.rep_id != rep_id
                ):
                    raise
                return Change(handoff_store.handoff_to_dict(handoff), None, "with_rep")
            rep = self._rep(session, rep_id)
            text = f"{_who(rep)} has joined the conversation and can see everything so far."
            note = self._note(session, handoff, rep, text, "rep_joined")
            return Change(handoff_store.handoff_to_dict(handoff), note, "with_rep")

    def _send(self, handoff_id: int, rep_id: int, text: str) -> tuple[str, dict[str, Any]]:
        with self.db.session() as session:
            handoff = handoff_store.get_handoff(session, handoff_id=handoff_id)
            if handoff is None:
                raise LookupError(f"no handoff {handoff_id}")
            if handoff.status != HandoffStatus.ACTIVE or handoff.rep_id != rep_id:
                raise NotYours("claim this conversation before replying")
            rep = self._rep(session, rep_id)
            message = conversation_store.add_message(
                session,
                conversation_id=handoff.conversation_id,
                sender=Sender.REP,
                text=text,
                meta={"rep": rep_signature(rep)},
            )
            return handoff.conversation_id, conversation_store.message_to_dict(message)

    def _release(self, handoff_id: int, rep_id: int) -> Change:
        return self._end(handoff_id, rep_id, outcome=None)

    def _close(self, handoff_id: int, rep_id: int, outcome: Outcome) -> Change:
        return self._end(handoff_id, rep_id, outcome=outcome)

    def _end(self, handoff_id: int, rep_id: int, outcome: Outcome | None) -> Change:
        """Release (no outcome) or close; the buyer is always told, even if still waiting."""
        with self.db.session() as session:
            was_active = self._was_active(session, handoff_id)
            rep = self._rep(session, rep_id)
            if outcome is None:
                handoff = handoff_store.release(
                    session, handoff_id=handoff_id, rep_id=rep_id, is_lead=rep.is_lead
                )
            else:
                handoff = handoff_store.close(
                    session,
                    handoff_id=handoff_id,
                    rep_id=rep_id,
                    outcome=outcome,
                    is_lead=rep.is_lead,
                )
            text, event = _end_text(handoff, rep, was_active, closed=outcome is not None)
            note = self._note(session, handoff, rep, text, event)
            return Change(handoff_store.handoff_to_dict(handoff), note, "bot")

    def _record_outcome(self, handoff_id: int, rep_id: int, outcome: Outcome) -> Change:
        with self.db.session() as session:
            rep = self._rep(session, rep_id)
            handoff = handoff_store.record_outcome(
                session, handoff_id=handoff_id, rep_id=rep_id, outcome=outcome, is_lead=rep.is_lead
            )
            mode = handoff.conversation.mode.value
            return Change(handoff_store.handoff_to_dict(handoff), None, mode)

    def _add_private_note(self, handoff_id: int, rep_id: int, text: str) -> dict[str, Any]:
        with self.db.session() as session:
            handoff = handoff_store.get_handoff(session, handoff_id=handoff_id)
            if handoff is None:
                raise LookupError(f"no handoff {handoff_id}")
            note = inbox_store.add_note(session, handoff=handoff, rep_id=rep_id, text=text)
            return inbox_store.note_to_dict(note)

    def _target(self, session: Session, rep_id: int | None, email: str | None) -> Rep:
        target = None
        if rep_id is not None:
            target = rep_store.get_rep(session, rep_id=rep_id)
        elif email:
            target = rep_store.get_rep_by_email(session, email=email)
        if target is None or not target.active:
            raise LookupError("no active rep with that id or email")
        return target

    def _reassign(
        self, handoff_id: int, rep_id: int, to_rep_id: int | None, to_email: str | None
    ) -> tuple[Change, int]:
        with self.db.session() as session:
            target = self._target(session, to_rep_id, to_email)
            was_active = self._was_active(session, handoff_id)
            rep = self._rep(session, rep_id)
            handoff = handoff_store.reassign(
                session,
                handoff_id=handoff_id,
                rep_id=rep_id,
                to_rep_id=target.id,
                is_lead=rep.is_lead,
            )
            note = None
            if was_active:
                text = (
                    f"{rep.name} has asked {_who(target)} to take over. {target.name} will "
                    "see the whole conversation so far."
                )
                note = self._note(session, handoff, rep, text, "rep_reassigned")
            change = Change(handoff_store.handoff_to_dict(handoff), note, "waiting_for_rep")
            return change, target.id

    def _was_active(self, session: Session, handoff_id: int) -> bool:
        handoff = handoff_store.get_handoff(session, handoff_id=handoff_id)
        if handoff is None:
            raise LookupError(f"no handoff {handoff_id}")
        return handoff.status == HandoffStatus.ACTIVE

    # --- pushes ----------------------------------------------------------------------------

    async def _push(self, change: Change) -> None:
        conversation_id = change.handoff["conversation_id"]
        # The buyer learns who is coming, never the rep's email or id.
        rep = buyer_facing_rep(change.handoff.get("rep"))
        await self.realtime.to_conversation_event(
            conversation_id, "mode", {"mode": change.mode, "rep": rep}
        )
        if change.note:
            await self.realtime.to_conversation(conversation_id, change.note)
        await self.realtime.to_console("handoff_updated", {"handoff": change.handoff})
