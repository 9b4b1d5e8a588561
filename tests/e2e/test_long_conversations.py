"""A long conversation starts new Rasa sessions, so its turns stay as cheap as a short one's.

Against the real stack: the new session must carry the slots over (the page the last answer
came from, so a follow-up still works) and Rasa must then load only the new session's events,
with one slot event per slot however many sessions came before (Rasa's own session start
replays every slot event of the ending session, so they piled up over the whole conversation).
"""

from __future__ import annotations

import asyncio

import httpx

from bot.rasa_client import RasaClient
from tests.support.stack import Stack


def say(http: httpx.Client, stack: Stack, opened: dict, text: str) -> dict:
    reply = http.post(
        f"{stack.web_url}/api/conversations/{opened['conversation_id']}/messages",
        json={"text": text},
        headers={"Authorization": f"Bearer {opened['token']}"},
    )
    reply.raise_for_status()
    return reply.json()


def tracker(http: httpx.Client, stack: Stack, conversation_id: str) -> dict:
    return http.get(f"{stack.rasa_url}/conversations/{conversation_id}/tracker").json()


def current_session(events: list[dict]) -> list[dict]:
    starts = [i for i, e in enumerate(events) if e["event"] == "session_started"]
    return events[starts[-1] :]


def test_a_new_rasa_session_keeps_slots_and_drops_old_events(stack: Stack) -> None:
    with httpx.Client(timeout=60) as http:
        opened = http.post(f"{stack.web_url}/api/conversations", json={}).json()
        cid = opened["conversation_id"]
        first = say(http, stack, opened, "Which warehouses can you sync with?")
        assert first["messages"][0]["sources"], "the question should get a cited answer"
        page = tracker(http, stack, cid)["slots"]["last_answer_page"]
        assert page

        async def new_session() -> bool:
            client = RasaClient(stack.rasa_url, timeout_s=30)
            try:
                return await client.start_new_session(cid)
            finally:
                await client.aclose()

        assert asyncio.run(new_session()) is True

        after = tracker(http, stack, cid)
        assert after["slots"]["last_answer_page"] == page
        # Rasa loads a turn's tracker from the latest session start on (SQLTrackerStore):
        # the buyer's earlier message is no longer in it, the slots are.
        events = after["events"]
        starts = [i for i, e in enumerate(events) if e["event"] == "session_started"]
        assert len(starts) == 2, "the first session's start and the new one"
        current = events[starts[-1] :]
        assert not [e for e in current if e["event"] == "user"]
        assert {"event": "slot", "name": "last_answer_page"} in [
            {"event": e["event"], "name": e.get("name")} for e in current
        ]

        # The conversation goes on, in the buyer's transcript as if nothing happened.
        follow_up = say(http, stack, opened, "and is that data encrypted at rest?")
        assert follow_up["messages"] and follow_up["messages"][0]["text"]
        transcript = http.get(
            f"{stack.web_url}/api/conversations/{cid}/messages",
            headers={"Authorization": f"Bearer {opened['token']}"},
        ).json()["messages"]
        assert "/session_start" not in [m["text"] for m in transcript]

        # A second new session carries each slot once: not the first session's carried slot
        # events again plus the follow-up's, as Rasa's default session start would.
        before = tracker(http, stack, cid)["slots"]
        assert asyncio.run(new_session()) is True
        after = tracker(http, stack, cid)
        assert after["slots"] == before
        current = current_session(after["events"])
        slot_names = [e["name"] for e in current if e["event"] == "slot"]
        assert len(slot_names) == len(set(slot_names)), slot_names
        assert [e["event"] for e in current if e["event"] != "slot"] == [
            "session_started",
            "action",
        ]
