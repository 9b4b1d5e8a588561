"""The yes/no lead: only when the quoted sentence plainly settles it."""

from dataclasses import dataclass

from bot.dialogue.selection import yes_no_lead


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
