"""Small talk that is not: a second message we cannot place offers a person."""

import pytest

from actions.knowledge import site_names
from actions.small_talk import ActionSmallTalk
from tests.actions.conftest import make_tracker, slot_events

pytestmark = pytest.mark.usefixtures("knowledge_base")


@pytest.mark.parametrize("intent", ["deny", "chitchat"])
async def test_a_second_message_we_cannot_place_offers_a_person(dispatcher, domain, intent) -> None:
    asked = site_names().rephrase_request()
    tracker = make_tracker(
        "ugh no. the THING. you know",
        intent,
        slots={"low_confidence_streak": 1.0},
        events=[{"event": "bot", "text": asked}],
    )

    events = await ActionSmallTalk().run(dispatcher, tracker, domain)

    assert slot_events(events) == {"low_confidence_streak": 2.0, "handoff_needed": False}
    [message] = dispatcher.messages
    assert "bring in a person" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/ask_for_human", "/deny"]


async def test_a_plain_no_to_something_else_is_small_talk(dispatcher, domain) -> None:
    tracker = make_tracker("no", "deny", events=[{"event": "bot", "text": "Anything else?"}])

    await ActionSmallTalk().run(dispatcher, tracker, domain)

    assert "bring in a person" not in (dispatcher.messages[0].get("text") or "")
