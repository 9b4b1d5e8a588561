"""``bot kb gaps`` on stored conversations (SQLite and PostgreSQL), with the real embedding
model and a real (small) knowledge folder: what an editor sees."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings
from bot.db import session_scope
from bot.gaps.record import AnswerStatus
from bot.store import feedback
from tests.gaps.conversations import Log

MINI = Path(__file__).parent.parent / "knowledge" / "fixtures" / "mini"
runner = CliRunner()


@pytest.fixture
def log(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Log]:
    monkeypatch.setenv("CANDOR_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield Log(database_url)
    get_settings.cache_clear()


def gaps(tmp_path: Path, *options: str):
    args = ["kb", "gaps", "--knowledge", str(MINI), "--index", str(tmp_path / "index"), *options]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result


def test_editors_see_the_question_most_buyers_asked_first_masked_with_the_reps_answer(
    log: Log, tmp_path: Path
) -> None:
    hipaa = [
        "hi, I'm Dana Whitfield from Medica - do you sign a HIPAA BAA?",
        "is tessellate HIPAA compliant? email me at cto@clinic.example",
        "can we send patient health data (PHI) to you under HIPAA?",
    ]
    for n, question in enumerate(hipaa):
        cid = log.conversation()
        log.turn(cid, question, AnswerStatus.DECLINED, path="security.md")
        if n == 0:
            log.handoff(cid)
            log.rep_says(cid, "Yes: we sign BAAs on Enterprise. Mail legal@tessellate.example")
    once = log.conversation()
    log.turn(once, "who are your investors?", AnswerStatus.DECLINED)
    _, reply = log.turn(once, "is there a dark mode?", AnswerStatus.ANSWERED, path="pricing.md")
    with session_scope(log.url) as session:
        feedback.record_feedback(
            session, conversation_id=once, message_id=reply, helpful=False, reason="no idea"
        )

    report = json.loads(gaps(tmp_path, "--json").stdout)

    assert report["questions"] == 5
    top = report["groups"][0]
    assert top["buyers"] == 3 and top["questions"] == 3
    assert len(top["examples"]) == 3
    shown = " ".join(top["examples"])
    assert "HIPAA" in shown
    assert "Dana" not in shown and "Whitfield" not in shown and "cto@clinic.example" not in shown
    assert "[name]" in shown and "[email]" in shown
    assert top["reasons"] == {"declined": 3, "handoff": 1}
    [answer] = top["rep_answers"]
    assert answer["reply"] == "Yes: we sign BAAs on Enterprise. Mail [email]"
    assert answer["rep"] == "Priya Raman"
    assert top["nearest_page"]["path"].endswith(".md")
    rest = [g for g in report["groups"][1:]]
    assert sorted(e for g in rest for e in g["examples"]) == [
        "is there a dark mode?",
        "who are your investors?",
    ]
    dark = next(g for g in rest if g["examples"] == ["is there a dark mode?"])
    assert dark["reasons"] == {"not_helpful": 1} and dark["buyer_reasons"] == ["no idea"]

    only_common = json.loads(gaps(tmp_path, "--json", "--min-count", "2").stdout)
    assert [g["buyers"] for g in only_common["groups"]] == [3]

    none_yet = json.loads(gaps(tmp_path, "--json", "--since", "2999-01-01").stdout)
    assert none_yet["questions"] == 0 and none_yet["groups"] == []

    text = gaps(tmp_path).output
    assert "3 buyer(s)" in text and "rep answered (Priya Raman)" in text
    assert "nearest page:" in text and "Dana" not in text


def test_no_gaps_says_so(log: Log, tmp_path: Path) -> None:
    cid = log.conversation()
    log.turn(cid, "How much is Team?", AnswerStatus.ANSWERED, path="pricing.md")
    assert "No content gaps yet." in gaps(tmp_path).output


def test_a_bad_since_is_refused_with_the_forms_it_accepts(log: Log, tmp_path: Path) -> None:
    result = runner.invoke(app, ["kb", "gaps", "--since", "last tuesday"])
    assert result.exit_code == 2
    assert "30d" in result.output


def test_after_a_gap_is_marked_answered_the_report_shows_whether_buyers_now_get_the_page(
    log: Log, tmp_path: Path
) -> None:
    before = log.conversation()
    log.turn(before, "do you sign a HIPAA BAA?", AnswerStatus.DECLINED)
    marked = runner.invoke(
        app,
        ["kb", "gap-answered", "do you sign a HIPAA BAA?", "--page", "security.md", "--by", "Ed"],
    )
    assert marked.exit_code == 0, marked.output
    log.turn(
        log.conversation(),
        "will you sign a BAA for HIPAA?",
        AnswerStatus.ANSWERED,
        path="security.md",
    )
    log.turn(log.conversation(), "HIPAA business associate agreement?", AnswerStatus.DECLINED)
    log.turn(
        log.conversation(), "how much is the Pro plan?", AnswerStatus.ANSWERED, path="pricing.md"
    )

    report = json.loads(gaps(tmp_path, "--json").stdout)

    [mark] = report["answered"]
    assert (mark["page"]["path"], mark["marked_by"]) == ("security.md", "Ed")
    assert (mark["asked_since"], mark["got_page"], mark["still_gaps"]) == (2, 1, 1)
    assert "how much is the Pro plan?" not in mark["examples_since"]
    assert "1 got that page, 1 still a gap" in gaps(tmp_path).output
