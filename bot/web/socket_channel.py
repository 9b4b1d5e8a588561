"""Rasa's socket.io channel protocol, so existing Rasa web widgets work against Candor unchanged.

``session_request`` -> ``session_confirm``; ``user_uttered`` {message, session_id, customData}
-> ``bot_uttered`` as Rasa emits it. Our own widget instead connects with
``auth={"conversation_id", "token"}`` to receive pushes (rep messages, mode changes).

A Rasa client that comes back (``session_request`` with its signed id) is sent, as
``bot_uttered``, what was stored while it was away (bot/web/seen_marks.py). Every refusal is
also a ``bot_uttered``: Rasa's widgets ignore ``error`` events, and a buyer must not be left
wondering why nothing happened.

A session id is a bearer secret, so the one ``session_confirm`` hands out is signed
(``<conversation id>.<signature>``): a resumed session needs that signed id, or the
conversation's token in ``customData``. A bare or forged id starts a new conversation instead
(with a fresh id, whether or not the one asked for exists).

Feedback on an answer (helpful / not helpful, stored as the widget's): a ``user_uttered``
``/feedback{"message_id": …, "helpful": …, "reason": …}`` (a button payload any Rasa client can
send) or a ``feedback`` event with that object (bot/gaps/feedback.py).
"""

from __future__ import annotations

import logging
from typing import Any

import socketio
from sqlalchemy import func, select

from bot.buyer_input import InputRejected, check_client_id, clean_metadata, clean_text
from bot.chat import ChatService, ConversationBusy
from bot.config import Settings
from bot.db import Database
from bot.gaps.feedback import (
    FeedbackRejected,
    is_feedback_command,
    parse_feedback,
    store_feedback,
)
from bot.models import Message, Sender
from bot.store import conversations as store
from bot.web.realtime import as_bot_uttered, conversation_room, widget_room
from bot.web.seen_marks import SeenMarks
from bot.web.session_ids import SessionIds
from bot.web.throttle import TypingThrottle

log = logging.getLogger(__name__)


class SocketChannel(socketio.AsyncNamespace):
    """The buyers' namespace (``/``): Rasa's socket.io protocol and our widget's pushes."""

    def __init__(self, settings: Settings, db: Database, chat: ChatService) -> None:
        super().__init__("/")
        self.settings = settings
        self.db = db
        self.chat = chat
        self.session_ids = SessionIds(settings.session_secret)
        self.seen = SeenMarks(settings)
        # sid -> conversation of the Rasa-protocol sockets on this process (their socket.io
        # session may already be gone when the disconnect is handled).
        self.rasa_sockets: dict[str, str] = {}
        self.typing_throttle = TypingThrottle(settings.typing_min_interval_s)

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        if isinstance(auth, dict) and auth.get("conversation_id"):
            conversation_id, token = auth["conversation_id"], auth.get("token")
            if not isinstance(conversation_id, str) or not isinstance(token, str):
                raise socketio.exceptions.ConnectionRefusedError(
                    "auth needs conversation_id and token as strings"
                )
            if not await self.db.run(self._token_ok, conversation_id, token):
                raise socketio.exceptions.ConnectionRefusedError("unknown conversation or token")
            await self._join(sid, conversation_id)
            # Our widget reads the stored-message shape ("message"); Rasa clients never see it.
            await self.enter_room(sid, widget_room(conversation_id))
        return True

    async def on_session_request(self, sid: str, data: Any = None) -> None:
        data = data if isinstance(data, dict) else {}
        requested = data.get("session_id") or None
        custom = data.get("customData") if isinstance(data.get("customData"), dict) else {}
        token = custom.get("token")
        try:
            if requested is not None and not isinstance(requested, str):
                raise PermissionError("session_id must be a string")
            if token is not None and not isinstance(token, str):
                raise PermissionError("customData.token must be a string")
            conversation_id = await self.db.run(self._open_session, requested, token, custom)
        except PermissionError as error:
            await self._refuse(sid, str(error), "Your chat could not be opened")
            return
        await self._join(sid, conversation_id, rasa_client=True)
        await self.emit("session_confirm", self.session_ids.sign(conversation_id), to=sid)
        if requested and conversation_id == requested.split(".")[0]:
            await self._replay(sid, conversation_id)

    async def on_user_uttered(self, sid: str, data: Any = None) -> None:
        data = data if isinstance(data, dict) else {}
        session = await self.get_session(sid)
        conversation_id = session.get("conversation_id")
        named = data.get("session_id")  # the signed id (or the plain one) of this socket's session
        if not conversation_id or (
            named and named not in (conversation_id, self.session_ids.sign(conversation_id))
        ):
            await self._refuse(
                sid, "send session_request before user_uttered", "Your message was not sent"
            )
            return
        if is_feedback_command(data.get("message")):
            await self._feedback_uttered(sid, conversation_id, data["message"])
            return
        try:
            text = clean_text(str(data.get("message") or ""), self.settings.max_message_chars)
            metadata = clean_metadata(
                data.get("customData") or data.get("metadata") or {},
                self.settings.max_metadata_bytes,
            )
            client_id = check_client_id(data.get("message_id"))
            turn = await self.chat.handle_buyer_message(
                conversation_id, text, metadata, client_id=client_id
            )
        except (InputRejected, ConversationBusy) as error:
            await self._reject(sid, str(error))
            return
        for reply in turn.replies:
            await self.emit("bot_uttered", as_bot_uttered(reply), to=sid)

    async def on_feedback(self, sid: str, data: Any = None) -> dict[str, Any]:
        """The ``feedback`` event; its acknowledgement is what was stored, or why not."""
        session = await self.get_session(sid)
        conversation_id = session.get("conversation_id")
        if not conversation_id:
            return {"ok": False, "error": "send session_request before feedback"}
        try:
            saved = await self.db.run(self._save_feedback, conversation_id, data)
        except FeedbackRejected as error:
            return {"ok": False, "error": str(error)}
        return {"ok": True, **saved}

    async def _feedback_uttered(self, sid: str, conversation_id: str, message: str) -> None:
        """A ``/feedback{...}`` message from a Rasa client's button: stored as feedback, never
        as a buyer message nor sent to Rasa; the buyer sees that it counted."""
        try:
            saved = await self.db.run(self._save_feedback, conversation_id, message)
        except FeedbackRejected as error:
            await self._refuse(sid, str(error), "Your feedback was not saved")
            return
        reply = {"text": "Thanks for your feedback.", "metadata": {"feedback": saved}}
        await self.emit("bot_uttered", reply, to=sid)

    def _save_feedback(self, conversation_id: str, data: Any) -> dict[str, Any]:
        request = parse_feedback(data)
        with self.db.session() as session:
            saved = store_feedback(
                session, conversation_id, request, self.settings.feedback_reason_chars
            )
        return saved.model_dump()

    async def _reject(self, sid: str, reason: str) -> None:
        """Say why a message was refused: as an error, and as a reply Rasa's widgets show."""
        await self.emit("error", {"message": f"message rejected: {reason}"}, to=sid)
        await self.emit("bot_uttered", {"text": f"Your message was not sent: {reason}."}, to=sid)

    async def _refuse(self, sid: str, reason: str, what: str) -> None:
        """Any other refusal: the ``error`` event for programs, a ``bot_uttered`` for people."""
        await self.emit("error", {"message": reason}, to=sid)
        await self.emit("bot_uttered", {"text": f"{what}: {reason}."}, to=sid)

    async def _replay(self, sid: str, conversation_id: str) -> None:
        """Send a returning Rasa client what was stored after it last had the chat open."""
        seen = await self.seen.get(conversation_id)
        if seen is None:
            return  # never had it open (or too long ago): its own history is all it knows
        for message in await self.db.run(self._missed, conversation_id, seen):
            await self.emit("bot_uttered", as_bot_uttered(message), to=sid)

    async def on_disconnect(self, sid: str, *_: Any) -> None:
        self.typing_throttle.forget(sid)
        conversation_id = self.rasa_sockets.pop(sid, None)
        if conversation_id:
            newest = await self.db.run(self._newest_id, conversation_id)
            if newest is not None:
                await self.seen.set(conversation_id, newest)

    async def on_typing(self, sid: str, data: Any = None) -> None:
        session = await self.get_session(sid)
        conversation_id = session.get("conversation_id")
        if conversation_id:
            typing = bool((data or {}).get("typing", True)) if isinstance(data, dict) else True
            if not self.typing_throttle.due(sid, typing):
                return
            await self.chat.realtime.to_console(
                "buyer_typing", {"conversation_id": conversation_id, "typing": typing}
            )

    async def _join(self, sid: str, conversation_id: str, rasa_client: bool = False) -> None:
        await self.save_session(sid, {"conversation_id": conversation_id})
        if rasa_client:
            self.rasa_sockets[sid] = conversation_id
        await self.enter_room(sid, conversation_room(conversation_id))

    def _token_ok(self, conversation_id: str, token: str | None) -> bool:
        with self.db.session() as session:
            conversation = store.get_conversation(session, conversation_id=conversation_id)
            return conversation is not None and store.token_matches(conversation, token)

    def _missed(self, conversation_id: str, after_id: int) -> list[dict[str, Any]]:
        """What others said after ``after_id`` (the buyer's own words are in its history)."""
        with self.db.session() as session:
            return [
                store.message_to_dict(m)
                for m in store.list_messages(
                    session, conversation_id=conversation_id, after_id=after_id
                )
                if m.sender != Sender.BUYER
            ]

    def _newest_id(self, conversation_id: str) -> int | None:
        with self.db.session() as session:
            return session.scalar(
                select(func.max(Message.id)).where(Message.conversation_id == conversation_id)
            )

    def _open_session(self, requested: str | None, token: str | None, custom: dict) -> str:
        """Resume a session proven by its signed id or its token; otherwise start a new one."""
        with self.db.session() as session:
            if requested:
                verified = self.session_ids.unsign(requested)
                existing = store.get_conversation(
                    session, conversation_id=verified or requested.split(".")[0]
                )
                # Only we sign ids, and only for whoever opened or proved the session.
                if existing is not None and (verified or store.token_matches(existing, token)):
                    return existing.id
            conversation, _ = store.create_conversation(
                session,
                channel="socketio",
                with_token=False,
                buyer_metadata={k: v for k, v in custom.items() if k != "token"},
            )
            return conversation.id
