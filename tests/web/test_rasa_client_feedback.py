"""Helpful / not-helpful from a stock Rasa socket.io client (not our widget), through a real
uvicorn server: a ``/feedback{...}`` button payload sent as ``user_uttered``, and the
``feedback`` event with an acknowledgement. Rasa is down, so the bot's reply is the honest
"having trouble" one: still a bot message that carries its id in ``metadata``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import socketio

from bot.config import Settings
from bot.db import session_scope
from bot.models import Sender
from bot.store import conversations as conversation_store
from bot.store import feedback
from tests.web.test_abuse_sockets import hang_up, serving
from tests.web.test_rasa_clients import RasaClient, conversation_of


@pytest.fixture
def live(offline_rasa_settings: Settings) -> Iterator[str]:
    with serving(offline_rasa_settings) as url:
        yield url


def bot_reply_id(client: RasaClient, session_id: str) -> int:
    client.client.emit("user_uttered", {"message": "hi", "session_id": session_id})
    reply = client.events.wait_for(
        "bot_uttered", lambda d: "message_id" in d.get("metadata", {}), timeout=15
    )
    return reply["metadata"]["message_id"]


def stored(settings: Settings, conversation_id: str) -> tuple[list, list[str]]:
    with session_scope(settings.database_url) as session:
        verdicts = [
            (f.message_id, f.helpful, f.reason)
            for f in feedback.feedback_since(session)
            if f.conversation_id == conversation_id
        ]
        buyer = [
            m.text
            for m in conversation_store.list_messages(session, conversation_id=conversation_id)
            if m.sender == Sender.BUYER
        ]
    return verdicts, buyer


def test_a_feedback_button_payload_is_stored_as_feedback_not_as_a_message(
    live: str, offline_rasa_settings: Settings
) -> None:
    client = RasaClient(live)
    try:
        session_id = client.session_id()
        reply = bot_reply_id(client, session_id)
        click = {"message_id": reply, "helpful": False, "reason": "  it skipped SSO  "}
        message = f"/feedback{json.dumps(click)}"
        client.client.emit("user_uttered", {"message": message, "session_id": session_id})
        thanks = client.events.wait_for("bot_uttered", lambda d: "feedback" in d.get("text", ""))
        assert thanks["metadata"]["feedback"] == {
            "message_id": reply,
            "helpful": False,
            "reason": "it skipped SSO",
        }
        verdicts, buyer = stored(offline_rasa_settings, conversation_of(session_id))
        assert verdicts == [(reply, False, "it skipped SSO")]
        assert buyer == ["hi"]  # the click is not something the buyer said

        # A changed mind replaces it; a malformed payload or a buyer message is refused.
        again = f'/feedback{{"message_id": {reply}, "helpful": true}}'
        client.client.emit("user_uttered", {"message": again, "session_id": session_id})
        client.events.wait_for(
            "bot_uttered",
            lambda d: d.get("metadata", {}).get("feedback", {}).get("helpful") is True,
        )
        for bad in ("/feedback{oops", f'/feedback{{"message_id": {reply}}}'):
            client.client.emit("user_uttered", {"message": bad, "session_id": session_id})
        client.events.wait_for("bot_uttered", lambda d: "helpful" in d.get("text", ""))
        client.events.wait_for("bot_uttered", lambda d: "/feedback{" in d.get("text", ""))
        verdicts, buyer = stored(offline_rasa_settings, conversation_of(session_id))
        assert verdicts == [(reply, True, "")] and buyer == ["hi"]
    finally:
        client.close()


def test_the_feedback_event_is_acknowledged_and_only_for_the_sockets_own_conversation(
    live: str, offline_rasa_settings: Settings
) -> None:
    settings = offline_rasa_settings
    mine, other = RasaClient(live), RasaClient(live)
    try:
        mine_id, other_id = mine.session_id(), other.session_id()
        reply, elsewhere = bot_reply_id(mine, mine_id), bot_reply_id(other, other_id)

        ack = mine.client.call("feedback", {"message_id": reply, "helpful": True}, timeout=5)
        assert ack == {"ok": True, "message_id": reply, "helpful": True, "reason": ""}
        refused = mine.client.call("feedback", {"message_id": elsewhere, "helpful": False})
        assert refused["ok"] is False and "not a bot answer" in refused["error"]
        long = {"message_id": reply, "helpful": False, "reason": "x" * 10_000}
        too_long = mine.client.call("feedback", long, timeout=5)
        assert too_long["ok"] is False and str(settings.feedback_reason_chars) in too_long["error"]
        assert stored(settings, conversation_of(mine_id))[0] == [(reply, True, "")]
        assert stored(settings, conversation_of(other_id))[0] == []

        stranger = socketio.Client(reconnection=False)
        stranger.connect(live, wait_timeout=5)
        try:
            no_session = stranger.call("feedback", {"message_id": reply, "helpful": False})
            assert no_session == {"ok": False, "error": "send session_request before feedback"}
        finally:
            hang_up(stranger)
    finally:
        mine.close()
        other.close()
