"""Transcript exports keep every turn (bot, buyer, rep) with the sources shown."""

from __future__ import annotations

from bot.dialogue.summary import DecisionSummary
from bot.handoff.transcript import transcript_json, transcript_markdown
from tests.handoff.factories import make_summary

HANDOFF = {
    "id": 7,
    "conversation_id": "c0ffee",
    "status": "closed",
    "outcome": "won",
    "trigger": "pricing_negotiation",
    "reason": "The buyer wants a discount.",
    "rep": {"name": "Priya Raman", "role": "Senior Account Executive"},
    "buyer_email": "jo@acme.io",
    "summary": make_summary(
        situation="40 people",
        current_tool="Northwind",
        main_worry="price",
        questions_asked=["Is there a discount?"],
        sources_shown=[
            {
                "title": "Pricing",
                "heading": "Plans",
                "url": "https://t.example/pricing",
                "path": "buying/pricing.md",
            }
        ],
    ).to_json(),
}
MESSAGES = [
    {
        "sender": "buyer",
        "text": "Is there a discount?\nWe are 40.",
        "created_at": "t1",
        "sources": [],
        "rep": None,
    },
    {
        "sender": "bot",
        "text": "Plans start at...",
        "created_at": "t2",
        "sources": [{"title": "Pricing", "heading": "Plans", "path": "buying/pricing.md"}],
        "rep": None,
    },
    {
        "sender": "rep",
        "text": "Hi, Priya here.",
        "created_at": "t3",
        "sources": [],
        "rep": {"name": "Priya Raman", "role": "Senior Account Executive"},
    },
]


def test_markdown_has_summary_then_every_turn_with_sources() -> None:
    text = transcript_markdown(HANDOFF, MESSAGES)
    assert text.index("## Summary") < text.index("## Transcript")
    assert "- **Status:** closed (won)" in text
    assert "- **Buyer's email:** jo@acme.io" in text
    assert "> Is there a discount?\n> We are 40." in text
    assert "**Assistant** · t2" in text
    assert "- **Situation:** 40 people; using Northwind today" in text
    assert "- **Main worry:** price" in text
    assert "- **Competitors named:**\n  - Northwind" in text
    assert "- **Questions asked:**\n  - Is there a discount?" in text
    assert "Sources shown:\n  - Source: Pricing — Plans <https://t.example/pricing>" in text
    assert "  - Source: Pricing — Plans <buying/pricing.md>" in text
    assert "**Priya Raman (Senior Account Executive)** · t3" in text
    assert "> Hi, Priya here." in text


def test_json_is_the_full_log() -> None:
    data = transcript_json(HANDOFF, MESSAGES)
    assert data["conversation_id"] == "c0ffee"
    assert data["messages"] == MESSAGES
    assert data["handoff"]["summary"]["sources_shown"][0]["title"] == "Pricing"


def test_a_summary_stored_before_a_field_existed_still_exports() -> None:
    old = {**HANDOFF, "summary": {"situation": "40 people", "industry": "fintech"}}
    text = transcript_markdown(old, MESSAGES)
    assert "- **Situation:** 40 people" in text and "fintech" not in text
    data = transcript_json(old, MESSAGES)
    assert data["handoff"]["summary"] == DecisionSummary(situation="40 people").to_json()
