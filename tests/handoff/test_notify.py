"""Email through a real local SMTP server and a signed webhook to a real local HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time

import socketio

from bot.config import Settings
from bot.db import database, session_scope
from bot.dialogue.summary import DecisionSummary
from bot.handoff import request_handoff
from bot.handoff.notify import SIGNATURE_HEADER
from bot.handoff.relay import Relay
from bot.store import handoffs as handoff_store
from bot.web.realtime import SocketRealtime
from tests.handoff.factories import add_conversation, add_rep, summary_json
from tests.support.stack import free_port

SUMMARY = summary_json(
    situation="analytics team",
    team_size="30",
    current_tool="Ordinal",
    main_worry="migration effort",
    criteria="SQL access",
)


def _wait_for_status(
    url: str, handoff_id: int, channels: tuple[str, ...], timeout: float = 10
) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope(url) as session:
            notes = handoff_store.get_handoff(session, handoff_id=handoff_id).notifications
        if all(c in notes for c in channels):
            return notes
        time.sleep(0.05)
    raise AssertionError(f"notifications not recorded in {timeout}s: {notes}")


def test_email_and_signed_webhook_are_delivered(
    database_url, smtp_server, webhook_receiver
) -> None:
    smtp_port, mailbox = smtp_server
    settings = Settings(
        database_url=database_url,
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        smtp_sender="candor@tessellate.example",
        webhook_url=webhook_receiver.url,
        webhook_secret="s3cret",
        public_base_url="http://console.example:8000",
    )
    add_rep(database_url, "daniel@example.com", name="Daniel Okafor", expertise=["ordinal"])
    conversation_id, _ = add_conversation(database_url)

    mailbox.hold = threading.Event()  # the SMTP server withholds its answer until released
    try:
        reply = request_handoff(
            conversation_id,
            "asked_for_person",
            "The buyer asked for a person.",
            SUMMARY,
            settings=settings,
        )
        # The buyer's reply came back while the email was still undelivered: delivery happens
        # in the background and never holds up the handoff.
        handoff_id = reply["json_message"]["handoff"]["id"]
        assert "Daniel Okafor" in reply["text"]
        assert not mailbox.arrived.is_set()
        with session_scope(database_url) as session:
            pending = handoff_store.get_handoff(session, handoff_id=handoff_id).notifications
        assert "email" not in (pending or {})
    finally:
        mailbox.hold.set()
    notes = _wait_for_status(database_url, handoff_id, ("email", "webhook"))
    assert notes["email"]["status"] == "sent" and notes["webhook"]["status"] == "sent"

    assert mailbox.arrived.wait(5)
    email = mailbox.messages[0]
    assert email["To"] == "daniel@example.com"
    assert "The buyer asked for a person" in email["Subject"]
    body = email.get_payload(decode=True).decode()
    assert "Situation: analytics team; team of 30, using Ordinal today" in body
    assert "What matters most: SQL access" in body
    assert "Main worry: migration effort" in body
    assert "Competitors named: Ordinal" in body
    assert "Sources shown: Tessellate vs Northwind — Pricing" in body  # filled from the log
    assert f"http://console.example:8000/console#handoff={handoff_id}" in body

    assert webhook_receiver.arrived.wait(5)
    request = webhook_receiver.requests[0]
    expected = "sha256=" + hmac.new(b"s3cret", request["body"], hashlib.sha256).hexdigest()
    assert request["headers"][SIGNATURE_HEADER] == expected
    assert request["json"]["event"] == "handoff.created"
    sent_summary = request["json"]["handoff"]["summary"]
    assert sent_summary == DecisionSummary.model_validate(sent_summary).to_json()
    assert sent_summary["worry"] == "migration effort"
    assert sent_summary["competitors"] == ["Ordinal"]
    assert request["json"]["console_url"].endswith(f"#handoff={handoff_id}")


def test_failures_are_recorded_and_the_handoff_stands(database_url, webhook_receiver) -> None:
    webhook_receiver.status = 500
    settings = Settings(
        database_url=database_url,
        smtp_host="127.0.0.1",
        smtp_port=free_port(),  # nothing listens
        webhook_url=webhook_receiver.url,
        webhook_secret="s3cret",
        notify_timeout_s=3,
    )
    add_rep(database_url, "daniel@example.com", name="Daniel Okafor")
    conversation_id, _ = add_conversation(database_url)
    reply = request_handoff(
        conversation_id, "asked_for_person", "Asked.", SUMMARY, settings=settings
    )
    handoff_id = reply["json_message"]["handoff"]["id"]
    notes = _wait_for_status(database_url, handoff_id, ("email", "webhook"))
    assert notes["email"]["status"] == "failed" and notes["email"]["detail"]
    assert notes["webhook"]["status"] == "failed" and "500" in notes["webhook"]["detail"]
    with session_scope(database_url) as session:
        assert handoff_store.get_handoff(session, handoff_id=handoff_id).status.value == "waiting"


async def test_a_reassigned_handoff_is_sent_to_the_new_rep(
    database_url, smtp_server, webhook_receiver
) -> None:
    """A rep passes the handoff on from the console: the new rep gets the email (with the
    summary and console link) and the CRM hears `handoff.reassigned`."""
    smtp_port, mailbox = smtp_server
    settings = Settings(
        database_url=database_url,
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        webhook_url=webhook_receiver.url,
        webhook_secret="s3cret",
        public_base_url="http://console.example:8000",
    )
    first = add_rep(database_url, "daniel@example.com", name="Daniel Okafor", expertise=["ordinal"])
    second = add_rep(database_url, "sofia.marin@example.com", name="Sofia Marín")
    conversation_id, _ = add_conversation(database_url)
    reply = request_handoff(
        conversation_id,
        "asked_for_person",
        "Asked.",
        SUMMARY,
        settings=settings,
        background=False,
    )
    handoff_id = reply["json_message"]["handoff"]["id"]
    assert [m["To"] for m in mailbox.messages] == ["daniel@example.com"]
    mailbox.arrived.clear()
    webhook_receiver.arrived.clear()

    db = database(settings.database_url)
    relay = Relay(settings, db, SocketRealtime(socketio.AsyncServer(async_mode="asgi"), db))
    change = await relay.reassign(handoff_id, rep_id=first, to_rep_id=second)

    assert change.handoff["rep"]["name"] == "Sofia Marín"
    assert mailbox.arrived.wait(10)
    email = mailbox.messages[-1]
    assert email["To"] == "sofia.marin@example.com"
    body = email.get_payload(decode=True).decode()
    assert "Main worry: migration effort" in body
    assert f"http://console.example:8000/console#handoff={handoff_id}" in body
    assert webhook_receiver.arrived.wait(10)
    events = [r["json"]["event"] for r in webhook_receiver.requests]
    assert events[-1] == "handoff.reassigned"
    assert webhook_receiver.requests[-1]["json"]["handoff"]["rep"]["name"] == "Sofia Marín"
