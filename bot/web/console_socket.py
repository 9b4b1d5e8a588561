"""The console's socket.io namespace: rep presence, live pushes, the rep's typing indicator.

A rep is online while at least one of their consoles is connected. Presence is written to the
database (``reps.last_seen_at``) because routing runs in the action server, another process;
consoles heartbeat so that a crashed web process cannot leave a rep "online" for ever.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

import socketio
from starlette.concurrency import run_in_threadpool

from bot.config import Settings
from bot.db import session_scope
from bot.handoff.relay import Relay, rep_room
from bot.store import reps as rep_store
from bot.web.auth import session_from_environ
from bot.web.realtime import CONSOLE_NAMESPACE, CONSOLE_ROOM

log = logging.getLogger(__name__)


class ConsoleSocket:
    def __init__(self, sio: socketio.AsyncServer, settings: Settings, relay: Relay) -> None:
        self.sio = sio
        self.settings = settings
        self.relay = relay
        self.connections: Counter[int] = Counter()
        for event, handler in (
            ("connect", self.connect),
            ("disconnect", self.disconnect),
            ("heartbeat", self.heartbeat),
            ("rep_typing", self.rep_typing),
        ):
            sio.on(event, handler, namespace=CONSOLE_NAMESPACE)

    async def connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        data = session_from_environ(self.settings, environ)
        rep = await run_in_threadpool(self._active_rep, int(data["rep_id"])) if data else None
        if rep is None:
            raise socketio.exceptions.ConnectionRefusedError("log in to the console first")
        rep_id, name = rep
        await self.sio.save_session(
            sid, {"rep_id": rep_id, "name": name}, namespace=CONSOLE_NAMESPACE
        )
        await self.sio.enter_room(sid, CONSOLE_ROOM, namespace=CONSOLE_NAMESPACE)
        await self.sio.enter_room(sid, rep_room(rep_id), namespace=CONSOLE_NAMESPACE)
        self.connections[rep_id] += 1
        await run_in_threadpool(self._touch, rep_id)
        await self.sio.emit(
            "presence",
            {"rep_id": rep_id, "online": True},
            room=CONSOLE_ROOM,
            namespace=CONSOLE_NAMESPACE,
        )
        return True

    async def disconnect(self, sid: str, *_: Any) -> None:
        session = await self.sio.get_session(sid, namespace=CONSOLE_NAMESPACE)
        rep_id = session.get("rep_id") if session else None
        if rep_id is None:
            return
        self.connections[rep_id] -= 1
        if self.connections[rep_id] <= 0:
            del self.connections[rep_id]
            await run_in_threadpool(self._clear, rep_id)
            await self.sio.emit(
                "presence",
                {"rep_id": rep_id, "online": False},
                room=CONSOLE_ROOM,
                namespace=CONSOLE_NAMESPACE,
            )

    async def heartbeat(self, sid: str, *_: Any) -> dict[str, bool]:
        session = await self.sio.get_session(sid, namespace=CONSOLE_NAMESPACE)
        if session and session.get("rep_id"):
            await run_in_threadpool(self._touch, session["rep_id"])
        return {"ok": True}

    async def rep_typing(self, sid: str, data: Any = None) -> None:
        session = await self.sio.get_session(sid, namespace=CONSOLE_NAMESPACE)
        if not isinstance(data, dict) or not data.get("conversation_id") or not session:
            return
        await self.relay.rep_typing(
            str(data["conversation_id"]), session["name"], bool(data.get("typing"))
        )

    def _active_rep(self, rep_id: int) -> tuple[int, str] | None:
        with session_scope(self.settings.database_url) as session:
            rep = rep_store.get_rep(session, rep_id=rep_id)
            return (rep.id, rep.name) if rep is not None and rep.active else None

    def _touch(self, rep_id: int) -> None:
        with session_scope(self.settings.database_url) as session:
            rep_store.touch_presence(session, rep_id=rep_id)

    def _clear(self, rep_id: int) -> None:
        with session_scope(self.settings.database_url) as session:
            rep_store.clear_presence(session, rep_id=rep_id)
