"""The conversation evaluation's checks read a reply the way a person would."""

from __future__ import annotations

from bench.conversation_eval import check_turn


def _reply(text: str) -> dict:
    return {"messages": [{"text": text, "sources": [{"path": "buying/pricing.md"}]}]}


def test_a_forbidden_phrase_is_found_only_as_whole_words() -> None:
    expect = {"not_says": ["team of 1 "]}
    summary = "Situation: a team of 150, renewing in March."
    assert check_turn(_reply(summary), summary, expect) == []
    wrong = "Situation: a team of 1, renewing in March."
    assert check_turn(_reply(wrong), wrong, expect) == ["says 'team of 1 '"]


def test_a_fact_and_a_page_are_required() -> None:
    expect = {"says": [["$28,800", "28.8k"]], "cites": ["product/overview.md"]}
    text = "Business is $2,400 a month."
    assert check_turn(_reply(text), text, expect) == [
        "does not cite product/overview.md (cited ['buying/pricing.md'])",
        "does not say ['$28,800', '28.8k']",
    ]
