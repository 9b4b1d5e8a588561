"""The console's socket.io namespace: rep presence, live pushes, the rep's typing indicator.

A rep is online while at least one of their consoles is connected. Presence is written to the
database (``reps.last_seen_at``) because routing runs in the action server, another process;
consoles heartbeat so that a crashed web process cannot leave a rep "online" for ever.

A socket is only as good as the session that opened it: every event re-checks the rep (active,
same session version), a background check cuts sockets whose rep was deactivated or logged out
elsewhere (another process may have done it), and logging out here cuts them at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Any

import socketio

from bot.config import Settings
from bot.db import Database
from bot.handoff.relay import Relay
from bot.models import Rep
from bot.store import conversations as conversation_store
from bot.store import handoffs as handoff_store
from bot.store import reps as rep_store
from bot.web.auth import session_from_environ, session_is_current
from bot.web.origins import is_own_origin
from bot.web.realtime import CONSOLE_NAMESPACE, CONSOLE_ROOM, rep_room, watch_room
from bot.web.throttle import TypingThrottle

log = logging.getLogger(__name__)


class ConsoleSocket(socketio.AsyncNamespace):
    """The reps' namespace (``/console``); every emit and room here is within it."""

    def __init__(self, settings: Settings, db: Database, relay: Relay) -> None:
        super().__init__(CONSOLE_NAMESPACE)
        self.settings = settings
        self.db = db
        self.relay = relay
        self.connections: Counter[int] = Counter()
        # sid -> (rep id, session version) of every console connected to this process.
        self.sockets: dict[str, tuple[int, int]] = {}
        self.typing_throttle = TypingThrottle(settings.typing_min_interval_s)
        self._sweeper: asyncio.Task[None] | None = None

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        # Never from an embedding site, whatever CANDOR_SOCKET_CORS_ORIGINS allows: its scripts
        # would otherwise ride on a rep's cookie.
        if not is_own_origin(self.settings, environ):
            raise socketio.exceptions.ConnectionRefusedError(
                "the console accepts connections from its own pages only"
            )
        data = session_from_environ(self.settings, environ)
        rep = await self.db.run(self._current_rep, data) if data else None
        if rep is None:
            raise socketio.exceptions.ConnectionRefusedError("log in to the console first")
        rep_id, name, version = rep
        await self.save_session(sid, {"rep_id": rep_id, "name": name, "v": version})
        self.sockets[sid] = (rep_id, version)
        await self.enter_room(sid, CONSOLE_ROOM)
        await self.enter_room(sid, rep_room(rep_id))
        self.connections[rep_id] += 1
        self._start_sweeper()
        await self.db.run(self._touch, rep_id)
        await self.emit(
            "presence",
            {"rep_id": rep_id, "online": True},
            room=CONSOLE_ROOM,
        )
        return True

    async def on_disconnect(self, sid: str, *_: Any) -> None:
        self.typing_throttle.forget(sid)
        entry = self.sockets.pop(sid, None)
        if entry is None:
            return
        rep_id = entry[0]
        self.connections[rep_id] -= 1
        if self.connections[rep_id] <= 0:
            del self.connections[rep_id]
            await self.db.run(self._clear, rep_id)
            await self.emit(
                "presence",
                {"rep_id": rep_id, "online": False},
                room=CONSOLE_ROOM,
            )

    async def _session(self, sid: str) -> dict[str, Any] | None:
        """The socket's rep session if it is still current; otherwise the socket is cut."""
        entry = self.sockets.get(sid)
        if entry is None:
            return None
        ok = await self.db.run(self._still_current, *entry)
        if not ok:
            await self.disconnect(sid)
            return None
        return await self.get_session(sid)

    async def on_heartbeat(self, sid: str, *_: Any) -> dict[str, bool]:
        session = await self._session(sid)
        if session is None:
            return {"ok": False}
        await self.db.run(self._touch, session["rep_id"])
        return {"ok": True}

    async def on_watch(self, sid: str, data: Any = None) -> dict[str, Any]:
        """The console opened a handoff: receive that conversation's messages and typing.

        Only for a conversation that was handed off; a console watches one at a time.
        """
        conversation_id = data.get("conversation_id") if isinstance(data, dict) else None
        if not isinstance(conversation_id, str) or not conversation_id:
            return {"ok": False, "error": "conversation_id must be a string"}
        session = await self._session(sid)
        if session is None:
            return {"ok": False, "error": "log in to the console first"}
        if not await self.db.run(self._handed_off, conversation_id):
            return {"ok": False, "error": "no handoff for that conversation"}
        for room in self.rooms(sid):
            if room.startswith("watch:"):
                await self.leave_room(sid, room)
        await self.enter_room(sid, watch_room(conversation_id))
        return {"ok": True}

    async def on_rep_typing(self, sid: str, data: Any = None) -> None:
        if not isinstance(data, dict) or not isinstance(data.get("conversation_id"), str):
            return
        typing = bool(data.get("typing"))
        if not self.typing_throttle.due(sid, typing):
            return
        session = await self._session(sid)
        if session is None:
            return
        await self.relay.rep_typing(
            data["conversation_id"], session["rep_id"], session["name"], typing
        )

    async def end_rep_sockets(self, rep_id: int) -> None:
        """Cut this rep's consoles on this process (logout, password change)."""
        for sid, (owner, _) in list(self.sockets.items()):
            if owner == rep_id:
                await self.disconnect(sid)

    async def sweep(self) -> int:
        """Cut every socket whose rep is gone, inactive or logged out; returns how many."""
        if not self.sockets:
            return 0
        current = await self.db.run(self._current_versions, {r for r, _ in self.sockets.values()})
        cut = 0
        for sid, (rep_id, version) in list(self.sockets.items()):
            if current.get(rep_id) != version:
                await self.disconnect(sid)
                cut += 1
        return cut

    def stop(self) -> None:
        """Stop the background session check (app shutdown)."""
        if self._sweeper is not None:
            self._sweeper.cancel()

    def _start_sweeper(self) -> None:
        if self._sweeper is None or self._sweeper.done():
            self._sweeper = asyncio.get_running_loop().create_task(self._sweep_forever())

    async def _sweep_forever(self) -> None:
        while self.sockets:
            await asyncio.sleep(self.settings.console_session_check_s)
            try:
                await self.sweep()
            except Exception:  # a database hiccup must not stop the checks for good
                log.exception("console session check failed")

    # --- database work (worker threads) -------------------------------------------------------

    def _current_rep(self, data: dict[str, Any]) -> tuple[int, str, int] | None:
        with self.db.session() as session:
            rep = rep_store.get_rep(session, rep_id=data["rep_id"])
            if not session_is_current(data, rep) or rep.must_change_password:
                return None
            return rep.id, rep.name, rep.session_version

    def _still_current(self, rep_id: int, version: int) -> bool:
        with self.db.session() as session:
            rep = rep_store.get_rep(session, rep_id=rep_id)
            return session_is_current({"v": version}, rep)

    def _current_versions(self, rep_ids: set[int]) -> dict[int, int]:
        """Session versions of the active reps among these (inactive ones are left out)."""
        with self.db.session() as session:
            reps = [rep_store.get_rep(session, rep_id=rep_id) for rep_id in rep_ids]
            return {r.id: r.session_version for r in reps if isinstance(r, Rep) and r.active}

    def _handed_off(self, conversation_id: str) -> bool:
        with self.db.session() as session:
            if (
                conversation_store.get_conversation(session, conversation_id=conversation_id)
                is None
            ):
                return False
            return handoff_store.visible_to(session, conversation_id=conversation_id)[0]

    def _touch(self, rep_id: int) -> None:
        with self.db.session() as session:
            rep_store.touch_presence(session, rep_id=rep_id)

    def _clear(self, rep_id: int) -> None:
        with self.db.session() as session:
            rep_store.clear_presence(session, rep_id=rep_id)
