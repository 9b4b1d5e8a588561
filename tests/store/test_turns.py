"""A buyer turn is stored exactly once, whatever the client retries (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from bot.buyer_input import InputRejected
from bot.db import session_scope
from bot.models import Message, Mode, Sender, TurnState
from bot.store import conversations, turns
from bot.store.turns import ReplyDraft


def new_conversation(database_url: str) -> str:
    with session_scope(database_url) as session:
        conversation, _ = conversations.create_conversation(session)
        return conversation.id


def record(database_url: str, conversation_id: str, text: str, client_id: str | None, **kw):
    with session_scope(database_url) as session:
        return turns.record_buyer_message(
            session,
            conversation_id=conversation_id,
            text=text,
            metadata=kw.get("metadata", {}),
            quick_reply=kw.get("quick_reply"),
            client_id=client_id,
            max_metadata_bytes=kw.get("max_metadata_bytes", 16_000),
        )


def reply(database_url: str, buyer_message_id: int, text: str, state=TurnState.ANSWERED):
    with session_scope(database_url) as session:
        stored, mode = turns.store_replies(
            session,
            buyer_message_id=buyer_message_id,
            replies=[ReplyDraft(text)],
            state=state,
        )
        return [m.text for m in stored], mode


def log(database_url: str, conversation_id: str) -> list[tuple[str, str]]:
    with session_scope(database_url) as session:
        return [
            (m.sender.value, m.text)
            for m in conversations.list_messages(session, conversation_id=conversation_id)
        ]


def test_a_retried_client_id_returns_the_first_turn_and_stores_nothing(database_url: str) -> None:
    cid = new_conversation(database_url)
    first = record(database_url, cid, "Do you support SSO?", "m-1")
    assert not first.repeated and first.state == TurnState.PENDING
    reply(database_url, first.buyer_message.id, "Yes, SAML on Business.")
    again = record(database_url, cid, "Do you support SSO?", "m-1")
    assert again.repeated and again.state == TurnState.ANSWERED
    assert again.buyer_message.id == first.buyer_message.id
    assert [m.text for m in again.replies] == ["Yes, SAML on Business."]
    assert log(database_url, cid) == [
        ("buyer", "Do you support SSO?"),
        ("bot", "Yes, SAML on Business."),
    ]


def test_the_same_client_id_in_another_conversation_is_another_message(database_url: str) -> None:
    one, two = new_conversation(database_url), new_conversation(database_url)
    assert not record(database_url, one, "Hi", "m-1").repeated
    assert not record(database_url, two, "Hi", "m-1").repeated


def test_replies_close_a_turn_once(database_url: str) -> None:
    cid = new_conversation(database_url)
    turn = record(database_url, cid, "Pricing?", "m-1")
    assert reply(database_url, turn.buyer_message.id, "Per seat.")[0] == ["Per seat."]
    # A late second writer (a retry that gave up waiting) changes nothing.
    late, _ = reply(database_url, turn.buyer_message.id, "trouble", TurnState.FAILED)
    assert late == ["Per seat."]
    assert log(database_url, cid) == [("buyer", "Pricing?"), ("bot", "Per seat.")]


def test_a_rep_who_claimed_meanwhile_wins_over_the_bot_reply(database_url: str) -> None:
    cid = new_conversation(database_url)
    turn = record(database_url, cid, "Can I talk to someone?", None)
    with session_scope(database_url) as session:
        conversations.set_mode(session, conversation_id=cid, mode=Mode.WITH_REP)
    stored, mode = reply(database_url, turn.buyer_message.id, "Let me find someone.")
    assert stored == [] and mode == Mode.WITH_REP
    with session_scope(database_url) as session:
        assert session.get(Message, turn.buyer_message.id).turn_state == TurnState.TO_REP


def test_messages_to_a_rep_need_no_bot_reply(database_url: str) -> None:
    cid = new_conversation(database_url)
    with session_scope(database_url) as session:
        conversations.set_mode(session, conversation_id=cid, mode=Mode.WITH_REP)
    assert record(database_url, cid, "Thanks Dana", "m-9").state == TurnState.TO_REP


def test_only_offered_buttons_can_be_clicked(database_url: str) -> None:
    cid = new_conversation(database_url)
    turn = record(database_url, cid, "Hi", None)
    with session_scope(database_url) as session:
        turns.store_replies(
            session,
            buyer_message_id=turn.buyer_message.id,
            replies=[
                ReplyDraft(
                    "Talk to a person?",
                    payload={"buttons": [{"title": "Yes please", "payload": "/affirm"}]},
                )
            ],
            state=TurnState.ANSWERED,
        )
        assert turns.offered_button(session, cid, "/affirm") == "Yes please"
        assert turns.offered_button(session, cid, '/affirm{"x": 1}') is None
    with pytest.raises(InputRejected) as refused:
        record(database_url, cid, "Yes", None, quick_reply="/request_handoff")
    assert refused.value.status == 422
    assert log(database_url, cid) == [("buyer", "Hi"), ("bot", "Talk to a person?")]


def test_conversation_metadata_cannot_grow_without_bound(database_url: str) -> None:
    cid = new_conversation(database_url)
    record(database_url, cid, "one", None, metadata={"page": "/pricing"}, max_metadata_bytes=200)
    with pytest.raises(InputRejected) as refused:
        record(database_url, cid, "two", None, metadata={"blob": "x" * 300}, max_metadata_bytes=200)
    assert refused.value.status == 413 and "200" in refused.value.message
    assert [text for sender, text in log(database_url, cid) if sender == Sender.BUYER] == ["one"]


def test_a_turn_knows_its_place_and_whether_a_question_is_pending(database_url: str) -> None:
    cid = new_conversation(database_url)
    first = record(database_url, cid, "Hi", None)
    assert (first.number, first.after_buttons) == (1, False)
    with session_scope(database_url) as session:
        turns.store_replies(
            session,
            buyer_message_id=first.buyer_message.id,
            replies=[
                ReplyDraft(
                    "A person?", payload={"buttons": [{"title": "Yes", "payload": "/affirm"}]}
                )
            ],
            state=TurnState.ANSWERED,
        )
    second = record(database_url, cid, "Yes", None, quick_reply="/affirm")
    assert (second.number, second.after_buttons) == (2, True)


def test_a_turn_knows_where_the_current_rasa_session_began(database_url: str) -> None:
    cid = new_conversation(database_url)
    assert record(database_url, cid, "one", None).session_from == 0
    with session_scope(database_url) as session:
        turns.mark_rasa_session(session, conversation_id=cid, turn=1)
    assert record(database_url, cid, "two", None).session_from == 1
