"""Each fact once in a rendered summary: a detail the situation line states gets no row."""

from __future__ import annotations

from bot.dialogue.profile import BuyerProfile
from bot.dialogue.summary import DecisionSummary, build_summary, shown_fields


def summary(**slots: str) -> DecisionSummary:
    """Built as the summary action builds it: from the buyer's slot values."""
    return build_summary(BuyerProfile.from_slots(slots), [], [], [], [])


def test_details_the_buyer_said_in_the_situation_are_not_shown_again() -> None:
    said = summary(situation="We're 150 staff, on Ordinal", team_size="150", current_tool="Ordinal")
    assert said.situation == "We're 150 staff, on Ordinal"
    shown = shown_fields(said)
    assert shown["situation"] == "We're 150 staff, on Ordinal"
    assert "team_size" not in shown and "current_tool" not in shown
    # The data keeps every field: only what is shown changes.
    assert said.to_json()["team_size"] == "150"
    assert said.to_json()["current_tool"] == "Ordinal"


def test_details_the_situation_line_adds_are_not_shown_again() -> None:
    said = summary(
        situation="B2B SaaS, product team",
        team_size="40",
        current_tool="Northwind",
        timeline="Q3 2025",
        budget="50,000",
    )
    assert said.situation == (
        "B2B SaaS, product team; team of 40, using Northwind today, deciding Q3 2025, budget 50,000"
    )
    assert set(shown_fields(said)) == {"situation", "open_questions"}


def test_the_buyers_words_state_a_detail_only_as_that_detail() -> None:
    # "twelve people" is a team of 12; 20k a year is the budget; by Q3 the timeline
    said = summary(
        situation="we are twelve people using Pipit, budget is 20k a year, need it by Q3",
        team_size="12",
        current_tool="Pipit",
        budget="20k",
        timeline="by Q3",
    )
    assert not {"team_size", "current_tool", "budget", "timeline"} & set(shown_fields(said))
    # 150 days are not 150 people: the team size is said nowhere else, so its row stays.
    days = summary(situation="We have 150 days left on our contract", team_size="150")
    assert days.situation == "We have 150 days left on our contract"
    assert shown_fields(days)["team_size"] == "150"
    # A tool they moved off is not named as their current tool.
    left = summary(situation="We moved off Ordinal last year", current_tool="Ordinal")
    assert shown_fields(left)["current_tool"] == "Ordinal"


def test_a_stored_situation_that_does_not_state_the_details_keeps_their_rows() -> None:
    stored = DecisionSummary.from_json(
        {"situation": "Mid-size fintech", "team_size": 150, "current_tool": "Ordinal"}
    )
    assert shown_fields(stored) == {
        "situation": "Mid-size fintech",
        "team_size": "150",
        "current_tool": "Ordinal",
    }
    # A different amount is a different fact ("$30" is not "$30k").
    other = DecisionSummary(situation="budget $30k", budget="$30")
    assert shown_fields(other)["budget"] == "$30"
    # No situation: every detail is shown.
    bare = DecisionSummary(team_size="8", timeline="next month")
    assert shown_fields(bare) == {"team_size": "8", "timeline": "next month"}
