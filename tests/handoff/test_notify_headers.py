"""Issue 11, item 8: the buyer's words in the handoff reason never break the email.

The reason quotes the buyer; a line break in it used to make the Subject header raise, so no
email went out and nothing was recorded. Through a real SMTP server, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid

from bot.config import Settings
from bot.db import session_scope
from bot.handoff import request_handoff
from bot.store import handoffs as handoff_store
from tests.handoff.factories import add_conversation, add_rep, summary_json


def test_a_line_break_in_the_buyers_words_still_sends_and_records_the_email(
    database_url, smtp_server
) -> None:
    smtp_port, mailbox = smtp_server
    settings = Settings(
        database_url=database_url, smtp_host="127.0.0.1", smtp_port=smtp_port, notify_timeout_s=5
    )
    email = f"headers.{uuid.uuid4().hex[:8]}@example.com"
    add_rep(database_url, email, name="Header Rep", expertise=["headers"])
    conversation_id, _ = add_conversation(database_url)
    reason = 'The buyer said: "call me\r\nBcc: everyone@example.com\nnow\u2028please"'
    reply = request_handoff(
        conversation_id,
        "asked_for_person",
        reason,
        summary_json(situation="headers"),
        settings=settings,
        background=False,
    )
    handoff_id = reply["json_message"]["handoff"]["id"]

    assert mailbox.arrived.wait(5), "no email arrived"
    sent = mailbox.messages[-1]
    subject = " ".join(str(sent["Subject"]).split())  # unfolded, as a mail client shows it
    assert 'call me Bcc: everyone@example.com now please"' in subject  # the words, one line
    assert sent["Bcc"] is None and "everyone@example.com" not in sent["To"]  # no injection
    with session_scope(database_url) as session:
        stored = handoff_store.get_handoff(session, handoff_id=handoff_id)
        note = stored.notifications["email"]
        assert stored.reason == reason  # the record keeps the buyer's words as they were
    assert note["status"] == "sent"
    assert note["detail"] == f"to {sent['To']}: {subject}"  # what was sent, as it was sent
