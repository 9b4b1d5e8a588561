"""What else a message holds, other languages, doubt without loops, waiting for a person."""

from dataclasses import dataclass

import pytest

from bot.dialogue.doubt import (
    ASK_WORRY_TEXT,
    STILL_UNSURE,
    Offer,
    is_doubt_reply,
    names_a_worry,
    plan_doubt,
    still_unsure,
)
from bot.dialogue.handoff_rules import asks_to_negotiate
from bot.dialogue.language import foreign_language
from bot.dialogue.reading import about_the_vendor, read_message, what_matters
from bot.dialogue.waiting import (
    asks_when_reply,
    checked_email,
    email_reply,
    eta_reply,
    while_waiting_prefix,
)


def test_a_question_or_a_person_request_inside_a_situation_is_found() -> None:
    assert read_message("we're 30 people on Pipit, does your SDK support Flutter?").has_question
    assert read_message("could someone from sales call me about a 45-seat deal").wants_person
    assert read_message("id like to set up a call with someone, we're torn on plans").wants_person
    assert read_message("who do I talk to about an enterprise deal").wants_person
    noted = read_message("We're a team of 40 on Northwind.")
    assert not noted.has_question and not noted.wants_person


def test_a_statement_opening_with_what_is_not_a_question() -> None:
    said = "What matters most to us is that product managers get answers without SQL."
    assert not read_message(said).has_question
    assert not read_message("what we need is SSO and EU hosting").has_question
    assert not read_message("what matters is price").has_question
    assert read_message("what plans are there").has_question
    assert read_message("what time zone is support in").has_question
    assert read_message("What matters most is price. Do you have SSO").has_question


def test_criteria_are_said_back_without_the_what_matters_frame() -> None:
    said = "What matters most to us is that PMs get answers without writing SQL."
    assert what_matters(said) == "PMs get answers without writing SQL"
    assert what_matters("price and ease of setup") == "price and ease of setup"


def test_a_question_asked_indirectly_is_found() -> None:
    assert read_message("she'll also ask what happens if nobody ends up using it").has_question
    assert read_message("legal wants to know if you offer IP indemnification").has_question
    assert not read_message("i don't know what to do").has_question


def test_a_question_nlu_ranked_second_counts() -> None:
    ranking = [
        {"name": "state_situation", "confidence": 0.6},
        {"name": "ask_pricing", "confidence": 0.3},
    ]
    assert read_message("team of 40 and the price matters", ranking).has_question


def test_questions_about_the_vendor_are_told_apart_from_small_talk() -> None:
    assert about_the_vendor("who are your investors?")
    assert about_the_vendor("how do you compare with Amplitude?")
    assert not about_the_vendor("are you a bot?")
    assert not about_the_vendor("can you book me a flight")
    assert about_the_vendor("is Tessellate profitable?", ["Tessellate", "Pipit"])
    assert not about_the_vendor("is Tessellate profitable?")  # names come from the site


def test_other_languages_are_noticed_and_english_is_left_alone() -> None:
    assert foreign_language("Können wir die Daten in der EU speichern?") == "German"
    assert foreign_language("Bonjour, je voudrais parler à un commercial") == "French"
    assert foreign_language("¿Tienen un SDK para Flutter?", nlu_says_foreign=True)
    assert foreign_language("do you have a flutter sdk?") is None
    assert foreign_language("do you have a flutter sdk?", nlu_says_foreign=True) is None
    assert foreign_language("we need SOC 2 and ISO 27001") is None
    assert foreign_language("Ciao, quanto costa il piano Business all'anno?") == "Italian"


def test_doubt_asks_the_worry_once_offers_the_form_once_then_a_person() -> None:
    first = plan_doubt(None, [], form_answered=False)
    assert first.ask_worry and first.offer == Offer.FORM  # ask the worry, or work through it
    assert plan_doubt(None, ["worry", "form"], False).offer == Offer.PERSON
    assert plan_doubt("cost", [], False).offer == Offer.FORM
    assert plan_doubt("cost", ["form"], False).offer == Offer.PERSON
    assert plan_doubt("cost", [], form_answered=True).offer == Offer.PERSON


def test_negotiation_is_told_apart_from_a_question_about_terms() -> None:
    assert asks_to_negotiate("can you do 20% off if we sign today?")
    assert asks_to_negotiate("legal wants to use our own paper")
    assert not asks_to_negotiate("can we pay monthly?")
    assert not asks_to_negotiate("how much notice do we need to stop the auto-renewal?")


@dataclass
class Waiting:
    status: str = "waiting"
    rep_name: str | None = "Priya Raman"
    availability: str | None = "Next available Monday at 09:00 (Europe/London time), in about 40 h"
    online: bool = False
    buyer_email: str | None = None

    @property
    def first_name(self) -> str:
        return (self.rep_name or "someone").split()[0]


def test_an_email_left_while_waiting_is_confirmed_with_when_the_rep_sees_it() -> None:
    reply = email_reply("sure, it's maya.chen@quarrylabs.example", Waiting())
    assert "Priya will follow up at maya.chen@quarrylabs.example" in reply
    assert "Next available Monday at 09:00" in reply


def test_a_malformed_email_is_questioned_not_confirmed() -> None:
    assert checked_email("mail me at bob@@example")[0] is None
    assert "doesn't look like a valid email" in email_reply("mail me at bob@@example", Waiting())


def test_when_will_they_reply_uses_the_reps_real_availability() -> None:
    assert "Next available Monday at 09:00" in eta_reply(Waiting())
    assert "online now" in eta_reply(Waiting(online=True))
    assert "Nobody has been asked" in eta_reply(None)


def test_answers_while_waiting_say_they_come_from_the_assistant() -> None:
    assert "While you wait for Priya" in while_waiting_prefix(Waiting())
    assert while_waiting_prefix(None) == ""


def test_asking_when_the_rep_will_reply_is_recognised_whatever_nlu_says() -> None:
    assert asks_when_reply("when will they get back to me?")
    assert asks_when_reply("hello? is anyone coming or not")
    assert asks_when_reply("how long do I have to wait")
    assert not asks_when_reply("how long does onboarding take?")
    assert not asks_when_reply("when does the contract renew?")
    assert asks_when_reply("when will someone pick this up?")
    assert not asks_when_reply("be honest, when should a company pick Northwind instead of you?")


def test_a_question_without_a_question_mark_mid_sentence_is_found() -> None:
    said = "we're 70 people, if we moved would our cohort definitions come across or do we redo it"
    assert read_message(said).has_question
    assert not read_message("we do it ourselves today and it works").has_question


@pytest.mark.parametrize(
    ("text", "unsure"),
    [
        ("yeah. still dont know", True),
        ("ok, still on the fence tbh", True),
        ("not convinced yet", True),
        ("I'm still not sure", True),
        ("yes, that's what I needed", False),
        ("still using Pipit for now", False),
        ("sure, go ahead", False),
    ],
)
def test_still_unsure_is_doubt_whatever_it_opens_with(text, unsure) -> None:
    assert still_unsure(text) is unsure


def test_a_worry_is_told_by_its_opening_and_doubt_replies_are_known() -> None:
    assert names_a_worry("mainly that it turns into shelfware again")
    assert names_a_worry("honestly, my main concern is the migration")
    assert not names_a_worry("we're 40 people on Pipit")
    assert not names_a_worry("that sounds fine")
    assert is_doubt_reply(f"{ASK_WORRY_TEXT} Or we can go through it together.")
    assert is_doubt_reply(STILL_UNSURE.format(label="cost"))
    assert not is_doubt_reply("Thanks, noted. What would you like to know?")
