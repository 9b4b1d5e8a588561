"""Only details that look like what they claim reach the rep's packet."""

import pytest

from bot.dialogue.entities import trusted_budget, trusted_team_size, trusted_timeline, trusted_tool


@pytest.mark.parametrize(
    ("value", "text", "kept"),
    [
        ("40", "we're a team of 40 on Pipit", "40"),
        ("35", "35 seats, maybe more", "35"),
        ("60", "about 60 engineers and PMs", "60"),
        ("2", "we need SOC 2 before anything", None),
        ("27001", "and ISO 27001 too", None),
        ("2", "SOC 2 Type 2 report please, we're a team of 12", None),
        ("12", "SOC 2 Type 2 report please, we're a team of 12", "12"),
    ],
)
def test_team_size_needs_people_around_the_number(value: str, text: str, kept) -> None:
    assert trusted_team_size(value, text) == kept


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("by Q3", "by Q3"),
        ("next month", "next month"),
        ("quarter", None),
        ("before my CEO signs", None),
        ("in 6 weeks", "in 6 weeks"),
    ],
)
def test_timeline_must_pin_down_a_time(value: str, kept) -> None:
    assert trusted_timeline(value) == kept


def test_budget_must_look_like_money_and_tools_like_products() -> None:
    assert trusted_budget("$30k", "our budget is about $30k") == "$30k"
    assert trusted_budget("$900", "saw the $900 plan on your site, is that monthly?") is None
    assert trusted_budget("60 people", "budget for 60 people") is None
    assert trusted_tool("Mixpanel") == "Mixpanel"
    assert trusted_tool("SOC 2") is None


def test_details_the_tagger_missed_are_found_in_the_words() -> None:
    from bot.dialogue.entities import trusted_details

    found = trusted_details(
        {"team_size": "2"}, "team of 12 product folks, SOC 2 needed, must decide by end of March"
    )
    assert found["team_size"] == "12"
    assert found["timeline"] == "by end of March"
    assert trusted_details({}, "can you do a demo tomorrow after 3pm?")["team_size"] is None


def _timeline(text: str) -> str | None:
    from bot.dialogue.entities import trusted_details

    return trusted_details({}, text)["timeline"]


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("we're locked in with Pipit till our renewal in April, want to switch then", None),
        ("we need to choose before our renewal in April", "before our renewal"),
        ("our plan is to sign in the next 45 days", "in the next 45 days"),
        ("timeline: end of Q1 ideally", "end of Q1"),
        ("leadership wants a go/no-go by Thursday", "by Thursday"),
        ("we'd kick the pilot off the second week of May", "the second week of May"),
        ("we're hoping to be up and running by 1 March", "by 1 March"),
    ],
)
def test_a_date_the_buyer_plans_by_becomes_the_timeline(text: str, timeline) -> None:
    assert _timeline(text) == timeline


@pytest.mark.parametrize(
    "text",
    [
        "are you ISO 27001 and is support 24/7?",
        "is 3 weeks of onboarding part of every plan?",
        "in 2018 we moved everything to Heap",
        "we went live with our current tool in March",
        "could your team demo it to us on Friday?",
        "does billing restart in January on the yearly plan?",
        "we're comparing three vendors this week",
        "I may have more questions later",
        "we need this signed off before the CFO is back",
    ],
)
def test_history_product_questions_and_vague_events_are_not_a_timeline(text: str) -> None:
    assert _timeline(text) is None


def test_nlu_timeline_is_kept_only_where_the_words_are_a_plan() -> None:
    text = "we moved to Heap in June and now want to leave it by September"
    assert trusted_timeline("in June", text) is None
    assert trusted_timeline("by September", text) == "by September"


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("procurement signed off on 60k for this", "60k"),
        ("we've got about $9k a year for it", "$9k"),
        ("the most we could stretch to is 25 thousand dollars", "25 thousand dollars"),
        ("our ARR is $6M and the budget for analytics is $70k", "$70k"),
        ("we raised $15M in March, spending is still careful", None),
        ("Pipit quoted us 38k, what would you charge?", None),
        ("your scale tier is $3,000 a month, right? we'd pay less for fewer seats", None),
        ("we have 80k monthly active users, what would that cost us?", None),
        ("we ingest 40 million events a month, what's the spend at that volume?", None),
    ],
)
def test_budget_is_money_the_buyer_spends(text: str, budget) -> None:
    from bot.dialogue.entities import trusted_details

    assert trusted_details({}, text)["budget"] == budget
    assert trusted_budget(budget or "", text) == budget


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("we're 14 in total", "14"),
        ("there are 7 of us doing product", "7"),
        ("team is like 25 ppl", "25"),
        ("we have 80k monthly active users and 3 million installs", None),
    ],
)
def test_team_size_said_in_other_words(text: str, team) -> None:
    from bot.dialogue.entities import trusted_details

    assert trusted_details({}, text)["team_size"] == team


def test_current_tool_is_one_they_use_today() -> None:
    from bot.dialogue.entities import trusted_details

    assert trusted_details({"competitor": "Ordinal"}, "we're on Ordinal today")["current_tool"] == (
        "Ordinal"
    )
    evaluating = trusted_details({"competitor": "Ordinal"}, "we're trialling Ordinal too")
    assert evaluating["current_tool"] is None
    assert trusted_tool("Amplitude", "we moved off Amplitude last year, now on Heap") is None
    assert trusted_tool("Amplitude", "is retention longer than Amplitude?") is None
