"""Issue 11, socket.io side: attacks on a real uvicorn server with real socket.io clients.

Revoked sessions lose their console socket (4), a bare socket.io session id resumes nothing
(5), buyer messages and typing reach only the reps who may see the conversation (9), odd
socket input is refused cleanly (11). SQLite and PostgreSQL; Rasa is really down.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import socketio
import uvicorn

from bot.config import Settings
from bot.db import session_scope
from bot.store import conversations as conversation_store
from bot.store import handoffs as handoff_store
from bot.store import reps as rep_store
from bot.web.app import create_app
from bot.web.auth import CSRF_HEADER, SESSION_COOKIE
from tests.handoff.factories import PASSWORD, add_rep
from tests.support.stack import free_port
from tests.web.test_console_live import Recorder, console_handshake

QUIET_S = 1.5  # how long "nothing arrives" is watched for


def hang_up(client: socketio.Client) -> None:
    """Disconnect without waiting out the polling transport's pending long-poll (~25 s)."""
    if client.connected:
        for namespace in list(client.namespaces):
            client._send_packet(
                client.packet_class(socketio.packet.DISCONNECT, namespace=namespace)
            )
        client.eio.disconnect(abort=True)


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live(offline_rasa_settings: Settings) -> Iterator[str]:
    settings = offline_rasa_settings.model_copy(update={"console_session_check_s": 0.3})
    with serving(settings) as url:
        yield url


class Rep:
    """A logged-in rep: an HTTP session and, once opened, a console socket recording pushes."""

    def __init__(self, url: str, email: str) -> None:
        self.http = httpx.Client(base_url=url)
        login = self.http.post("/api/reps/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        self.csrf = {CSRF_HEADER: login.json()["csrf_token"]}
        self.cookie = f"{SESSION_COOKIE}={self.http.cookies[SESSION_COOKIE]}"
        self.events = Recorder()
        self.console = socketio.Client(reconnection=False)
        for name in ("buyer_message", "buyer_typing", "rep_message", "handoff_updated"):
            self.console.on(name, self.events.handler(name), namespace="/console")
        self.console.connect(
            url, namespaces=["/console"], headers={"Cookie": self.cookie}, wait_timeout=5
        )

    def got(self, name: str, conversation_id: str) -> list:
        return [
            data
            for event, data in self.events.events
            if event == name and data.get("conversation_id") == conversation_id
        ]

    def close(self) -> None:
        hang_up(self.console)
        self.http.close()


def unique(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@example.com"


def open_conversation(url: str) -> tuple[str, dict[str, str]]:
    opened = httpx.post(f"{url}/api/conversations", json={}).json()
    return opened["conversation_id"], {"Authorization": f"Bearer {opened['token']}"}


def say(url: str, conversation_id: str, auth: dict[str, str], text: str) -> None:
    sent = httpx.post(
        f"{url}/api/conversations/{conversation_id}/messages",
        json={"text": text},
        headers=auth,
        timeout=20,
    )
    assert sent.status_code == 200, sent.text


def hand_off(database_url: str, conversation_id: str, rep_id: int | None) -> int:
    with session_scope(database_url) as session:
        return handoff_store.create_handoff(
            session,
            conversation_id=conversation_id,
            trigger="asked_for_person",
            reason="Asked for a person.",
            summary={},
            rep_id=rep_id,
            routing={},
        ).id


def texts(database_url: str, conversation_id: str) -> list[str]:
    with session_scope(database_url) as session:
        return [
            m.text
            for m in conversation_store.list_messages(session, conversation_id=conversation_id)
        ]


def wait_until(condition, timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# --- 4. revoked sessions lose their sockets ------------------------------------------------------


def test_a_deactivated_reps_console_is_cut_and_hears_nothing_more(
    live: str, offline_rasa_settings: Settings
) -> None:
    url = offline_rasa_settings.database_url
    email = unique("deactivated")
    rep_id = add_rep(url, email)
    rep = Rep(live, email)
    try:
        conversation_id, auth = open_conversation(live)
        hand_off(url, conversation_id, rep_id)
        say(live, conversation_id, auth, "before")
        rep.events.wait_for("buyer_message")  # the push works while the rep is active

        with session_scope(url) as session:  # as `bot reps deactivate` would, from elsewhere
            rep_store.deactivate(session, email=email)
        assert wait_until(lambda: not rep.console.connected), "the socket stayed open"
        say(live, conversation_id, auth, "after deactivation")
        time.sleep(QUIET_S)
        assert [m["message"]["text"] for m in rep.got("buyer_message", conversation_id)] == [
            "before"
        ]
        assert "after deactivation" in texts(url, conversation_id)  # stored all the same
    finally:
        rep.close()


def test_logout_cuts_the_console_and_the_cookie_opens_no_new_one(
    live: str, offline_rasa_settings: Settings
) -> None:
    email = unique("logout")
    add_rep(offline_rasa_settings.database_url, email)
    rep = Rep(live, email)
    try:
        assert rep.http.post("/api/reps/logout", headers=rep.csrf).status_code == 200
        assert wait_until(lambda: not rep.console.connected, timeout=2)
        assert "44/console," in console_handshake(live, rep.cookie)  # refused
    finally:
        rep.close()


# --- 5. a bare socket.io session id resumes nothing ----------------------------------------------


class Buyer:
    """A Rasa-protocol widget: session_request / session_confirm / user_uttered."""

    def __init__(self, url: str) -> None:
        self.events = Recorder()
        self.client = socketio.Client(reconnection=False)
        for name in ("session_confirm", "bot_uttered", "error", "message", "rep_typing"):
            self.client.on(name, self.events.handler(name))
        self.client.connect(url, wait_timeout=5)

    def session(self, session_id=None, custom=None) -> str:
        before = len(self.events.events)
        self.client.emit("session_request", {"session_id": session_id, "customData": custom})
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            for event, data in self.events.events[before:]:
                if event in ("session_confirm", "error"):
                    return data if event == "session_confirm" else {"error": data["message"]}
            time.sleep(0.02)
        raise AssertionError("no answer to session_request")

    def say(self, text: str, session_id: str) -> None:
        self.client.emit("user_uttered", {"message": text, "session_id": session_id})

    def close(self) -> None:
        hang_up(self.client)


def test_a_bare_session_id_never_resumes_someone_elses_conversation(
    live: str, offline_rasa_settings: Settings
) -> None:
    url = offline_rasa_settings.database_url
    victim, attacker = Buyer(live), Buyer(live)
    try:
        signed = victim.session()
        conversation_id, _, signature = signed.partition(".")
        assert signature, "session_confirm hands out a signed id"
        victim.say("our budget is 80k, keep it quiet", signed)
        victim.events.wait_for("bot_uttered", timeout=20)
        before = texts(url, conversation_id)

        for stolen in (conversation_id, f"{conversation_id}.forgedsignature"):
            got = attacker.session(stolen)
            assert isinstance(got, str) and not got.startswith(conversation_id)
            attacker.say("hijacked: send me the transcript", got)
            attacker.events.wait_for("bot_uttered", timeout=20)
        assert texts(url, conversation_id) == before  # nothing written into the victim's
        # The attacker's sockets never joined the victim's room: no push reaches them.
        assert not [d for e, d in attacker.events.events if e == "message"]

        again = Buyer(live)
        try:
            assert again.session(signed) == signed  # the signed id does resume
        finally:
            again.close()
    finally:
        victim.close()
        attacker.close()


# --- 11. odd socket input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_data",
    [
        {"session_id": 12345678901234567890},
        {"session_id": {"$ne": ""}},
        {"session_id": ["a", "b"]},
        {"session_id": None, "customData": {"token": 42}},
    ],
)
def test_non_string_session_ids_and_tokens_are_refused_with_a_reason(
    live: str, request_data
) -> None:
    buyer = Buyer(live)
    try:
        buyer.client.emit("session_request", request_data)
        error = buyer.events.wait_for("error")
        assert "must be a string" in error["message"]
        assert isinstance(buyer.session(), str)  # the server is fine and still answers
    finally:
        buyer.close()


def raw_connect(url: str, auth: dict) -> str:
    """Connect the default namespace with ``auth`` over raw polling; the server's answer."""
    query = {"EIO": "4", "transport": "polling"}
    with httpx.Client(base_url=url, timeout=5) as http:
        opened = http.get("/socket.io/", params=query).text
        query["sid"] = json.loads(opened[opened.index("{") :])["sid"]
        http.post("/socket.io/", params=query, content="40" + json.dumps(auth))
        return http.get("/socket.io/", params=query).text


def test_a_non_string_token_in_the_handshake_is_refused(live: str) -> None:
    conversation_id, _ = open_conversation(live)
    for auth in (
        {"conversation_id": conversation_id, "token": 5},
        {"conversation_id": conversation_id, "token": {"x": 1}},
        {"conversation_id": ["x"], "token": "y"},
    ):
        answer = raw_connect(live, auth)
        assert answer.startswith("44") and "as strings" in answer, answer


def test_an_odd_cookie_before_the_session_does_not_hide_it(
    live: str, offline_rasa_settings: Settings
) -> None:
    email = unique("cookies")
    add_rep(offline_rasa_settings.database_url, email)
    rep = Rep(live, email)
    try:
        odd = f'prefs={{"theme": "dark"}}; tracker=a b c; {rep.cookie}'
        assert "40/console," in console_handshake(live, odd)
    finally:
        rep.close()


# --- 9. pushes only to reps who may see the conversation -----------------------------------------


def test_buyer_messages_and_typing_reach_only_reps_who_may_see_them(
    live: str, offline_rasa_settings: Settings
) -> None:
    url = offline_rasa_settings.database_url
    owner_email, other_email = unique("owner"), unique("other")
    owner_id = add_rep(url, owner_email)
    add_rep(url, other_email)
    owner, other = Rep(live, owner_email), Rep(live, other_email)
    try:
        private, private_auth = open_conversation(live)  # never handed off
        say(live, private, private_auth, "just browsing, nobody needs to read this")
        handed, handed_auth = open_conversation(live)
        hand_off(url, handed, owner_id)
        say(live, handed, handed_auth, "hello, anyone?")

        owner.events.wait_for("buyer_message", lambda d: d["conversation_id"] == handed)
        time.sleep(QUIET_S)
        assert not owner.got("buyer_message", private) and not other.got("buyer_message", private)
        assert not other.got("buyer_message", handed)  # not his, and he is not looking at it

        # Opening the handoff in the console is what lets another rep follow it live.
        assert (
            other.console.call("watch", {"conversation_id": private}, namespace="/console")["ok"]
            is False
        )
        assert (
            other.console.call("watch", {"conversation_id": handed}, namespace="/console")["ok"]
            is True
        )
        say(live, handed, handed_auth, "second message")
        other.events.wait_for("buyer_message", lambda d: d["message"]["text"] == "second message")

        # A burst of typing reaches the rep as one signal, not thirty.
        buyer = socketio.Client(reconnection=False)
        buyer_events = Recorder()
        buyer.on("rep_typing", buyer_events.handler("rep_typing"))
        token = handed_auth["Authorization"].split()[1]
        buyer.connect(live, auth={"conversation_id": handed, "token": token}, wait_timeout=5)
        try:
            for _ in range(30):
                buyer.emit("typing", {"typing": True})
                time.sleep(0.01)
            owner.events.wait_for("buyer_typing")
            time.sleep(QUIET_S)
            assert len(owner.got("buyer_typing", handed)) == 1

            # Only the rep who has the conversation is shown typing to the buyer.
            other.console.emit(
                "rep_typing", {"conversation_id": handed, "typing": True}, namespace="/console"
            )
            time.sleep(QUIET_S)
            assert not buyer_events.events
            handoff_id = handoff_store_id(url, handed)
            claimed = owner.http.post(f"/api/handoffs/{handoff_id}/claim", headers=owner.csrf)
            assert claimed.status_code == 200
            owner.console.emit(
                "rep_typing", {"conversation_id": handed, "typing": True}, namespace="/console"
            )
            assert buyer_events.wait_for("rep_typing")["typing"] is True
        finally:
            hang_up(buyer)
    finally:
        owner.close()
        other.close()


def handoff_store_id(database_url: str, conversation_id: str) -> int:
    with session_scope(database_url) as session:
        return handoff_store.open_handoff_for(session, conversation_id=conversation_id).id
