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
    """An unsure buyer is asked what worries them, with one button per worry; clicking "The
    cost" shows those words as the buyer's message, sends the button's payload (the worry as an
    entity, not text for NLU to guess at) and gets the cost worry answered from a cited page."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(stack.web_url + "/")
        page.get_by_test_id("chat-launcher").click()
        page.get_by_test_id("chat-input").fill("honestly I can't decide")
        page.get_by_test_id("chat-send").click()
        button = page.locator(".cw-buttons button", has_text="The cost")
        button.wait_for(timeout=60_000)
        titles = page.locator(".cw-buttons button").all_inner_texts()
        assert {"The cost", "The risk of switching", "Getting buy-in"} <= set(titles), titles
        asking = page.locator('.cw-msg[data-sender="bot"]').filter(has=button)
        assert "What worries you most?" in asking.inner_text()
        before = page.locator('.cw-msg[data-sender="bot"]').count()

        with page.expect_request(
            lambda r: r.method == "POST" and r.url.endswith("/messages")
        ) as sent:
            button.click()
        assert sent.value.post_data_json["text"] == "The cost"
        assert sent.value.post_data_json["payload"] == '/express_doubt{"worry": "cost"}'

        page.locator('.cw-msg[data-sender="buyer"]', has_text="The cost").wait_for(timeout=10_000)
        replies = page.locator('.cw-msg[data-sender="bot"]')
        replies.nth(before).wait_for(timeout=60_000)  # the answer to the click
        new = [replies.nth(i) for i in range(before, replies.count())]
        answer = " ".join(reply.inner_text() for reply in new)
        assert "What worries you most?" not in answer  # the worry was understood, not re-asked
        assert "cost" in answer.lower()  # answered as the cost worry it named
        cited = [reply.locator(".cw-sources").count() for reply in new]
        assert any(cited), f"the cost worry is answered from a cited page: {answer!r}"
    finally:
        context.close()
