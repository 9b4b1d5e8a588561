"""socket.io rooms: one per conversation (buyer widgets), and for reps' consoles one for all,
one per rep, and one per conversation a console has open ("watching").

What a buyer writes or types reaches only the consoles that may see it: the rep the open
handoff is assigned to and consoles watching it (which the console socket only allows for
conversations that were handed off). Queue-wide news (new handoffs, status changes) goes to all.
"""

from __future__ import annotations

from typing import Any

import socketio

from bot.db import Database
from bot.realtime import buyer_facing_rep
from bot.store import handoffs as handoff_store

__all__ = [
    "CONSOLE_NAMESPACE",
    "CONSOLE_ROOM",
    "SocketRealtime",
    "as_bot_uttered",
    "buyer_facing_rep",
    "conversation_room",
    "rep_room",
    "watch_room",
    "widget_room",
]

CONSOLE_ROOM = "console"
# Reps' consoles connect on their own namespace, authenticated by the session cookie.
CONSOLE_NAMESPACE = "/console"
# Console events about one conversation's content: never broadcast to every console.
CONVERSATION_EVENTS = frozenset({"buyer_message", "buyer_typing", "rep_message", "rep_note"})


def conversation_room(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


def widget_room(conversation_id: str) -> str:
    """Our own widget's sockets, which read the stored-message shape (the ``message`` event).
    Rasa-protocol clients are kept out of it: they know only Rasa's events."""
    return f"widget:{conversation_id}"


def rep_room(rep_id: int) -> str:
    return f"rep:{rep_id}"


def watch_room(conversation_id: str) -> str:
    """Consoles that have this (handed-off) conversation open."""
    return f"watch:{conversation_id}"


def as_bot_uttered(message: dict[str, Any]) -> dict[str, Any]:
    """A stored message in the shape Rasa's socket.io channel emits as ``bot_uttered``.

    Who wrote it (a rep's name, role and photo), the cited sources and the message id travel in
    ``metadata``, never beside the text as ``custom``: rasa-webchat 1.0.1 shows a message only
    when its keys are exactly ``text`` (or ``text`` + ``quick_replies``) and hands anything else
    to a custom component, so an answer carrying ``custom`` silently vanished; ``metadata`` it
    reads and strips, as Rasa's channels send it. The text keeps the rep's name in front for
    clients that show text only.
    """
    text = message.get("text") or ""
    rep = message.get("rep")
    if rep:
        text = f"{rep['name']}: {text}"
    if message.get("buttons"):
        quick_replies = [
            {"content_type": "text", "title": b.get("title", ""), "payload": b.get("payload", "")}
            for b in message["buttons"]
        ]
        uttered: dict[str, Any] = {"text": text, "quick_replies": quick_replies}
    elif message.get("image"):
        uttered = {"attachment": {"type": "image", "payload": {"src": message["image"]}}}
    elif message.get("attachment"):
        uttered = {"attachment": message["attachment"]}
    else:
        uttered = {"text": text}
    uttered["metadata"] = candor_metadata(message)
    return uttered


def candor_metadata(message: dict[str, Any]) -> dict[str, Any]:
    """What our widget shows beside a message, for Rasa clients: the sender, the message id
    (for feedback), the rep as the buyer may see them, the sources, and the message's own
    custom payload (the handoff card, "has joined" events)."""
    extra = dict(message.get("custom") or {})
    if isinstance(extra.get("handoff"), dict) and extra["handoff"].get("rep"):
        # The handoff card names the rep as the buyer should see them.
        extra["handoff"] = {**extra["handoff"], "rep": buyer_facing_rep(extra["handoff"]["rep"])}
    metadata = {
        **extra,
        "sender": message.get("sender"),
        "message_id": message.get("id"),
        "rep": buyer_facing_rep(message.get("rep")),
        "sources": message.get("sources") or [],
    }
    return {k: v for k, v in metadata.items() if v not in (None, [])}


class SocketRealtime:
    """The services' live transport (``bot.realtime.RelayTransport``) over the app's socket.io
    server: who should see an event becomes rooms and namespaces here, and only here."""

    def __init__(self, sio: socketio.AsyncServer, db: Database) -> None:
        self.sio = sio
        self.db = db

    async def to_conversation(self, conversation_id: str, message: dict[str, Any]) -> None:
        # Our widget listens to "message"; Rasa-protocol widgets to "bot_uttered" only.
        await self.sio.emit("message", message, room=widget_room(conversation_id))
        await self.sio.emit(
            "bot_uttered", as_bot_uttered(message), room=conversation_room(conversation_id)
        )

    async def to_conversation_event(
        self, conversation_id: str, event: str, data: dict[str, Any]
    ) -> None:
        await self.sio.emit(event, data, room=conversation_room(conversation_id))

    async def to_rep(self, rep_id: int, event: str, data: dict[str, Any]) -> None:
        await self.sio.emit(event, data, room=rep_room(rep_id), namespace=CONSOLE_NAMESPACE)

    async def to_console(self, event: str, data: dict[str, Any]) -> None:
        """Queue-wide events to every console; a conversation's content only to its viewers."""
        if event not in CONVERSATION_EVENTS:
            await self.sio.emit(event, data, room=CONSOLE_ROOM, namespace=CONSOLE_NAMESPACE)
            return
        rooms = await self.console_rooms_for(str(data.get("conversation_id") or ""))
        if rooms:
            await self.sio.emit(event, data, room=rooms, namespace=CONSOLE_NAMESPACE)

    async def console_rooms_for(self, conversation_id: str) -> list[str]:
        """The console rooms that may see this conversation (none before any handoff)."""
        if not conversation_id:
            return []
        visible, rep_id = await self.db.run(self._visibility, conversation_id)
        if not visible:
            return []
        return [watch_room(conversation_id)] + ([rep_room(rep_id)] if rep_id else [])

    def _visibility(self, conversation_id: str) -> tuple[bool, int | None]:
        with self.db.session() as session:
            return handoff_store.visible_to(session, conversation_id=conversation_id)
