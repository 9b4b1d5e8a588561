"""Issue 11 in a real Chromium: the demo note, the forced first-login password change, and a
console that works under the content security policy (no violations, the socket connects).

Only the web app runs (Rasa is not needed for the console), on a throwaway SQLite database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from bot.config import Settings
from bot.db import session_scope
from bot.store import handoffs as handoff_store
from bot.store import reps as rep_store
from bot.web.app import create_app
from tests.handoff.factories import PASSWORD, add_rep
from tests.support.databases import sqlite_database
from tests.support.stack import free_port

EMAIL = "priya.raman@tessellate.example"  # a sample rep of reps.yml, as make run seeds her


@dataclass
class Console:
    url: str
    database_url: str


@pytest.fixture
def demo_console(tmp_path) -> Iterator[Console]:
    database_url = sqlite_database(str(tmp_path / "candor.db"))
    with session_scope(database_url) as session:
        rep_store.upsert_rep(
            session,
            email=EMAIL,
            name="Priya Raman",
            role="Senior Account Executive",
            password="candor-demo",
            must_change_password=True,
        )
    settings = Settings(
        database_url=database_url,
        rasa_url=f"http://127.0.0.1:{free_port()}",
        index_dir=tmp_path / "index",
        demo_mode=True,
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
    yield Console(f"http://127.0.0.1:{port}", database_url)
    server.should_exit = True
    thread.join(timeout=10)


def test_demo_login_forces_a_new_password_under_a_strict_csp(
    demo_console: Console, browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        response = page.goto(demo_console.url + "/console")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        note = page.get_by_test_id("login-demo")
        note.wait_for()
        assert "Demo mode" in note.inner_text() and EMAIL in note.inner_text()

        page.get_by_test_id("login-email").fill(EMAIL)
        page.get_by_test_id("login-password").fill("candor-demo")
        page.get_by_test_id("login-submit").click()
        page.get_by_test_id("pw-new").wait_for()
        assert page.get_by_test_id("queue").is_hidden()  # nothing else until it is changed

        page.get_by_test_id("pw-current").fill("candor-demo")
        page.get_by_test_id("pw-new").fill("short")
        page.get_by_test_id("pw-again").fill("short")
        page.get_by_test_id("pw-submit").click()
        page.locator("#password-error").filter(has_text="at least 12").wait_for()

        page.get_by_test_id("pw-new").fill("my own long password")
        page.get_by_test_id("pw-again").fill("my own long password")
        page.get_by_test_id("pw-submit").click()
        page.get_by_test_id("me-name").filter(has_text="Priya Raman").wait_for()
        # The console's socket connected: the policy allows our own websocket and polling.
        page.locator("#presence.online").wait_for()
        assert violations == []
    finally:
        context.close()


def test_a_burst_of_buyer_messages_costs_the_console_no_queue_reloads(
    demo_console: Console, browser
) -> None:
    """Issue 11, item 9: 100 messages once meant 294 queue requests. A message in another of
    the rep's conversations now marks it unread; only queue changes reload, coalesced."""
    email = "burst.rep@example.com"
    rep_id = add_rep(demo_console.database_url, email, name="Burst Rep")
    with httpx.Client(base_url=demo_console.url, timeout=20) as http:
        opened = http.post("/api/conversations", json={}).json()
        bearer = {"Authorization": f"Bearer {opened['token']}"}
        with session_scope(demo_console.database_url) as session:
            handoff_store.create_handoff(
                session,
                conversation_id=opened["conversation_id"],
                trigger="asked_for_person",
                reason="Burst test.",
                summary={},
                rep_id=rep_id,
                routing={},
            )
        context = browser.new_context()
        page = context.new_page()
        queue_requests: list[str] = []
        page.on(
            "request",
            lambda request: (
                queue_requests.append(request.url) if "/api/handoffs?" in request.url else None
            ),
        )
        try:
            page.goto(demo_console.url + "/console")
            page.get_by_test_id("login-email").fill(email)
            page.get_by_test_id("login-password").fill(PASSWORD)
            page.get_by_test_id("login-submit").click()
            page.get_by_test_id("me-name").filter(has_text="Burst Rep").wait_for()
            page.locator("#presence.online").wait_for()
            page.locator('[data-testid="queue-item"]').first.wait_for()
            time.sleep(1)
            before = len(queue_requests)
            for i in range(20):
                sent = http.post(
                    f"/api/conversations/{opened['conversation_id']}/messages",
                    json={"text": f"message {i}"},
                    headers=bearer,
                )
                assert sent.status_code == 200, sent.text
            page.locator("li.unread").wait_for(timeout=10_000)  # the rep sees something new
            time.sleep(1.5)
            assert len(queue_requests) - before <= 1, queue_requests[before:]
        finally:
            context.close()
