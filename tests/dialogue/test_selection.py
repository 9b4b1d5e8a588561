"""The yes/no lead: only when the quoted sentence plainly settles it; and the bar a section
must clear to count as answering."""

from dataclasses import dataclass

from bot.dialogue.selection import AnswerPolicy, answer_bar, heading_match, yes_no_lead


@dataclass
class Unit:
    text: str
    kind: str = "sentence"
    order: int = 0
    score: float = 0.7
    overlap: float = 1.0


def test_no_when_the_sentence_negates_what_was_asked() -> None:
    unit = Unit("There is no official SDK for PHP, .NET, Flutter or React Native.")
    assert yes_no_lead("is there an SDK for Flutter?", unit) == "No."


def test_yes_when_the_sentence_says_it_plainly() -> None:
    unit = Unit("SAML single sign-on (Okta, Entra ID, Google) is included from the Business plan.")
    assert yes_no_lead("do you support Okta?", unit) == "Yes."


def test_a_negation_in_another_clause_does_not_turn_it_into_no() -> None:
    unit = Unit("Segment works as a source with no code changes; mParticle is not supported.")
    assert yes_no_lead("do you support Segment?", unit) == "Yes."


def test_no_lead_when_the_sentence_does_not_hold_the_question_words() -> None:
    unit = Unit("We do not sign HIPAA business associate agreements.", overlap=0.2)
    assert yes_no_lead("will you sign a BAA?", unit) is None


def test_no_lead_for_a_negative_question() -> None:
    assert yes_no_lead("is there no free plan?", Unit("Free: up to 1 million events.")) is None


POLICY = AnswerPolicy(min_answer_score=0.75, min_answer_score_unknown=1.3, unknown_share_min=0.15)


def test_an_unknown_word_that_is_the_question_raises_the_bar() -> None:
    assert answer_bar(["investors"], POLICY, "who are your investors?") == 1.3


def test_one_odd_word_in_a_long_message_about_the_buyer_does_not() -> None:
    said = "all our events sit in snowflake via dbt, do we need to reinstrument everything to start"
    assert answer_bar(["reinstrument"], POLICY, said) == 0.75


def test_a_heading_naming_what_was_asked_matches() -> None:
    assert heading_match("what plans do you have?", "The four plans") == 0.5
    assert heading_match("what plans do you have?", "Overages") == 0.0
