"""The editors' view in a real headless Chromium, served by the real web app (uvicorn) on a real
database: an editor sees the grouped gaps; a rep without the role is refused."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from bot.config import Settings
from bot.gaps.record import AnswerStatus
from bot.web.app import create_app
from tests.gaps.conversations import Log
from tests.handoff.factories import PASSWORD, add_rep
from tests.support.databases import sqlite_database
from tests.support.stack import free_port

MINI = Path(__file__).parent.parent / "knowledge" / "fixtures" / "mini"
EDITOR, REP = "edith.editor@example.com", "rhea.rep@example.com"


@pytest.fixture
def editors_site(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = sqlite_database(str(tmp_path / "candor.db"))
    shutil.copytree(MINI, tmp_path / "knowledge")
    port = free_port()
    settings = Settings(
        database_url=url,
        rasa_url=f"http://127.0.0.1:{free_port()}",
        knowledge_dir=tmp_path / "knowledge",
        index_dir=tmp_path / "index",
        editor_emails=EDITOR,
        public_base_url=f"http://127.0.0.1:{port}",
    )
    add_rep(url, EDITOR)
    add_rep(url, REP)
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/healthz", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    try:
        yield base, url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def open_as(browser, base: str, email: str):
    context = browser.new_context(base_url=base)
    login = context.request.post("/api/reps/login", data={"email": email, "password": PASSWORD})
    assert login.ok, login.text()
    page = context.new_page()
    page.goto("/editors")
    return context, page


def test_an_editor_sees_the_gaps_and_a_rep_without_the_role_is_refused(
    editors_site, browser
) -> None:
    base, url = editors_site
    log = Log(url)
    for question in ("who are your investors?", "which VCs back you? call me on 555-123-4567"):
        log.turn(log.conversation(), question, AnswerStatus.DECLINED)

    context, page = open_as(browser, base, EDITOR)
    try:
        page.get_by_test_id("gap-group").first.wait_for(timeout=90_000)
        text = page.get_by_test_id("editors-gaps").inner_text()
        assert "who are your investors?" in text and "buyer(s)" in text
        assert "call me on [phone]" in text and "555" not in text  # masked for editors
        assert "2 gap question(s)" in page.get_by_test_id("editors-status").inner_text()
        assert "pricing.md" in page.get_by_test_id("editors-pages").inner_text()
    finally:
        context.close()

    context, page = open_as(browser, base, REP)
    try:
        status = page.get_by_test_id("editors-status")
        page.wait_for_selector("[data-refused=true]", timeout=30_000)
        assert "for content editors" in status.inner_text()
        assert not page.get_by_test_id("gap-group").count()
    finally:
        context.close()
