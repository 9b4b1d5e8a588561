"""Handoff and flag repositories on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.db import session_scope
from bot.models import FlagKind, HandoffStatus, Mode, Outcome, Sender
from bot.store import conversations as conversation_store
from bot.store import flags as flag_store
from bot.store import handoffs as handoff_store
from tests.handoff.factories import add_conversation, add_rep


def _handoff(database_url: str, conversation_id: str, rep_id: int | None) -> int:
    with session_scope(database_url) as session:
        handoff = handoff_store.create_handoff(
            session,
            conversation_id=conversation_id,
            trigger="asked_for_person",
            reason="The buyer asked to talk to a person.",
            summary={"situation": "testing"},
            rep_id=rep_id,
            routing={"reasons": ["test"]},
        )
        return handoff.id


def _mode(database_url: str, conversation_id: str) -> Mode:
    with session_scope(database_url) as session:
        conversation = conversation_store.get_conversation(session, conversation_id=conversation_id)
        assert conversation is not None
        return conversation.mode


def test_lifecycle_moves_the_conversation_between_modes(database_url: str) -> None:
    alice = add_rep(database_url, "alice@example.com")
    bob = add_rep(database_url, "bob@example.com")
    conversation_id, _ = add_conversation(database_url)
    with session_scope(database_url) as session:
        already_open = handoff_store.open_counts(session).get(alice, 0)  # PG is shared
    handoff_id = _handoff(database_url, conversation_id, alice)
    assert _mode(database_url, conversation_id) == Mode.WAITING_FOR_REP

    with session_scope(database_url) as session:
        assert (
            handoff_store.open_handoff_for(session, conversation_id=conversation_id).id
            == handoff_id
        )
        assert handoff_store.open_counts(session).get(alice) == already_open + 1
        claimed = handoff_store.claim(session, handoff_id=handoff_id, rep_id=bob)
        assert claimed.status == HandoffStatus.ACTIVE and claimed.rep_id == bob
    assert _mode(database_url, conversation_id) == Mode.WITH_REP

    with session_scope(database_url) as session, pytest.raises(handoff_store.HandoffConflict):
        handoff_store.release(session, handoff_id=handoff_id, rep_id=alice)  # not hers

    with session_scope(database_url) as session:
        handoff_store.release(session, handoff_id=handoff_id, rep_id=bob)
    assert _mode(database_url, conversation_id) == Mode.BOT

    with session_scope(database_url) as session:
        assert handoff_store.open_handoff_for(session, conversation_id=conversation_id) is None
        views = {
            v: [h.id for h in handoff_store.list_handoffs(session, view=v, rep_id=bob)]
            for v in ("waiting", "mine", "all")
        }
    assert handoff_id not in views["waiting"] and handoff_id not in views["mine"]
    assert handoff_id in views["all"]


def test_claim_twice_conflicts_and_close_records_outcome(database_url: str) -> None:
    alice = add_rep(database_url, "alice@example.com")
    conversation_id, _ = add_conversation(database_url)
    handoff_id = _handoff(database_url, conversation_id, None)
    with session_scope(database_url) as session:
        handoff_store.claim(session, handoff_id=handoff_id, rep_id=alice)
    with session_scope(database_url) as session, pytest.raises(handoff_store.HandoffConflict):
        handoff_store.claim(session, handoff_id=handoff_id, rep_id=alice)
    with session_scope(database_url) as session:
        closed = handoff_store.close(
            session, handoff_id=handoff_id, rep_id=alice, outcome=Outcome.NURTURE
        )
        data = handoff_store.handoff_to_dict(closed)
    assert data["status"] == "closed" and data["outcome"] == "nurture" and data["ended_at"]


def test_reassign_puts_it_back_in_the_queue_for_the_new_rep(database_url: str) -> None:
    alice = add_rep(database_url, "alice@example.com")
    bob = add_rep(database_url, "bob.reassigned@example.com")  # PG is shared
    conversation_id, _ = add_conversation(database_url)
    handoff_id = _handoff(database_url, conversation_id, alice)
    with session_scope(database_url) as session:
        handoff_store.claim(session, handoff_id=handoff_id, rep_id=alice)
    with session_scope(database_url) as session:
        moved = handoff_store.reassign(session, handoff_id=handoff_id, rep_id=alice, to_rep_id=bob)
        assert moved.status == HandoffStatus.WAITING and moved.rep_id == bob
        assert [h.id for h in handoff_store.list_handoffs(session, view="mine", rep_id=bob)] == [
            handoff_id
        ]
    assert _mode(database_url, conversation_id) == Mode.WAITING_FOR_REP


def test_buyer_email_given_while_waiting_is_kept(database_url: str) -> None:
    conversation_id, _ = add_conversation(database_url)
    handoff_id = _handoff(database_url, conversation_id, None)
    with session_scope(database_url) as session:
        assert (
            handoff_store.record_buyer_email(
                session, conversation_id=conversation_id, text="sure, it's jo.buyer@acme.io thanks"
            )
            == "jo.buyer@acme.io"
        )
        assert (
            handoff_store.record_buyer_email(session, conversation_id=conversation_id, text="no")
            is None
        )
        assert (
            handoff_store.get_handoff(session, handoff_id=handoff_id).buyer_email
            == "jo.buyer@acme.io"
        )


def test_flags_record_the_source_and_count_per_file(database_url: str) -> None:
    rep_id = add_rep(database_url, "alice@example.com")
    conversation_id, _ = add_conversation(database_url)
    with session_scope(database_url) as session:
        before = flag_store.count_open_flags_by_path(session).get("compare/northwind.md", 0)
        messages = conversation_store.list_messages(session, conversation_id=conversation_id)
        bot_message = next(m for m in messages if m.sender == Sender.BOT)
        buyer_message = next(m for m in messages if m.sender == Sender.BUYER)
        flag = flag_store.flag_message(
            session, message_id=bot_message.id, rep_id=rep_id, kind=FlagKind.STALE, note="old price"
        )
        flag_store.flag_message(
            session, message_id=bot_message.id, rep_id=rep_id, kind=FlagKind.WRONG
        )
        with pytest.raises(LookupError):
            flag_store.flag_message(
                session, message_id=buyer_message.id, rep_id=rep_id, kind=FlagKind.WRONG
            )
        assert (flag.source_path, flag.source_heading) == ("compare/northwind.md", "Pricing")
        assert flag_store.count_open_flags_by_path(session)["compare/northwind.md"] == before + 2
        flag_store.resolve_flag(session, flag_id=flag.id)
        assert flag_store.count_open_flags_by_path(session)["compare/northwind.md"] == before + 1


def test_a_missing_answer_is_flagged_without_a_source_and_listed_for_editors(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "missing" kind: the bot said our pages don't cover it (no source), a rep flags the
    gap, and editors find it under "(no source)" in `bot kb feedback` and `kb stats` counts."""
    from typer.testing import CliRunner

    from bot.cli import app
    from bot.config import get_settings

    rep_id = add_rep(database_url, "alice@example.com", name="Alice Archer")
    with session_scope(database_url) as session:
        conversation, _ = conversation_store.create_conversation(session)
        declined = conversation_store.add_message(
            session,
            conversation_id=conversation.id,
            sender=Sender.BOT,
            text="Our pages don't say whether we integrate with Pendo.",
        )
        flag = flag_store.flag_message(
            session,
            message_id=declined.id,
            rep_id=rep_id,
            kind=FlagKind.MISSING,
            note="buyers keep asking about Pendo",
        )
        assert (flag.source_path, flag.source_heading) == (None, None)
        assert flag_store.flag_to_dict(flag)["kind"] == "missing"
        assert flag_store.count_open_flags_by_path(session) == {flag_store.NO_SOURCE: 1}

    monkeypatch.setenv("CANDOR_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        listed = CliRunner().invoke(app, ["kb", "feedback"])
    finally:
        get_settings.cache_clear()
    assert listed.exit_code == 0, listed.output
    assert flag_store.NO_SOURCE in listed.output
    assert f"#{flag.id} missing" in listed.output
    assert "buyers keep asking about Pendo" in listed.output
