"""FAISS persistence: JSON sidecar, incremental and atomic builds, flat vs HNSW."""

from __future__ import annotations

import json
from pathlib import Path

import faiss
import numpy as np
import pytest

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.chunking import chunk_document
from bot.knowledge.documents import load_folder
from bot.knowledge.index import (
    POINTER,
    SIDECAR_FILE,
    build_index,
    load_index,
    save_index,
)


def chunks_of(folder: Path, settings):
    return [
        c
        for d in load_folder(folder).documents
        for c in chunk_document(d, settings.chunk_max_words, settings.chunk_overlap_words)
    ]


def test_round_trip_with_json_sidecar(mini_dir: Path, tmp_path: Path, embedder, settings) -> None:
    chunks = chunks_of(mini_dir, settings)
    stored, embedded, _, _ = build_index(chunks, embedder, None, 50_000)
    assert embedded == len(chunks) == 6
    vectors = stored.vectors()
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)

    save_index(stored, tmp_path / "idx")
    generation = (tmp_path / "idx" / POINTER).read_text()
    sidecar = json.loads((tmp_path / "idx" / generation / SIDECAR_FILE).read_text())
    assert sidecar["model"] == embedder.model_name
    assert [c["content_hash"] for c in sidecar["chunks"]] == [c.content_hash for c in chunks]

    loaded = load_index(tmp_path / "idx")
    assert loaded is not None and loaded.chunks == chunks and loaded.kind == "flat"
    assert np.allclose(loaded.vectors(), vectors)


def test_incremental_build_embeds_only_changed_sections(mini_dir: Path, open_kb, write) -> None:
    kb = open_kb(mini_dir)
    assert kb.last_build.embedded == 6
    page = mini_dir / "pricing.md"
    write(page, page.read_text().replace("40 dollars", "45 dollars"))
    assert kb.refresh() is True
    assert kb.last_build.embedded == 1
    assert "45 dollars" in kb.search("price of the Basic plan", k=1)[0].text

    reopened = open_kb(mini_dir)  # a new process: vectors come from the saved index
    assert reopened.last_build.embedded == 0
    assert reopened.last_build.saved is False


def test_interrupted_build_leaves_previous_index_serving(
    mini_dir: Path, tmp_path: Path, open_kb, write, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "idx"
    first = open_kb(mini_dir, index)
    before = load_index(index)
    page = mini_dir / "security.md"
    write(page, page.read_text().replace("Dublin, Ireland", "Lisbon, Portugal"))

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", crash)
    first.refresh()  # the save fails: logged, the new content is served from memory
    assert "Lisbon" in first.search("where are the servers", k=1)[0].text
    after = load_index(index)
    assert after is not None and after.generation == before.generation
    assert "Dublin" in " ".join(c.text for c in after.chunks)
    assert not list(index.glob(".building-*"))  # the half-written folder was cleaned up


def test_switches_to_hnsw_above_threshold(mini_dir: Path, open_kb) -> None:
    kb = open_kb(mini_dir, approximate_index_threshold=3)
    assert kb.index_kind == "hnsw"
    assert kb.search("AES-256 encryption at rest", k=1)[0].path == "security.md"
    small = open_kb(mini_dir, approximate_index_threshold=1000)
    assert small.index_kind == "flat"


def test_corrupt_index_is_rebuilt(mini_dir: Path, tmp_path: Path, open_kb) -> None:
    index = tmp_path / "idx"
    open_kb(mini_dir, index)
    generation = (index / POINTER).read_text()
    (index / generation / SIDECAR_FILE).write_text("{not json")
    kb: KnowledgeBase = open_kb(mini_dir, index)
    assert kb.last_build.embedded == 6 and kb.last_build.saved
    assert load_index(index) is not None
