"""Doubt, from whichever action NLU chose: the worry told after a doubt reply, "still not
sure" read as a yes, a doubt put as a question the pages answer."""

import pytest

from actions.situation import ActionNoteSituation
from actions.small_talk import ActionSmallTalk
from actions.worry import ActionAddressWorry
from bot.dialogue.doubt import ASK_WORRY_TEXT
from tests.actions.conftest import make_tracker, slot_events

pytestmark = pytest.mark.usefixtures("knowledge_base")


@pytest.mark.parametrize(
    ("before", "said"),
    [
        (ASK_WORRY_TEXT, "switching would lose our historical data"),
        ("That's a fair worry: cost. Here's what our pages say.", "mostly that we lose our data"),
    ],
)
async def test_a_worry_told_after_a_doubt_reply_is_met_as_a_worry(
    dispatcher, domain, before, said
) -> None:
    # NLU reads the reply to "what worries you most?" as criteria; it is the worry.
    tracker = make_tracker(
        said,
        "state_criteria",
        slots={"offers_made": ["worry", "form"]},
        events=[{"event": "bot", "text": before}],
    )

    events = await ActionNoteSituation().run(dispatcher, tracker, domain)

    slots = slot_events(events)
    assert slots["main_worry"] == said
    assert "criteria" not in slots
    assert dispatcher.messages[0]["text"].startswith("That's a fair worry")


async def test_still_not_sure_read_as_a_yes_is_met_as_doubt(dispatcher, domain) -> None:
    tracker = make_tracker(
        "yeah. still dont know",
        "affirm",
        slots={"offers_made": ["worry", "form"], "worry_type": "cost"},
    )

    events = await ActionSmallTalk().run(dispatcher, tracker, domain)

    assert slot_events(events)["offer"] == "person"
    assert "bring in a person" in dispatcher.messages[0]["text"]


async def test_a_doubt_put_as_a_question_the_pages_answer_gets_the_answer(
    dispatcher, domain
) -> None:
    # The same worry again would get "still weighing on you"; a question gets its answer.
    tracker = make_tracker(
        "still worried. which historical events can be migrated from Northwind?",
        "express_doubt",
        slots={"offers_made": ["form"], "worry_type": "switching_risk"},
        events=[{"event": "slot", "name": "worry_type", "value": "switching_risk"}],
    )

    events = await ActionAddressWorry().run(dispatcher, tracker, domain)

    slots = slot_events(events)
    assert (slots["offer"], slots["handoff_needed"]) == ("none", False)
    [message] = dispatcher.messages
    assert "two years of history" in message["text"]
    assert "still weighing" not in message["text"]
