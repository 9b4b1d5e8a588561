import pytest

from actions.answer import ActionAnswer
from actions.answering import searched_texts
from bot.dialogue.answer import DONT_KNOW_AGAIN
from tests.actions.conftest import make_tracker, slot_events

pytestmark = pytest.mark.usefixtures("knowledge_base")

PRICING_SOURCE = {
    "title": "Pricing and plans",
    "url": "https://tessellate.example/pricing",
    "path": "pricing.md",
    "heading": "The four plans",
}


async def test_answers_with_the_page_cited_in_text_and_sources(dispatcher, domain) -> None:
    tracker = make_tracker("How much does the Business plan cost?", "ask_pricing")

    events = await ActionAnswer().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert "$2,400 a month" in message["text"]
    assert "Source: Pricing and plans (https://tessellate.example/pricing)" in message["text"]
    assert message["custom"]["sources"][0] == PRICING_SOURCE
    slots = slot_events(events)
    assert slots["questions_asked"] == ["How much does the Business plan cost?"]
    assert slots["sources_shown"][0] == PRICING_SOURCE
    assert slots["low_confidence_streak"] == 0


async def test_comparison_includes_the_honest_caveat(dispatcher, domain) -> None:
    tracker = make_tracker(
        "why would we pick you over them?",
        "ask_comparison",
        entities=[{"entity": "competitor", "value": "Northwind"}],
    )

    await ActionAnswer().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert (
        "Tessellate vs Northwind Insights (https://tessellate.example/compare/northwind)"
        in (message["text"])
    )
    assert "self-hosted" in message["text"] or "on-premises" in message["text"]


async def test_uses_the_buyers_criteria_to_phrase_the_answer(dispatcher, domain) -> None:
    tracker = make_tracker(
        "How much does the Business plan cost?",
        "ask_pricing",
        slots={"criteria": "unlimited seats"},
    )

    await ActionAnswer().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["text"].startswith("You said unlimited seats matters most, so:")


async def test_low_confidence_says_i_dont_know_and_offers_a_person(dispatcher, domain) -> None:
    question = "Do you integrate with my coffee machine firmware?"
    tracker = make_tracker(question)

    events = await ActionAnswer().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["text"].startswith("I don't know.")
    assert [b["payload"] for b in message["buttons"]] == ["/ask_for_human", "/deny"]
    custom = message.get("custom") or {}
    assert not custom.get("sources")  # nothing cited: only the record that it was declined
    assert custom["answer_record"]["status"] == "declined"
    slots = slot_events(events)
    assert slots["low_confidence_streak"] == 1
    assert slots["open_questions"] == [question]
    assert slots["handoff_needed"] is False


async def test_second_low_confidence_answer_in_a_row_sets_up_the_handoff(
    dispatcher, domain
) -> None:
    tracker = make_tracker("what's the capital of france", slots={"low_confidence_streak": 1.0})

    events = await ActionAnswer().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["text"] == DONT_KNOW_AGAIN
    slots = slot_events(events)
    assert slots["handoff_needed"] is True
    assert slots["handoff_trigger"] == "repeated_misunderstanding"
    assert "capital of france" in slots["handoff_reason"]


async def test_a_good_answer_resets_the_streak(dispatcher, domain) -> None:
    tracker = make_tracker(
        "How much does the Team plan cost?", slots={"low_confidence_streak": 1.0}
    )
    events = await ActionAnswer().run(dispatcher, tracker, domain)
    assert slot_events(events)["low_confidence_streak"] == 0


async def test_an_earlier_competitor_does_not_steer_a_pricing_question(dispatcher, domain) -> None:
    tracker = make_tracker(
        "How much does the Business plan cost?", "ask_pricing", slots={"competitor": "Northwind"}
    )

    await ActionAnswer().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["custom"]["sources"][0]["path"] == "pricing.md"


@pytest.mark.parametrize(
    "text",
    [
        "Do you have an SLA for support?",
        "whats the price of the Business plan",  # chat shorthand, written out
        "How much is Business, and can we pay by invoice?",  # two questions, two searches
    ],
)
async def test_the_prefetch_hint_embeds_what_the_answer_searches(
    text, dispatcher, domain, knowledge_base, monkeypatch
) -> None:
    searched: list[str] = []
    encode = knowledge_base.embedder.encode_query
    monkeypatch.setattr(
        knowledge_base.embedder, "encode_query", lambda t: searched.append(t) or encode(t)
    )
    prefetched: list[str] = []
    monkeypatch.setattr(knowledge_base.embedder, "prefetch_query", prefetched.append)
    for query in searched_texts(text):
        knowledge_base.prefetch_query(query)

    await ActionAnswer().run(dispatcher, make_tracker(text, "ask_pricing"), domain)

    assert prefetched and set(prefetched) <= set(searched)
