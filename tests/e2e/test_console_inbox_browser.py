"""Issue 15, item 9 in a real Chromium against a real web server and database (Rasa is down:
nothing here needs the bot): the console as an inbox, as a rep uses it.

A rep saves a canned reply for the team and sends it from the reply box's picker; writes a
private note another rep sees and the buyer never does; sees an unread badge on a queue row
when the buyer of another conversation writes, which clears when the row is opened and stays
cleared after a reload; hands a conversation back to the bot and still records its outcome.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bot.config import Settings
from bot.db import session_scope
from bot.store import handoffs as handoff_store
from tests.e2e.test_accessibility_browser import serious_problems
from tests.handoff.factories import PASSWORD, add_rep
from tests.support.console_web import console_without_rasa

pytestmark = [pytest.mark.browser]

ALICE, BOB = "alice.inbox@example.com", "bob.inbox@example.com"
NOTE = "CFO signs off; budget is soft. Offer the annual plan."
CANNED = "Our prices are public: https://example.com/pricing"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    yield from console_without_rasa(tmp_path_factory.mktemp("inbox"))


class Buyer:
    """A buyer on the REST API (our widget's calls)."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=15)
        data = self.http.post("/api/conversations", json={}).json()
        self.id = data["conversation_id"]
        self.auth = {"Authorization": f"Bearer {data['token']}"}

    def say(self, text: str) -> None:
        sent = self.http.post(
            f"/api/conversations/{self.id}/messages", json={"text": text}, headers=self.auth
        )
        assert sent.status_code == 200, sent.text

    def transcript(self) -> str:
        return self.http.get(f"/api/conversations/{self.id}/messages", headers=self.auth).text


def hand_off(settings: Settings, buyer: Buyer, rep_id: int) -> int:
    with session_scope(settings.database_url) as session:
        return handoff_store.create_handoff(
            session,
            conversation_id=buyer.id,
            trigger="asked_for_person",
            reason="The buyer asked to talk to a person.",
            summary={"situation": "Evaluating analytics for a 40-person team"},
            rep_id=rep_id,
            routing={},
        ).id


def log_in(page, url: str, email: str) -> None:
    page.goto(url + "/console")
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.locator("#presence.online").wait_for(timeout=15_000)


def row(page, handoff_id: int):
    return page.locator(f'[data-testid="queue-item"][data-handoff-id="{handoff_id}"]')


def test_a_rep_works_the_console_like_an_inbox(web, browser) -> None:
    url, settings = web
    alice_id = add_rep(settings.database_url, ALICE, name="Alice Archer")
    add_rep(settings.database_url, BOB, name="Bob Baker")
    first, second = Buyer(url), Buyer(url)
    first.say("Can I talk to a person about pricing?")
    second.say("I need help with SSO.")
    first_id = hand_off(settings, first, alice_id)
    second_id = hand_off(settings, second, alice_id)
    # The CSP is bypassed only so that axe-core can be injected.
    alice_context, bob_context = browser.new_context(bypass_csp=True), browser.new_context()
    alice, bob = alice_context.new_page(), bob_context.new_page()
    try:
        log_in(alice, url, ALICE)
        alice.get_by_test_id("tab-mine").click()
        # Neither conversation was opened yet: each buyer message is unread.
        assert row(alice, first_id).get_by_test_id("unread-badge").inner_text().startswith("1")

        # A canned reply, saved for the team.
        alice.locator("#canned-manage summary").click()
        alice.get_by_test_id("canned-title").fill("Pricing page")
        alice.get_by_test_id("canned-text").fill(CANNED)
        alice.get_by_test_id("canned-save").click()
        alice.get_by_test_id("canned-item").filter(has_text="Pricing page").wait_for()

        # Open, claim, and answer with it: the picker fills the box, the rep sends it.
        row(alice, first_id).click()
        row(alice, first_id).get_by_test_id("unread-badge").wait_for(state="detached")
        alice.get_by_test_id("claim").click()
        picker = alice.get_by_test_id("canned-picker")
        picker.wait_for()
        picker.select_option(label="Pricing page")
        assert alice.get_by_test_id("reply-input").input_value() == CANNED
        alice.get_by_test_id("reply-send").click()
        alice.locator('.msg[data-sender="rep"]').filter(has_text="example.com/pricing").wait_for()
        assert CANNED in first.transcript()

        # A private note: Bob sees it in the console and the export; the buyer never does.
        alice.get_by_test_id("note-input").fill(NOTE)
        alice.get_by_test_id("note-add").click()
        alice.get_by_test_id("note").filter(has_text=NOTE).wait_for()
        # Picker, notes, the team's list and the badges add no serious accessibility problem.
        assert serious_problems(alice) == [], "console inbox"
        log_in(bob, url, BOB)
        bob.goto(f"{url}/console#handoff={first_id}")
        bob.reload()
        bob.get_by_test_id("note").filter(has_text="CFO signs off").wait_for(timeout=15_000)
        assert bob.get_by_test_id("notes").filter(has_text="never sent to the buyer").count()
        export = bob.request.get(f"{url}/api/handoffs/{first_id}/transcript?format=md").text()
        assert NOTE in export and "reps only" in export
        assert NOTE not in first.transcript()
        assert alice.locator(".msg").filter(has_text="CFO signs off").count() == 0

        # The other buyer writes while Alice has this one open: that row's badge goes up live.
        second.say("Hello? Still there?")
        second.say("We need SAML with Okta.")
        badge = row(alice, second_id).get_by_test_id("unread-badge")
        badge.filter(has_text="3").wait_for(timeout=15_000)
        row(alice, second_id).click()
        alice.get_by_test_id("transcript").filter(has_text="SAML with Okta").wait_for()
        badge.wait_for(state="detached")
        # Read stays read: after a reload the badge is gone; the first row has none either.
        alice.reload()
        alice.get_by_test_id("tab-mine").click()
        row(alice, first_id).wait_for()
        alice.wait_for_timeout(500)  # the queue as the server counts it
        assert row(alice, second_id).get_by_test_id("unread-badge").count() == 0
        assert row(alice, first_id).get_by_test_id("unread-badge").count() == 0

        # Hand back, then record how it ended: no default outcome, no buyer message.
        row(alice, first_id).click()
        alice.get_by_test_id("release").click()
        close = alice.get_by_test_id("close")
        close.filter(has_text="Save outcome").wait_for(timeout=15_000)
        outcome = alice.get_by_test_id("outcome")
        assert outcome.input_value() == ""
        assert outcome.is_enabled()
        before = first.transcript()
        outcome.select_option("nurture")
        close.click()
        alice.locator("#d-meta").filter(has_text="released (nurture)").wait_for(timeout=15_000)
        assert first.transcript() == before
        with session_scope(settings.database_url) as session:
            handoff = handoff_store.get_handoff(session, handoff_id=first_id)
            assert handoff is not None and handoff.outcome is not None
            assert handoff.outcome.value == "nurture"
    finally:
        alice_context.close()
        bob_context.close()
