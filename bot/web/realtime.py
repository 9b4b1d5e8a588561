"""socket.io rooms: one per conversation (buyer widgets), one for all reps' consoles."""

from __future__ import annotations

from typing import Any

import socketio

CONSOLE_ROOM = "console"
# Reps' consoles connect on their own namespace, authenticated by the session cookie.
CONSOLE_NAMESPACE = "/console"


def conversation_room(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


def as_bot_uttered(message: dict[str, Any]) -> dict[str, Any]:
    """A stored message in the shape Rasa's socket.io channel emits as ``bot_uttered``."""
    text = message.get("text") or ""
    rep = message.get("rep")
    if rep:
        text = f"{rep['name']}: {text}"
    if message.get("buttons"):
        quick_replies = [
            {"content_type": "text", "title": b.get("title", ""), "payload": b.get("payload", "")}
            for b in message["buttons"]
        ]
        return {"text": text, "quick_replies": quick_replies}
    if message.get("image"):
        return {"attachment": {"type": "image", "payload": {"src": message["image"]}}}
    if message.get("attachment"):
        return {"attachment": message["attachment"]}
    return {"text": text}


class SocketRealtime:
    """Realtime pushes over the app's socket.io server."""

    def __init__(self, sio: socketio.AsyncServer) -> None:
        self.sio = sio

    async def to_conversation(self, conversation_id: str, message: dict[str, Any]) -> None:
        room = conversation_room(conversation_id)
        # Our widget listens to "message"; Rasa-protocol widgets to "bot_uttered".
        await self.sio.emit("message", message, room=room)
        await self.sio.emit("bot_uttered", as_bot_uttered(message), room=room)

    async def to_conversation_event(
        self, conversation_id: str, event: str, data: dict[str, Any]
    ) -> None:
        await self.sio.emit(event, data, room=conversation_room(conversation_id))

    async def to_console(self, event: str, data: dict[str, Any]) -> None:
        await self.sio.emit(event, data, room=CONSOLE_ROOM, namespace=CONSOLE_NAMESPACE)
