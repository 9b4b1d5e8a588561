import pytest

from bot.dialogue.profile import SKIPPED, BuyerProfile
from bot.dialogue.summary import (
    ContentSays,
    DecisionSummary,
    Finding,
    Source,
    build_summary,
    competitors_named,
    render_summary,
    topics_to_check,
)


@pytest.fixture
def pricing_hit(sample_kb):
    """A real hit from the sample content, as the summary action finds it."""
    hits = sample_kb.search("How much are the Team and Business plans?", k=5)
    return next(h for h in hits if h.heading == "The four plans")


def profile() -> BuyerProfile:
    return BuyerProfile.from_slots(
        {
            "situation": "B2B SaaS, product team",
            "team_size": "40",
            "current_tool": "Northwind",
            "criteria": "price and setup time",
            "main_worry": "the migration",
            "worry_type": "switching_risk",
            "timeline": SKIPPED,
        }
    )


def test_skipped_answers_count_as_unknown() -> None:
    assert profile().timeline is None
    assert profile().situation_line() == (
        "B2B SaaS, product team; team of 40, using Northwind today"
    )


def test_topics_cover_situation_criteria_and_worry() -> None:
    labels = [label for label, _ in topics_to_check(profile())]
    assert labels == ["your situation", "price and setup time", "the risk of switching"]
    assert topics_to_check(BuyerProfile()) == []


def test_summary_says_what_content_says_and_lists_open_questions(pricing_hit) -> None:
    team_price = "Team: $900 a month billed annually ($10,800 a year)."
    findings = [
        Finding("price and setup time", pricing_hit, team_price),
        Finding("the risk of switching", None),
    ]
    shown = [
        {
            "title": "Pricing and plans",
            "url": "https://tessellate.example/pricing",
            "path": "buying/pricing.md",
            "heading": "The four plans",
        }
    ] * 2

    summary = build_summary(profile(), findings, ["How much?"], shown, ["Do you do SCIM?"])
    text = render_summary(summary)

    assert summary.sources_shown == [Source(**shown[0])]
    assert summary.content_says == [
        ContentSays(
            topic="price and setup time",
            text=team_price,
            source=Source(**shown[0]),
        )
    ]
    assert summary.open_questions == [
        "Do you do SCIM?",
        "What does our content say on the risk of switching?",
    ]
    assert "Situation: B2B SaaS, product team; team of 40, using Northwind today" in text
    assert "What matters most: price and setup time" in text
    assert "Main worry: the migration" in text
    assert (
        f"- On price and setup time: {team_price} "
        "(Pricing and plans, https://tessellate.example/pricing)"
    ) in text
    assert "- Pricing and plans: https://tessellate.example/pricing" in text
    assert "*" not in text and "#" not in text  # plain text, forwardable


def test_empty_summary_is_honest_about_gaps() -> None:
    text = render_summary(build_summary(BuyerProfile(), [], [], [], []))
    assert "Situation: not given yet" in text
    assert "Which two or three criteria matter most?" in text


def test_the_json_is_every_field_and_reads_back_the_same(pricing_hit) -> None:
    summary = build_summary(
        profile(),
        [Finding("price", pricing_hit)],
        ["How much?"],
        [],
        [],
        known_competitors=["Northwind"],
    )
    data = summary.to_json()
    assert list(data) == list(DecisionSummary.model_fields)
    assert data["worry"] == "the migration" and data["current_tool"] == "Northwind"
    assert data["content_says"][0]["source"] == {
        "title": "Pricing and plans",
        "url": "https://tessellate.example/pricing",
        "path": "buying/pricing.md",
        "heading": "The four plans",
    }
    assert DecisionSummary.from_json(data) == summary
    assert DecisionSummary.from_json(summary) is summary


def test_old_or_partial_stored_summaries_still_load() -> None:
    assert DecisionSummary.from_json(None) == DecisionSummary()
    assert DecisionSummary.from_json({}).competitors == []
    old = DecisionSummary.from_json(
        {
            "situation": "40 people",
            "team_size": 40,
            "industry": "fintech",  # keys nothing writes are ignored
            "sources_shown": [{"title": "Pricing", "heading": None}],
        }
    )
    assert (old.situation, old.team_size, old.worry) == ("40 people", "40", None)
    assert old.sources_shown == [Source(title="Pricing")]


def test_competitors_are_the_one_named_and_the_current_tool_if_it_is_one() -> None:
    known = ["Northwind", "Pipit", "Ordinal"]
    named = BuyerProfile.from_slots({"competitor": "Pipit", "current_tool": "northwind"})
    assert competitors_named(named, known) == ["Pipit", "Northwind"]
    same = BuyerProfile.from_slots({"competitor": "Pipit", "current_tool": "Pipit"})
    assert competitors_named(same, known) == ["Pipit"]
    tool = BuyerProfile.from_slots({"current_tool": "spreadsheets"})
    assert competitors_named(tool, known) == []
    assert build_summary(profile(), [], [], [], [], known_competitors=known).competitors == [
        "Northwind"
    ]
    assert build_summary(profile(), [], [], [], []).competitors == []  # no content, no names
