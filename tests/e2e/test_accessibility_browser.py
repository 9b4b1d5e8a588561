"""Issue 15, items 7 and 8 in a real Chromium: axe-core finds no serious or critical problem on
the chat page, the open widget, the console login and the console with a handoff open; the
widget behaves as a dialog for keyboard users.

axe-core (tests/fixtures/axe-core, from npm) is injected by the test; the browser context
bypasses our CSP for that one script only because the page itself never loads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_layout_browser import EMAIL, Site, seeded_conversation, site  # noqa: F401
from tests.handoff.factories import PASSWORD

pytestmark = [pytest.mark.browser]

AXE = Path(__file__).resolve().parents[1] / "fixtures" / "axe-core" / "axe.min.js"


def serious_problems(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, { resultTypes: ['violations'] })")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_four_screens_have_no_serious_accessibility_problem(site: Site, browser) -> None:  # noqa: F811
    saved, handoff_id = seeded_conversation(site)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(site.url + "/")
        page.get_by_test_id("chat-launcher").wait_for()
        assert serious_problems(page) == [], "chat page"

        page.evaluate(
            "saved => localStorage.setItem('candor.conversation', JSON.stringify(saved))", saved
        )
        page.reload()
        log = page.get_by_test_id("chat-log")
        log.filter(has_text="Northwind is the better choice").wait_for()
        assert log.get_attribute("role") == "log"
        panel = page.get_by_test_id("chat-panel")
        assert panel.get_attribute("role") == "dialog"
        assert page.get_by_role("dialog", name="Tessellate — honest answers").count() == 1
        assert page.get_by_role("textbox", name="Type your question…").count() == 1
        # Reopened at the newest message, not the oldest.
        assert log.evaluate("l => l.scrollTop + l.clientHeight >= l.scrollHeight - 2")
        # The page is named once, as links, not also as a raw line in the text.
        answer = page.locator('.cw-msg[data-sender="bot"]').first
        assert answer.locator(".cw-sources a").count() == 1
        assert "Source:" not in answer.locator(".cw-bubble").inner_text()
        assert "\n" in answer.locator(".cw-bubble").inner_text()  # line breaks kept
        assert serious_problems(page) == [], "widget open"

        # Keyboard: Tab stays in the dialog, Escape closes it and focus returns to the launcher.
        page.get_by_test_id("chat-input").focus()
        for _ in range(12):
            page.keyboard.press("Tab")
            assert page.evaluate(
                "document.querySelector('.cw-panel').contains(document.activeElement)"
            )
        page.keyboard.press("Escape")
        panel.wait_for(state="hidden")
        assert page.evaluate("document.activeElement.dataset.testid") == "chat-launcher"

        page.goto(site.url + "/console")
        page.get_by_test_id("login-email").wait_for()
        assert serious_problems(page) == [], "console login"

        page.get_by_test_id("login-email").fill(EMAIL)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        row = page.locator(f'[data-testid="queue-item"][data-handoff-id="{handoff_id}"]')
        row.wait_for()
        # Queue rows open from the keyboard.
        row.focus()
        page.keyboard.press("Enter")
        page.get_by_test_id("transcript").filter(has_text="real person").wait_for()
        assert serious_problems(page) == [], "console with a handoff open"
    finally:
        context.close()
