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
