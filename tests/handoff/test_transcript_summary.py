"""The transcript's summary gives each fact once; its JSON export keeps every field."""

from __future__ import annotations

from bot.handoff.transcript import transcript_json, transcript_markdown
from tests.handoff.factories import make_summary


def handoff(summary: dict) -> dict:
    return {
        "id": 3,
        "conversation_id": "beef",
        "status": "waiting",
        "outcome": None,
        "trigger": "asked_for_person",
        "reason": "The buyer asked to talk to a person.",
        "rep": None,
        "summary": summary,
    }


def summary_markdown(data: dict) -> str:
    text = transcript_markdown(handoff(data), [])
    return text[text.index("## Summary") : text.index("## Transcript")]


def test_a_detail_the_situation_states_has_no_row_of_its_own() -> None:
    summary = make_summary(
        situation="We're 150 staff, on Ordinal", team_size="150", current_tool="Ordinal"
    ).to_json()
    text = summary_markdown(summary)
    assert "- **Situation:** We're 150 staff, on Ordinal" in text
    assert "Team size" not in text and "Current tool" not in text
    assert "- **Competitors named:**\n  - Ordinal" in text  # in play: not the same fact
    # The export's data keeps them.
    data = transcript_json(handoff(summary), [])["handoff"]["summary"]
    assert (data["team_size"], data["current_tool"]) == ("150", "Ordinal")


def test_details_the_situation_does_not_state_keep_their_rows() -> None:
    # Stored before the situation line named the details (or written by other code).
    text = summary_markdown(
        {"situation": "Mid-size fintech", "team_size": "150", "current_tool": "Ordinal"}
    )
    assert "- **Situation:** Mid-size fintech" in text
    assert "- **Team size:** 150" in text
    assert "- **Current tool:** Ordinal" in text
    # 150 days are not 150 people: the team size row stays.
    days = make_summary(situation="We have 150 days left on our contract", team_size="150")
    assert "- **Team size:** 150" in summary_markdown(days.to_json())
