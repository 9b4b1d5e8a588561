"""Reply latency of the whole path against Rasa's own REST webhook, side by side in one run.

Ours: gateway -> Rasa -> action server -> knowledge retrieval -> stored -> back.
Floor: Rasa's REST webhook called directly with a message answered by a trivial custom action.
Requests alternate between the three paths so machine noise hits them alike, and each path
spreads its turns over the same number of conversations: Rasa reloads a conversation's whole
tracker on every message, so longer conversations cost more whatever the path.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import RESULTS, percentile, write_section
from tests.support.databases import sqlite_database
from tests.support.stack import running_stack

QUESTIONS = [
    "Which warehouses can you sync with?",
    "how long does onboarding usually take",
    "Is our data encrypted at rest?",
    "what happens to our data if we leave",
    "Do you have an SLA for support?",
]
CONVERSATIONS = 5  # per path, used in turn


def time_call(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def run(rounds: int, floor_message: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        database_url = sqlite_database(f"{tmp}/bench.db")
        with running_stack(database_url, Path(tmp)) as stack, httpx.Client(timeout=60) as http:
            conversations = [
                http.post(f"{stack.web_url}/api/conversations", json={}).json()
                for _ in range(CONVERSATIONS)
            ]

            def ours(i: int) -> None:
                opened = conversations[i % CONVERSATIONS]
                r = http.post(
                    f"{stack.web_url}/api/conversations/{opened['conversation_id']}/messages",
                    json={"text": QUESTIONS[i % len(QUESTIONS)]},
                    headers={"Authorization": f"Bearer {opened['token']}"},
                )
                r.raise_for_status()

            def rasa_direct(i: int) -> None:
                body = {
                    "sender": f"bench-direct-{i % CONVERSATIONS}",
                    "message": QUESTIONS[i % len(QUESTIONS)],
                }
                http.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body).raise_for_status()

            def floor(i: int) -> None:
                body = {"sender": f"bench-floor-{i % CONVERSATIONS}", "message": floor_message}
                http.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body).raise_for_status()

            for i in range(CONVERSATIONS):  # warm up models, caches, connections
                ours(i)
                rasa_direct(i)
                floor(i)
            ours_ms, direct_ms, floor_ms = [], [], []
            for i in range(rounds):
                ours_ms.append(time_call(lambda i=i: ours(i)))
                direct_ms.append(time_call(lambda i=i: rasa_direct(i)))
                floor_ms.append(time_call(lambda i=i: floor(i)))
    return report(ours_ms, direct_ms, floor_ms, rounds, floor_message)


def report(
    ours: list[float], direct: list[float], floor: list[float], rounds: int, floor_message: str
) -> str:
    p95_ratio = percentile(ours, 95) / percentile(floor, 95)
    verdict = "met" if p95_ratio <= 1.3 else "NOT met"
    return "\n".join(
        [
            "## Reply latency: whole path vs Rasa REST floor (single buyer)",
            "",
            f"{rounds} rounds of the three calls in turn, after {CONVERSATIONS} warm-ups; each "
            f"path spreads its turns over {CONVERSATIONS} conversations. Floor: Rasa's REST "
            f"webhook with `{floor_message}` (a trivial custom action, no retrieval).",
            "",
            "| path | p50 ms | p95 ms |",
            "| --- | ---: | ---: |",
            row("ours: gateway → Rasa → action → retrieval → stored", ours),
            row("Rasa REST direct, same questions (action + retrieval, no gateway)", direct),
            row("floor: Rasa REST + trivial action", floor),
            "",
            f"p50 ratio {median(ours) / median(floor):.2f}×, p95 ratio {p95_ratio:.2f}× "
            f"(goal ≤ 1.3×: {verdict}).",
        ]
    )


def row(name: str, values: list[float]) -> str:
    return f"| {name} | {median(values):.1f} | {percentile(values, 95):.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--floor-message", default="ease of setup matters most to us")
    parser.add_argument("--out", type=Path, default=RESULTS, help="Markdown file to write into")
    args = parser.parse_args()
    body = run(args.rounds, args.floor_message)
    write_section("latency", body, args.out)
    print(body)


if __name__ == "__main__":
    main()
