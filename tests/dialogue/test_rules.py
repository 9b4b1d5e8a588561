import pytest

from bot.dialogue.handoff_rules import (
    Trigger,
    deal_needs_person,
    deal_reason,
    misses_need_person,
    next_streak,
    reason_for,
    trigger_for_intent,
)
from bot.dialogue.money import parse_amount
from bot.dialogue.worries import classify_worry, worry_query


@pytest.mark.parametrize(
    ("intent", "summary_given", "expected"),
    [
        ("ask_for_human", False, Trigger.ASKED_FOR_PERSON),
        ("ask_discount", False, Trigger.PRICING_NEGOTIATION),
        ("ask_contract_change", True, Trigger.CONTRACT_TERMS),
        ("express_doubt", True, Trigger.UNSURE_AFTER_SUMMARY),
        ("express_doubt", False, Trigger.ASKED_FOR_PERSON),
        (None, False, Trigger.ASKED_FOR_PERSON),
    ],
)
def test_trigger_for_intent(intent, summary_given, expected) -> None:
    assert trigger_for_intent(intent, summary_given) is expected


def test_two_misses_in_a_row_need_a_person_and_a_success_resets() -> None:
    streak = next_streak(None, understood=False)
    assert (streak, misses_need_person(streak)) == (1, False)
    streak = next_streak(streak, understood=False)
    assert misses_need_person(streak)
    assert next_streak(streak, understood=True) == 0


def test_deal_size_threshold_is_strict_and_needs_a_figure() -> None:
    assert deal_needs_person(150_000, 100_000)
    assert not deal_needs_person(100_000, 100_000)
    assert not deal_needs_person(None, 100_000)
    assert "150,000 is above 100,000" in deal_reason(150_000, 100_000)


def test_reason_quotes_the_detail() -> None:
    assert reason_for("contract_terms", '"net 60"') == (
        'The buyer asked for custom contract terms: "net 60"'
    )
    assert reason_for(Trigger.ASKED_FOR_PERSON).endswith(".")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("$150k", 150_000),
        ("150K a year", 150_000),
        ("$250,000", 250_000),
        ("1.5m", 1_500_000),
        ("80 thousand", 80_000),
        ("about 30000 dollars", 30_000),
        ("no idea", None),
        (None, None),
    ],
)
def test_parse_amount(text, amount) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "entity", "worry"),
    [
        ("it's too pricey", None, "cost"),
        ("the migration scares me", None, "switching_risk"),
        ("my boss will never sign off", None, "buy_in"),
        ("might be overkill for us", None, "fit"),
        ("what if you get acquired", None, "vendor_trust"),
        ("What worries me is getting locked in with you.", None, "vendor_trust"),
        ("hmm", "fit", "fit"),
        ("I'm not sure", None, None),
        ("not convinced yet", None, None),
        ("I can't convince my team", None, "buy_in"),
    ],
)
def test_classify_worry(text, entity, worry) -> None:
    assert classify_worry(text, entity) == worry


def test_worry_query_asks_the_worry_as_a_buyer_would() -> None:
    assert (
        worry_query("cost", None)
        == "What will it really cost us over three years, beyond the licence?"
    )
    assert worry_query("cost", "too pricey").endswith("too pricey")
    assert worry_query(None, "too pricey") == "too pricey"


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("team of 60 on Northwind, budget around 150k a year", "150k"),
        ("we spend $200,000 a year on Northwind", "$200,000"),
        ("we're doing 10m ARR with 60 people", None),
        ("budget is tight", None),
        ("team of 60, budget 80 thousand", "80 thousand"),
    ],
)
def test_budget_in_text(text, budget) -> None:
    from bot.dialogue.money import budget_in

    assert budget_in(text) == budget
