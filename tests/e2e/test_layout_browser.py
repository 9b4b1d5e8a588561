"""Issue 15, item 6: the chat page, the widget and the console on a phone (390×844) and a
desktop (1280×800), in a real Chromium, with screenshots under var/screenshots/ for review.

On the phone nothing is wider than the screen, the launcher is on screen, the open chat takes
the whole screen and its input is 16px (iOS zooms into smaller ones); the console shows the
queue and the opened handoff one under the other, with its buttons and reply box reachable.
Only the web app runs (Rasa is not needed to look at a stored conversation).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from bot.config import PROJECT_ROOT, Settings
from bot.db import session_scope
from bot.models import Sender
from bot.store import conversations as conversation_store
from bot.store import handoffs as handoff_store
from bot.web.app import create_app
from tests.handoff.factories import PASSWORD, add_rep
from tests.support.databases import sqlite_database
from tests.support.stack import free_port

pytestmark = [pytest.mark.browser]

SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
EMAIL = "layout.rep@tessellate.example"


@dataclass
class Site:
    url: str
    database_url: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("layout")
    database_url = sqlite_database(str(tmp / "candor.db"))
    settings = Settings(
        database_url=database_url,
        rasa_url=f"http://127.0.0.1:{free_port()}",
        rasa_timeout_s=2,
        index_dir=tmp / "index",
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield Site(f"http://127.0.0.1:{port}", database_url)
    server.should_exit = True
    thread.join(timeout=10)


def seeded_conversation(site: Site) -> tuple[dict[str, str], int]:
    """A buyer's conversation with a cited answer, buttons and a handoff, as Rasa would leave
    it; returns the widget's saved session and the handoff id."""
    rep_id = add_rep(site.database_url, EMAIL, name="Robin Ellis", role="Solutions Engineer")
    opened = httpx.post(f"{site.url}/api/conversations", json={}).json()
    conversation_id = opened["conversation_id"]
    with session_scope(site.database_url) as session:
        for sender, text, extra in (
            (Sender.BUYER, "How does your pricing compare with Northwind for 40 seats?", {}),
            (
                Sender.BOT,
                "Per seat, we cost more than Northwind at 40 seats; Northwind is the better "
                "choice if price is what matters most.\nWe include warehouse sync.",
                {
                    "sources": [
                        {
                            "title": "Tessellate vs Northwind",
                            "heading": "Pricing",
                            "url": "https://tessellate.example/compare/northwind#pricing",
                        }
                    ],
                    "payload": {
                        "buttons": [
                            {"title": "Talk to a person", "payload": "/ask_for_person"},
                            {"title": "Keep asking", "payload": "/deny"},
                        ]
                    },
                },
            ),
            (Sender.BUYER, "Can I talk to a real person please?", {}),
        ):
            conversation_store.add_message(
                session, conversation_id=conversation_id, sender=sender, text=text, **extra
            )
        handoff_id = handoff_store.create_handoff(
            session,
            conversation_id=conversation_id,
            trigger="asked_for_person",
            reason="Asked to talk to a person.",
            summary={"situation": "40-seat B2B SaaS team comparing us with Northwind"},
            rep_id=rep_id,
            routing={},
        ).id
    return {"id": conversation_id, "token": opened["token"]}, handoff_id


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_chat_and_console_fit_a_phone_and_a_desktop(site: Site, browser) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    saved, handoff_id = seeded_conversation(site)
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        try:
            # --- the demo page and the widget ---
            page.goto(site.url + "/")
            launcher = page.get_by_test_id("chat-launcher")
            launcher.wait_for()
            assert page_width(page) <= viewport["width"], f"{name}: the page scrolls sideways"
            box = launcher.bounding_box()
            assert (
                box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
            )
            assert box["y"] + box["height"] <= viewport["height"]
            page.screenshot(path=str(SCREENSHOTS / f"chat-{name}-closed.png"))

            page.evaluate(
                "saved => localStorage.setItem('candor.conversation', JSON.stringify(saved))",
                saved,
            )
            page.reload()
            log = page.get_by_test_id("chat-log")
            log.filter(has_text="Northwind is the better choice").wait_for()
            panel = page.locator(".cw-panel")
            panel_box = panel.bounding_box()
            field = page.get_by_test_id("chat-input")
            font = field.evaluate("e => getComputedStyle(e).fontSize")
            if name == "phone":
                assert panel_box == {"x": 0, "y": 0, **viewport}, panel_box  # full screen
                assert font == "16px"  # no zoom on focus
            else:
                assert panel_box is not None and panel_box["width"] == 380
            assert page_width(page) <= viewport["width"]
            send = page.get_by_test_id("chat-send").bounding_box()
            assert send is not None and send["x"] + send["width"] <= viewport["width"]
            page.screenshot(path=str(SCREENSHOTS / f"chat-{name}-open.png"))

            # --- the console, with the handoff open ---
            page.goto(site.url + "/console")
            page.get_by_test_id("login-email").fill(EMAIL)
            page.get_by_test_id("login-password").fill(PASSWORD)
            assert page_width(page) <= viewport["width"]
            page.screenshot(path=str(SCREENSHOTS / f"console-{name}-login.png"))
            page.get_by_test_id("login-submit").click()
            page.get_by_test_id("me-name").filter(has_text="Robin Ellis").wait_for()
            page.get_by_test_id("tab-all").click()  # claimed on the first pass
            item = page.locator(f'[data-testid="queue-item"][data-handoff-id="{handoff_id}"]')
            item.wait_for()
            assert page_width(page) <= viewport["width"], f"{name}: the console scrolls sideways"
            item.click()
            page.get_by_test_id("transcript").filter(has_text="real person").wait_for()
            assert page_width(page) <= viewport["width"]
            if page.get_by_test_id("claim").is_enabled():
                page.get_by_test_id("claim").click()  # the reply box is the claimer's
            page.get_by_test_id("reply-input").wait_for()
            for test_id in ("release", "close", "reply-send", "reply-input"):
                target = page.get_by_test_id(test_id)
                target.scroll_into_view_if_needed()
                box = target.bounding_box()
                assert box is not None and box["x"] >= 0, test_id
                assert box["x"] + box["width"] <= viewport["width"], test_id
            if name == "phone":
                reply_font = page.get_by_test_id("reply-input").evaluate(
                    "e => getComputedStyle(e).fontSize"
                )
                assert reply_font == "16px"
            page.get_by_test_id("summary").scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"console-{name}-handoff.png"), full_page=True)
        finally:
            context.close()
