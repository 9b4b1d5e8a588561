"""The buyer side of a conversation: store, route to Rasa or to the rep, store the replies.

Shared by the REST API and the socket.io channel so both behave the same. Each database write
is its own short unit of work in a worker thread; no connection is held while Rasa thinks.
The buyer's message is committed before Rasa is called and the replies after, each exactly
once: a client that retries with the same message id gets the stored turn back, and Rasa never
sees the message twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError
from tenacity import AsyncRetrying, retry_if_exception, stop_after_delay, wait_exponential

from bot.buyer_input import typed_text_for_rasa
from bot.config import Settings
from bot.db import Database
from bot.models import Mode, TurnState
from bot.query_prefetch import QueryPrefetcher
from bot.rasa_client import RasaClient, RasaUnavailable, group_replies
from bot.realtime import Realtime
from bot.store import conversations as store
from bot.store import turns as turn_store
from bot.store.turns import RecordedTurn, ReplyDraft
from bot.turn_gate import ConversationBusy, SharedLocks, TurnGate

log = logging.getLogger(__name__)
T = TypeVar("T")

TROUBLE_TEXT = (
    "I'm having trouble right now and can't answer properly. Your message is saved; "
    "please try again in a minute, or ask for a person and someone from our team will reply."
)

__all__ = ["TROUBLE_TEXT", "ChatService", "ConversationBusy", "Realtime", "Turn"]


@dataclass
class Turn:
    """What one buyer message produced."""

    buyer_message: dict[str, Any]
    replies: list[dict[str, Any]]
    mode: str
    repeated: bool = False  # a retry of a message already handled: nothing new happened


def _is_transient(error: BaseException) -> bool:
    """A database that is briefly away (restarting, locked, connection dropped)."""
    return isinstance(error, DBAPIError) and (
        error.connection_invalidated
        or type(error).__name__ in ("OperationalError", "InterfaceError")
    )


class ChatService:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        rasa: RasaClient,
        realtime: Realtime,
        prefetcher: QueryPrefetcher | None = None,
        shared_locks: SharedLocks | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.rasa = rasa
        self.realtime = realtime
        self.prefetcher = prefetcher
        self.gate = TurnGate(settings.max_turns_in_flight, shared_locks)

    async def handle_buyer_message(
        self,
        conversation_id: str,
        text: str,
        metadata: dict[str, Any] | None = None,
        quick_reply: str | None = None,
        client_id: str | None = None,
    ) -> Turn:
        """Store and route one buyer message; raises ConversationBusy when its queue is full.

        ``quick_reply`` is the payload of a button the buyer clicked ("/affirm"): Rasa gets the
        payload, while the transcript keeps the button title the buyer actually saw.
        """
        async with self.gate.turn(conversation_id):
            recorded = await self._db(
                self._record, conversation_id, text, metadata or {}, quick_reply, client_id
            )
            if recorded.repeated:
                return await self._repeat(conversation_id, recorded)
            buyer_message = store.message_to_dict(recorded.buyer_message)
            # Consoles hear of the message while Rasa thinks (the push first looks up who may
            # see it); it is done before the turn ends, so a conversation's pushes keep order.
            pushed = asyncio.create_task(
                self._push(
                    "buyer_message", {"conversation_id": conversation_id, "message": buyer_message}
                )
            )
            try:
                if recorded.state == TurnState.TO_REP:
                    # A person has the conversation: the bot stays silent.
                    return Turn(buyer_message, [], recorded.mode.value)
                quick_reply = (recorded.buyer_message.payload or {}).get("quick_reply")
                replies, state = await self._ask_rasa(
                    conversation_id, recorded, text, metadata, quick_reply
                )
                stored, mode = await self._db(
                    self._store_replies, recorded.buyer_message.id, replies, state
                )
            finally:
                await pushed
        await self._announce_handoffs(conversation_id, stored)
        return Turn(buyer_message, stored, mode.value)

    def _session_due(self, recorded: RecordedTurn) -> bool:
        """Time for a new Rasa session: N turns into this one, and no question pending (a
        turn that must wait for that simply tries again on the next one)."""
        every = self.settings.rasa_session_turns
        return (
            every > 0
            and recorded.number - max(recorded.session_from, 1) >= every
            and not recorded.after_buttons
        )

    def _mark_rasa_session(self, conversation_id: str, turn: int) -> None:
        with self.db.session() as session:
            turn_store.mark_rasa_session(session, conversation_id=conversation_id, turn=turn)

    async def _ask_rasa(
        self,
        conversation_id: str,
        recorded: RecordedTurn,
        text: str,
        metadata: dict[str, Any] | None,
        quick_reply: str | None,
    ) -> tuple[list[ReplyDraft], TurnState]:
        if self.prefetcher is not None and not quick_reply:
            self.prefetcher.prefetch(text)
        if self._session_due(recorded) and await self.rasa.start_new_session(conversation_id):
            await self._db(self._mark_rasa_session, conversation_id, recorded.number)
        try:
            items = await self.rasa.send(
                sender=conversation_id,
                text=quick_reply or typed_text_for_rasa(text),
                metadata=metadata,
            )
        except RasaUnavailable as error:
            log.warning("Rasa unavailable for %s: %s", conversation_id, error)
            return [trouble_reply("assistant_unavailable")], TurnState.FAILED
        replies = [ReplyDraft(r.text, r.sources, r.payload) for r in group_replies(items)]
        if not replies:
            # Rasa answers with nothing when its action server is down or an action failed.
            log.warning("Rasa sent no reply for %s", conversation_id)
            return [trouble_reply("no_reply")], TurnState.FAILED
        return replies, TurnState.ANSWERED

    async def _repeat(self, conversation_id: str, recorded: RecordedTurn) -> Turn:
        """A retried send: wait for the first attempt's turn to close, then return it."""
        deadline = time.monotonic() + self.settings.rasa_timeout_s + self.settings.db_retry_s
        while recorded.state == TurnState.PENDING and time.monotonic() < deadline:
            await asyncio.sleep(self.settings.repeat_poll_s)
            found = await self._db(self._find, conversation_id, recorded.buyer_message.client_id)
            recorded = found or recorded
        replies = [store.message_to_dict(m) for m in recorded.replies]
        if recorded.state == TurnState.PENDING:
            # The first attempt died with its process: close the turn honestly, once.
            replies, _ = await self._db(
                self._store_replies,
                recorded.buyer_message.id,
                [trouble_reply("turn_lost")],
                TurnState.FAILED,
            )
        return Turn(
            store.message_to_dict(recorded.buyer_message),
            replies,
            recorded.mode.value,
            repeated=True,
        )

    async def _announce_handoffs(self, conversation_id: str, stored: list[dict[str, Any]]) -> None:
        for message in stored:
            handoff = (message.get("custom") or {}).get("handoff")
            if handoff:
                # The action server created a handoff: show it in reps' consoles at once.
                await self._push(
                    "handoff", {"conversation_id": conversation_id, "handoff": handoff}
                )

    async def _push(self, event: str, data: dict[str, Any]) -> None:
        """A live push to consoles is a courtesy: it never fails the buyer's turn.

        In the shared mode it goes through Redis; with Redis away the console catches up
        from the database on its next refresh, and the buyer still gets the reply.
        """
        try:
            await self.realtime.to_console(event, data)
        except Exception:
            log.exception("could not push %s to reps' consoles", event)

    async def _db(self, work: Callable[..., T], *args: Any) -> T:
        """Run one unit of work in a thread, retrying while the database is briefly away."""
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(_is_transient),
            stop=stop_after_delay(self.settings.db_retry_s),
            wait=wait_exponential(multiplier=0.1, max=2.0),
            reraise=True,
        ):
            with attempt:
                return await self.db.run(work, *args)
        raise AssertionError("unreachable")  # pragma: no cover - reraise=True raises instead

    def _record(
        self,
        conversation_id: str,
        text: str,
        metadata: dict[str, Any],
        quick_reply: str | None,
        client_id: str | None,
    ) -> RecordedTurn:
        with self.db.session() as session:
            if quick_reply is None and text.startswith("/"):
                # Rasa's own web widgets send a clicked button's payload as the text.
                title = turn_store.offered_button(session, conversation_id, text)
                if title is not None:
                    quick_reply, text = text, title
            return turn_store.record_buyer_message(
                session,
                conversation_id=conversation_id,
                text=text,
                metadata=metadata,
                quick_reply=quick_reply,
                client_id=client_id,
                max_metadata_bytes=self.settings.max_conversation_metadata_bytes,
            )

    def _find(self, conversation_id: str, client_id: str | None) -> RecordedTurn | None:
        with self.db.session() as session:
            return turn_store.find_turn(
                session, conversation_id=conversation_id, client_id=client_id or ""
            )

    def _store_replies(
        self, buyer_message_id: int, replies: list[ReplyDraft], state: TurnState
    ) -> tuple[list[dict[str, Any]], Mode]:
        with self.db.session() as session:
            stored, mode = turn_store.store_replies(
                session, buyer_message_id=buyer_message_id, replies=replies, state=state
            )
            return [store.message_to_dict(m) for m in stored], mode


def trouble_reply(reason: str) -> ReplyDraft:
    """The honest reply when no real one came; ``reason`` tells clients and logs why."""
    return ReplyDraft(text=TROUBLE_TEXT, payload={"error": reason})
