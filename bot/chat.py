"""The buyer side of a conversation: store, route to Rasa or to the rep, store the replies.

Shared by the REST API and the socket.io channel so both behave the same. Database work is
synchronous SQLAlchemy run in a worker thread; only the Rasa call is awaited on the loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool

from bot.config import Settings
from bot.db import session_scope
from bot.models import Mode, Sender
from bot.query_prefetch import QueryPrefetcher
from bot.rasa_client import BotReply, RasaClient, RasaUnavailable, group_replies
from bot.store import conversations as store
from bot.store import handoffs as handoff_store

log = logging.getLogger(__name__)

TROUBLE_TEXT = (
    "I'm having trouble right now and can't answer properly. Your message is saved; "
    "please try again in a minute, or ask for a person and someone from our team will reply."
)


class Realtime(Protocol):
    """Pushes events to the buyer's open widgets and to reps' consoles."""

    async def to_conversation(self, conversation_id: str, message: dict[str, Any]) -> None: ...

    async def to_console(self, event: str, data: dict[str, Any]) -> None: ...


@dataclass
class Turn:
    """What one buyer message produced."""

    buyer_message: dict[str, Any]
    replies: list[dict[str, Any]]
    mode: str


class ChatService:
    def __init__(
        self,
        settings: Settings,
        rasa: RasaClient,
        realtime: Realtime,
        prefetcher: QueryPrefetcher | None = None,
    ) -> None:
        self.settings = settings
        self.rasa = rasa
        self.realtime = realtime
        self.prefetcher = prefetcher

    async def handle_buyer_message(
        self,
        conversation_id: str,
        text: str,
        metadata: dict[str, Any] | None = None,
        quick_reply: str | None = None,
    ) -> Turn:
        """Store and route one buyer message.

        ``quick_reply`` is the payload of a button the buyer clicked ("/affirm"): Rasa gets the
        payload, while the transcript keeps the button title the buyer actually saw.
        """
        buyer_message, mode = await run_in_threadpool(
            self._store_buyer_message, conversation_id, text, metadata or {}, quick_reply
        )
        await self.realtime.to_console(
            "buyer_message", {"conversation_id": conversation_id, "message": buyer_message}
        )
        if mode == Mode.WITH_REP:
            # A person has the conversation: the bot stays silent.
            return Turn(buyer_message, [], mode.value)
        if self.prefetcher is not None and not quick_reply:
            self.prefetcher.prefetch(text)
        try:
            items = await self.rasa.send(
                sender=conversation_id, text=quick_reply or text, metadata=metadata
            )
            replies = group_replies(items)
        except RasaUnavailable as error:
            log.warning("Rasa unavailable for %s: %s", conversation_id, error)
            replies = [BotReply(text=TROUBLE_TEXT, payload={"error": "assistant_unavailable"})]
        stored, mode = await run_in_threadpool(self._store_bot_replies, conversation_id, replies)
        for message in stored:
            handoff = (message.get("custom") or {}).get("handoff")
            if handoff:
                # The action server created a handoff: show it in reps' consoles at once.
                await self.realtime.to_console(
                    "handoff", {"conversation_id": conversation_id, "handoff": handoff}
                )
        return Turn(buyer_message, stored, mode.value)

    def _store_buyer_message(
        self, conversation_id: str, text: str, metadata: dict[str, Any], quick_reply: str | None
    ) -> tuple[dict[str, Any], Mode]:
        with session_scope(self.settings.database_url) as session:
            store.merge_buyer_metadata(session, conversation_id=conversation_id, metadata=metadata)
            message = store.add_message(
                session,
                conversation_id=conversation_id,
                sender=Sender.BUYER,
                text=text,
                payload={"quick_reply": quick_reply} if quick_reply else None,
            )
            conversation = store.get_conversation(session, conversation_id=conversation_id)
            assert conversation is not None
            if conversation.mode == Mode.WAITING_FOR_REP:
                # The buyer may leave an email for the (offline) rep to follow up on.
                handoff_store.record_buyer_email(
                    session, conversation_id=conversation_id, text=text
                )
            return store.message_to_dict(message), conversation.mode

    def _store_bot_replies(
        self, conversation_id: str, replies: list[BotReply]
    ) -> tuple[list[dict[str, Any]], Mode]:
        with session_scope(self.settings.database_url) as session:
            conversation = store.get_conversation(session, conversation_id=conversation_id)
            assert conversation is not None
            if conversation.mode == Mode.WITH_REP:
                # A rep claimed the conversation while Rasa was thinking: drop the bot's
                # reply rather than interleave it with the rep's.
                return [], conversation.mode
            stored = [
                store.add_message(
                    session,
                    conversation_id=conversation_id,
                    sender=Sender.BOT,
                    text=reply.text,
                    sources=reply.sources,
                    payload=reply.payload,
                )
                for reply in replies
            ]
            session.flush()
            session.refresh(conversation)
            return [store.message_to_dict(m) for m in stored], conversation.mode
