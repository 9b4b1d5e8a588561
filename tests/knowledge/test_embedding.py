import numpy as np
import pytest

from bot.knowledge import embedding
from bot.knowledge.embedding import Embedder


def test_a_prefetched_query_is_the_same_vector_and_is_used_once(embedder: Embedder) -> None:
    text = "which warehouses can you sync with"
    expected = embedder.encode_query(text)

    embedder.prefetch_query(text)
    embedder.prefetch_query(text)  # the gateway may send the same text twice
    assert embedder.pending_prefetches == 1
    got = embedder.encode_query(text)

    assert np.array_equal(got, expected)
    assert embedder.pending_prefetches == 0


def test_prefetches_nobody_asks_for_expire(
    embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder.prefetch_query("hello there")
    monkeypatch.setattr(embedding, "PREFETCH_TTL_S", 0.0)
    embedder.prefetch_query("thanks, bye")
    assert embedder.pending_prefetches == 1  # only the newest is kept
    embedder.encode_query("thanks, bye")
    assert embedder.pending_prefetches == 0
