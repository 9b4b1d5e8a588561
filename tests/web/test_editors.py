"""The editors' view API: only editors get it; it shows the gaps (masked), the page report,
``kb check`` problems and reps' flags, on a real database and a real small knowledge folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.db import session_scope
from bot.gaps.record import AnswerStatus
from bot.models import FlagKind
from bot.store import flags
from bot.store.gap_resolutions import mark_answered
from bot.web.app import create_app
from tests.gaps.conversations import Log
from tests.handoff.factories import PASSWORD, add_rep
from tests.support.stack import free_port

MINI = Path(__file__).parent.parent / "knowledge" / "fixtures" / "mini"
EDITOR, REP = "edith.editor@example.com", "rhea.rep@example.com"


@pytest.fixture
def editors_client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(MINI, knowledge)
    (knowledge / "broken.md").write_text("---\ntitle: Broken\n---\nNo dates here.\n")
    settings = Settings(
        database_url=database_url,
        rasa_url=f"http://127.0.0.1:{free_port()}",
        knowledge_dir=knowledge,
        index_dir=tmp_path / "index",
        editor_emails=f"someone@example.com, {EDITOR.upper()}",
    )
    add_rep(database_url, EDITOR)
    add_rep(database_url, REP)
    with TestClient(create_app(settings)) as client:
        yield client


def login(client: TestClient, email: str) -> None:
    response = client.post("/api/reps/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text


def test_only_editors_get_the_overview(editors_client: TestClient) -> None:
    assert editors_client.get("/api/editors/overview").status_code == 401
    login(editors_client, REP)
    refused = editors_client.get("/api/editors/overview")
    assert refused.status_code == 403 and "editors" in refused.json()["detail"]
    assert editors_client.get("/editors").status_code == 200  # the page; its data is refused


def test_an_editor_sees_masked_gaps_pages_check_problems_and_flags(
    editors_client: TestClient, database_url: str
) -> None:
    log = Log(database_url)
    for question in ("do you sign a HIPAA BAA? - Dana", "is tessellate HIPAA compliant?"):
        cid = log.conversation()
        log.turn(cid, question, AnswerStatus.DECLINED, path="security.md")
    _, reply = log.turn(cid, "How much is Pro?", AnswerStatus.ANSWERED, path="pricing.md")
    with session_scope(database_url) as session:
        flags.flag_message(
            session, message_id=reply, rep_id=None, kind=FlagKind.STALE, note="old price"
        )
    with session_scope(database_url) as session:
        mark_answered(session, question="how much is Pro?", page_path="pricing.md", heading=None)
    log.turn(log.conversation(), "what does Pro cost?", AnswerStatus.ANSWERED, path="pricing.md")
    login(editors_client, EDITOR)

    body = editors_client.get("/api/editors/overview", params={"since": "30d"}).json()

    [group] = body["gaps"]["groups"]
    assert group["buyers"] == 2
    assert sorted(group["examples"]) == [
        "do you sign a HIPAA BAA? - [name]",
        "is tessellate HIPAA compliant?",
    ]
    pricing = next(p for p in body["pages"] if p["path"] == "pricing.md")
    assert pricing["cited"] == 2 and pricing["open_flags"] == 1
    assert any(
        p["path"] == "broken.md" and p["line"] == 1 and "updated" in p["message"]
        for p in body["problems"]
    )
    [flag] = body["flags"]
    assert (flag["kind"], flag["source_path"], flag["note"]) == ("stale", "pricing.md", "old price")
    [mark] = body["gaps"]["answered"]
    assert (mark["page"]["path"], mark["asked_since"], mark["got_page"]) == ("pricing.md", 1, 1)
    bad = editors_client.get("/api/editors/overview", params={"since": "last tuesday"})
    assert bad.status_code == 422
