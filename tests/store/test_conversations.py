"""The message log on both real databases: what the buyer and bot said survives, in order."""

from __future__ import annotations

from datetime import UTC

import pytest

from bot.db import session_scope
from bot.models import Mode, Sender
from bot.store import conversations as store


def test_conversation_keeps_messages_in_order_with_sources(database_url: str) -> None:
    with session_scope(database_url) as session:
        conversation, _ = store.create_conversation(session, buyer_metadata={"page": "/"})
        cid = conversation.id
        store.add_message(session, conversation_id=cid, sender=Sender.BUYER, text="Hi")
        store.add_message(
            session,
            conversation_id=cid,
            sender=Sender.BOT,
            text="Hello",
            sources=[{"title": "Pricing", "url": "https://x.example/p", "path": "pricing.md"}],
        )
    with session_scope(database_url) as session:
        messages = store.list_messages(session, conversation_id=cid)
        assert [(m.sender, m.text) for m in messages] == [
            (Sender.BUYER, "Hi"),
            (Sender.BOT, "Hello"),
        ]
        assert messages[1].sources[0]["title"] == "Pricing"
        assert messages[0].created_at.tzinfo is not None
        assert messages[0].created_at.astimezone(UTC) <= messages[1].created_at.astimezone(UTC)
        assert store.list_messages(session, conversation_id=cid, after_id=messages[0].id) == [
            messages[1]
        ]
        conversation = store.get_conversation(session, conversation_id=cid)
        assert conversation is not None and conversation.mode == Mode.BOT
        assert conversation.buyer_metadata == {"page": "/"}


def test_token_is_128_bit_and_stored_only_as_hash(database_url: str) -> None:
    with session_scope(database_url) as session:
        conversation, token = store.create_conversation(session)
        assert token is not None and len(token) == 32  # 16 random bytes, hex
        assert conversation.token_hash != token
        assert store.token_matches(conversation, token)
        assert not store.token_matches(conversation, "0" * 32)
        assert not store.token_matches(conversation, None)


def test_mode_changes_persist(database_url: str) -> None:
    with session_scope(database_url) as session:
        conversation, _ = store.create_conversation(session)
        store.set_mode(session, conversation_id=conversation.id, mode=Mode.WAITING_FOR_REP)
    with session_scope(database_url) as session:
        again = store.get_conversation(session, conversation_id=conversation.id)
        assert again is not None and again.mode == Mode.WAITING_FOR_REP
        with pytest.raises(LookupError):
            store.set_mode(session, conversation_id="nope", mode=Mode.BOT)


def test_failed_unit_of_work_rolls_back(database_url: str) -> None:
    with session_scope(database_url) as session:
        conversation, _ = store.create_conversation(session)
        cid = conversation.id
    with pytest.raises(RuntimeError), session_scope(database_url) as session:
        store.add_message(session, conversation_id=cid, sender=Sender.BUYER, text="lost")
        raise RuntimeError("boom")
    with session_scope(database_url) as session:
        assert store.list_messages(session, conversation_id=cid) == []
