"""Many buyers at once and one very long conversation, against the real stack.

Two topologies (``--topology``): ``single``, one process each (web, Rasa, actions) on SQLite;
``cluster``, the production topology of the README on this machine (PostgreSQL + Redis,
`bot serve cluster --web 2 --rasa 2`), buyer i on web process i % 2 and the reps spread over
both. Phases 1 and 2 run on each; phase 3 on ``single`` only.

Phase 1, single buyer: one buyer's 10 turns, alone, for the reference latency.
Phase 2, load: 50 buyers × 10 turns at once; three of them ask for a person early and three
reps (logged in through the API) claim and answer them live while the others go on with the
bot. Every buyer message carries a client message id. Afterwards the database is read back:
messages sent vs stored (no loss, no duplicate), turns left without a reply, errors.
Phase 3, long conversation: one conversation driven to 150 turns, then turn 151+ of it timed
side by side (alternating) with turn 2 of fresh conversations.
Loopback only; stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bench.results import percentile, write_section
from bot.db import session_scope
from bot.models import Message, Sender, TurnState
from bot.store import reps as rep_store
from tests.support.cluster import running_cluster
from tests.support.databases import sqlite_database
from tests.support.stack import running_stack

QUESTIONS = [
    "Which warehouses can you sync with?",
    "how long does onboarding usually take",
    "Is our data encrypted at rest?",
    "what happens to our data if we leave",
    "Do you have an SLA for support?",
    "How does pricing work for a team of 40?",
    "Can we import our history from Ordinal?",
    "do you support SSO",
    "We're a 30 person analytics team looking at options",
    "What's the main reason teams switch to you?",
]
ASK_FOR_PERSON = "Can I talk to a person about this please?"
REP_PASSWORD = "bench-" + uuid.uuid4().hex  # a throwaway rep password for this run only
REP_POLL_S = 0.5


@dataclass
class Tally:
    sent: int = 0
    ok: int = 0
    errors: Counter = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    rep_messages: int = 0


async def open_conversation(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    body = (await client.post("/api/conversations", json={})).raise_for_status().json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


async def say(
    client: httpx.AsyncClient, cid: str, auth: dict[str, str], text: str, tally: Tally
) -> None:
    tally.sent += 1
    body = {"text": text, "client_message_id": uuid.uuid4().hex}
    start = time.perf_counter()
    try:
        reply = await client.post(f"/api/conversations/{cid}/messages", json=body, headers=auth)
    except httpx.HTTPError as error:
        tally.errors[type(error).__name__] += 1
        return
    if reply.status_code == 200:
        tally.ok += 1
        tally.latencies_ms.append((time.perf_counter() - start) * 1000)
    else:
        tally.errors[f"HTTP {reply.status_code}"] += 1


async def buyer(client: httpx.AsyncClient, n: int, turns: int, asks: bool, tally: Tally) -> str:
    cid, auth = await open_conversation(client)
    for turn in range(turns):
        text = ASK_FOR_PERSON if asks and turn == 2 else QUESTIONS[(n + turn) % len(QUESTIONS)]
        await say(client, cid, auth, text, tally)
    return cid


async def rep(client: httpx.AsyncClient, email: str, stop: asyncio.Event, tally: Tally) -> None:
    """Claim waiting handoffs and answer each new buyer message in claimed conversations."""
    login = await client.post("/api/reps/login", json={"email": email, "password": REP_PASSWORD})
    csrf = {"X-CSRF-Token": login.raise_for_status().json()["csrf_token"]}
    answered: dict[int, int] = {}  # handoff id -> buyer messages answered
    while not stop.is_set():
        waiting = (await client.get("/api/handoffs", params={"status": "waiting"})).json()
        for handoff in waiting["handoffs"][:1]:
            claimed = await client.post(f"/api/handoffs/{handoff['id']}/claim", headers=csrf)
            if claimed.status_code == 200:
                answered[handoff["id"]] = 0
        for handoff_id, done in list(answered.items()):
            transcript = await client.get(f"/api/handoffs/{handoff_id}")
            buyer_lines = [m for m in transcript.json()["messages"] if m["sender"] == "buyer"]
            if len(buyer_lines) > done:
                sent = await client.post(
                    f"/api/handoffs/{handoff_id}/messages",
                    json={"text": "Thanks, I can help with that. Here is what I'd suggest."},
                    headers=csrf,
                )
                tally.rep_messages += sent.status_code == 200
                answered[handoff_id] = len(buyer_lines)
        await asyncio.sleep(REP_POLL_S)


def add_reps(database_url: str, count: int) -> list[str]:
    emails = [f"bench-rep-{i}@example.com" for i in range(count)]
    with session_scope(database_url) as session:
        for i, email in enumerate(emails):
            rep_store.upsert_rep(
                session,
                email=email,
                name=f"Bench Rep {i}",
                role="Account executive",
                password=REP_PASSWORD,
            )
    return emails


def stored_counts(database_url: str, conversation_ids: list[str]) -> dict[str, int]:
    reply = aliased(Message)
    with session_scope(database_url) as session:
        in_run = Message.conversation_id.in_(conversation_ids)
        buyer = session.scalar(select(func.count()).where(in_run, Message.sender == Sender.BUYER))
        distinct_ids = session.scalar(
            select(func.count(func.distinct(Message.client_id))).where(
                in_run, Message.sender == Sender.BUYER
            )
        )
        pending = session.scalar(
            select(func.count()).where(in_run, Message.turn_state == TurnState.PENDING)
        )
        unanswered = session.scalar(
            select(func.count()).where(
                in_run,
                Message.turn_state == TurnState.ANSWERED,
                ~select(reply.id).where(reply.reply_to == Message.id).exists(),
            )
        )
    return {"buyer": buyer, "distinct": distinct_ids, "pending": pending, "unanswered": unanswered}


async def single_buyer(url: str, turns: int) -> Tally:
    tally = Tally()
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        await buyer(client, 0, turns, asks=False, tally=tally)
    return tally


async def load(webs: list[str], database_url: str, buyers: int, turns: int, reps: int) -> dict:
    """Buyer i talks to web process i % len(webs); so does rep i."""
    tally, rep_tally = Tally(), Tally()
    emails = add_reps(database_url, reps)
    stop = asyncio.Event()
    limits = httpx.Limits(max_connections=buyers * 2)
    async with contextlib.AsyncExitStack() as clients:
        buyer_clients = [
            await clients.enter_async_context(
                httpx.AsyncClient(base_url=url, timeout=120, limits=limits)
            )
            for url in webs
        ]
        rep_clients = [
            httpx.AsyncClient(base_url=webs[i % len(webs)], timeout=60) for i in range(len(emails))
        ]
        rep_tasks = [
            asyncio.create_task(rep(c, e, stop, rep_tally))
            for c, e in zip(rep_clients, emails, strict=True)
        ]
        start = time.perf_counter()
        asking = set(range(0, buyers, max(1, buyers // reps)))  # reps one each
        cids = await asyncio.gather(
            *(
                buyer(buyer_clients[n % len(webs)], n, turns, n in asking, tally)
                for n in range(buyers)
            )
        )
        elapsed = time.perf_counter() - start
        await asyncio.sleep(REP_POLL_S * 3)  # let reps answer the last messages
        stop.set()
        for outcome in await asyncio.gather(*rep_tasks, return_exceptions=True):
            if isinstance(outcome, BaseException):
                rep_tally.errors[f"rep: {type(outcome).__name__}: {outcome}"[:160]] += 1
        for c in rep_clients:
            await c.aclose()
    return {
        "tally": tally,
        "rep_messages": rep_tally.rep_messages,
        "rep_errors": rep_tally.errors,
        "elapsed_s": elapsed,
        "stored": stored_counts(database_url, list(cids)),
    }


async def long_conversation(url: str, length: int, rounds: int) -> tuple[list[float], list[float]]:
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        cid, auth = await open_conversation(client)
        warm = Tally()
        for turn in range(length):
            await say(client, cid, auth, QUESTIONS[turn % len(QUESTIONS)], warm)
        long_ms, fresh_ms = [], []
        for i in range(rounds):
            question = QUESTIONS[i % len(QUESTIONS)]
            timed = Tally()
            await say(client, cid, auth, question, timed)
            fresh_cid, fresh_auth = await open_conversation(client)
            await say(client, fresh_cid, fresh_auth, QUESTIONS[(i + 1) % len(QUESTIONS)], Tally())
            await say(client, fresh_cid, fresh_auth, question, timed)
            long_ms.append(timed.latencies_ms[0])
            fresh_ms.append(timed.latencies_ms[1])
    return long_ms, fresh_ms


SINGLE = "One process each (web, Rasa, actions) on SQLite"
CLUSTER = (
    "PostgreSQL + Redis, `bot serve cluster --web 2 --rasa 2` (2 web, 2 Rasa, 1 action server); "
    "buyer i on web process i % 2, the reps spread over both"
)


def measure(webs: list[str], database_url: str, buyers: int, turns: int, reps: int):
    for url in webs:  # every Rasa server builds its graphs on its first turns
        asyncio.run(single_buyer(url, 3))
    alone = asyncio.run(single_buyer(webs[0], turns))
    loaded = asyncio.run(load(webs, database_url, buyers, turns, reps))
    return alone, loaded


def run_single(buyers: int, turns: int, reps: int, length: int, rounds: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        database_url = sqlite_database(f"{tmp}/bench.db")
        with running_stack(database_url, Path(tmp)) as stack:
            alone, loaded = measure([stack.web_url], database_url, buyers, turns, reps)
            long_ms, fresh_ms = asyncio.run(long_conversation(stack.web_url, length, rounds))
    return "\n".join(
        [
            f"### {SINGLE}",
            "",
            load_table(alone, loaded),
            "",
            long_table(long_ms, fresh_ms, length),
        ]
    )


def run_cluster(buyers: int, turns: int, reps: int) -> str:
    with tempfile.TemporaryDirectory() as tmp, running_cluster(Path(tmp)) as cluster:
        alone, loaded = measure(cluster.webs, cluster.database_url, buyers, turns, reps)
    return "\n".join([f"### {CLUSTER}", "", load_table(alone, loaded)])


def run(topology: str, buyers: int, turns: int, reps: int, length: int, rounds: int) -> str:
    # Every simulated buyer comes from 127.0.0.1: lift the per-address creation limit.
    os.environ["CANDOR_CONVERSATIONS_PER_MINUTE_PER_ADDRESS"] = str(10 * (buyers + rounds))
    parts = [
        "## Load: 50 buyers at once, and a 150-turn conversation (issue 10)",
        "",
        f"Real stack. {buyers} buyers × {turns} turns at once; {reps} of them ask for a person "
        f"at turn 3 and {reps} reps claim and answer them live through the API. The one-buyer "
        "figures are from the same stack in the same run, just before the load.",
    ]
    if topology in ("single", "both"):
        parts += ["", run_single(buyers, turns, reps, length, rounds)]
    if topology in ("cluster", "both"):
        parts += ["", run_cluster(buyers, turns, reps)]
    return "\n".join(parts)


def load_table(alone: Tally, loaded: dict) -> str:
    tally: Tally = loaded["tally"]
    stored = loaded["stored"]
    errors = ", ".join(f"{k} × {v}" for k, v in tally.errors.items()) or "none"
    exact = stored["buyer"] == tally.sent and stored["distinct"] == tally.sent
    p50_alone, p50_load = median(alone.latencies_ms), median(tally.latencies_ms)
    return "\n".join(
        [
            "| figure | value |",
            "| --- | ---: |",
            f"| buyer messages sent / stored / distinct client ids | {tally.sent} / "
            f"{stored['buyer']} / {stored['distinct']} ({'exact' if exact else 'NOT exact'}) |",
            f"| turns left pending / answered without a stored reply | {stored['pending']} / "
            f"{stored['unanswered']} |",
            f"| errors | {errors} |",
            f"| rep messages sent live | {loaded['rep_messages']} "
            f"({', '.join(loaded['rep_errors']) or 'no rep errors'}) |",
            f"| throughput | {tally.ok / loaded['elapsed_s']:.1f} buyer messages/s "
            f"({loaded['elapsed_s']:.0f} s) |",
            f"| reply p50 / p95, one buyer alone | {p50_alone:.0f} / "
            f"{percentile(alone.latencies_ms, 95):.0f} ms |",
            f"| reply p50 / p95, under load | {p50_load:.0f} / "
            f"{percentile(tally.latencies_ms, 95):.0f} ms ({p50_load / p50_alone:.1f}× alone) |",
        ]
    )


def long_table(long_ms: list[float], fresh_ms: list[float], length: int) -> str:
    ratio = median(long_ms) / median(fresh_ms)
    return "\n".join(
        [
            f"Long conversation: after {length} turns, {len(long_ms)} more turns of it alternated "
            "with turn 2 of fresh conversations (same questions).",
            "",
            "| turn | p50 ms | p95 ms |",
            "| --- | ---: | ---: |",
            f"| {length + 1}+ of one conversation | {median(long_ms):.0f} | "
            f"{percentile(long_ms, 95):.0f} |",
            f"| 2 of a fresh conversation | {median(fresh_ms):.0f} | "
            f"{percentile(fresh_ms, 95):.0f} |",
            "",
            f"p50 ratio {ratio:.2f}× (goal ≤ 1.2×: {'met' if ratio <= 1.2 else 'NOT met'}).",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--length", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--topology",
        choices=["single", "cluster", "both"],
        default="both",
        help="single: one process each on SQLite (with the long conversation); cluster: "
        "PostgreSQL + Redis, 2 web and 2 Rasa processes; both (default). The load section "
        "holds the topologies of the last run only.",
    )
    args = parser.parse_args()
    body = run(args.topology, args.buyers, args.turns, args.reps, args.length, args.rounds)
    write_section("load", body)
    print(body)


if __name__ == "__main__":
    main()
