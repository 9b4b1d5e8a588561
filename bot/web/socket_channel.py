"""Rasa's socket.io channel protocol, so existing Rasa web widgets work against Candor unchanged.

``session_request`` -> ``session_confirm``; ``user_uttered`` {message, session_id, customData}
-> ``bot_uttered`` as Rasa emits it. Our own widget instead connects with
``auth={"conversation_id", "token"}`` to receive pushes (rep messages, mode changes).
"""

from __future__ import annotations

import logging
from typing import Any

import socketio
from starlette.concurrency import run_in_threadpool

from bot.chat import ChatService
from bot.config import Settings
from bot.db import session_scope
from bot.store import conversations as store
from bot.web.realtime import as_bot_uttered, conversation_room

log = logging.getLogger(__name__)


class SocketChannel:
    def __init__(self, sio: socketio.AsyncServer, settings: Settings, chat: ChatService) -> None:
        self.sio = sio
        self.settings = settings
        self.chat = chat
        sio.on("connect", self.connect)
        sio.on("session_request", self.session_request)
        sio.on("user_uttered", self.user_uttered)
        sio.on("typing", self.typing)

    async def connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        if isinstance(auth, dict) and auth.get("conversation_id"):
            conversation_id = str(auth["conversation_id"])
            if not await run_in_threadpool(self._token_ok, conversation_id, auth.get("token")):
                raise socketio.exceptions.ConnectionRefusedError("unknown conversation or token")
            await self._join(sid, conversation_id)
        return True

    async def session_request(self, sid: str, data: Any = None) -> None:
        data = data if isinstance(data, dict) else {}
        requested = data.get("session_id") or None
        custom = data.get("customData") if isinstance(data.get("customData"), dict) else {}
        try:
            conversation_id = await run_in_threadpool(
                self._open_session, requested, custom.get("token"), custom
            )
        except PermissionError as error:
            await self.sio.emit("error", {"message": str(error)}, to=sid)
            return
        await self._join(sid, conversation_id)
        await self.sio.emit("session_confirm", conversation_id, to=sid)

    async def user_uttered(self, sid: str, data: Any = None) -> None:
        data = data if isinstance(data, dict) else {}
        session = await self.sio.get_session(sid)
        conversation_id = data.get("session_id") or session.get("conversation_id")
        if not conversation_id or conversation_id != session.get("conversation_id"):
            await self.sio.emit(
                "error", {"message": "send session_request before user_uttered"}, to=sid
            )
            return
        text = str(data.get("message") or "").strip()
        if not text or len(text) > self.settings.max_message_chars:
            reason = "empty" if not text else f"over {self.settings.max_message_chars} characters"
            await self.sio.emit("error", {"message": f"message rejected: {reason}"}, to=sid)
            return
        metadata = data.get("customData") or data.get("metadata") or {}
        turn = await self.chat.handle_buyer_message(
            conversation_id, text, metadata if isinstance(metadata, dict) else {}
        )
        for reply in turn.replies:
            await self.sio.emit("bot_uttered", as_bot_uttered(reply), to=sid)

    async def typing(self, sid: str, data: Any = None) -> None:
        session = await self.sio.get_session(sid)
        conversation_id = session.get("conversation_id")
        if conversation_id:
            typing = bool((data or {}).get("typing", True)) if isinstance(data, dict) else True
            await self.chat.realtime.to_console(
                "buyer_typing", {"conversation_id": conversation_id, "typing": typing}
            )

    async def _join(self, sid: str, conversation_id: str) -> None:
        await self.sio.save_session(sid, {"conversation_id": conversation_id})
        await self.sio.enter_room(sid, conversation_room(conversation_id))

    def _token_ok(self, conversation_id: str, token: str | None) -> bool:
        with session_scope(self.settings.database_url) as session:
            conversation = store.get_conversation(session, conversation_id=conversation_id)
            return conversation is not None and store.token_matches(conversation, token)

    def _open_session(self, requested: str | None, token: str | None, custom: dict) -> str:
        """Resume a known session, or start one (with the client's id, as Rasa does)."""
        with session_scope(self.settings.database_url) as session:
            if requested:
                if not store.SESSION_ID_PATTERN.match(requested):
                    raise PermissionError("session_id must be 8-64 letters, digits, '-' or '_'")
                existing = store.get_conversation(session, conversation_id=requested)
                if existing is not None:
                    # Conversations opened over REST are protected by their token.
                    if existing.token_hash and not store.token_matches(existing, token):
                        raise PermissionError("that session needs its token in customData")
                    return existing.id
            conversation, _ = store.create_conversation(
                session,
                channel="socketio",
                conversation_id=requested,
                with_token=False,
                buyer_metadata={k: v for k, v in custom.items() if k != "token"},
            )
            return conversation.id
