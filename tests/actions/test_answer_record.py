"""Each answer carries its record (how it was answered) in the reply's custom payload, which
the gateway stores and ``bot kb gaps`` reads back: real actions, real knowledge base."""

from __future__ import annotations

import pytest

from actions.answer import ActionAnswer
from actions.fallback import ActionFallback
from bot.gaps.record import AnswerStatus, read_record
from tests.actions.conftest import make_tracker

pytestmark = pytest.mark.usefixtures("knowledge_base")


def stored_record(message: dict):
    """The record as the gateway will find it in the stored payload."""
    return read_record({"custom": message.get("custom")})


async def test_a_cited_answer_records_its_section_and_clears_the_bar(dispatcher, domain) -> None:
    tracker = make_tracker("How much does the Business plan cost?", "ask_pricing")

    await ActionAnswer().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    record = stored_record(message)
    assert record is not None
    assert record.status in {AnswerStatus.ANSWERED, AnswerStatus.WEAK}
    assert (record.path, record.heading) == ("pricing.md", "The four plans")
    assert record.margin is not None and record.margin >= 0
    assert message["custom"]["sources"][0]["path"] == "pricing.md"  # sources still there


async def test_a_question_the_pages_do_not_answer_is_recorded_as_declined(
    dispatcher, domain
) -> None:
    tracker = make_tracker("Who are your investors and how much have you raised?")

    await ActionAnswer().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert "I don't know" in message["text"]
    record = stored_record(message)
    assert record is not None and record.status == AnswerStatus.DECLINED
    assert record.open_questions  # the question is kept as open, for the editors
    assert record.margin is None or record.margin < 0


async def test_a_message_not_understood_is_recorded_as_fallback(dispatcher, domain) -> None:
    tracker = make_tracker("blorp fnord zzkx", "nlu_fallback")

    await ActionFallback().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    record = stored_record(message)
    assert record is not None and record.status == AnswerStatus.FALLBACK
