"""The page report editors read in ``bot kb stats`` (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings
from bot.db import session_scope
from bot.gaps.pages import page_report
from bot.gaps.record import AnswerStatus
from bot.knowledge.results import DocumentInfo
from bot.models import FlagKind
from bot.store import feedback, flags
from tests.gaps.conversations import Log

MINI = Path(__file__).parent.parent / "knowledge" / "fixtures" / "mini"
TODAY = dt.date(2026, 11, 30)


def document(path: str, updated: dt.date) -> DocumentInfo:
    return DocumentInfo(path, path.title(), None, updated, "ed@example.com", [], [])


@pytest.fixture
def log(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Log]:
    monkeypatch.setenv("CANDOR_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield Log(database_url)
    get_settings.cache_clear()


def test_each_page_shows_citations_verdicts_handoffs_after_and_flags(log: Log) -> None:
    first, second = log.conversation(), log.conversation()
    _, liked = log.turn(first, "How much is Team?", AnswerStatus.ANSWERED, path="pricing.md")
    _, disliked = log.turn(second, "And Business?", AnswerStatus.ANSWERED, path="pricing.md")
    log.turn(second, "SSO?", AnswerStatus.ANSWERED, path="security.md")
    log.handoff(second)
    with session_scope(log.url) as session:
        feedback.record_feedback(session, conversation_id=first, message_id=liked, helpful=True)
        feedback.record_feedback(
            session, conversation_id=second, message_id=disliked, helpful=False
        )
        flags.flag_message(session, message_id=disliked, rep_id=None, kind=FlagKind.STALE)
        documents = [
            document("security.md", TODAY - dt.timedelta(days=10)),
            document("pricing.md", TODAY - dt.timedelta(days=400)),
            document("unused.md", TODAY),
        ]
        report = {
            p.path: p for p in page_report(session, documents, stale_after_days=180, today=TODAY)
        }

    pricing = report["pricing.md"]
    assert (pricing.cited, pricing.helpful, pricing.not_helpful) == (2, 1, 1)
    assert pricing.not_helpful_rate == 0.5
    assert pricing.handoffs_after == 1 and pricing.open_flags == 1 and pricing.stale
    security = report["security.md"]
    assert (security.cited, security.handoffs_after, security.stale) == (1, 1, False)
    assert security.not_helpful_rate is None
    unused = report["unused.md"]
    assert (unused.cited, unused.handoffs_after, unused.open_flags) == (0, 0, 0)


def test_kb_stats_prints_the_page_report(log: Log, tmp_path: Path) -> None:
    cid = log.conversation()
    _, reply = log.turn(cid, "Refunds?", AnswerStatus.ANSWERED, path="pricing.md")
    with session_scope(log.url) as session:
        feedback.record_feedback(session, conversation_id=cid, message_id=reply, helpful=False)
    args = ["kb", "stats", "--knowledge", str(MINI), "--index", str(tmp_path / "index")]
    runner = CliRunner()

    pages = json.loads(runner.invoke(app, [*args, "--json"]).stdout)["pages"]
    text = runner.invoke(app, args).output

    pricing = next(p for p in pages if p["path"] == "pricing.md")
    assert pricing["cited"] == 1 and pricing["not_helpful_rate"] == 1.0
    assert {p["path"] for p in pages} == {"pricing.md", "security.md", "compare/rival.md"}
    assert "page: pricing.md — cited 1, not helpful 1/1 (100%), handoffs after 0" in text
