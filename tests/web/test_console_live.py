"""Live pushes through a real uvicorn server and real socket.io clients (buyer and console).

Presence, the rep's messages reaching the buyer's widget, buyer messages and typing reaching
the console; Rasa is really down, which does not matter while a rep has the conversation.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import socketio
import uvicorn

from bot.config import Settings
from bot.db import session_scope
from bot.handoff import request_handoff
from bot.store import reps as rep_store
from bot.web.app import create_app
from bot.web.auth import CSRF_HEADER, SESSION_COOKIE
from tests.handoff.factories import PASSWORD, add_rep
from tests.support.stack import free_port


@pytest.fixture
def live_url(offline_rasa_settings: Settings) -> Iterator[str]:
    port = free_port()
    # Every test client is 127.0.0.1: lift the per-address limit on new conversations.
    settings = offline_rasa_settings.model_copy(
        update={"conversations_per_minute_per_address": 500}
    )
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


class Recorder:
    """Collects socket.io events and waits for the one a test expects."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self.changed = threading.Condition()

    def handler(self, name: str):
        def record(data: Any = None) -> None:
            with self.changed:
                self.events.append((name, data))
                self.changed.notify_all()

        return record

    def wait_for(self, name: str, match=lambda data: True, timeout: float = 5) -> Any:
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for event, data in self.events:
                    if event == name and match(data):
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {name!r} event; got {[e for e, _ in self.events]}")
                self.changed.wait(left)


def console_handshake(url: str, cookie: str | None = None) -> str:
    """Open the /console namespace over raw engine.io polling; returns the server's answer.

    (A refused python-socketio client waits out a long-poll on disconnect, up to 25 s.)
    """
    query = {"EIO": "4", "transport": "polling"}
    headers = {"Cookie": cookie} if cookie else {}
    with httpx.Client(base_url=url, headers=headers, timeout=5) as http:
        opened = http.get("/socket.io/", params=query).text
        query["sid"] = json.loads(opened[opened.index("{") :])["sid"]
        http.post("/socket.io/", params=query, content="40/console,")
        return http.get("/socket.io/", params=query).text


def online(database_url: str, rep_id: int, ttl: int) -> bool:
    from bot.models import utcnow

    with session_scope(database_url) as session:
        rep = rep_store.get_rep(session, rep_id=rep_id)
        return rep_store.is_online(rep, now=utcnow(), ttl_s=ttl)


def test_presence_relay_and_typing_over_socketio(
    live_url: str, offline_rasa_settings: Settings
) -> None:
    settings = offline_rasa_settings
    rep_id = add_rep(
        settings.database_url, "alice@example.com", name="Alice Archer", role="Solutions Engineer"
    )
    http = httpx.Client(base_url=live_url)
    login = http.post("/api/reps/login", json={"email": "alice@example.com", "password": PASSWORD})
    csrf = {CSRF_HEADER: login.json()["csrf_token"]}
    cookie = f"{SESSION_COOKIE}={http.cookies[SESSION_COOKIE]}"

    assert "44/console," in console_handshake(live_url)  # CONNECT_ERROR: no session cookie
    assert "44/console," in console_handshake(live_url, f"{SESSION_COOKIE}=forged")

    console, console_events = socketio.Client(), Recorder()
    for name in ("handoff_updated", "buyer_message", "buyer_typing", "rep_message"):
        console.on(name, console_events.handler(name), namespace="/console")
    assert not online(settings.database_url, rep_id, settings.presence_ttl_s)
    console.connect(live_url, namespaces=["/console"], headers={"Cookie": cookie}, wait_timeout=5)
    assert online(settings.database_url, rep_id, settings.presence_ttl_s)

    opened = http.post("/api/conversations", json={}).json()
    conversation_id = opened["conversation_id"]
    buyer, buyer_events = socketio.Client(), Recorder()
    for name in ("message", "mode", "rep_typing", "bot_uttered"):
        buyer.on(name, buyer_events.handler(name))
    buyer.connect(
        live_url,
        auth={"conversation_id": conversation_id, "token": opened["token"]},
        wait_timeout=5,
    )

    handoff = request_handoff(
        conversation_id, "asked_for_person", "Asked.", {}, settings=settings, background=False
    )
    handoff_id = handoff["json_message"]["handoff"]["id"]
    assert handoff["json_message"]["handoff"]["online"] is True  # routing saw the open console

    assert http.post(f"/api/handoffs/{handoff_id}/claim", headers=csrf).status_code == 200
    assert buyer_events.wait_for("mode")["mode"] == "with_rep"
    assert "has joined" in buyer_events.wait_for("message")["text"]
    console_events.wait_for("handoff_updated", lambda d: d["handoff"]["status"] == "active")

    bearer = {"Authorization": f"Bearer {opened['token']}"}
    http.post(
        f"/api/conversations/{conversation_id}/messages",
        json={"text": "<b>hi</b> anyone?"},
        headers=bearer,
    )
    pushed = console_events.wait_for("buyer_message")
    assert (
        pushed["conversation_id"] == conversation_id
        and pushed["message"]["text"] == "<b>hi</b> anyone?"
    )
    buyer.emit("typing", {"typing": True})
    assert console_events.wait_for("buyer_typing")["typing"] is True

    console.emit(
        "rep_typing", {"conversation_id": conversation_id, "typing": True}, namespace="/console"
    )
    assert buyer_events.wait_for("rep_typing")["name"] == "Alice Archer"
    http.post(
        f"/api/handoffs/{handoff_id}/messages", json={"text": "Hello, Alice here."}, headers=csrf
    )
    message = buyer_events.wait_for("message", lambda m: m["sender"] == "rep")
    assert message["text"] == "Hello, Alice here." and message["rep"]["name"] == "Alice Archer"
    assert buyer_events.wait_for("bot_uttered", lambda d: "Alice here" in d.get("text", ""))[
        "text"
    ] == ("Alice Archer: Hello, Alice here.")

    http.post(f"/api/handoffs/{handoff_id}/release", headers=csrf)
    assert buyer_events.wait_for("mode", lambda d: d["mode"] == "bot")

    buyer.disconnect()
    console.disconnect()
    deadline = time.monotonic() + 5
    while (
        online(settings.database_url, rep_id, settings.presence_ttl_s)
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    assert not online(settings.database_url, rep_id, settings.presence_ttl_s)


def test_what_a_request_wrote_is_committed_before_its_response(live_url: str) -> None:
    """The widget sends its first message right after opening the conversation: the second
    request must find what the first wrote (a commit after the response raced with it)."""
    with httpx.Client(base_url=live_url) as http:
        for _ in range(40):
            opened = http.post("/api/conversations", json={}).json()
            auth = {"Authorization": f"Bearer {opened['token']}"}
            read = http.get(
                f"/api/conversations/{opened['conversation_id']}/messages", headers=auth
            )
            assert read.status_code == 200, read.text
