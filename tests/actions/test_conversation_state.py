"""Fallback, situation, worry and form validation actions."""

import pytest

from actions.fallback import STILL_LOST, ActionFallback
from actions.form_validation import ValidateDecisionForm
from actions.situation import ActionNoteSituation
from actions.worry import ActionAddressWorry
from bot.dialogue.doubt import ASK_WORRY_TEXT, FORM_OFFER_TEXT, PERSON_OFFER_TEXT
from tests.actions.conftest import make_tracker, slot_events


async def test_fallback_answers_a_question_the_content_covers(
    knowledge_base, dispatcher, domain
) -> None:
    question = "business plan, what's it cost"
    tracker = make_tracker(question, "nlu_fallback", slots={"low_confidence_streak": 1.0})

    events = await ActionFallback().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert "Source: Pricing and plans (https://tessellate.example/pricing)" in message["text"]
    assert message["custom"]["sources"][0]["path"] == "pricing.md"
    slots = slot_events(events)
    assert slots["low_confidence_streak"] == 0  # understood after all: no handoff
    assert slots["handoff_needed"] is False
    assert slots["questions_asked"] == [question]


async def test_first_fallback_asks_to_rephrase(knowledge_base, dispatcher, domain) -> None:
    tracker = make_tracker("asdf qwer", "nlu_fallback")
    events = await ActionFallback().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Sorry, I didn't get that. Could you put it another way?")
    # Names come from the knowledge folder: the fixture pages compare with Northwind only.
    assert "Tessellate" in text and "Northwind" in text and "Pipit" not in text
    assert slot_events(events) == {"low_confidence_streak": 1, "handoff_needed": False}


async def test_second_fallback_in_a_row_sets_up_the_handoff(
    knowledge_base, dispatcher, domain
) -> None:
    tracker = make_tracker("zzz ???", "nlu_fallback", slots={"low_confidence_streak": 1.0})
    events = await ActionFallback().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"] == STILL_LOST
    slots = slot_events(events)
    assert slots["handoff_needed"] is True
    assert slots["handoff_trigger"] == "repeated_misunderstanding"


async def test_situation_is_noted_and_a_large_budget_goes_to_a_person(dispatcher, domain) -> None:
    text = "we're a team of 40 on Northwind, budget is 150k"
    tracker = make_tracker(
        text,
        "state_situation",
        slots={"team_size": "40", "current_tool": "Northwind", "budget": "150k"},
    )

    events = await ActionNoteSituation().run(dispatcher, tracker, domain)

    reply = dispatcher.messages[0]["text"]
    assert "a team of 40, using Northwind today, a budget of 150k" in reply
    slots = slot_events(events)
    assert slots["situation"] == "we're a team of 40 on Northwind, budget is 150k"
    assert slots["deal_size"] == 150_000
    assert slots["handoff_needed"] is True
    assert slots["handoff_trigger"] == "deal_size"
    assert "150,000 is above 100,000" in slots["handoff_reason"]


async def test_a_small_budget_does_not_trigger_a_handoff(dispatcher, domain) -> None:
    tracker = make_tracker("budget maybe $30k", "state_situation", slots={"budget": "$30k"})
    events = await ActionNoteSituation().run(dispatcher, tracker, domain)
    assert slot_events(events)["deal_size"] == 30_000
    assert slot_events(events)["handoff_needed"] is False


@pytest.mark.usefixtures("knowledge_base")
async def test_criteria_outside_the_form_are_recorded(dispatcher, domain) -> None:
    tracker = make_tracker("ease of setup for our small team", "state_criteria")
    events = await ActionNoteSituation().run(dispatcher, tracker, domain)
    slots = slot_events(events)
    assert slots["criteria"] == "ease of setup for our small team"
    assert slots["handoff_needed"] is False
    assert "ease of setup for our small team matters most" in dispatcher.messages[0]["text"]


@pytest.mark.usefixtures("knowledge_base")
async def test_a_question_inside_a_situation_is_answered_not_just_noted(dispatcher, domain) -> None:
    text = "we're a team of 40 on Northwind, what does the Business plan cost per year?"
    tracker = make_tracker(
        text, "state_situation", slots={"team_size": "40", "current_tool": "Northwind"}
    )

    events = await ActionNoteSituation().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["text"].startswith("Noted: a team of 40, using Northwind today.")
    assert "$28,800 a year" in message["text"]
    assert message["custom"]["sources"]
    assert "What would you like to know?" not in message["text"]
    # The question is answered and recorded as asked, never as the buyer's situation.
    assert slot_events(events)["situation"] == "we're a team of 40 on Northwind"


async def test_a_request_for_a_person_inside_a_situation_is_honoured(dispatcher, domain) -> None:
    text = "could someone from sales call me about a 45-seat deal"
    events = await ActionNoteSituation().run(
        dispatcher, make_tracker(text, "state_situation"), domain
    )
    slots = slot_events(events)
    assert slots["handoff_needed"] is True
    assert slots["handoff_trigger"] == "asked_for_person"


@pytest.mark.usefixtures("knowledge_base")
async def test_worry_is_named_and_answered_from_the_content(dispatcher, domain) -> None:
    text = "switching sounds painful"
    tracker = make_tracker(
        text,
        "express_doubt",
        entities=[{"entity": "worry", "value": "switching_risk"}],
    )

    events = await ActionAddressWorry().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["text"].startswith("That's a fair worry: the risk of switching.")
    assert message["custom"]["sources"][0]["path"] == "switching-migration.md"
    assert FORM_OFFER_TEXT in message["text"]  # first doubt: offer to work through it
    slots = slot_events(events)
    assert slots["worry_type"] == "switching_risk"
    assert slots["main_worry"] == text
    assert slots["sources_shown"][0]["path"] == "switching-migration.md"
    assert (slots["offer"], slots["offers_made"]) == ("form", ["form"])


@pytest.mark.usefixtures("knowledge_base")
async def test_repeated_doubt_offers_a_person_and_never_repeats_itself(dispatcher, domain) -> None:
    first = make_tracker(
        "switching sounds painful",
        "express_doubt",
        entities=[{"entity": "worry", "value": "switching_risk"}],
    )
    events = await ActionAddressWorry().run(dispatcher, first, domain)
    second = make_tracker(
        "still not convinced, switching is risky",
        "express_doubt",
        slots=slot_events(events),
    )

    events = await ActionAddressWorry().run(dispatcher, second, domain)

    earlier, later = dispatcher.messages
    assert later["text"] != earlier["text"]
    assert PERSON_OFFER_TEXT in later["text"] and FORM_OFFER_TEXT not in later["text"]
    assert [b["payload"] for b in later["buttons"]] == ["/ask_for_human", "/deny"]
    assert slot_events(events)["offer"] == "person"


@pytest.mark.usefixtures("knowledge_base")
async def test_doubt_that_names_no_worry_keeps_the_one_given_and_offers_a_person(
    dispatcher, domain
) -> None:
    first = make_tracker(
        "switching sounds painful",
        "express_doubt",
        entities=[{"entity": "worry", "value": "switching_risk"}],
    )
    events = await ActionAddressWorry().run(dispatcher, first, domain)
    before = [*events, {"event": "user", "text": "idk, still on the fence"}]
    again = make_tracker(
        "idk, still on the fence", "express_doubt", slots=slot_events(events), events=before
    )

    events = await ActionAddressWorry().run(dispatcher, again, domain)

    later = dispatcher.messages[-1]
    assert ASK_WORRY_TEXT not in later["text"] and "the risk of switching" in later["text"]
    assert PERSON_OFFER_TEXT in later["text"] and not later.get("json_message")
    assert slot_events(events)["offer"] == "person"


@pytest.mark.usefixtures("knowledge_base")
async def test_a_worry_picked_from_the_buttons_is_answered_not_called_still_weighing(
    dispatcher, domain
) -> None:
    """Rasa fills the worry slot from the button's entity before the action runs."""
    history = [
        {"event": "slot", "name": "offers_made", "value": ["worry", "form"]},
        {"event": "user", "text": '/express_doubt{"worry": "cost"}'},
        {"event": "slot", "name": "worry_type", "value": "cost"},
    ]
    tracker = make_tracker(
        '/express_doubt{"worry": "cost"}',
        "express_doubt",
        entities=[{"entity": "worry", "value": "cost"}],
        slots={"worry_type": "cost", "offers_made": ["worry", "form"]},
        events=history,
    )

    await ActionAddressWorry().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["text"].startswith("That's a fair worry: cost.")


async def test_plain_doubt_asks_what_worries_them_once(dispatcher, domain) -> None:
    events = await ActionAddressWorry().run(
        dispatcher, make_tracker("I'm not sure", "express_doubt"), domain
    )
    [message] = dispatcher.messages
    assert message["text"].startswith(ASK_WORRY_TEXT)
    payloads = [b["payload"] for b in message["buttons"]]
    assert '/express_doubt{"worry": "cost"}' in payloads and "/affirm" in payloads
    assert slot_events(events)["offers_made"] == ["worry", "form"]
    assert slot_events(events)["offer"] == "form"


async def test_a_doubt_put_as_a_question_the_pages_answer_gets_the_answer(
    knowledge_base, dispatcher, domain
) -> None:
    text = "honestly not sure yet... what happens if we go over our monthly events?"

    events = await ActionAddressWorry().run(dispatcher, make_tracker(text, "express_doubt"), domain)

    [message] = dispatcher.messages
    assert not message["text"].startswith(ASK_WORRY_TEXT)
    assert "we do not stop ingesting data" in message["text"]
    assert message["custom"]["sources"][0]["path"] == "pricing.md"
    assert slot_events(events)["questions_asked"] == [text]


def form_tracker(text: str, intent: str, slot: str, value: str):
    from rasa_sdk.events import SlotSet

    return make_tracker(
        text,
        intent,
        slots={"requested_slot": slot, slot: value},
        events=[{"event": "user", "text": text}, SlotSet(slot, value)],
        active_loop="decision_form",
    )


async def test_form_skip_fills_the_slot_as_skipped(dispatcher, domain) -> None:
    tracker = form_tracker("skip", "skip", "situation", "skip")
    events = await ValidateDecisionForm().run(dispatcher, tracker, domain)
    assert slot_events(events)["situation"] == "skipped"


async def test_form_keeps_a_real_answer_trimmed(dispatcher, domain) -> None:
    answer = "  price   and setup time " + "x" * 400
    tracker = form_tracker(answer, "state_criteria", "criteria", answer)
    events = await ValidateDecisionForm().run(dispatcher, tracker, domain)
    criteria = slot_events(events)["criteria"]
    assert criteria.startswith("price and setup time")
    assert len(criteria) == 300


async def test_form_worry_answer_sets_the_worry_type(dispatcher, domain) -> None:
    tracker = form_tracker(
        "my boss won't sign off", "express_doubt", "main_worry", "my boss won't sign off"
    )
    events = await ValidateDecisionForm().run(dispatcher, tracker, domain)
    slots = slot_events(events)
    assert slots["main_worry"] == "my boss won't sign off"
    assert slots["worry_type"] == "buy_in"


async def test_form_questions_offer_skip_and_stop(dispatcher, domain) -> None:
    from actions.form_questions import AskCriteria, AskMainWorry, AskSituation

    tracker = make_tracker("yes", "affirm", slots={"team_size": "40"}, active_loop="decision_form")
    for action in (AskSituation(), AskCriteria(), AskMainWorry()):
        assert await action.run(dispatcher, tracker, domain) == []
    situation, criteria, worry = dispatcher.messages
    assert situation["text"] == "First, your situation. I have: team of 40. Anything to add?"
    assert "two or three things that matter most" in criteria["text"]
    assert worry["text"].startswith("And what worries you most")
    assert [b["payload"] for b in worry["buttons"]] == ["/skip", "/deny"]


async def test_budget_missed_by_the_tagger_still_counts(dispatcher, domain) -> None:
    text = "we're a team of 60 on Northwind, budget around 150k a year"
    tracker = make_tracker(text, "state_situation", slots={"current_tool": "Northwind"})

    events = await ActionNoteSituation().run(dispatcher, tracker, domain)

    slots = slot_events(events)
    assert (slots["budget"], slots["deal_size"]) == ("150k", 150_000)
    assert slots["handoff_trigger"] == "deal_size"
    assert "a budget of 150k" in dispatcher.messages[0]["text"]
