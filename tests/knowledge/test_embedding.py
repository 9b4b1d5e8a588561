import numpy as np
import pytest

from bot.knowledge import embedding
from bot.knowledge.embedding import Embedder


def test_a_prefetched_query_is_the_same_vector_and_is_used_once(embedder: Embedder) -> None:
    text = "which warehouses can you sync with, prefetched"  # asked by no other test
    expected = embedder.encode([text])  # not through encode_query: that remembers it

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


def test_a_query_encoded_recently_is_not_encoded_again(embedder: Embedder) -> None:
    text = "is our data encrypted at rest, asked twice"
    first = embedder.encode_query(text)
    before = embedder.pending_prefetches
    embedder.prefetch_query(text)  # the same question again: its vector is still in memory
    assert embedder.pending_prefetches == before
    assert np.array_equal(embedder.encode_query(text), first)
