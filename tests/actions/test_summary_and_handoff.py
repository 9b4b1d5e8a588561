"""Decision summary, form recap, handoff triggers and the handoff itself (fallback path)."""

import sys
import types

import pytest

from actions.handoff import FALLBACK_TEXT, ActionHandoff, ActionTriggerHandoff
from actions.summary import ActionDecisionRecap, ActionDecisionSummary
from tests.actions.conftest import make_tracker, slot_events

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
    assert message["custom"]["summary"]["criteria"] == "plan cost"
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


@pytest.fixture
def no_handoff_module(monkeypatch):
    """Issue 5's ``bot.handoff`` may exist by now; these tests cover the path without it."""
    monkeypatch.setitem(sys.modules, "bot.handoff", None)


@pytest.mark.usefixtures("no_handoff_module")
async def test_handoff_without_the_rep_module_is_still_honest(dispatcher, domain) -> None:
    tracker = make_tracker(
        "talk to sales",
        "ask_for_human",
        slots={
            **BUYER,
            "handoff_trigger": "asked_for_person",
            "handoff_reason": "The buyer asked to talk to a person",
            "handoff_needed": True,
            "low_confidence_streak": 1.0,
        },
    )

    events = await ActionHandoff().run(dispatcher, tracker, domain)

    assert [m["text"] for m in dispatcher.messages] == [FALLBACK_TEXT]
    assert slot_events(events) == {"handoff_needed": False, "low_confidence_streak": 0.0}


async def test_handoff_passes_trigger_reason_and_summary(dispatcher, domain, monkeypatch) -> None:
    calls = []

    def request_handoff(**kwargs):
        calls.append(kwargs)
        return {"text": "Maria (Account Executive) is joining.", "json_message": {"rep": "Maria"}}

    monkeypatch.setitem(
        sys.modules, "bot.handoff", types.SimpleNamespace(request_handoff=request_handoff)
    )
    tracker = make_tracker(
        "can you do 20% off?",
        "ask_discount",
        slots={**BUYER, "handoff_trigger": "pricing_negotiation", "handoff_reason": "discount"},
    )

    await ActionHandoff().run(dispatcher, tracker, domain)

    [call] = calls
    assert call["conversation_id"] == "conversation-42"
    assert (call["trigger"], call["reason"]) == ("pricing_negotiation", "discount")
    summary = call["summary"]
    assert summary["criteria"] == "plan cost"
    assert summary["worry"] == "migrating our historical data"
    assert summary["questions_asked"] == BUYER["questions_asked"]
    assert summary["sources_shown"] == BUYER["sources_shown"]
    assert dispatcher.messages[0]["text"] == "Maria (Account Executive) is joining."
    assert dispatcher.messages[0]["custom"] == {"rep": "Maria"}


async def test_handoff_falls_back_when_the_rep_module_fails(
    dispatcher, domain, monkeypatch
) -> None:
    def broken(**kwargs):
        raise RuntimeError("database down")

    monkeypatch.setitem(sys.modules, "bot.handoff", types.SimpleNamespace(request_handoff=broken))
    await ActionHandoff().run(dispatcher, make_tracker("human please", "ask_for_human"), domain)
    assert dispatcher.messages[0]["text"] == FALLBACK_TEXT


def test_action_server_registers_every_domain_action(domain) -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(domain["actions"]) <= set(executor.actions)
