from bot.dialogue.profile import SKIPPED, BuyerProfile
from bot.dialogue.summary import Finding, build_summary, render_summary, topics_to_check
from tests.dialogue.conftest import hit


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


def test_summary_says_what_content_says_and_lists_open_questions() -> None:
    findings = [Finding("price and setup time", hit()), Finding("the risk of switching", None)]
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

    assert summary["sources_shown"] == shown[:1]
    assert summary["open_questions"] == [
        "Do you do SCIM?",
        "What does our content say on the risk of switching?",
    ]
    assert "Situation: B2B SaaS, product team; team of 40, using Northwind today" in text
    assert "What matters most: price and setup time" in text
    assert "Main worry: the migration" in text
    assert (
        "- On price and setup time: Team costs $900 a month billed annually. "
        "Business is $2,400 a month. (Pricing and plans, https://tessellate.example/pricing)"
    ) in text
    assert "- Pricing and plans: https://tessellate.example/pricing" in text
    assert "*" not in text and "#" not in text  # plain text, forwardable


def test_empty_summary_is_honest_about_gaps() -> None:
    text = render_summary(build_summary(BuyerProfile(), [], [], [], []))
    assert "Situation: not given yet" in text
    assert "Which two or three criteria matter most?" in text
