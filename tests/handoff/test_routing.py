"""Routing over a roster: expertise first, then presence and hours, then load, then fairness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.dialogue.handoff_rules import Trigger
from bot.handoff.routing import (
    TRIGGER_TOPICS,
    Candidate,
    next_available,
    route,
    trigger_topics,
    wanted_expertise,
    within_hours,
)
from tests.handoff.factories import make_summary

# Wednesday 2026-11-25 12:00 UTC
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WEEKDAYS = {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:00"}


def rep(rep_id: int, *tags: str, **overrides) -> Candidate:
    values = {
        "id": rep_id,
        "name": f"Rep {rep_id}",
        "expertise": frozenset(tags),
        "timezone": "UTC",
        "working_hours": WEEKDAYS,
        "online": True,
        "open_handoffs": 0,
        "last_assigned_at": None,
    }
    values.update(overrides)
    return Candidate(**values)


def test_expertise_beats_availability_and_load() -> None:
    roster = [rep(1, "pipit", online=True), rep(2, "northwind", online=False, open_handoffs=3)]
    decision = route(roster, ["northwind"], NOW)
    assert decision.rep_id == 2
    assert "expertise: northwind" in decision.reasons
    assert "not online in the console" in decision.reasons


def test_more_matching_tags_win() -> None:
    roster = [rep(1, "pricing"), rep(2, "pricing", "northwind")]
    assert route(roster, ["pricing", "northwind"], NOW).rep_id == 2


def test_online_rep_preferred_among_equal_experts() -> None:
    roster = [rep(1, "security", online=False), rep(2, "security", online=True)]
    decision = route(roster, ["security"], NOW)
    assert decision.rep_id == 2
    assert "online in the console" in decision.reasons


def test_working_hours_break_ties_between_offline_reps() -> None:
    tokyo_evening = {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:00"}
    roster = [
        rep(1, "pricing", online=False, timezone="Asia/Tokyo", working_hours=tokyo_evening),
        rep(2, "pricing", online=False, timezone="Europe/London"),
    ]
    decision = route(roster, ["pricing"], NOW)  # 21:00 in Tokyo, 12:00 in London
    assert decision.rep_id == 2
    assert "within working hours" in decision.reasons


def test_fewest_open_handoffs_wins() -> None:
    roster = [rep(1, "pricing", open_handoffs=2), rep(2, "pricing", open_handoffs=1)]
    decision = route(roster, ["pricing"], NOW)
    assert decision.rep_id == 2
    assert "1 open handoff(s)" in decision.reasons


def test_ties_go_to_the_rep_assigned_least_recently() -> None:
    roster = [
        rep(1, last_assigned_at=NOW - timedelta(minutes=5)),
        rep(2, last_assigned_at=NOW - timedelta(hours=2)),
        rep(3, last_assigned_at=NOW - timedelta(minutes=1)),
    ]
    decision = route(roster, [], NOW)
    assert decision.rep_id == 2
    assert any("least recently" in reason for reason in decision.reasons)
    # A rep never assigned goes first.
    assert route([*roster, rep(4)], [], NOW).rep_id == 4


def test_fair_rotation_over_repeated_handoffs() -> None:
    """Assigning in a loop (recording each assignment) spreads work across equal reps."""
    last: dict[int, datetime] = {}
    picks = []
    for minute in range(6):
        now = NOW + timedelta(minutes=minute)
        roster = [rep(i, last_assigned_at=last.get(i)) for i in (1, 2, 3)]
        chosen = route(roster, [], now).rep_id
        assert chosen is not None
        last[chosen] = now
        picks.append(chosen)
    assert sorted(picks) == [1, 1, 2, 2, 3, 3]


def test_empty_roster() -> None:
    decision = route([], ["pricing"], NOW)
    assert decision.rep_id is None
    assert decision.reasons == ["no active reps on the roster"]


def test_wanted_expertise_from_trigger_and_buyer_words_not_sources() -> None:
    known = {"pricing", "contracts", "northwind", "pipit", "ordinal", "security", "fintech"}
    summary = make_summary(
        situation="12 people at a fintech startup, on Pipit today",
        main_worry="is it secure enough for our SOC 2 audit",
        sources_shown=[
            {"title": "Choosing between Tessellate, Northwind, Pipit and Ordinal", "path": "c.md"}
        ],
    )
    wanted = wanted_expertise(Trigger.CONTRACT_TERMS, summary, known)
    assert wanted == ["contracts", "fintech", "pipit", "security"]
    assert "northwind" not in wanted and "ordinal" not in wanted


KNOWN = {"pricing", "contracts", "northwind", "pipit", "ordinal", "security", "implementation"}


def test_the_competitor_named_and_a_competitor_in_use_reach_routing() -> None:
    summary = make_summary(competitor="Ordinal", current_tool="Pipit")
    assert summary.competitors == ["Ordinal", "Pipit"]
    assert wanted_expertise(Trigger.ASKED_FOR_PERSON, summary, KNOWN) == ["ordinal", "pipit"]
    roster = [rep(1, "northwind"), rep(2, "ordinal")]
    assert route(roster, wanted_expertise("asked_for_person", summary, KNOWN), NOW).rep_id == 2


def test_the_reason_quoting_the_buyer_counts_as_their_words() -> None:
    reason = 'The buyer asked to talk to a person: "we need your SOC 2 report"'
    assert wanted_expertise(Trigger.ASKED_FOR_PERSON, make_summary(), KNOWN) == []
    assert wanted_expertise(Trigger.ASKED_FOR_PERSON, make_summary(), KNOWN, reason=reason) == [
        "security"
    ]


def test_topic_table_is_keyed_by_trigger() -> None:
    assert all(isinstance(trigger, Trigger) for trigger in TRIGGER_TOPICS)
    assert trigger_topics(Trigger.DEAL_SIZE) == ("pricing", "contracts")
    assert trigger_topics("pricing_negotiation") == ("pricing",)  # the stored string works too
    assert trigger_topics(Trigger.ASKED_FOR_PERSON) == ()
    assert trigger_topics("not_a_trigger") == ()


def test_within_hours_and_next_available_in_the_reps_zone() -> None:
    assert within_hours(WEEKDAYS, "Europe/Berlin", NOW)  # 13:00 in Berlin
    assert not within_hours(WEEKDAYS, "Asia/Tokyo", NOW)  # 21:00 in Tokyo
    assert next_available(WEEKDAYS, "Europe/Berlin", NOW) == NOW
    tokyo = next_available(WEEKDAYS, "Asia/Tokyo", NOW)
    assert tokyo is not None
    assert tokyo.astimezone(UTC) == datetime(2026, 11, 26, 0, 0, tzinfo=UTC)  # Thu 09:00 JST
    friday_night = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
    monday = next_available(WEEKDAYS, "UTC", friday_night)
    assert monday == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert next_available({"days": []}, "UTC", NOW) is None
