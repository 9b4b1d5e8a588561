"""The rep API end to end over HTTP, on SQLite and PostgreSQL, with Rasa really down.

Rasa being down matters: while a rep has the conversation no bot reply (not even the
"I'm having trouble" one) may appear; after hand-back the bot answers again.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.handoff import request_handoff
from bot.web.auth import CSRF_HEADER
from tests.handoff.factories import PASSWORD, SOURCE, add_rep, summary_json


def login(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/reps/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {CSRF_HEADER: response.json()["csrf_token"]}


def buyer(client: TestClient) -> tuple[str, dict[str, str]]:
    data = client.post("/api/conversations", json={}).json()
    return data["conversation_id"], {"Authorization": f"Bearer {data['token']}"}


def say(client: TestClient, conversation_id: str, auth: dict[str, str], text: str) -> dict:
    response = client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": text}, headers=auth
    )
    assert response.status_code == 200, response.text
    return response.json()


def open_handoff(settings: Settings, conversation_id: str) -> int:
    reply = request_handoff(
        conversation_id,
        "asked_for_person",
        "The buyer asked to talk to a person.",
        summary_json(situation="evaluating", main_worry="price"),
        settings=settings,
        background=False,
    )
    return reply["json_message"]["handoff"]["id"]


@pytest.fixture
def reps(offline_rasa_settings: Settings) -> dict[str, int]:
    url = offline_rasa_settings.database_url
    return {
        "alice": add_rep(url, "alice@example.com", name="Alice Archer", role="Solutions Engineer"),
        "bob": add_rep(url, "bob@example.com", name="Bob Baker", role="Account Executive"),
    }


def test_login_rejects_wrong_password_and_unknown_email(client: TestClient, reps) -> None:
    assert (
        client.post(
            "/api/reps/login", json={"email": "alice@example.com", "password": "nope"}
        ).status_code
        == 401
    )
    assert (
        client.post(
            "/api/reps/login", json={"email": "who@example.com", "password": PASSWORD}
        ).status_code
        == 401
    )
    assert client.get("/api/reps/me").status_code == 401


def test_claim_relay_handback_and_transcript(
    client: TestClient, offline_rasa_settings: Settings, reps
) -> None:
    conversation_id, auth = buyer(client)
    say(client, conversation_id, auth, "hello")
    handoff_id = open_handoff(offline_rasa_settings, conversation_id)
    csrf = login(client, "alice@example.com")
    assert client.get("/api/reps/me").json()["rep"]["name"] == "Alice Archer"

    queue = client.get("/api/handoffs", params={"status": "waiting"}).json()["handoffs"]
    row = next(h for h in queue if h["id"] == handoff_id)
    assert row["conversation_id"] == conversation_id and row["status"] == "waiting"
    assert row["reason"] == "The buyer asked to talk to a person."
    assert set(row["rep"]) >= {"name", "role", "email"}

    assert client.post(f"/api/handoffs/{handoff_id}/claim").status_code == 403  # no CSRF header
    claimed = client.post(f"/api/handoffs/{handoff_id}/claim", headers=csrf)
    assert claimed.status_code == 200 and claimed.json()["handoff"]["status"] == "active"
    # The same rep's repeated claim (a slow first click) is theirs already: no conflict
    # (another rep's claim still conflicts: tests/handoff/test_claim_race.py).
    again = client.post(f"/api/handoffs/{handoff_id}/claim", headers=csrf)
    assert again.status_code == 200 and again.json()["handoff"]["status"] == "active"

    turn = say(client, conversation_id, auth, "Are you a real person?")
    assert turn == {**turn, "messages": [], "mode": "with_rep"}  # the bot stays silent

    sent = client.post(
        f"/api/handoffs/{handoff_id}/messages", json={"text": "Yes, Alice here."}, headers=csrf
    )
    assert sent.status_code == 200
    log = client.get(f"/api/conversations/{conversation_id}/messages", headers=auth).json()
    assert log["mode"] == "with_rep"
    assert "Alice Archer (Solutions Engineer) has joined" in log["messages"][-3]["text"]
    assert log["messages"][-2]["text"] == "Are you a real person?"
    last = log["messages"][-1]
    assert last["sender"] == "rep" and last["text"] == "Yes, Alice here."
    assert last["rep"]["name"] == "Alice Archer" and last["rep"]["role"] == "Solutions Engineer"

    detail = client.get(f"/api/handoffs/{handoff_id}").json()
    assert detail["handoff"]["summary"]["worry"] == "price"
    assert [m["text"] for m in detail["messages"]] == [m["text"] for m in log["messages"]]

    markdown = client.get(f"/api/handoffs/{handoff_id}/transcript", params={"format": "md"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    for message in log["messages"]:
        assert message["text"].splitlines()[0] in markdown.text
    assert "**Alice Archer (Solutions Engineer)**" in markdown.text
    exported = client.get(
        f"/api/handoffs/{handoff_id}/transcript", params={"format": "json"}
    ).json()
    assert exported["messages"] == log["messages"]

    released = client.post(f"/api/handoffs/{handoff_id}/release", headers=csrf)
    assert released.json()["handoff"]["status"] == "released"
    again = say(client, conversation_id, auth, "ok, back to the bot")
    assert (
        again["mode"] == "bot" and again["messages"][0]["sender"] == "bot"
    )  # forwarded to Rasa again


def test_other_reps_cannot_reply_or_release_a_claimed_handoff(
    client, offline_rasa_settings, reps
) -> None:
    conversation_id, _ = buyer(client)
    handoff_id = open_handoff(offline_rasa_settings, conversation_id)
    alice = login(client, "alice@example.com")
    assert client.post(f"/api/handoffs/{handoff_id}/claim", headers=alice).status_code == 200
    bob = login(client, "bob@example.com")
    for action, body, refused in (
        ("messages", {"text": "hi"}, 409),  # claim it first
        ("release", None, 403),  # not his
        ("close", {"outcome": "won"}, 403),
    ):
        assert (
            client.post(f"/api/handoffs/{handoff_id}/{action}", json=body, headers=bob).status_code
            == refused
        )


def test_reassign_then_claim_and_close_with_outcome(client, offline_rasa_settings, reps) -> None:
    conversation_id, auth = buyer(client)
    handoff_id = open_handoff(offline_rasa_settings, conversation_id)
    alice = login(client, "alice@example.com")
    client.post(f"/api/handoffs/{handoff_id}/claim", headers=alice)
    moved = client.post(
        f"/api/handoffs/{handoff_id}/reassign", json={"email": "bob@example.com"}, headers=alice
    )
    assert moved.status_code == 200
    assert (
        moved.json()["handoff"]["rep"]["name"] == "Bob Baker"
        and moved.json()["handoff"]["status"] == "waiting"
    )
    assert (
        client.post(
            f"/api/handoffs/{handoff_id}/reassign", json={"rep_id": 999999}, headers=alice
        ).status_code
        == 404
    )

    bob = login(client, "bob@example.com")
    mine = client.get("/api/handoffs", params={"status": "mine"}).json()["handoffs"]
    assert handoff_id in [h["id"] for h in mine]
    client.post(f"/api/handoffs/{handoff_id}/claim", headers=bob)
    assert (
        client.post(
            f"/api/handoffs/{handoff_id}/close", json={"outcome": "maybe"}, headers=bob
        ).status_code
        == 422
    )
    closed = client.post(
        f"/api/handoffs/{handoff_id}/close", json={"outcome": "no_decision"}, headers=bob
    ).json()
    assert closed["handoff"]["status"] == "closed" and closed["handoff"]["outcome"] == "no_decision"
    assert (
        client.get(f"/api/conversations/{conversation_id}/messages", headers=auth).json()["mode"]
        == "bot"
    )
    all_rows = client.get("/api/handoffs", params={"status": "all"}).json()["handoffs"]
    assert any(h["id"] == handoff_id and h["outcome"] == "no_decision" for h in all_rows)


def test_closing_or_releasing_a_waiting_request_tells_the_buyer(
    client, offline_rasa_settings, reps
) -> None:
    # A lead may end any waiting request (other reps only those assigned to them).
    add_rep(offline_rasa_settings.database_url, "alice@example.com", name="Alice Archer", lead=True)
    alice = login(client, "alice@example.com")
    for action, body in (("close", {"outcome": "nurture"}), ("release", None)):
        conversation_id, auth = buyer(client)
        handoff_id = open_handoff(offline_rasa_settings, conversation_id)
        ended = client.post(f"/api/handoffs/{handoff_id}/{action}", json=body, headers=alice)
        assert ended.status_code == 200
        log = client.get(f"/api/conversations/{conversation_id}/messages", headers=auth).json()
        assert log["mode"] == "bot"
        last = log["messages"][-1]
        assert "Alice Archer from our team has closed your request" in last["text"]
        assert last["custom"]["event"] == "request_closed"


def test_flagging_a_bot_answer_records_its_source(client, offline_rasa_settings, reps) -> None:
    from bot.db import session_scope
    from bot.models import Sender
    from bot.store import conversations as conversation_store

    conversation_id, auth = buyer(client)
    with session_scope(offline_rasa_settings.database_url) as session:
        answer = conversation_store.add_message(
            session,
            conversation_id=conversation_id,
            sender=Sender.BOT,
            text="Old price.",
            sources=[SOURCE],
        ).id
    question = say(client, conversation_id, auth, "and the price?")["buyer_message"]["id"]
    handoff_id = open_handoff(offline_rasa_settings, conversation_id)
    csrf = login(client, "alice@example.com")
    flagged = client.post(
        f"/api/handoffs/{handoff_id}/flags",
        json={"message_id": answer, "kind": "stale", "note": "2025 prices"},
        headers=csrf,
    )
    assert flagged.status_code == 201
    flag = flagged.json()["flag"]
    assert (flag["source_path"], flag["source_heading"], flag["kind"]) == (
        "compare/northwind.md",
        "Pricing",
        "stale",
    )
    assert (
        client.post(
            f"/api/handoffs/{handoff_id}/flags",
            json={"message_id": question, "kind": "wrong"},
            headers=csrf,
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/api/handoffs/{handoff_id}/flags",
            json={"message_id": answer, "kind": "rude"},
            headers=csrf,
        ).status_code
        == 422
    )
    assert client.get(f"/api/handoffs/{handoff_id}").json()["flags"][0]["note"] == "2025 prices"


def test_logout_ends_the_session(client: TestClient, reps) -> None:
    csrf = login(client, "alice@example.com")
    assert client.post("/api/reps/logout").status_code == 403  # CSRF applies to logout too
    assert client.post("/api/reps/logout", headers=csrf).status_code == 200
    assert client.get("/api/handoffs").status_code == 401


def test_console_page_is_served(client: TestClient) -> None:
    page = client.get("/console")
    assert page.status_code == 200 and 'id="login-form"' in page.text
    assert client.get("/static/console/console.js").status_code == 200
    assert client.get("/static/reps/priya-raman.svg").status_code == 200
