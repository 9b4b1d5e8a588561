"""Faults on the real processes: the buyer gets the real reply or the honest trouble reply,
every message is stored once, and the conversation goes on once the process is back.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from bot.chat import TROUBLE_TEXT
from tests.support.databases import sqlite_database
from tests.support.prestart import taken
from tests.support.stack import (
    BOT,
    MODEL,
    RASA_START_TIMEOUT_S,
    build_index,
    free_port,
    process,
    signal_group,
    stack_env,
    wait_until_up,
)

RESTART_REPLY_S = 60  # how long the gateway waits for Rasa here (production: 20 s)


class Processes:
    """The three processes, each of which a test may kill and start again."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        ports = {"rasa": free_port(), "actions": free_port(), "web": free_port()}
        database_url = sqlite_database(str(workdir / "candor.db"))
        # A restarted process's first turn loads models on a busy 2-core machine; these tests
        # are about what is stored and said after a fault, not how fast the gateway gives up.
        self.env = stack_env(
            database_url, workdir, extra={"CANDOR_RASA_TIMEOUT_S": str(RESTART_REPLY_S)}, **ports
        )
        self.web_url = self.env["CANDOR_PUBLIC_BASE_URL"]
        self.rasa_url = self.env["CANDOR_RASA_URL"]
        self.action_url = f"http://127.0.0.1:{ports['actions']}"
        self.running: dict[str, tuple[ExitStack, subprocess.Popen]] = {}

    def start(self, name: str) -> None:
        stack = ExitStack()
        proc = stack.enter_context(process(name, [BOT, "serve", name], self.env, self.logs))
        self.running[name] = (stack, proc)
        health = {
            "actions": (f"{self.action_url}/health", 120),
            "rasa": (f"{self.rasa_url}/status", RASA_START_TIMEOUT_S),
            "web": (f"{self.web_url}/healthz", 60),
        }[name]
        wait_until_up(name, health[0], proc, self.logs, health[1])

    def kill(self, name: str) -> None:
        stack, proc = self.running.pop(name)
        signal_group(proc, signal.SIGKILL)  # no clean shutdown: the process and its workers
        proc.wait()
        stack.close()

    def freeze(self, name: str) -> None:
        """Stop the process where it is (SIGSTOP): it holds its connections but answers
        nothing, so a turn sent now is certainly in flight when the process is killed."""
        signal_group(self.running[name][1], signal.SIGSTOP)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.running.pop(name)[0].close()


@contextmanager
def started(procs: Processes) -> Iterator[Processes]:
    """Build the index, then start the three processes; all stopped when the block ends."""
    build_index(procs.env)
    try:
        for name in ("actions", "web", "rasa"):
            procs.start(name)
        yield procs
    finally:
        procs.stop_all()


@pytest.fixture(scope="module")
def processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Processes]:
    """This module's own three processes (started in the background when the run was
    planned: tests/support/prestart.py)."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    with taken("processes") as prestarted:
        if prestarted is not None:
            yield prestarted
            return
    with started(Processes(tmp_path_factory.mktemp("faults"))) as procs:
        yield procs


class Buyer:
    def __init__(self, procs: Processes) -> None:
        self.http = httpx.Client(base_url=procs.web_url, timeout=RESTART_REPLY_S + 30)
        opened = self.http.post("/api/conversations", json={}).raise_for_status().json()
        self.path = f"/api/conversations/{opened['conversation_id']}/messages"
        self.auth = {"Authorization": f"Bearer {opened['token']}"}

    def say(self, text: str, client_id: str | None = None) -> httpx.Response:
        body = {"text": text, "client_message_id": client_id} if client_id else {"text": text}
        return self.http.post(self.path, json=body, headers=self.auth)

    def transcript_or_none(self) -> list[tuple[str, str]] | None:
        """The transcript, read on a second connection while a turn is in flight."""
        with httpx.Client(base_url=str(self.http.base_url), timeout=10) as other:
            response = other.get(self.path, headers=self.auth)
        if response.status_code != 200:
            return None
        return [(m["sender"], m["text"]) for m in response.json()["messages"]]

    def transcript(self) -> list[tuple[str, str]]:
        messages = self.http.get(self.path, headers=self.auth).raise_for_status().json()
        return [(m["sender"], m["text"]) for m in messages["messages"]]


def test_action_server_down_gives_the_trouble_reply_then_recovers(processes: Processes) -> None:
    buyer = Buyer(processes)
    processes.kill("actions")
    try:
        down = buyer.say("Is our data encrypted at rest?")
        assert down.status_code == 200
        assert [m["text"] for m in down.json()["messages"]] == [TROUBLE_TEXT]
    finally:
        processes.start("actions")
    back = buyer.say("Which warehouses can you sync with?")
    assert back.status_code == 200 and back.json()["messages"][0]["sources"]
    transcript = buyer.transcript()
    assert [t for s, t in transcript if s == "buyer"] == [
        "Is our data encrypted at rest?",
        "Which warehouses can you sync with?",
    ]
    assert transcript[1] == ("bot", TROUBLE_TEXT)


def test_rasa_killed_mid_turn_then_a_retry_after_restart_is_stored_once(
    processes: Processes,
) -> None:
    buyer = Buyer(processes)
    result: dict[str, httpx.Response] = {}
    sender = threading.Thread(
        target=lambda: result.update(r=buyer.say("What does onboarding involve?", "turn-1"))
    )
    processes.freeze("rasa")
    sender.start()
    _wait_until_stored(buyer, "What does onboarding involve?")  # stored, waiting on Rasa
    processes.kill("rasa")
    sender.join()
    try:
        assert result["r"].status_code == 200
        assert [m["text"] for m in result["r"].json()["messages"]] == [TROUBLE_TEXT]
    finally:
        processes.start("rasa")
    # The widget retries with the same id: the stored turn comes back, nothing is re-sent.
    retry = buyer.say("What does onboarding involve?", "turn-1")
    assert retry.json()["repeated"] is True
    after = buyer.say("Do you have an SLA for support?", "turn-2")
    assert after.status_code == 200 and after.json()["messages"][0]["text"] != TROUBLE_TEXT
    assert [t for s, t in buyer.transcript() if s == "buyer"] == [
        "What does onboarding involve?",
        "Do you have an SLA for support?",
    ]


def _wait_until_stored(buyer: Buyer, text: str, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while (buyer.transcript_or_none() or []).count(("buyer", text)) == 0:
        assert time.monotonic() < deadline, f"{text!r} was never stored"
        time.sleep(0.1)


def test_web_process_restarted_between_turns_loses_nothing(processes: Processes) -> None:
    buyer = Buyer(processes)
    first = buyer.say("do you support SSO", "a-1")
    assert first.status_code == 200
    processes.kill("web")
    processes.start("web")
    again = buyer.say("do you support SSO", "a-1")
    assert again.json()["repeated"] is True
    assert again.json()["messages"] == first.json()["messages"]
    buyer.say("how long does onboarding usually take", "a-2").raise_for_status()
    senders = [s for s, _ in buyer.transcript()]
    assert senders.count("buyer") == 2 and senders[0] == "buyer"
