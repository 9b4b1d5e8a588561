"""Many buyers at once, retries and faults, against the real gateway process and database.

Rasa is a slow stand-in here (tests/support/slow_rasa.py) so that its latency is known; the
real Rasa runs in tests/e2e. Every message must be stored exactly once and reach "Rasa" once.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.chat import TROUBLE_TEXT
from bot.db import normalise_url
from tests.support.slow_rasa import SlowRasa, slow_rasa
from tests.support.stack import BOT, free_port, process, stack_env, wait_until_up


@contextmanager
def gateway(database_url: str, rasa_url: str, workdir: Path, **settings: str) -> Iterator[str]:
    ports = {"rasa": free_port(), "actions": free_port(), "web": free_port()}
    env = stack_env(database_url, workdir, **ports)
    env.update(
        CANDOR_RASA_URL=rasa_url,
        CANDOR_QUERY_PREFETCH="false",
        CANDOR_RASA_TIMEOUT_S="10",
        CANDOR_SESSION_SECRET=secrets.token_urlsafe(48),
    )
    env.update({f"CANDOR_{k.upper()}": v for k, v in settings.items()})
    logs = workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with process("web", [BOT, "serve", "web"], env, logs) as web:
        url = env["CANDOR_PUBLIC_BASE_URL"]
        wait_until_up("web", f"{url}/healthz", web, logs, 60)
        yield url


async def open_conversation(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    body = (await client.post("/api/conversations", json={})).raise_for_status().json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


def open_for_messages(client: httpx.Client) -> tuple[str, dict[str, str]]:
    """A new conversation's messages URL and the header that opens it."""
    opened = client.post("/api/conversations", json={}).raise_for_status().json()
    path = f"/api/conversations/{opened['conversation_id']}/messages"
    return path, {"Authorization": f"Bearer {opened['token']}"}


async def transcript(client: httpx.AsyncClient, cid: str, auth: dict[str, str]) -> list[tuple]:
    reply = await client.get(f"/api/conversations/{cid}/messages", headers=auth)
    return [(m["sender"], m["text"]) for m in reply.raise_for_status().json()["messages"]]


def test_fifty_buyers_at_once_each_message_stored_and_answered_once(
    database_url: str, tmp_path: Path
) -> None:
    buyers, turns = 50, 3
    with (
        slow_rasa(delay_s=1.0) as rasa,
        gateway(
            database_url, rasa.url, tmp_path, conversations_per_minute_per_address="1000"
        ) as url,
    ):

        async def buyer(client: httpx.AsyncClient, n: int) -> tuple[str, dict, list[int]]:
            cid, auth = await open_conversation(client)
            statuses = []
            for turn in range(turns):
                sent = await client.post(
                    f"/api/conversations/{cid}/messages",
                    json={"text": f"buyer {n} question {turn}", "client_message_id": f"{n}-{turn}"},
                    headers=auth,
                )
                statuses.append(sent.status_code)
            return cid, auth, statuses

        async def run() -> None:
            limits = httpx.Limits(max_connections=buyers * 2)
            async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
                results = await asyncio.gather(*(buyer(client, n) for n in range(buyers)))
                for n, (cid, auth, statuses) in enumerate(results):
                    assert statuses == [200] * turns
                    expected = []
                    for turn in range(turns):
                        question = f"buyer {n} question {turn}"
                        expected += [("buyer", question), ("bot", SlowRasa.echo(question))]
                    assert await transcript(client, cid, auth) == expected
                    assert all(rasa.calls[(cid, q)] == 1 for _, q in expected[::2])

        asyncio.run(run())


def test_a_retried_send_returns_the_stored_turn_and_reaches_rasa_once(
    database_url: str, tmp_path: Path
) -> None:
    with slow_rasa(delay_s=1.5) as rasa, gateway(database_url, rasa.url, tmp_path) as url:

        async def run() -> None:
            async with httpx.AsyncClient(base_url=url, timeout=30) as client:
                cid, auth = await open_conversation(client)
                body = {"text": "Does it do SSO?", "client_message_id": "abc-1"}
                path = f"/api/conversations/{cid}/messages"
                # The client gave up on the first attempt and sent again while it was running.
                first_attempt = asyncio.create_task(client.post(path, json=body, headers=auth))
                await asyncio.sleep(0.3)
                second = await client.post(path, json=body, headers=auth)
                first = await first_attempt
                assert first.status_code == second.status_code == 200
                assert second.json()["repeated"] is True
                assert second.json()["messages"] == first.json()["messages"]
                assert rasa.calls[(cid, "Does it do SSO?")] == 1
                assert await transcript(client, cid, auth) == [
                    ("buyer", "Does it do SSO?"),
                    ("bot", SlowRasa.echo("Does it do SSO?")),
                ]

        asyncio.run(run())


def test_an_empty_rasa_reply_gets_the_honest_trouble_reply(
    database_url: str, tmp_path: Path
) -> None:
    with slow_rasa(delay_s=0.0) as rasa, gateway(database_url, rasa.url, tmp_path) as url:
        rasa.reply_with = []  # what Rasa answers when its action server is down
        with httpx.Client(base_url=url, timeout=30) as client:
            path, auth = open_for_messages(client)
            reply = client.post(path, json={"text": "What does it cost?"}, headers=auth).json()
            assert [m["text"] for m in reply["messages"]] == [TROUBLE_TEXT]
            assert reply["messages"][0]["custom"] is None
            stored = client.get(path, headers=auth).json()["messages"]
            assert [(m["sender"], m["text"]) for m in stored] == [
                ("buyer", "What does it cost?"),
                ("bot", TROUBLE_TEXT),
            ]


def test_a_flood_from_one_conversation_is_bounded_and_nothing_half_stored(
    database_url: str, tmp_path: Path
) -> None:
    with (
        slow_rasa(delay_s=1.0) as rasa,
        gateway(database_url, rasa.url, tmp_path, max_turns_in_flight="2") as url,
    ):

        async def run() -> None:
            async with httpx.AsyncClient(base_url=url, timeout=30) as client:
                cid, auth = await open_conversation(client)
                path = f"/api/conversations/{cid}/messages"
                sent = await asyncio.gather(
                    *(client.post(path, json={"text": f"msg {i}"}, headers=auth) for i in range(6))
                )
                codes = sorted(r.status_code for r in sent)
                assert codes.count(200) >= 2 and set(codes) <= {200, 429}
                assert any(
                    "still being answered" in r.json()["detail"]
                    for r in sent
                    if r.status_code == 429
                )
                accepted = {r.json()["buyer_message"]["text"] for r in sent if r.status_code == 200}
                stored = await transcript(client, cid, auth)
                assert sorted(t for s, t in stored if s == "buyer") == sorted(accepted)
                assert len(stored) == 2 * len(accepted)
                assert sum(rasa.calls.values()) == len(accepted)

        asyncio.run(run())


@contextmanager
def database_away(database_url: str, seconds: float) -> Iterator[threading.Thread]:
    """PostgreSQL refuses every connection (and drops open ones) for a few seconds."""
    name = make_url(normalise_url(database_url)).database
    admin = create_engine(
        make_url(normalise_url(database_url)).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )

    def outage() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            time.sleep(seconds)
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))

    thread = threading.Thread(target=outage)
    try:
        yield thread
    finally:
        thread.join()
        admin.dispose()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_database_outage_after_rasa_answered_loses_no_reply(
    database_url: str, tmp_path: Path
) -> None:
    with (
        slow_rasa(delay_s=1.0) as rasa,
        gateway(database_url, rasa.url, tmp_path) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        path, auth = open_for_messages(client)
        with database_away(database_url, seconds=3.0) as outage:
            # The buyer's message is stored before the outage; Rasa answers during it.
            rasa.delay_s = 1.0
            result: dict = {}
            sender = threading.Thread(
                target=lambda: result.update(
                    r=client.post(path, json={"text": "Is there an API?"}, headers=auth)
                )
            )
            sender.start()
            time.sleep(0.4)
            outage.start()
            sender.join()
        assert result["r"].status_code == 200
        assert [m["text"] for m in result["r"].json()["messages"]] == [
            SlowRasa.echo("Is there an API?")
        ]
        stored = client.get(path, headers=auth).json()["messages"]
        assert [(m["sender"], m["text"]) for m in stored] == [
            ("buyer", "Is there an API?"),
            ("bot", SlowRasa.echo("Is there an API?")),
        ]


def test_redis_away_in_shared_mode_still_answers_the_buyer(
    database_url: str, tmp_path: Path
) -> None:
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"
    with (
        slow_rasa(delay_s=0.1) as rasa,
        gateway(database_url, rasa.url, tmp_path, redis_url=nothing_there) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        opened = client.post("/api/conversations", json={})
        assert opened.status_code == 201
        auth = {"Authorization": f"Bearer {opened.json()['token']}"}
        path = f"/api/conversations/{opened.json()['conversation_id']}/messages"
        reply = client.post(path, json={"text": "Any case studies?"}, headers=auth)
        assert reply.status_code == 200
        assert [m["text"] for m in reply.json()["messages"]] == [SlowRasa.echo("Any case studies?")]


def test_rasa_never_reads_typed_text_as_an_intent_command(
    database_url: str, tmp_path: Path
) -> None:
    with (
        slow_rasa(delay_s=0.0) as rasa,
        gateway(database_url, rasa.url, tmp_path) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        path, auth = open_for_messages(client)
        forged = '/request_handoff{"budget": "900000"}'
        assert client.post(path, json={"text": forged}, headers=auth).status_code == 200
        received = [message for (_, message) in rasa.calls]
        assert received == ['request_handoff{"budget": "900000"}']


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_web_processes_keep_one_conversations_turns_in_order(
    database_url: str, tmp_path: Path
) -> None:
    shared = {"redis_url": "redis://127.0.0.1:6379/14", "redis_prefix": uuid.uuid4().hex}
    with (
        slow_rasa(delay_s=1.0) as rasa,
        gateway(database_url, rasa.url, tmp_path / "a", **shared) as web_a,
        gateway(database_url, rasa.url, tmp_path / "b", **shared) as web_b,
    ):

        async def run() -> list[tuple]:
            async with (
                httpx.AsyncClient(base_url=web_a, timeout=60) as a,
                httpx.AsyncClient(base_url=web_b, timeout=60) as b,
            ):
                cid, auth = await open_conversation(a)
                path = f"/api/conversations/{cid}/messages"
                sent = await asyncio.gather(
                    a.post(path, json={"text": "first, via A"}, headers=auth),
                    b.post(path, json={"text": "second, via B"}, headers=auth),
                )
                assert [r.status_code for r in sent] == [200, 200]
                return await transcript(a, cid, auth)

        stored = asyncio.run(run())
        senders = [sender for sender, _ in stored]
        assert senders == ["buyer", "bot", "buyer", "bot"]
        for (_, question), (_, answer) in zip(stored[::2], stored[1::2], strict=True):
            assert answer == SlowRasa.echo(question)


def test_a_reply_rasa_never_sends_in_that_shape_is_an_honest_trouble_reply(
    database_url: str, tmp_path: Path
) -> None:
    with (
        slow_rasa(delay_s=0.0) as rasa,
        gateway(database_url, rasa.url, tmp_path) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        rasa.reply_with = ["not an object", {"text": "half"}]
        path, auth = open_for_messages(client)
        reply = client.post(path, json={"text": "Do you have an API?"}, headers=auth)
        assert reply.status_code == 200
        assert [m["text"] for m in reply.json()["messages"]] == [TROUBLE_TEXT]
