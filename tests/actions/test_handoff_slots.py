"""The one place the handoff slots are written, and the actions that use it."""

from actions import answer, situation
from actions.handoff_slots import (
    deal_size_events,
    handoff_cause,
    handoff_done,
    handoff_events,
    no_handoff_due,
)
from bot.dialogue.handoff_rules import Trigger
from tests.actions.conftest import slot_events


def test_actions_use_the_shared_helpers() -> None:
    assert answer.handoff_events is handoff_events  # actions.fallback imports it from there
    assert situation.deal_size_events is deal_size_events


def test_a_miss_streak_quotes_the_last_message() -> None:
    slots = slot_events(handoff_events(Trigger.REPEATED_MISUNDERSTANDING, "do you do SCIM?"))
    assert slots == {
        "handoff_needed": True,
        "handoff_trigger": "repeated_misunderstanding",
        "handoff_reason": "The assistant could not answer twice in a row: "
        'last message "do you do SCIM?"',
    }


def test_deal_size_above_and_below_the_threshold() -> None:
    large = slot_events(deal_size_events("$250,000"))
    assert large["deal_size"] == 250000
    assert large["handoff_needed"] is True and large["handoff_trigger"] == "deal_size"
    assert "above" in large["handoff_reason"]
    assert slot_events(deal_size_events("$5,000")) == {"deal_size": 5000, "handoff_needed": False}
    assert slot_events(deal_size_events(None)) == {"handoff_needed": False}


def test_cause_done_and_not_due() -> None:
    assert slot_events(handoff_cause(Trigger.CONTRACT_TERMS, "net 60")) == {
        "handoff_trigger": "contract_terms",
        "handoff_reason": "net 60",
    }
    assert slot_events(no_handoff_due()) == {"handoff_needed": False}
    assert slot_events(handoff_done()) == {"handoff_needed": False, "low_confidence_streak": 0.0}
