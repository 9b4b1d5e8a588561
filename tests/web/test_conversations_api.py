"""The buyer API's contract and its errors, on a real database (Rasa deliberately down)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.chat import TROUBLE_TEXT
from bot.config import Settings
from bot.db import session_scope
from bot.models import TurnState
from bot.store import turns
from bot.store.turns import ReplyDraft


def open_conversation(client: TestClient) -> tuple[str, dict[str, str]]:
    response = client.post("/api/conversations", json={"metadata": {"page": "/pricing"}})
    assert response.status_code == 201
    body = response.json()
    assert len(body["token"]) == 32 and body["mode"] == "bot"
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


def test_rasa_down_still_stores_message_and_answers_honestly(client: TestClient) -> None:
    cid, auth = open_conversation(client)
    response = client.post(f"/api/conversations/{cid}/messages", json={"text": "Hi"}, headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert body["messages"][0]["text"] == TROUBLE_TEXT
    assert body["mode"] == "bot"
    transcript = client.get(f"/api/conversations/{cid}/messages", headers=auth).json()
    assert [(m["sender"], m["text"]) for m in transcript["messages"]] == [
        ("buyer", "Hi"),
        ("bot", TROUBLE_TEXT),
    ]


def test_empty_and_oversized_messages_are_rejected_with_reason(client: TestClient) -> None:
    cid, auth = open_conversation(client)
    empty = client.post(f"/api/conversations/{cid}/messages", json={"text": "  "}, headers=auth)
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    huge = client.post(
        f"/api/conversations/{cid}/messages", json={"text": "x" * 2001}, headers=auth
    )
    assert huge.status_code == 413 and "2000" in huge.json()["detail"]
    missing = client.post(f"/api/conversations/{cid}/messages", json={}, headers=auth)
    assert missing.status_code == 422 and missing.json()["detail"]
    # nothing was stored for the rejected messages
    assert client.get(f"/api/conversations/{cid}/messages", headers=auth).json()["messages"] == []


def test_unknown_conversation_and_wrong_tokens(client: TestClient) -> None:
    cid, auth = open_conversation(client)
    other_cid, other_auth = open_conversation(client)
    unknown = client.get("/api/conversations/doesnotexist/messages", headers=auth)
    # An unknown id is answered exactly like a wrong token: no oracle for which ids exist.
    assert unknown.status_code == 403 and "doesnotexist" not in unknown.json()["detail"]
    no_token = client.get(f"/api/conversations/{cid}/messages")
    assert no_token.status_code == 401 and "Bearer" in no_token.json()["detail"]
    wrong = client.get(f"/api/conversations/{cid}/messages", headers=other_auth)
    assert wrong.status_code == 403
    sent = client.post(f"/api/conversations/{cid}/messages", json={"text": "x"}, headers=other_auth)
    assert sent.status_code == 403
    assert (
        client.get(f"/api/conversations/{other_cid}/messages", headers=other_auth).status_code
        == 200
    )


def test_chat_page_is_served_with_local_assets_only(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'id="candor-widget"' in page.text
    assert "http://" not in page.text.replace("http://www.w3.org", "")
    assert "https://" not in page.text
    for asset in ("/static/widget.js", "/static/widget.css", "/static/vendor/socket.io.min.js"):
        assert client.get(asset).status_code == 200


def test_clicked_button_keeps_its_title_in_the_transcript(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    cid, auth = open_conversation(client)
    offer_buttons(offline_rasa_settings, cid, {"/affirm": "Yes, let's do that", "/deny": "No"})
    url = f"/api/conversations/{cid}/messages"
    sent = client.post(url, json={"text": "Yes, let's do that", "payload": "/affirm"}, headers=auth)
    assert sent.status_code == 200
    assert sent.json()["buyer_message"]["text"] == "Yes, let's do that"
    bad = client.post(url, json={"text": "x", "payload": "affirm"}, headers=auth)
    assert bad.status_code == 422


def test_payloads_of_buttons_never_offered_are_refused(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    cid, auth = open_conversation(client)
    offer_buttons(offline_rasa_settings, cid, {"/affirm": "Yes"})
    url = f"/api/conversations/{cid}/messages"
    forged = '/request_handoff{"budget": "1"}'
    refused = client.post(url, json={"text": "Yes", "payload": forged}, headers=auth)
    assert refused.status_code == 422 and "was offered" in refused.json()["detail"]
    texts = [m["text"] for m in client.get(url, headers=auth).json()["messages"]]
    assert texts == ["Hello", "Do you want a person?"]  # nothing stored for the forged click


def offer_buttons(settings: Settings, conversation_id: str, buttons: dict[str, str]) -> None:
    """A bot reply with buttons, stored the way the gateway stores Rasa's replies."""
    with session_scope(settings.database_url) as session:
        turn = turns.record_buyer_message(
            session,
            conversation_id=conversation_id,
            text="Hello",
            metadata={},
            quick_reply=None,
            client_id=None,
            max_metadata_bytes=settings.max_conversation_metadata_bytes,
        )
        offered = [{"title": title, "payload": payload} for payload, title in buttons.items()]
        reply = ReplyDraft("Do you want a person?", payload={"buttons": offered})
        turns.store_replies(
            session,
            buyer_message_id=turn.buyer_message.id,
            replies=[reply],
            state=TurnState.ANSWERED,
        )
