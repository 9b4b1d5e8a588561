"""A buyer in a real headless Chromium: type into the widget, see the reply, reload, resume."""

from __future__ import annotations

from tests.support.stack import Stack


def test_buyer_chats_in_widget_and_transcript_survives_reload(stack: Stack, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(stack.web_url + "/")
        page.get_by_test_id("chat-launcher").click()
        page.get_by_test_id("chat-input").fill("Do you integrate with Salesforce?")
        page.get_by_test_id("chat-send").click()
        bot_message = page.locator('.cw-msg[data-sender="bot"]').first
        bot_message.wait_for(timeout=60_000)
        assert bot_message.inner_text().strip()
        page.locator(".cw-sources a").first.wait_for(timeout=10_000)
        count = page.locator(".cw-msg").count()

        page.reload()
        page.locator('.cw-msg[data-sender="buyer"]').first.wait_for(timeout=10_000)
        assert page.locator(".cw-msg").count() == count
        assert "Salesforce" in page.get_by_test_id("chat-log").inner_text()
    finally:
        context.close()


def test_buttons_from_rasa_render_as_buttons_and_send_their_payload(stack: Stack, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(stack.web_url + "/")
        page.get_by_test_id("chat-launcher").click()
        page.get_by_test_id("chat-input").fill("honestly I can't decide")
        page.get_by_test_id("chat-send").click()
        button = page.locator(".cw-buttons button").first
        button.wait_for(timeout=60_000)
        before = page.locator('.cw-msg[data-sender="bot"]').count()
        title = button.inner_text()
        button.click()
        page.locator(f'.cw-msg[data-sender="buyer"] >> text="{title}"').wait_for(timeout=10_000)
        page.wait_for_function(
            f"document.querySelectorAll('.cw-msg[data-sender=\"bot\"]').length > {before}",
            timeout=60_000,
        )
    finally:
        context.close()
