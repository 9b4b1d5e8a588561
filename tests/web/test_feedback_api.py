"""Buyers' helpful / not-helpful on bot answers, through the real app and database (Rasa is
down here, so the bot's reply is the honest "having trouble" one: still a bot message)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.config import Settings
from bot.db import session_scope
from bot.store import feedback


def conversation_with_a_reply(client: TestClient) -> tuple[str, dict[str, str], int, int]:
    opened = client.post("/api/conversations", json={}).json()
    auth = {"Authorization": f"Bearer {opened['token']}"}
    cid = opened["conversation_id"]
    turn = client.post(f"/api/conversations/{cid}/messages", json={"text": "hi"}, headers=auth)
    body = turn.json()
    return cid, auth, body["buyer_message"]["id"], body["messages"][0]["id"]


def url(cid: str, message_id: int) -> str:
    return f"/api/conversations/{cid}/messages/{message_id}/feedback"


def test_a_not_helpful_click_with_a_reason_is_stored_once_and_can_be_changed(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    cid, auth, _, reply = conversation_with_a_reply(client)
    click = {"helpful": False, "reason": "  it didn't say if SSO is included  "}

    first = client.post(url(cid, reply), json=click, headers=auth)
    again = client.post(url(cid, reply), json=click, headers=auth)

    assert first.status_code == again.status_code == 200
    assert again.json() == {
        "message_id": reply,
        "helpful": False,
        "reason": "it didn't say if SSO is included",
    }
    changed = client.post(url(cid, reply), json={"helpful": True}, headers=auth)
    assert changed.json() == {"message_id": reply, "helpful": True, "reason": ""}
    with session_scope(offline_rasa_settings.database_url) as session:
        [stored] = feedback.feedback_since(session)
        assert stored.helpful and stored.conversation_id == cid


def test_feedback_is_only_for_the_bots_messages_in_the_buyers_own_conversation(
    client: TestClient,
) -> None:
    cid, auth, buyer_message, reply = conversation_with_a_reply(client)
    _, other_auth, _, other_reply = conversation_with_a_reply(client)

    assert client.post(url(cid, reply), json={"helpful": True}).status_code == 401
    assert (
        client.post(url(cid, reply), json={"helpful": True}, headers=other_auth).status_code == 403
    )
    own_message = client.post(url(cid, buyer_message), json={"helpful": False}, headers=auth)
    assert own_message.status_code == 404
    elsewhere = client.post(url(cid, other_reply), json={"helpful": False}, headers=auth)
    assert elsewhere.status_code == 404
    assert client.post(url(cid, 2**40), json={"helpful": False}, headers=auth).status_code == 422
    assert client.post(url(cid, reply), json={}, headers=auth).status_code == 422


def test_an_overlong_reason_is_refused_with_the_limit(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    cid, auth, _, reply = conversation_with_a_reply(client)
    limit = offline_rasa_settings.feedback_reason_chars
    response = client.post(
        url(cid, reply), json={"helpful": False, "reason": "x" * (limit + 1)}, headers=auth
    )
    assert response.status_code == 413 and str(limit) in response.json()["detail"]
