"""The whole path for real: gateway -> trained Rasa -> rasa-sdk action -> knowledge -> back."""

from __future__ import annotations

import queue

import httpx
import socketio

from bot.db import session_scope
from bot.models import Sender
from bot.store import conversations as store
from bot.web.session_ids import SessionIds
from tests.support.sockets import say_goodbye
from tests.support.stack import Stack

QUESTION = "Which CRMs and warehouses do you integrate with?"
FOLLOW_UP = "and is there single sign-on?"


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


def utterances(events: queue.Queue, first_timeout: float = 60) -> list[dict]:
    """Every bot_uttered of one turn: the first within ``first_timeout``, then until quiet."""
    uttered = [events.get(timeout=first_timeout)]
    while True:
        try:
            uttered.append(events.get(timeout=3))
        except queue.Empty:
            return uttered


def test_socketio_channel_speaks_rasa_protocol_and_resumes(stack: Stack) -> None:
    events: queue.Queue[dict] = queue.Queue()
    confirmed: queue.Queue[object] = queue.Queue()
    client = socketio.Client()
    client.on("session_confirm", confirmed.put)
    client.on("bot_uttered", events.put)
    client.connect(stack.web_url)
    try:
        client.emit("session_request", {})  # no session id: the server mints one
        session_id = confirmed.get(timeout=10)
        assert isinstance(session_id, str) and session_id
        client.emit(
            "user_uttered",
            {"message": QUESTION, "session_id": session_id, "customData": {"plan": "trial"}},
        )
        first_turn = utterances(events)
    finally:
        say_goodbye(client)
    said = " ".join(u.get("text", "") for u in first_turn)
    # The answer to the question, not just any reply: the integrations it asked about.
    assert any(name in said for name in ("Salesforce", "HubSpot", "Snowflake", "BigQuery")), said

    # Resuming: a new socket with the same session id carries on the same conversation.
    again = socketio.Client()
    again_events: queue.Queue[dict] = queue.Queue()
    again_confirmed: queue.Queue[object] = queue.Queue()
    again.on("session_confirm", again_confirmed.put)
    again.on("bot_uttered", again_events.put)
    again.connect(stack.web_url)
    try:
        again.emit("session_request", {"session_id": session_id})
        assert again_confirmed.get(timeout=10) == session_id
        again.emit("user_uttered", {"message": FOLLOW_UP, "session_id": session_id})
        second_turn = utterances(again_events)
    finally:
        say_goodbye(again)
    assert "".join(u.get("text", "") for u in second_turn).strip()
    # The session id is signed (a bearer secret): it names the conversation it resumes.
    conversation_id = SessionIds(stack.env["CANDOR_SESSION_SECRET"]).unsign(session_id)
    assert conversation_id
    with session_scope(stack.database_url) as session:
        conversation = store.get_conversation(session, conversation_id=conversation_id)
        assert conversation is not None and conversation.buyer_metadata.get("plan") == "trial"
        stored = store.list_messages(session, conversation_id=conversation_id)
    buyer = [m.text for m in stored if m.sender == Sender.BUYER]
    assert buyer == [QUESTION, FOLLOW_UP]  # one conversation, both turns, in order
    # What the socket client was sent is what the transcript holds.
    bot_texts = [m.text for m in stored if m.sender == Sender.BOT]
    for utterance in first_turn + second_turn:
        if utterance.get("text"):
            assert utterance["text"] in bot_texts


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
        uttered = utterances(events)
    finally:
        say_goodbye(client)
    with_buttons = [u for u in uttered if "quick_replies" in u]
    assert with_buttons, f"an unsure buyer is offered help as buttons; got {uttered}"
    reply = with_buttons[0]["quick_replies"][0]
    assert reply["content_type"] == "text" and reply["title"] and reply["payload"]


def test_action_server_accepts_query_prefetches(stack: Stack) -> None:
    url = f"{stack.action_url}/candor/prefetch"
    assert httpx.post(url, json={"text": "do you support SSO"}).status_code == 202
    refused = httpx.post(url, json={"nothing": 1})  # a client bug, said plainly
    assert refused.status_code == 422 and "text" in refused.json()["detail"]
    cid, auth = open_conversation(stack)
    response = httpx.post(
        f"{stack.web_url}/api/conversations/{cid}/messages",
        json={"text": "do you support SSO"},
        headers=auth,
        timeout=60,
    )
    assert any(m["sources"] for m in response.json()["messages"])
