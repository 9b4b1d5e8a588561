"""What a buyer says about themselves, cut from what they ask (the decision summary's
situation and open questions)."""

import pytest

from bot.dialogue.statements import as_questions, asks, statements_in, tells_only, without_requests


@pytest.mark.parametrize(
    ("message", "said"),
    [
        (
            "Do you use TLS 1.2, and what happens in a severity 1 incident? We're 150 staff.",
            "We're 150 staff",
        ),
        ("we're 30 people on Pipit, does your SDK support Flutter?", "we're 30 people on Pipit"),
        ("We use Pipit and we're wondering if you support Okta", "We use Pipit"),
        ("Team of 40, Business plan then?", "Team of 40"),
        (
            "ok I'd like to set up a call, we're deciding between Business and Enterprise",
            "we're deciding between Business and Enterprise",
        ),
        (
            "Hi! We are 40 people, mostly engineers. Can someone call me?",
            ("We are 40 people, mostly engineers"),
        ),
        ("What we need is SSO for 40 people.", "What we need is SSO for 40 people"),
        ("have 40 seats on Pipit today", "have 40 seats on Pipit today"),
        ("We're 40 people. We're 40 people!", "We're 40 people"),
        ("We're on Northwind. Budget is $30k.", "We're on Northwind. Budget is $30k"),
        ("could someone from sales call me about a 45-seat deal", None),
        ("Thanks, great.", None),
        ("how much is Business?", None),
        ("", None),
    ],
)
def test_statements_are_what_the_buyer_says_of_themselves(message, said) -> None:
    assert statements_in(message) == said


@pytest.mark.parametrize(
    ("clause", "asking"),
    [
        ("does your SDK support Flutter", True),
        ("is there an EU region", True),
        ("legal wants to know whether you sign DPAs", True),
        ("what matters most to us is price", False),
        ("we're 40 people", False),
        ("have 40 seats", False),
        ("have you got SCIM", True),
    ],
)
def test_a_clause_asks_by_its_mark_its_opening_or_indirectly(clause, asking) -> None:
    assert asks(clause) is asking


@pytest.mark.parametrize(
    ("open_question", "questions"),
    [
        (
            "what happens in a severity 1 incident? We're 150 staff.",
            ["What happens in a severity 1 incident?"],
        ),
        # The statement before a question that points back at it stays.
        ("IT insists on SCIM. Which plan has it?", ["IT insists on SCIM. Which plan has it?"]),
        ("Thanks! do you do SCIM? great", ["Do you do SCIM?"]),
        ("does it support SSO", ["Does it support SSO?"]),
        (
            "How many companies pay for it today? and where is your head office?",
            ["How many companies pay for it today?", "Where is your head office?"],
        ),
        ("And the raw history itself?", ["And the raw history itself?"]),
        ("pricing for 40 seats", ["Pricing for 40 seats"]),
    ],
)
def test_an_open_question_reads_as_questions(open_question, questions) -> None:
    assert as_questions(open_question) == questions


def test_criteria_lose_greetings_and_requests_but_not_their_question_words() -> None:
    assert without_requests("how fast PMs can self-serve") == "how fast PMs can self-serve"
    assert (
        without_requests(
            "ok id like to set up a call with someone, we're deciding between business and "
            "enterprise"
        )
        == "we're deciding between business and enterprise"
    )
    assert without_requests("thanks!") is None


def test_only_a_statement_about_the_buyer_is_not_an_open_question() -> None:
    assert tells_only("We're a 110-person SaaS company, comparing you with Ordinal.")
    assert not tells_only("pricing for 40 seats")
    assert not tells_only("we need EU hosting")
    assert not tells_only("we're 40 people, does it scale?")
