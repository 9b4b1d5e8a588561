"""Decision summary, form recap, handoff triggers and the handoff itself."""

from functools import partial

import pytest

from actions import handoff as handoff_action
from actions.handoff import NOT_PASSED_ON_TEXT, ActionHandoff, ActionTriggerHandoff
from actions.situation import ActionNoteSituation
from actions.summary import ActionDecisionRecap, ActionDecisionSummary
from bot.config import Settings
from bot.db import session_scope
from bot.dialogue.summary import DecisionSummary
from bot.handoff import request_handoff
from bot.store import handoffs as handoff_store
from tests.actions.conftest import make_tracker, slot_events
from tests.handoff.factories import add_rep
from tests.support.databases import sqlite_database

pytestmark = pytest.mark.usefixtures("knowledge_base")

BUYER = {
    "situation": "B2B SaaS, product team",
    "team_size": "40",
    "current_tool": "Northwind",
    "criteria": "plan cost",
    "main_worry": "migrating our historical data",
    "worry_type": "switching_risk",
    "questions_asked": ["How much is Business?", "Do you do SCIM on Team?"],
    "open_questions": ["Do you do SCIM on Team?"],
    "sources_shown": [
        {
            "title": "Pricing and plans",
            "url": "https://tessellate.example/pricing",
            "path": "pricing.md",
            "heading": "The four plans",
        }
    ],
}


async def test_summary_is_forwardable_text_with_sources(dispatcher, domain) -> None:
    tracker = make_tracker("summary please", "ask_summary", slots=BUYER)

    events = await ActionDecisionSummary().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    text = message["text"]
    assert text.startswith("Decision summary: Tessellate")
    assert "Situation: B2B SaaS, product team; team of 40, using Northwind today" in text
    assert "What matters most: plan cost" in text
    assert "Main worry: migrating our historical data" in text
    assert "- On the risk of switching:" in text
    assert "Open questions:\n- Do you do SCIM on Team?" in text
    assert "- Pricing and plans: https://tessellate.example/pricing" in text
    assert "say so and I'll bring in a person" in text
    paths = {s["path"] for s in message["custom"]["sources"]}
    assert {"pricing.md", "switching-migration.md"} <= paths
    summary = message["custom"]["summary"]
    assert summary == DecisionSummary.model_validate(summary).to_json()  # the model's JSON
    assert summary["criteria"] == "plan cost"
    assert summary["competitors"] == ["Northwind"]  # their current tool is a known competitor
    assert slot_events(events)["summary_given"] is True


async def test_recap_after_the_form_answers_the_worry(dispatcher, domain) -> None:
    tracker = make_tracker("migrating our historical data", "express_doubt", slots=BUYER)

    events = await ActionDecisionRecap().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["text"].startswith("Thanks. Here's what I have: situation:")
    assert "On the risk of switching, our content says:" in message["text"]
    assert message["custom"]["sources"][0]["path"] == "switching-migration.md"
    assert slot_events(events)["handoff_needed"] is False


async def test_recap_with_everything_skipped_and_a_large_budget(dispatcher, domain) -> None:
    tracker = make_tracker(
        "skip",
        "skip",
        slots={
            "situation": "skipped",
            "criteria": "skipped",
            "main_worry": "skipped",
            "budget": "$250,000",
        },
    )

    events = await ActionDecisionRecap().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["text"].startswith(
        "Thanks. Here's what I have: situation: budget $250,000."
    )
    slots = slot_events(events)
    assert slots["handoff_needed"] is True
    assert slots["handoff_trigger"] == "deal_size"


@pytest.mark.parametrize(
    ("intent", "summary_given", "trigger"),
    [
        ("ask_for_human", None, "asked_for_person"),
        ("ask_discount", None, "pricing_negotiation"),
        ("ask_contract_change", None, "contract_terms"),
        ("express_doubt", True, "unsure_after_summary"),
    ],
)
async def test_trigger_records_why(dispatcher, domain, intent, summary_given, trigger) -> None:
    tracker = make_tracker("can we get net 60?", intent, slots={"summary_given": summary_given})

    events = await ActionTriggerHandoff().run(dispatcher, tracker, domain)

    slots = slot_events(events)
    assert slots["handoff_trigger"] == trigger
    assert slots["handoff_reason"].endswith(': "can we get net 60?"')
    assert dispatcher.messages == []


HANDOFF_SLOTS = {
    **BUYER,
    "competitor": "Pipit",
    "handoff_trigger": "pricing_negotiation",
    "handoff_reason": "discount",
    "handoff_needed": True,
    "low_confidence_streak": 1.0,
}


async def test_handoff_passes_trigger_reason_and_summary(dispatcher, domain, monkeypatch) -> None:
    calls = []

    def fake_request_handoff(**kwargs):
        calls.append(kwargs)
        return {"text": "Maria (Account Executive) is joining.", "json_message": {"rep": "Maria"}}

    monkeypatch.setattr(handoff_action, "request_handoff", fake_request_handoff)
    tracker = make_tracker("can you do 20% off?", "ask_discount", slots=HANDOFF_SLOTS)

    events = await ActionHandoff().run(dispatcher, tracker, domain)

    [call] = calls
    assert call["conversation_id"] == "conversation-42"
    assert (call["trigger"], call["reason"]) == ("pricing_negotiation", "discount")
    summary = call["summary"]
    assert summary == DecisionSummary.model_validate(summary).to_json()  # the model's JSON
    assert summary["criteria"] == "plan cost"
    assert summary["worry"] == "migrating our historical data"
    assert summary["competitors"] == ["Pipit", "Northwind"]  # named, and their current tool
    assert summary["questions_asked"] == BUYER["questions_asked"]
    assert summary["sources_shown"] == BUYER["sources_shown"]
    assert dispatcher.messages[0]["text"] == "Maria (Account Executive) is joining."
    assert dispatcher.messages[0]["custom"] == {"rep": "Maria"}
    assert slot_events(events) == {"handoff_needed": False, "low_confidence_streak": 0.0}


async def test_handoff_stores_the_summary_and_routes_on_the_competitor(
    dispatcher, domain, monkeypatch, tmp_path
) -> None:
    """The real request_handoff: the row holds the model's JSON; the Pipit expert gets it."""
    url = sqlite_database(str(tmp_path / "candor.db"))
    settings = Settings(database_url=url, smtp_host="", webhook_url="")
    add_rep(url, "gene@example.com", name="Gene Ralist", expertise=["ordinal"])
    add_rep(url, "pia@example.com", name="Pia Pipit", expertise=["pipit"])
    monkeypatch.setattr(
        handoff_action,
        "request_handoff",
        partial(request_handoff, settings=settings, background=False),
    )
    tracker = make_tracker(
        "talk to sales", "ask_for_human", slots={**HANDOFF_SLOTS, "current_tool": "spreadsheets"}
    )

    await ActionHandoff().run(dispatcher, tracker, domain)

    handoff = dispatcher.messages[0]["custom"]["handoff"]
    assert handoff["rep"]["name"] == "Pia Pipit"
    with session_scope(url) as session:
        stored = handoff_store.get_handoff(session, handoff_id=handoff["id"])
        assert stored.summary == DecisionSummary.model_validate(stored.summary).to_json()
        assert stored.summary["competitors"] == ["Pipit"]  # spreadsheets is no competitor
        assert stored.summary["worry"] == "migrating our historical data"
        assert "expertise: pipit" in stored.routing["reasons"]


async def test_a_failed_handoff_is_not_announced_as_a_person_coming(
    dispatcher, domain, monkeypatch
) -> None:
    def broken(**kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(handoff_action, "request_handoff", broken)
    tracker = make_tracker("human please", "ask_for_human", slots=HANDOFF_SLOTS)

    events = await ActionHandoff().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["text"] == NOT_PASSED_ON_TEXT
    assert "couldn't pass your request on" in message["text"]
    assert "nobody has been told yet" in message["text"]
    assert "try again" in message["text"] and "email address" in message["text"]
    assert "bringing in" not in message["text"]
    assert "will see this conversation" not in message["text"]
    assert not message.get("custom")  # no handoff card: there is no handoff
    assert slot_events(events) == {"handoff_needed": False, "low_confidence_streak": 0.0}


def test_action_server_registers_every_domain_action(domain) -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(domain["actions"]) <= set(executor.actions)


@pytest.mark.usefixtures("knowledge_base")
async def test_a_negotiation_the_pages_speak_to_gets_their_words_and_a_person(
    dispatcher, domain
) -> None:
    tracker = make_tracker(
        "we'd want a discount on the Business plan, say 20% off the annual price", "ask_discount"
    )

    events = await ActionTriggerHandoff().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["text"].startswith("A person from our team decides that.")
    assert "Business: $2,400 a month" in message["text"]
    assert slot_events(events)["handoff_trigger"] == "pricing_negotiation"


async def test_a_question_with_a_statement_gives_a_clean_situation_and_question(
    dispatcher, domain
) -> None:
    # The tuning conversation's message: the note records the statement only; the unanswered
    # part (as answering recorded it, statement glued on) is listed as a question.
    text = "Do you use TLS 1.2, and what happens in a severity 1 incident? We're 150 staff."
    noted = await ActionNoteSituation().run(
        dispatcher, make_tracker(text, "state_situation", slots={"team_size": "150"}), domain
    )
    slots = {
        **slot_events(noted),
        "team_size": "150",
        "open_questions": ["what happens in a severity 1 incident? We're 150 staff."],
    }
    dispatcher.messages.clear()

    await ActionDecisionSummary().run(
        dispatcher, make_tracker("summary", "ask_summary", slots=slots), domain
    )

    [message] = dispatcher.messages
    assert "Situation: We're 150 staff\n" in message["text"]
    assert "Open questions:\n- What happens in a severity 1 incident?\n" in message["text"]
    assert message["custom"]["summary"]["situation"] == "We're 150 staff"
