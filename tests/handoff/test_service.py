"""request_handoff as the action server calls it: routing, the record, what the buyer is told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.db import session_scope
from bot.handoff import request_handoff
from bot.models import Mode
from bot.store import conversations as conversation_store
from bot.store import handoffs as handoff_store
from tests.handoff.factories import NEVER, add_conversation, add_rep, summary_json

# Every call gets the clock (request_handoff takes now=): a Monday, 10:00 UTC.
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)

# What the action sends: the summary's JSON, built from the buyer's profile.
SUMMARY = summary_json(
    situation="moving off our current tool next quarter",
    team_size="40",
    current_tool="Northwind",
    criteria="warehouse sync, price",
    main_worry="the contract renewal terms",
)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, smtp_host="", webhook_url="")


def test_routes_to_the_expert_records_reasons_and_waits(settings: Settings) -> None:
    url = settings.database_url
    now = NOW
    add_rep(url, "generalist@example.com", name="Gene Ralist", expertise=["pipit"], online_at=now)
    expert = add_rep(
        url,
        "priya@example.com",
        name="Priya Raman",
        role="Senior Account Executive",
        expertise=["northwind", "contracts"],
        online_at=now,
    )
    conversation_id, _ = add_conversation(url)

    reply = request_handoff(
        conversation_id,
        "contract_terms",
        "Custom terms.",
        SUMMARY,
        settings=settings,
        background=False,
        now=NOW,
    )

    handoff = reply["json_message"]["handoff"]
    assert handoff["rep"]["name"] == "Priya Raman"
    assert handoff["rep"]["role"] == "Senior Account Executive"
    assert handoff["rep"]["photo_url"] == "/static/reps/priya-raman.svg"
    assert handoff["online"] is True and handoff["status"] == "waiting"
    assert "Priya Raman, Senior Account Executive" in reply["text"]
    assert "see our whole conversation so far" in reply["text"]
    assert "isn't online" not in reply["text"]
    with session_scope(url) as session:
        stored = handoff_store.get_handoff(session, handoff_id=handoff["id"])
        assert stored.rep_id == expert
        assert stored.trigger == "contract_terms" and stored.reason == "Custom terms."
        assert "expertise: contracts, northwind" in stored.routing["reasons"]
        assert stored.summary["worry"] == "the contract renewal terms"
        assert stored.summary["competitors"] == ["Northwind"]
        # What the dialogue did not pass is filled from the log itself.
        assert stored.summary["sources_shown"][0]["path"] == "compare/northwind.md"
        assert stored.summary["questions_asked"] == [
            "How does your price compare with Northwind?",
            "Can I talk to a person?",
        ]
        assert stored.notifications["email"]["status"] == "skipped"
        conversation = conversation_store.get_conversation(session, conversation_id=conversation_id)
        assert conversation.mode == Mode.WAITING_FOR_REP


def add_kenji(settings: Settings, now: datetime) -> None:
    """Offline (his console last seen before the presence window), working one minute a day:
    00:00-00:01 in Tokyo, which is 15:00-15:01 UTC."""
    add_rep(
        settings.database_url,
        "kenji@example.com",
        name="Kenji Watanabe",
        role="Account Executive",
        hours={"days": [0, 1, 2, 3, 4, 5, 6], "start": "00:00", "end": "00:01"},
        timezone="Asia/Tokyo",
        online_at=now - timedelta(seconds=settings.presence_ttl_s + 5),
    )


def test_offline_rep_is_named_honestly_with_next_availability(settings: Settings) -> None:
    add_kenji(settings, NOW)
    conversation_id, _ = add_conversation(settings.database_url)

    reply = request_handoff(
        conversation_id,
        "asked_for_person",
        "Asked.",
        {},
        settings=settings,
        background=False,
        now=NOW,
    )

    handoff = reply["json_message"]["handoff"]
    assert handoff["online"] is False
    # 10:00 UTC is 19:00 in Tokyo: his next minute starts at midnight there, in 5 hours.
    assert handoff["availability"] == (
        "Next available Tuesday at 00:00 (Asia/Tokyo time), in about 5 h"
    )
    assert "Kenji isn't online right now" in reply["text"]
    assert "Next available Tuesday at 00:00" in reply["text"]
    assert "email address" in reply["text"]


def test_offline_rep_within_working_hours_is_still_not_promised(settings: Settings) -> None:
    """The minute that used to break this file (15:00 UTC): in his hours but not at the console."""
    at_three = datetime(2026, 11, 30, 15, 0, 30, tzinfo=UTC)
    add_kenji(settings, at_three)
    conversation_id, _ = add_conversation(settings.database_url)

    reply = request_handoff(
        conversation_id,
        "asked_for_person",
        "Asked.",
        {},
        settings=settings,
        background=False,
        now=at_three,
    )

    handoff = reply["json_message"]["handoff"]
    assert handoff["online"] is False
    assert handoff["availability"] == (
        "Not at the console right now (within working hours, Asia/Tokyo time)"
    )
    assert "Kenji isn't online right now" in reply["text"]
    assert "will join here shortly" not in reply["text"]


def test_a_second_request_reuses_the_open_handoff(settings: Settings) -> None:
    url = settings.database_url
    add_rep(url, "sofia@example.com", name="Sofia Marin", hours=NEVER)
    conversation_id, _ = add_conversation(url)
    first = request_handoff(
        conversation_id,
        "asked_for_person",
        "Asked.",
        {},
        settings=settings,
        background=False,
        now=NOW,
    )
    second = request_handoff(
        conversation_id,
        "pricing_negotiation",
        "Discount.",
        {},
        settings=settings,
        background=False,
        now=NOW + timedelta(minutes=2),
    )
    assert second["json_message"]["handoff"]["id"] == first["json_message"]["handoff"]["id"]
    assert "already in the queue for Sofia Marin" in second["text"]
    with session_scope(url) as session:
        all_handoffs = handoff_store.list_handoffs(session, view="all")
        assert [h.conversation_id for h in all_handoffs].count(conversation_id) == 1


def test_no_reps_at_all_still_queues_honestly(tmp_path) -> None:
    from tests.support.databases import sqlite_database

    url = sqlite_database(str(tmp_path / "empty.db"))
    settings = Settings(database_url=url)
    reply = request_handoff(
        "rasa-shell-sender",
        "asked_for_person",
        "Asked.",
        {},
        settings=settings,
        background=False,
        now=NOW,
    )
    assert reply["json_message"]["handoff"]["rep"] is None
    assert "Nobody is assigned yet" in reply["text"]
    with session_scope(url) as session:  # a conversation started outside the gateway got a record
        assert conversation_store.get_conversation(session, conversation_id="rasa-shell-sender")


def test_a_console_that_stopped_heartbeating_goes_offline_after_the_presence_window(
    settings: Settings,
) -> None:
    """Presence expires: the same rep, last seen at NOW, is promised as online just inside
    CANDOR_PRESENCE_TTL_S and honestly called offline just after it."""
    url = settings.database_url
    add_rep(url, "priya@example.com", name="Priya Raman", online_at=NOW)
    ttl = timedelta(seconds=settings.presence_ttl_s)
    inside, after = NOW + ttl - timedelta(seconds=1), NOW + ttl + timedelta(seconds=1)
    early, _ = add_conversation(url)
    late, _ = add_conversation(url)

    online = request_handoff(
        early, "asked_for_person", "Asked.", {}, settings=settings, background=False, now=inside
    )
    gone = request_handoff(
        late, "asked_for_person", "Asked.", {}, settings=settings, background=False, now=after
    )

    assert online["json_message"]["handoff"]["online"] is True
    assert "Priya is online and will join here shortly" in online["text"]
    assert gone["json_message"]["handoff"]["online"] is False
    assert "Priya isn't online right now" in gone["text"]
