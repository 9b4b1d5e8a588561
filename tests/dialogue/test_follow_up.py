"""Follow-ups on the real sample content: the previous page first, never the same quote twice."""

from __future__ import annotations

from bot.dialogue.answer import SAME_PASSAGE, compose_answer
from bot.dialogue.follow_up import FollowUp, answer_follow_up

ORDINAL_QUESTION = (
    "We're on Ordinal today and our analysts live in SQL. Could they still get at "
    "Tessellate data in our own warehouse?"
)
NOT_FOR_REPLY = (
    "Noted: using Ordinal today. Teams with strong data engineering that want every metric "
    "defined in SQL over their own warehouse tables are often better served by a "
    "warehouse-native tool such as Ordinal.\n"
    "Source: Who Tessellate is not for (https://tessellate.example/not-for-you)"
)


def test_a_follow_up_the_previous_page_only_repeats_is_answered_from_another_page(
    context,
) -> None:
    ctx = context(previous_page="product/who-its-not-for.md")
    resolved = answer_follow_up(
        "which warehouses does that sync work with?",
        ctx,
        FollowUp(ORDINAL_QUESTION, NOT_FOR_REPLY),
    )
    assert resolved.answer.confident
    assert resolved.answer.text != SAME_PASSAGE
    assert {s["path"] for s in resolved.answer.sources} == {"product/integrations.md"}
    assert "Snowflake" in resolved.answer.text


def test_a_follow_up_goes_past_what_the_last_reply_quoted(context) -> None:
    question = "is the 99.9 uptime sla actually in the contract or just marketing"
    first = compose_answer(question, context())
    assert first.confident and "99.9%" in first.text
    resolved = answer_follow_up(
        "and if you miss it?",
        context(previous_page=first.sources[0]["path"]),
        FollowUp(question, first.text),
    )
    assert resolved.answer.confident
    assert resolved.answer.sources[0]["path"] == "product/support-slas.md"
    assert "credit" in resolved.answer.text


def test_a_follow_up_read_whole_goes_where_it_clearly_belongs(context) -> None:
    question = (
        "we're at 90M events/mo and growing like 50% a year. whats the real cost on business "
        "once we blow through 100M"
    )
    first = compose_answer(question, context())
    assert first.confident and first.sources[0]["path"] == "buying/pricing.md"
    resolved = answer_follow_up(
        "so over 3 yrs, roughly?",
        context(previous_page="buying/pricing.md"),
        FollowUp(question, first.text),
    )
    assert resolved.answer.confident
    assert resolved.answer.sources[0]["path"] == "buying/total-cost-of-ownership.md"
    assert "three" in resolved.answer.text.lower()
