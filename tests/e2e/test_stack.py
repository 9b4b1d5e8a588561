"""The whole path for real: gateway -> trained Rasa -> rasa-sdk action -> knowledge -> back."""

from __future__ import annotations

import queue

import httpx
import socketio

from bot.db import session_scope
from bot.models import Sender
from bot.store import conversations as store
from tests.support.stack import Stack

QUESTION = "Which CRMs and warehouses do you integrate with?"


def open_conversation(stack: Stack) -> tuple[str, dict[str, str]]:
    body = httpx.post(f"{stack.web_url}/api/conversations", json={}).json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


def test_rest_message_gets_cited_answer_from_action_and_both_are_stored(stack: Stack) -> None:
    cid, auth = open_conversation(stack)
    response = httpx.post(
        f"{stack.web_url}/api/conversations/{cid}/messages",
        json={"text": QUESTION},
        headers=auth,
        timeout=60,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["mode"] == "bot"
    answers = [m for m in body["messages"] if m["sources"]]
    assert answers, f"no cited answer in {body['messages']}"
    assert answers[0]["sources"][0]["path"].endswith(".md")
    assert answers[0]["sources"][0]["title"] in answers[0]["text"]
    with session_scope(stack.database_url) as session:
        stored = store.list_messages(session, conversation_id=cid)
        assert (stored[0].sender, stored[0].text) == (Sender.BUYER, QUESTION)
        assert any(m.sender == Sender.BOT and m.sources for m in stored)


def test_socketio_channel_speaks_rasa_protocol_and_resumes(stack: Stack) -> None:
    events: queue.Queue[tuple[str, object]] = queue.Queue()
    client = socketio.Client()
    client.on("session_confirm", lambda data: events.put(("session_confirm", data)))
    client.on("bot_uttered", lambda data: events.put(("bot_uttered", data)))
    client.connect(stack.web_url)
    try:
        client.emit("session_request", {})  # no session id: the server mints one
        kind, session_id = events.get(timeout=10)
        assert kind == "session_confirm" and isinstance(session_id, str)
        client.emit(
            "user_uttered",
            {"message": QUESTION, "session_id": session_id, "customData": {"plan": "trial"}},
        )
        kind, uttered = events.get(timeout=60)
        assert kind == "bot_uttered" and isinstance(uttered, dict)
        assert uttered.get("text") or uttered.get("quick_replies") or uttered.get("attachment")
    finally:
        client.disconnect()

    again = socketio.Client()
    confirmed: queue.Queue[object] = queue.Queue()
    again.on("session_confirm", confirmed.put)
    again.connect(stack.web_url)
    try:
        again.emit("session_request", {"session_id": session_id})
        assert confirmed.get(timeout=10) == session_id
    finally:
        again.disconnect()
    with session_scope(stack.database_url) as session:
        conversation = store.get_conversation(session, conversation_id=session_id)
        assert conversation is not None and conversation.buyer_metadata.get("plan") == "trial"
        stored = store.list_messages(session, conversation_id=session_id)
        assert stored[0].text == QUESTION and any(m.sender == Sender.BOT for m in stored)


def test_quick_replies_reach_socketio_clients_as_rasa_emits_them(stack: Stack) -> None:
    events: queue.Queue[dict] = queue.Queue()
    client = socketio.Client()
    confirmed: queue.Queue[str] = queue.Queue()
    client.on("session_confirm", confirmed.put)
    client.on("bot_uttered", events.put)
    client.connect(stack.web_url)
    try:
        client.emit("session_request", {"session_id": "socket-test-quick-replies"})
        session_id = confirmed.get(timeout=10)
        client.emit("user_uttered", {"message": "I'm still not sure", "session_id": session_id})
        uttered = [events.get(timeout=60)]
        while True:
            try:
                uttered.append(events.get(timeout=3))
            except queue.Empty:
                break
    finally:
        client.disconnect()
    with_buttons = [u for u in uttered if "quick_replies" in u]
    assert with_buttons, f"an unsure buyer is offered help as buttons; got {uttered}"
    reply = with_buttons[0]["quick_replies"][0]
    assert reply["content_type"] == "text" and reply["title"] and reply["payload"]


def test_action_server_accepts_query_prefetches(stack: Stack) -> None:
    url = f"{stack.action_url}/candor/prefetch"
    assert httpx.post(url, json={"text": "do you support SSO"}).status_code == 202
    assert httpx.post(url, json={"nothing": 1}).status_code == 202  # a hint: never an error
    cid, auth = open_conversation(stack)
    response = httpx.post(
        f"{stack.web_url}/api/conversations/{cid}/messages",
        json={"text": "do you support SSO"},
        headers=auth,
        timeout=60,
    )
    assert any(m["sources"] for m in response.json()["messages"])
