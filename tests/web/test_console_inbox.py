"""The console as an inbox (issue 15, item 9) over HTTP, on SQLite and PostgreSQL: a team's
canned replies, private notes the buyer never sees, an outcome for a handed-back conversation,
and unread counts on queue rows."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.db import session_scope
from bot.models import Rep
from tests.handoff.factories import add_rep
from tests.web.test_console_api import buyer, login, open_handoff, say


@pytest.fixture
def reps(offline_rasa_settings: Settings) -> dict[str, int]:
    url = offline_rasa_settings.database_url
    ids = {
        "alice": add_rep(url, "alice@example.com", name="Alice Archer"),
        "bob": add_rep(url, "bob@example.com", name="Bob Baker"),
        "carol": add_rep(url, "carol@example.com", name="Carol Chen"),
        "lead": add_rep(url, "lead@example.com", name="Lee Lead", lead=True),
    }
    with session_scope(url) as session:
        carol = session.get(Rep, ids["carol"])
        assert carol is not None and carol.team == "sales"  # everyone starts in one team
        carol.team = "support"
    return ids


def test_a_teams_canned_replies_are_shared_and_editable_by_the_team_only(
    client: TestClient, reps
) -> None:
    csrf = login(client, "alice@example.com")
    assert client.get("/api/canned-replies").json() == {"team": "sales", "replies": []}
    body = {"title": "Pricing page", "text": "Our prices are at https://example.com/pricing"}
    assert client.post("/api/canned-replies", json=body).status_code == 403  # no CSRF token
    created = client.post("/api/canned-replies", json=body, headers=csrf)
    assert created.status_code == 201, created.text
    reply_id = created.json()["reply"]["id"]
    # Titles are what the picker shows: one of each per team.
    assert client.post("/api/canned-replies", json=body, headers=csrf).status_code == 409
    empty = client.post("/api/canned-replies", json={"title": "x", "text": "  "}, headers=csrf)
    assert empty.status_code == 422

    csrf = login(client, "bob@example.com")  # same team: sees it and may edit it
    listed = client.get("/api/canned-replies").json()["replies"]
    assert [r["title"] for r in listed] == ["Pricing page"]
    edited = client.put(
        f"/api/canned-replies/{reply_id}",
        json={"title": "Pricing", "text": "Prices: https://example.com/pricing"},
        headers=csrf,
    )
    assert edited.status_code == 200 and edited.json()["reply"]["title"] == "Pricing"

    csrf = login(client, "carol@example.com")  # another team: neither sees nor changes it
    assert client.get("/api/canned-replies").json() == {"team": "support", "replies": []}
    put = client.put(f"/api/canned-replies/{reply_id}", json=body, headers=csrf)
    assert put.status_code == 404
    assert client.delete(f"/api/canned-replies/{reply_id}", headers=csrf).status_code == 404

    csrf = login(client, "alice@example.com")
    assert client.delete(f"/api/canned-replies/{reply_id}", headers=csrf).status_code == 204
    assert client.get("/api/canned-replies").json()["replies"] == []


def claimed_by_alice(
    client: TestClient, settings: Settings
) -> tuple[str, dict[str, str], int, dict[str, str]]:
    """A buyer who asked for a person, and Alice (logged in) holding the handoff:
    ``(conversation_id, buyer auth, handoff_id, Alice's CSRF header)``."""
    conversation_id, auth = buyer(client)
    say(client, conversation_id, auth, "Can I talk to a person?")
    handoff_id = open_handoff(settings, conversation_id)
    csrf = login(client, "alice@example.com")
    assert client.post(f"/api/handoffs/{handoff_id}/claim", headers=csrf).status_code == 200
    return conversation_id, auth, handoff_id, csrf


def test_private_notes_reach_reps_and_their_export_but_never_the_buyer(
    client: TestClient, offline_rasa_settings: Settings, reps
) -> None:
    conversation_id, auth, handoff_id, csrf = claimed_by_alice(client, offline_rasa_settings)
    secret = "Budget is soft; their CFO decides. Offer the annual discount."
    added = client.post(f"/api/handoffs/{handoff_id}/notes", json={"text": secret}, headers=csrf)
    assert added.status_code == 201, added.text
    assert added.json()["note"]["rep"]["name"] == "Alice Archer"

    csrf = login(client, "bob@example.com")  # another rep sees it in the console
    detail = client.get(f"/api/handoffs/{handoff_id}").json()
    assert [n["text"] for n in detail["notes"]] == [secret]
    assert secret not in str(detail["messages"])
    markdown = client.get(f"/api/handoffs/{handoff_id}/transcript?format=md").text
    assert "Private notes (reps only" in markdown and secret in markdown
    exported = client.get(f"/api/handoffs/{handoff_id}/transcript?format=json").json()
    assert [n["text"] for n in exported["private_notes"]] == [secret]

    client.cookies.clear()  # the buyer's own view of the conversation
    messages = client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)
    assert messages.status_code == 200
    assert secret not in messages.text


def test_a_handed_back_conversation_can_still_get_its_outcome(
    client: TestClient, offline_rasa_settings: Settings, reps
) -> None:
    conversation_id, auth, handoff_id, csrf = claimed_by_alice(client, offline_rasa_settings)
    # An open handoff gets its outcome when closed, not this way.
    early = client.post(
        f"/api/handoffs/{handoff_id}/outcome", json={"outcome": "won"}, headers=csrf
    )
    assert early.status_code == 409
    assert client.post(f"/api/handoffs/{handoff_id}/release", headers=csrf).status_code == 200
    before = client.get(f"/api/conversations/{conversation_id}/messages", headers=auth).json()

    csrf = login(client, "bob@example.com")  # not his handoff, not a lead
    refused = client.post(
        f"/api/handoffs/{handoff_id}/outcome", json={"outcome": "lost"}, headers=csrf
    )
    assert refused.status_code == 403
    csrf = login(client, "alice@example.com")
    assert (
        client.post(
            f"/api/handoffs/{handoff_id}/outcome", json={"outcome": "nope"}, headers=csrf
        ).status_code
        == 422
    )
    recorded = client.post(
        f"/api/handoffs/{handoff_id}/outcome", json={"outcome": "nurture"}, headers=csrf
    )
    assert recorded.status_code == 200, recorded.text
    handoff = recorded.json()["handoff"]
    assert (handoff["status"], handoff["outcome"]) == ("released", "nurture")
    csrf = login(client, "lead@example.com")  # a lead may correct it
    fixed = client.post(
        f"/api/handoffs/{handoff_id}/outcome", json={"outcome": "won"}, headers=csrf
    )
    assert fixed.json()["handoff"]["outcome"] == "won"
    # The buyer heard nothing about it, and the bot still has them.
    after = client.get(f"/api/conversations/{conversation_id}/messages", headers=auth).json()
    assert after == before


def test_queue_rows_count_buyer_messages_the_rep_has_not_seen(
    client: TestClient, offline_rasa_settings: Settings, reps
) -> None:
    conversation_id, auth = buyer(client)
    say(client, conversation_id, auth, "Can I talk to a person?")
    handoff_id = open_handoff(offline_rasa_settings, conversation_id)

    def unread() -> int:
        rows = client.get("/api/handoffs", params={"status": "all"}).json()["handoffs"]
        return next(h for h in rows if h["id"] == handoff_id)["unread"]

    csrf = login(client, "alice@example.com")
    assert unread() == 1  # never opened: the buyer's message is new to her
    client.post(f"/api/handoffs/{handoff_id}/claim", headers=csrf)
    read = client.post(f"/api/handoffs/{handoff_id}/read", json={}, headers=csrf)
    assert read.json()["unread"] == 0
    assert unread() == 0

    client.cookies.clear()
    say(client, conversation_id, auth, "Hello? Are you there?")
    say(client, conversation_id, auth, "I need an answer on SSO today.")
    csrf = login(client, "alice@example.com")
    assert unread() == 2
    # Bob never looked: every buyer message is unread for him, whatever Alice read.
    login(client, "bob@example.com")
    assert unread() == 3
    csrf = login(client, "alice@example.com")
    detail = client.get(f"/api/handoffs/{handoff_id}").json()
    first_new = next(m for m in detail["messages"] if m["text"] == "Hello? Are you there?")
    # A console that showed only the first new message clears only that one; an older tab
    # reporting late never makes read messages unread again.
    client.post(
        f"/api/handoffs/{handoff_id}/read", json={"message_id": first_new["id"]}, headers=csrf
    )
    assert unread() == 1
    client.post(f"/api/handoffs/{handoff_id}/read", json={"message_id": 1}, headers=csrf)
    assert unread() == 1
