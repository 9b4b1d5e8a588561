"""High stakes bring in a person from whichever action NLU picked, with the pages' words first
when they speak to the message; strong words in a plain question do not."""

import pytest

from actions.answer import ActionAnswer
from actions.fallback import ActionFallback
from actions.handoff import ActionTriggerHandoff
from actions.handoff_slots import stakes_handoff
from actions.situation import ActionNoteSituation
from actions.worry import ActionAddressWorry
from tests.actions.conftest import make_tracker, slot_events

pytestmark = pytest.mark.usefixtures("knowledge_base")

ULTIMATUM = "unless the Business plan includes unlimited seats for us we're not moving forward"


@pytest.mark.parametrize(
    ("action", "intent", "trigger"),
    [
        (ActionNoteSituation, "state_situation", "high_stakes"),
        (ActionFallback, "nlu_fallback", "high_stakes"),
        (ActionAnswer, "ask_pricing", "high_stakes"),
        (ActionTriggerHandoff, "ask_contract_change", "contract_terms"),
    ],
)
async def test_an_ultimatum_goes_to_a_person_whichever_action_nlu_chose(
    dispatcher, domain, action, intent, trigger
) -> None:
    events = await action().run(dispatcher, make_tracker(ULTIMATUM, intent), domain)

    slots = slot_events(events)
    assert (slots["handoff_needed"], slots["handoff_trigger"]) == (True, trigger)
    assert ULTIMATUM in slots["handoff_reason"]


async def test_an_ultimatum_that_asks_gets_the_pages_answer_before_the_person(
    dispatcher, domain
) -> None:
    events = await ActionAnswer().run(dispatcher, make_tracker(ULTIMATUM, "ask_pricing"), domain)

    assert slot_events(events)["handoff_trigger"] == "high_stakes"
    [message] = dispatcher.messages
    assert "unlimited seats" in message["text"]  # quoted from the pricing page
    assert message["custom"]["sources"][0]["path"] == "pricing.md"


async def test_an_ultimatum_while_a_rep_is_on_the_way_raises_no_second_handoff() -> None:
    assert stakes_handoff(ULTIMATUM, rep_on_the_way=True) is None
    assert slot_events(stakes_handoff(ULTIMATUM, rep_on_the_way=False))["handoff_needed"]


async def test_a_career_at_stake_in_a_doubt_goes_to_a_person(dispatcher, domain) -> None:
    text = "honestly if this goes sideways it's my head on the block"

    events = await ActionAddressWorry().run(dispatcher, make_tracker(text, "express_doubt"), domain)

    slots = slot_events(events)
    assert (slots["offer"], slots["handoff_needed"]) == ("none", True)
    assert slots["handoff_trigger"] == "high_stakes"


async def test_a_dealbreaker_in_a_question_is_answered_without_a_handoff(
    dispatcher, domain
) -> None:
    tracker = make_tracker("unlimited seats is a dealbreaker for us. which plan has it?")

    events = await ActionAnswer().run(dispatcher, tracker, domain)

    assert slot_events(events)["handoff_needed"] is False
    assert "Business" in dispatcher.messages[0]["text"]
