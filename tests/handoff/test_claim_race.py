"""Two reps claiming the same handoff at the same moment: exactly one wins (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest

from bot.db import session_scope
from bot.store import handoffs as handoff_store
from tests.handoff.factories import add_conversation, add_rep

pytestmark = pytest.mark.postgres


def _claim_all_at_once(database_url: str, handoff_id: int, rep_ids: list[int]) -> list[str]:
    barrier = threading.Barrier(len(rep_ids))
    results: list[str] = []
    lock = threading.Lock()

    def claim(rep_id: int) -> None:
        with session_scope(database_url) as session:
            session.connection()  # check out a connection before the start line
            barrier.wait()
            try:
                handoff_store.claim(session, handoff_id=handoff_id, rep_id=rep_id)
                outcome = f"won:{rep_id}"
            except handoff_store.HandoffConflict:
                outcome = "lost"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=claim, args=(rep_id,)) for rep_id in rep_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_concurrent_claims_on_postgres_have_exactly_one_winner(postgres_url: str) -> None:
    reps = [add_rep(postgres_url, f"racer{i}@example.com") for i in range(2)]
    for _ in range(10):
        conversation_id, _ = add_conversation(postgres_url)
        with session_scope(postgres_url) as session:
            handoff_id = handoff_store.create_handoff(
                session,
                conversation_id=conversation_id,
                trigger="asked_for_person",
                reason="race",
                summary={},
                rep_id=None,
                routing={},
            ).id
        results = _claim_all_at_once(postgres_url, handoff_id, reps)
        winners = [r for r in results if r.startswith("won")]
        assert len(results) == 2 and len(winners) == 1, results
        with session_scope(postgres_url) as session:
            handoff = handoff_store.get_handoff(session, handoff_id=handoff_id)
            assert f"won:{handoff.rep_id}" == winners[0]
