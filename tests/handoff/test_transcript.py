"""Transcript exports keep every turn (bot, buyer, rep) with the sources shown."""

from __future__ import annotations

from bot.handoff.transcript import transcript_json, transcript_markdown

HANDOFF = {
    "id": 7,
    "conversation_id": "c0ffee",
    "status": "closed",
    "outcome": "won",
    "trigger": "pricing_negotiation",
    "reason": "The buyer wants a discount.",
    "rep": {"name": "Priya Raman", "role": "Senior Account Executive"},
    "buyer_email": "jo@acme.io",
    "summary": {
        "situation": "40 people",
        "questions_asked": ["Is there a discount?"],
        "sources_shown": [
            {"title": "Pricing", "heading": "Plans", "url": "https://t.example/pricing"}
        ],
    },
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
    assert "  - Source: Pricing — Plans <buying/pricing.md>" in text
    assert "**Priya Raman (Senior Account Executive)** · t3" in text
    assert "> Hi, Priya here." in text


def test_json_is_the_full_log() -> None:
    data = transcript_json(HANDOFF, MESSAGES)
    assert data["conversation_id"] == "c0ffee"
    assert data["messages"] == MESSAGES
    assert data["handoff"]["summary"]["sources_shown"][0]["title"] == "Pricing"
