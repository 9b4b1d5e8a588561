"""Issue 15, items 2, 3 and 10: what a stock Rasa socket.io client gets from the gateway.

A real uvicorn server and a python-socketio client speaking only Rasa's protocol
(``session_request``, ``user_uttered``; it listens to ``session_confirm`` and ``bot_uttered``
and ignores everything else, as rasa-webchat does). Rasa itself is down: a rep has the
conversation, or the stored turn is what is checked.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import socketio

from bot.config import Settings
from bot.db import session_scope
from bot.models import Sender
from bot.store import conversations as conversation_store
from bot.store import handoffs as handoff_store
from tests.handoff.factories import PASSWORD, add_rep
from tests.support.sockets import say_goodbye
from tests.web.test_abuse_sockets import hang_up, serving
from tests.web.test_console_live import Recorder

EMAIL = "robin.rasa@example.com"
EVENTS = ("session_confirm", "bot_uttered", "error", "message", "mode")


@pytest.fixture
def live(offline_rasa_settings: Settings) -> Iterator[str]:
    with serving(offline_rasa_settings) as url:
        yield url


class RasaClient:
    """What rasa-webchat does: one socket, session_request on connect, bot_uttered shown."""

    def __init__(self, url: str, session_id: str | None = None) -> None:
        self.events = Recorder()
        self.client = socketio.Client(reconnection=False)
        for name in EVENTS:
            self.client.on(name, self.events.handler(name))
        self.client.connect(url, wait_timeout=5)
        self.client.emit("session_request", {"session_id": session_id})

    def session_id(self) -> str:
        return self.events.wait_for("session_confirm")

    def uttered(self) -> list[dict]:
        return [data for event, data in self.events.events if event == "bot_uttered"]

    def close(self) -> None:
        hang_up(self.client)


def conversation_of(session_id: str) -> str:
    return session_id.split(".")[0]


def rep_login(url: str) -> tuple[httpx.Client, dict[str, str]]:
    http = httpx.Client(base_url=url, timeout=10)
    login = http.post("/api/reps/login", json={"email": EMAIL, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return http, {"X-CSRF-Token": login.json()["csrf_token"]}


def test_a_reopened_rasa_client_gets_the_rep_message_it_missed_and_nothing_twice(
    live: str, offline_rasa_settings: Settings
) -> None:
    settings = offline_rasa_settings
    rep_id = add_rep(settings.database_url, EMAIL, name="Robin Ellis", role="Solutions Engineer")
    first = RasaClient(live)
    session_id = first.session_id()
    conversation_id = conversation_of(session_id)
    with session_scope(settings.database_url) as session:
        handoff_id = handoff_store.create_handoff(
            session,
            conversation_id=conversation_id,
            trigger="asked_for_person",
            reason="Asked for a person.",
            summary={},
            rep_id=rep_id,
            routing={},
        ).id
    http, csrf = rep_login(live)
    try:
        assert http.post(f"/api/handoffs/{handoff_id}/claim", headers=csrf).status_code == 200
        joined = first.events.wait_for("bot_uttered", lambda d: "joined" in d.get("text", ""))
        # Who joined travels in metadata; the mode event names the rep, no email.
        mode = first.events.wait_for("mode")
        assert mode["rep"] == {
            "name": "Robin Ellis",
            "role": "Solutions Engineer",
            "photo_url": "/static/reps/priya-raman.svg",
        }
        assert joined["metadata"]["sender"] in ("bot", "rep")
        sent = http.post(
            f"/api/handoffs/{handoff_id}/messages",
            json={"text": "Hello, Robin here."},
            headers=csrf,
        )
        assert sent.status_code == 200
        live_reply = first.events.wait_for("bot_uttered", lambda d: "Robin here" in d["text"])
        assert live_reply["text"] == "Robin Ellis: Hello, Robin here."
        assert live_reply["metadata"]["rep"] == mode["rep"]
        assert EMAIL not in str(first.events.events)
        # The Rasa client never gets our widget's own event shape.
        assert not [e for e, _ in first.events.events if e == "message"]

        # The buyer closes the tab (a browser's websocket says goodbye at once; this polling
        # client waits until the server has answered its goodbye); the rep answers meanwhile.
        say_goodbye(first.client)
        http.post(
            f"/api/handoffs/{handoff_id}/messages",
            json={"text": "Pricing is per seat, by the way."},
            headers=csrf,
        )

        again = RasaClient(live, session_id)
        try:
            assert again.session_id() == session_id
            missed = again.events.wait_for("bot_uttered", lambda d: "per seat" in d["text"])
            assert missed["text"] == "Robin Ellis: Pricing is per seat, by the way."
            assert missed["metadata"]["rep"]["name"] == "Robin Ellis"
            # What it saw before closing is not sent again.
            texts = [d.get("text", "") for d in again.uttered()]
            assert not [t for t in texts if "Robin here" in t or "joined" in t]
            assert len([t for t in texts if "per seat" in t]) == 1
        finally:
            again.close()
    finally:
        http.close()


def test_every_refusal_reaches_a_rasa_client_as_a_bot_message(
    live: str, offline_rasa_settings: Settings
) -> None:
    settings = offline_rasa_settings
    client = RasaClient(live)
    try:
        session_id = client.session_id()
        # Too long.
        client.client.emit(
            "user_uttered",
            {"message": "x" * (settings.max_message_chars + 1), "session_id": session_id},
        )
        too_long = client.events.wait_for("bot_uttered", lambda d: "not sent" in d["text"])
        assert "2000" in too_long["text"] or "long" in too_long["text"]
        # A message before any session.
        stranger = socketio.Client(reconnection=False)
        events = Recorder()
        stranger.on("bot_uttered", events.handler("bot_uttered"))
        stranger.connect(live, wait_timeout=5)
        try:
            stranger.emit("user_uttered", {"message": "hello?"})
            said = events.wait_for("bot_uttered")
            assert "not sent" in said["text"] and "session_request" in said["text"]
            stranger.emit("session_request", {"session_id": 12345})
            said = events.wait_for("bot_uttered", lambda d: "could not be opened" in d["text"])
            assert "must be a string" in said["text"]
        finally:
            hang_up(stranger)
    finally:
        client.close()


def test_a_clicked_button_is_stored_by_its_title_and_answers_carry_sources(
    live: str, offline_rasa_settings: Settings
) -> None:
    settings = offline_rasa_settings
    client = RasaClient(live)
    try:
        session_id = client.session_id()
        conversation_id = conversation_of(session_id)
        with session_scope(settings.database_url) as session:
            conversation_store.add_message(
                session,
                conversation_id=conversation_id,
                sender=Sender.BOT,
                text="Shall I bring in a person?",
                payload={"buttons": [{"title": "Yes, please", "payload": "/affirm"}]},
            )
        # rasa-webchat sends a clicked button's payload as the message text.
        client.client.emit("user_uttered", {"message": "/affirm", "session_id": session_id})
        client.events.wait_for("bot_uttered", lambda d: "trouble" in d.get("text", ""), timeout=15)
        with session_scope(settings.database_url) as session:
            buyer = [
                m.text
                for m in conversation_store.list_messages(session, conversation_id=conversation_id)
                if m.sender == Sender.BUYER
            ]
        assert buyer == ["Yes, please"]
    finally:
        client.close()


def test_sources_and_the_rep_travel_in_metadata_never_beside_the_text() -> None:
    """rasa-webchat 1.0.1 drops a message whose keys are not exactly text (+ quick_replies):
    what we add travels in ``metadata``, which it reads and strips."""
    from bot.web.realtime import as_bot_uttered

    source = {"title": "Pricing", "heading": "Seats", "url": "https://example.com/pricing"}
    answer = as_bot_uttered(
        {"id": 7, "sender": "bot", "text": "Per seat.", "sources": [source], "buttons": []}
    )
    assert answer == {
        "text": "Per seat.",
        "metadata": {"sender": "bot", "message_id": 7, "sources": [source]},
    }
    rep = {"id": 3, "name": "Robin", "role": "SE", "email": "r@x.example", "photo_url": None}
    said = as_bot_uttered({"id": 8, "sender": "rep", "text": "Hi", "rep": rep})
    assert said["text"] == "Robin: Hi"
    assert said["metadata"]["rep"] == {"name": "Robin", "role": "SE", "photo_url": None}
    card = as_bot_uttered(
        {"id": 9, "sender": "bot", "text": "Robin will join.", "custom": {"handoff": {"rep": rep}}}
    )
    assert card["metadata"]["handoff"]["rep"] == {"name": "Robin", "role": "SE", "photo_url": None}
