"""A scripted multi-turn conversation through the web gateway against the running stack.

An undecided buyer describes their situation, asks questions, gets answers that cite the pages
used (with the honest caveat on a comparison), and asks for a person: a handoff is raised and
the bot goes quiet.
"""

from __future__ import annotations

import httpx
import pytest

from bot.db import session_scope
from bot.store import handoffs as handoff_store
from tests.support.stack import Stack

pytestmark = pytest.mark.stack


class Buyer:
    def __init__(self, stack: Stack) -> None:
        self.http = httpx.Client(base_url=stack.web_url, timeout=90)
        opened = self.http.post("/api/conversations", json={}).json()
        self.id = opened["conversation_id"]
        self.http.headers["Authorization"] = f"Bearer {opened['token']}"

    def says(self, text: str) -> dict:
        response = self.http.post(f"/api/conversations/{self.id}/messages", json={"text": text})
        assert response.status_code == 200, response.text
        return response.json()


def cited(turn: dict) -> list[dict]:
    return [source for message in turn["messages"] for source in message["sources"]]


def said(turn: dict) -> str:
    return "\n".join(message["text"] for message in turn["messages"])


def test_undecided_buyer_gets_cited_answers_then_a_person(stack: Stack) -> None:
    buyer = Buyer(stack)
    hello = buyer.says("hi there")
    assert hello["mode"] == "bot" and said(hello)

    buyer.says("we're a team of about 40 and currently use Pipit, want something by Q1")

    comparison = buyer.says("how does Tessellate compare with Pipit?")
    sources = cited(comparison)
    assert any(s["path"] == "compare/pipit.md" for s in sources), said(comparison)
    assert "Pipit" in said(comparison)
    assert "better choice" in said(comparison).lower()  # the honest caveat comes along

    security = buyer.says("is our data encrypted at rest?")
    assert any(s["path"].startswith("product/security") for s in cited(security)), said(security)

    handoff = buyer.says("can I talk to a real person please")
    assert handoff["mode"] == "waiting_for_rep"
    assert "conversation so far" in said(handoff)
    with session_scope(stack.database_url) as session:
        raised = handoff_store.open_handoff_for(session, conversation_id=buyer.id)
        assert raised is not None and raised.trigger == "asked_for_person"

    transcript = buyer.http.get(f"/api/conversations/{buyer.id}/messages").json()["messages"]
    senders = [m["sender"] for m in transcript]
    assert senders.count("buyer") == 5 and senders[0] == "buyer"
    assert sum(1 for m in transcript if m["sources"]) >= 2
