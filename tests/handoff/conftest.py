"""Real receivers for notifications: an aiosmtpd SMTP server and a local HTTP endpoint."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from tests.support.receiver import Receiver, receiving
from tests.support.stack import free_port


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    # Set to an Event to keep every delivery waiting (the SMTP reply withheld) until it is set.
    hold: threading.Event | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.hold is not None:
            await asyncio.to_thread(self.hold.wait, 30)
        self.messages.append(message_from_bytes(envelope.content))
        self.arrived.set()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, mailbox
    finally:
        controller.stop()


@pytest.fixture
def webhook_receiver() -> Iterator[Receiver]:
    with receiving("/crm/hook") as receiver:
        yield receiver
