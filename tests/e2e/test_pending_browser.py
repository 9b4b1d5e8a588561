"""Issue 15, item 4 (and the stale quick replies of item 7) in a real Chromium: slow actions
show that they are under way.

The network is made slow by holding the request in the browser until the test lets it go;
the server and the pages are the real ones. A claim that takes long disables its button at
once, says "taking longer" after 2 s, cannot be sent twice, and a repeated claim by the same
rep succeeds without a second "has joined". The buyer's widget says the same of a slow reply.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_layout_browser import EMAIL, Site, seeded_conversation, site  # noqa: F401
from tests.handoff.factories import PASSWORD

pytestmark = [pytest.mark.browser]


def test_a_slow_claim_is_pending_then_done_once(site: Site, browser) -> None:  # noqa: F811
    saved, handoff_id = seeded_conversation(site)
    context = browser.new_context()
    page = context.new_page()
    held = []
    try:
        page.goto(site.url + "/console")
        page.get_by_test_id("login-email").fill(EMAIL)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        row = page.locator(f'[data-testid="queue-item"][data-handoff-id="{handoff_id}"]')
        # An inbox row: who (not named yet), the situation in one line, why, and the wait.
        row_text = row.inner_text()
        assert "Buyer (not named yet)" in row_text
        assert "40-seat B2B SaaS team comparing us with Northwind" in row_text
        assert "asked for person" in row_text and "waiting" in row_text
        row.click()
        page.get_by_test_id("transcript").filter(has_text="real person").wait_for()

        # A slow network: the request is held until the test lets it go.
        page.route("**/api/handoffs/*/claim", lambda route: held.append(route))
        claim = page.get_by_test_id("claim")
        claim.click()
        page.get_by_test_id("claim").filter(has_text="Claiming").wait_for()
        assert claim.is_disabled()
        pending = page.get_by_test_id("pending")
        pending.filter(has_text="Taking longer").wait_for(timeout=5_000)
        claim.click(force=True)  # a second, impatient click does nothing
        page.wait_for_timeout(300)
        assert len(held) == 1
        held[0].continue_()
        page.get_by_test_id("release").filter(has_text="Hand back").wait_for()
        page.locator("#a-release:enabled").wait_for()
        pending.wait_for(state="hidden")
        assert claim.is_disabled() and claim.inner_text() == "Claim"
        page.get_by_test_id("reply-input").wait_for()
        page.unroute("**/api/handoffs/*/claim")

        # The same rep claiming again (a retried click) is told it is theirs: no conflict,
        # and the buyer is not told twice that they joined.
        csrf = page.evaluate("window.candorConsole.csrf")
        again = page.request.post(
            f"{site.url}/api/handoffs/{handoff_id}/claim",
            headers={"X-CSRF-Token": csrf, "Origin": site.url},
        )
        assert again.status == 200, again.text()
        page.reload()
        transcript = page.get_by_test_id("transcript")
        transcript.filter(has_text="has joined").wait_for()
        assert transcript.locator(".msg").filter(has_text="has joined").count() == 1

        # The buyer's side: stale quick replies cannot be clicked; a slow reply says so.
        buyer = context.new_page()
        buyer.goto(site.url + "/")
        buyer.evaluate(
            "saved => localStorage.setItem('candor.conversation', JSON.stringify(saved))", saved
        )
        buyer.reload()
        buyer.get_by_test_id("chat-log").filter(has_text="has joined").wait_for()
        stale = buyer.locator(".cw-buttons button")
        assert stale.count() == 2
        assert all(stale.nth(i).is_disabled() for i in range(2))
        waiting = []
        buyer.route(
            "**/api/conversations/*/messages",
            lambda route: (
                waiting.append(route) if route.request.method == "POST" else route.continue_()
            ),
        )
        buyer.get_by_test_id("chat-input").fill("Are you still there?")
        buyer.get_by_test_id("chat-send").click()
        assert buyer.get_by_test_id("chat-send").is_disabled()
        buyer.locator(".cw-typing").filter(has_text="taking longer").wait_for(timeout=5_000)
        waiting[0].continue_()
        buyer.locator('.cw-msg[data-sender="buyer"]').filter(
            has_text="Are you still there?"
        ).wait_for()
        buyer.locator(".cw-typing").filter(has_text="taking longer").wait_for(state="detached")

        # Back in the console: the cited page is a link; closing needs an outcome and a confirm.
        link = page.get_by_test_id("transcript").locator(".sources a").first
        assert link.get_attribute("href") == "https://tessellate.example/compare/northwind#pricing"
        close = page.get_by_test_id("close")
        close.click()
        page.locator("#d-error").filter(has_text="Choose an outcome").wait_for()
        page.get_by_test_id("outcome").select_option("nurture")
        close.click()
        close.filter(has_text="Confirm close").wait_for()
        assert page.locator("#a-release:enabled").count() == 1  # nothing closed yet
        close.click()
        page.locator("#a-close:disabled").wait_for()
        page.get_by_test_id("tab-all").click()
        page.locator(f'[data-testid="queue-item"][data-handoff-id="{handoff_id}"]').filter(
            has_text="nurture"
        ).wait_for()
    finally:
        context.close()
