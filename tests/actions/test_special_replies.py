"""Emails, "when will they reply?" and other languages, whatever intent NLU gave them."""

from actions.answer import ActionAnswer
from actions.small_talk import ActionSmallTalk
from tests.actions.conftest import make_tracker, slot_events


async def test_an_email_is_confirmed_even_when_nlu_took_it_for_a_yes(dispatcher, domain) -> None:
    tracker = make_tracker("sure, it's maya.chen@quarrylabs.example", "affirm")

    events = await ActionSmallTalk().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert "maya.chen@quarrylabs.example" in message["text"]
    assert "Nobody has been asked to follow up yet" in message["text"]  # no handoff yet
    assert message["buttons"][0]["payload"] == "/ask_for_human"
    assert slot_events(events) == {"handoff_needed": False}


async def test_when_will_they_reply_without_a_handoff_offers_one(dispatcher, domain) -> None:
    tracker = make_tracker("when will they get back to me?", "thank")
    await ActionSmallTalk().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("Nobody has been asked to join yet")


async def test_another_language_gets_an_honest_english_reply(dispatcher, domain) -> None:
    tracker = make_tracker("Können wir die Daten in der EU speichern?", "ask_product_question")

    await ActionAnswer().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["text"].startswith("It looks like you wrote in German.")
    assert "only answer in English" in message["text"]
    assert not (message.get("custom") or {}).get("sources")


async def test_a_question_nlu_took_for_off_topic_is_answered_when_the_pages_say(
    dispatcher, domain, knowledge_base
) -> None:
    tracker = make_tracker("what happens if we go over our monthly events", "out_of_scope")

    await ActionSmallTalk().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert "we do not stop ingesting" in message["text"]
    assert message["custom"]["sources"][0]["path"] == "pricing.md"


async def test_real_small_talk_still_gets_its_short_reply(
    dispatcher, domain, knowledge_base
) -> None:
    await ActionSmallTalk().run(dispatcher, make_tracker("how's the weather?", "chitchat"), domain)

    [message] = dispatcher.messages
    assert message.get("response") == "utter_chitchat"
