"""High stakes: an ultimatum or a career on the line reaches a person; strong words in a
question or a report of the past do not."""

import pytest

from bot.dialogue.stakes import stakes_in


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("then it has to be in the contract or this deal is dead", "or this deal is dead"),
        (
            "unless someone puts 99.9% in writing for us on Business we're not moving forward",
            "unless someone puts 99.9% in writing for us on Business we're not moving forward",
        ),
        (
            "if the SCIM gap can't be closed we'll be signing with Northwind on Friday",
            "if the SCIM gap can't be closed we'll be signing with Northwind",
        ),
        ("Fix the export limit. Otherwise we walk.", "Otherwise we walk"),
        ("we won't move forward until legal has seen your DPA", "won't move forward until"),
        ("if this migration fails my job is on the line", "my job is on the line"),
        ("Our budget expires at quarter end, so it has to be now", "budget expires"),
        ("no audit logs, no deal", "no audit logs, no deal"),
    ],
)
def test_an_ultimatum_or_a_career_at_stake_is_found_with_its_words(text, words) -> None:
    assert stakes_in(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "SSO is a dealbreaker for us. which plan has it?",
        "is it worth the switch, or should we just go with Ordinal?",
        "we're not moving forward with Ordinal, their support was too slow",
        "we walked away from Pipit last year",
        "if the numbers work we'll go with you",
        "we got burned by our last migration, how does yours work?",
        "what happens to the project if we go over budget?",
    ],
)
def test_strong_words_without_an_ultimatum_are_not_high_stakes(text) -> None:
    assert stakes_in(text) is None


def test_going_with_us_is_no_threat_whatever_our_name() -> None:
    assert stakes_in("if the pilot works we'll go with Acme", product="Acme") is None
    assert stakes_in("if the pilot fails we'll go with Acme", product="Tessellate") == (
        "if the pilot fails we'll go with Acme"
    )
