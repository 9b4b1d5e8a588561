"""In a real Chromium against a real web server and database (Rasa is down: nothing here needs
the bot): the console's summary panel gives each fact once. A detail the situation line
already states has no row of its own; one it does not state keeps its row."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bot.config import Settings
from bot.db import session_scope
from bot.store import handoffs as handoff_store
from tests.handoff.factories import PASSWORD, add_rep, summary_json
from tests.support.console_web import console_without_rasa

pytestmark = [pytest.mark.browser]

REP = "sam.summary@example.com"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    yield from console_without_rasa(tmp_path_factory.mktemp("summary"))


def hand_off(url: str, settings: Settings, rep_id: int, summary: dict) -> int:
    conversation_id = httpx.post(url + "/api/conversations", json={}).json()["conversation_id"]
    with session_scope(settings.database_url) as session:
        return handoff_store.create_handoff(
            session,
            conversation_id=conversation_id,
            trigger="asked_for_person",
            reason="The buyer asked to talk to a person.",
            summary=summary,
            rep_id=rep_id,
            routing={},
        ).id


def panel(page, handoff_id: int) -> dict[str, str]:
    """The summary panel's rows, label -> value, once the handoff is opened from the queue."""
    page.locator(f'[data-testid="queue-item"][data-handoff-id="{handoff_id}"]').click()
    page.locator("#d-meta").filter(has_text=f"#{handoff_id} ").wait_for(timeout=15_000)
    summary = page.get_by_test_id("summary")
    labels = summary.locator("dt").all_inner_texts()
    values = summary.locator("dd").all_inner_texts()
    return dict(zip(labels, values, strict=True))


def test_the_summary_panel_shows_each_fact_once(web, browser) -> None:
    url, settings = web
    rep_id = add_rep(settings.database_url, REP, name="Sam Summers")
    said = hand_off(
        url,
        settings,
        rep_id,
        summary_json(
            situation="We're 150 staff, on Ordinal", team_size="150", current_tool="Ordinal"
        ),
    )
    stored = hand_off(
        url,
        settings,
        rep_id,
        {"situation": "Mid-size fintech", "team_size": "150", "current_tool": "Ordinal"},
    )
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url + "/console")
        page.get_by_test_id("login-email").fill(REP)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.locator("#presence.online").wait_for(timeout=15_000)

        rows = panel(page, said)
        assert rows["Situation"] == "We're 150 staff, on Ordinal"
        assert "Team size" not in rows and "Current tool" not in rows
        assert rows["Competitors named"] == "Ordinal"

        rows = panel(page, stored)
        assert rows["Situation"] == "Mid-size fintech"
        assert rows["Team size"] == "150" and rows["Current tool"] == "Ordinal"
    finally:
        context.close()
