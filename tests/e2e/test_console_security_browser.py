"""Issue 11 in a real Chromium: the demo note, the forced first-login password change, and a
console that works under the content security policy (no violations, the socket connects).

Only the web app runs (Rasa is not needed for the console), on a throwaway SQLite database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from bot.config import Settings
from bot.db import session_scope
from bot.store import reps as rep_store
from bot.web.app import create_app
from tests.support.databases import sqlite_database
from tests.support.stack import free_port

EMAIL = "priya.raman@tessellate.example"  # a sample rep of reps.yml, as make run seeds her


@pytest.fixture
def demo_console(tmp_path) -> Iterator[str]:
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
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_demo_login_forces_a_new_password_under_a_strict_csp(demo_console: str, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    try:
        response = page.goto(demo_console + "/console")
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
        page.wait_for_function("document.getElementById('presence').classList.contains('online')")
        assert violations == []
    finally:
        context.close()
