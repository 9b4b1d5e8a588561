"""Reading a buyer's message: its parts, yes/no questions, comparisons, follow-ups."""

import pytest

from bot.dialogue.question import (
    Side,
    comparison_side,
    is_follow_up,
    split_questions,
    swap_name,
    without_acknowledgement,
)


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        ("do you do SSO, and what does SCIM cost?", ["do you do SSO", "what does SCIM cost?"]),
        ("Where is our data hosted? Also, do you sign a DPA?", None),
        ("We're 40 people on Pipit, what does Team cost?", ["what does Team cost?"]),
        ("is it cheaper than Ordinal, or not?", ["is it cheaper than Ordinal, or not?"]),
        ("We need SOC 2 before my CEO signs.", ["We need SOC 2 before my CEO signs."]),
        # What follows the last question mark is the buyer's situation, not searched.
        (
            "Do you use TLS 1.2, and what happens in a severity 1 incident? We're 150 staff.",
            ["Do you use TLS 1.2", "what happens in a severity 1 incident?"],
        ),
        # The question points back at the statement: it keeps the statement's words.
        (
            "IT insists on SCIM provisioning. Which plan has it?",
            ["IT insists on SCIM provisioning. Which plan has it?"],
        ),
    ],
)
def test_split_questions(message: str, parts: list[str] | None) -> None:
    found = [p.text for p in split_questions(message)]
    if parts is None:
        assert len(found) == 2
    else:
        assert found == parts


@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("is there an SDK for Flutter?", True),
        ("do you support Okta", True),
        ("which plan has unlimited seats?", False),
        ("how long is the trial?", False),
        ("hey, can we pay monthly?", True),
    ],
)
def test_yes_no_questions(question: str, yes_no: bool) -> None:
    assert split_questions(question)[0].yes_no is yes_no


def test_comparison_side() -> None:
    assert comparison_side("where does Ordinal beat you?") == Side.THEIRS
    assert comparison_side("when would they be the better choice?") == Side.THEIRS
    assert comparison_side("why you over Pipit?") == Side.OURS
    assert comparison_side("how much is Team?") is None


def test_a_follow_up_naming_another_competitor_asks_the_previous_question_again() -> None:
    names = ["Northwind", "Ordinal", "Pipit"]
    previous = ["where does Ordinal beat you?"]
    assert swap_name("and against Northwind?", previous, names) == (
        "where does Northwind beat you?"
    )
    assert swap_name("and what does it cost?", previous, names) is None
    assert swap_name("and against Northwind?", [], names) is None


def test_a_follow_up_naming_another_plan_asks_the_previous_question_about_it() -> None:
    plans = ["Free", "Team", "Business", "Enterprise"]
    previous = ["What support do Enterprise customers get at night?"]
    assert swap_name("and on the Free plan?", previous, plans) == (
        "What support do Free customers get at night?"
    )
    # "teams" is not the Team plan, and a longer message is a question of its own.
    assert swap_name("and for teams?", previous, plans) is None
    assert swap_name("and how does the Team plan handle overages?", previous, plans) is None


def test_follow_ups_are_recognised() -> None:
    assert is_follow_up("and on the Free plan?")
    assert is_follow_up("what does that plan start at?")
    assert not is_follow_up("How long does a typical rollout take for a team of fifty people?")


def test_short_messages_that_lean_on_the_previous_question_are_follow_ups() -> None:
    from bot.dialogue.question import is_follow_up

    assert is_follow_up("zapier then?")
    assert is_follow_up("so over 3 years, roughly?")
    assert not is_follow_up("Tell me about SSO")


@pytest.mark.parametrize(
    ("message", "left"),
    [
        ("appreciate the honesty. who would you look at instead", "who would you look at instead"),
        ("huh ok. and the raw history itself?", "and the raw history itself?"),
        ("nice. do you also do session replay?", "do you also do session replay?"),
        ("fine grained roles?", "fine grained roles?"),  # a word, not an acknowledgement
    ],
)
def test_a_leading_acknowledgement_is_not_part_of_the_question(message: str, left: str) -> None:
    assert without_acknowledgement(message) == left
