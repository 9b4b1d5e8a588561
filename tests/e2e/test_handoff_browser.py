"""Two real Chromium pages: a buyer asks for a person, a logged-in rep takes over live.

The rep sees the handoff appear without reloading, claims it, reads the transcript and the
buyer's new message (rendered as text, never HTML), replies; the buyer sees the reply under the
rep's name; the rep hands back and the bot answers again.
"""

from __future__ import annotations

import json

import pytest

from bot.db import session_scope
from bot.store import handoffs as handoff_store
from tests.handoff.factories import ALWAYS, PASSWORD, add_rep
from tests.support.stack import Stack

pytestmark = [pytest.mark.stack, pytest.mark.browser]

REP_EMAIL = "e2e.rep@tessellate.example"
LONG = 90_000  # Rasa on a busy machine


def open_handoff_id(database_url: str, conversation_id: str) -> int | None:
    with session_scope(database_url) as session:
        handoff = handoff_store.open_handoff_for(session, conversation_id=conversation_id)
        return handoff.id if handoff else None


def test_buyer_meets_a_named_rep_who_takes_over_and_hands_back(stack: Stack, browser) -> None:
    add_rep(
        stack.database_url,
        REP_EMAIL,
        name="Robin Ellis",
        role="Solutions Engineer",
        expertise=["pricing", "northwind"],
        hours=ALWAYS,
    )
    rep_context, buyer_context = browser.new_context(), browser.new_context()
    rep, buyer = rep_context.new_page(), buyer_context.new_page()
    try:
        # The rep logs in first: an open console is what makes them "online" for routing.
        rep.goto(stack.web_url + "/console")
        rep.get_by_test_id("login-email").fill(REP_EMAIL)
        rep.get_by_test_id("login-password").fill(PASSWORD)
        rep.get_by_test_id("login-submit").click()
        rep.get_by_test_id("me-name").filter(has_text="Robin Ellis").wait_for()
        # (locator waits, not wait_for_function: the pages' CSP rightly forbids eval)
        rep.locator("#presence.online").wait_for()

        buyer.goto(stack.web_url + "/")
        buyer.get_by_test_id("chat-launcher").click()
        buyer.get_by_test_id("chat-input").fill("Can I talk to a real person please?")
        buyer.get_by_test_id("chat-send").click()
        card = buyer.get_by_test_id("rep-card")
        card.wait_for(timeout=LONG)
        assert "Robin Ellis" in card.inner_text() and "Solutions Engineer" in card.inner_text()
        assert card.locator("img").get_attribute("src") == "/static/reps/priya-raman.svg"
        told = buyer.locator('.cw-msg[data-sender="bot"]').last.inner_text()
        assert "Robin Ellis" in told and "conversation so far" in told
        conversation_id = json.loads(buyer.evaluate("localStorage.getItem('candor.conversation')"))[
            "id"
        ]
        handoff_id = open_handoff_id(stack.database_url, conversation_id)
        assert handoff_id is not None

        # The console never reloaded: the handoff arrived over socket.io, with an alert.
        item = rep.locator(f'[data-testid="queue-item"][data-handoff-id="{handoff_id}"]')
        item.wait_for(timeout=10_000)
        assert "person" in item.inner_text().lower() and "Robin Ellis" in item.inner_text()
        assert rep.evaluate("window.candorConsole.alerts") >= 1
        item.click()
        # The summary panel tells the rep why this came to them before they read anything else.
        summary = rep.get_by_test_id("summary")
        summary.filter(has_text="Trigger").wait_for()
        panel = summary.inner_text()
        assert "asked_for_person" in panel
        assert "Questions asked" in panel and "Can I talk to a real person please?" in panel
        assert "Routing" in panel and "online in the console" in panel
        assert "within working hours" in panel
        rep.get_by_test_id("claim").click()
        buyer.get_by_test_id("chat-mode").filter(has_text="With a person").wait_for(timeout=10_000)
        transcript = rep.get_by_test_id("transcript")
        transcript.filter(has_text="Can I talk to a real person please?").wait_for()
        transcript.filter(has_text="has joined the conversation").wait_for()

        # The buyer types (the rep sees it) and sends markup, which must arrive as plain text.
        hostile = '<img src=x onerror="window.__pwned=1"> are you there?'
        buyer.get_by_test_id("chat-input").fill(hostile)
        rep.get_by_test_id("buyer-typing").filter(has_text="typing").wait_for(timeout=10_000)
        buyer.get_by_test_id("chat-send").click()
        transcript.filter(has_text=hostile).wait_for(timeout=10_000)
        assert transcript.locator("img").count() == 0
        assert rep.evaluate("window.__pwned") is None

        rep.get_by_test_id("reply-input").fill("Hi, I'm Robin. Happy to help with pricing.")
        rep.get_by_test_id("reply-send").click()
        reply = buyer.locator('.cw-msg[data-sender="rep"]').last
        reply.wait_for(timeout=10_000)
        assert (
            "Robin Ellis" in reply.inner_text()
            and "Happy to help with pricing" in reply.inner_text()
        )
        assert (
            buyer.locator('.cw-msg[data-sender="bot"]').filter(has_text="are you there").count()
            == 0
        )

        rep.get_by_test_id("release").click()
        buyer.get_by_test_id("chat-mode").filter(has_text="Assistant").wait_for(timeout=10_000)
        bots_before = buyer.locator('.cw-msg[data-sender="bot"]').count()
        buyer.get_by_test_id("chat-input").fill("Do you integrate with Salesforce?")
        buyer.get_by_test_id("chat-send").click()
        buyer.locator('.cw-msg[data-sender="bot"]').nth(bots_before).wait_for(timeout=LONG)
        assert open_handoff_id(stack.database_url, conversation_id) is None
    finally:
        rep_context.close()
        buyer_context.close()
