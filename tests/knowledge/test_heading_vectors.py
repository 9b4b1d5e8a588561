"""Section headings are embedded by the index build, saved with it and never by a search."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.knowledge import Embedder
from bot.knowledge.index import (
    HEADINGS_FILE,
    POINTER,
    SIDECAR_FILE,
    StoredIndex,
    load_index,
)
from bot.knowledge.search import Retriever


@pytest.fixture
def encoded(embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the real model is asked to encode from now on, in order."""
    texts: list[str] = []
    encode = embedder._encode

    def recording(batch: list[str]) -> np.ndarray:
        texts.extend(batch)
        return encode(batch)

    monkeypatch.setattr(embedder, "_encode", recording)
    return texts


def test_build_saves_one_vector_per_distinct_heading(
    mini_dir: Path, tmp_path: Path, open_kb, embedder: Embedder
) -> None:
    index = tmp_path / "idx"
    kb = open_kb(mini_dir, index)
    headings = sorted({c.heading for c in kb.chunks()})
    assert kb.last_build.headings_embedded == len(headings)

    generation = (index / POINTER).read_text()
    sidecar = json.loads((index / generation / SIDECAR_FILE).read_text())
    assert [h["text"] for h in sidecar["headings"]] == headings
    on_disk = np.load(index / generation / HEADINGS_FILE)
    assert on_disk.dtype == np.float32 and on_disk.shape == (len(headings), embedder.dimension)
    assert np.allclose(on_disk, embedder.encode(headings), atol=1e-5)

    loaded = load_index(index)
    assert loaded is not None and loaded.headings == headings
    assert np.array_equal(loaded.heading_vectors, on_disk)
    rows = loaded.chunk_heading_vectors()
    for chunk, row in zip(loaded.chunks, rows, strict=True):
        assert np.array_equal(row, on_disk[headings.index(chunk.heading)])


def test_search_after_load_encodes_only_the_question(
    mini_dir: Path, tmp_path: Path, open_kb, encoded: list[str]
) -> None:
    index = tmp_path / "idx"
    open_kb(mini_dir, index)
    encoded.clear()
    kb = open_kb(mini_dir, index)  # a new process: everything comes from the saved index
    assert kb.last_build.embedded == kb.last_build.headings_embedded == 0
    question = "which plans are there and what do they cost per workspace"
    hits = kb.search(question, k=3)
    assert encoded == [question]
    assert hits and hits[0].heading == "Plans" and hits[0].heading_cosine > 0.0


def test_heading_cosine_is_the_question_against_the_heading(
    mini_dir: Path, open_kb, embedder: Embedder
) -> None:
    kb = open_kb(mini_dir)
    question = "how do refunds work for annual plans"
    for hit in kb.search(question, k=4):
        expected = float(embedder.encode([hit.heading])[0] @ embedder.encode([question])[0])
        assert hit.heading_cosine == pytest.approx(expected, abs=1e-5)


def test_an_edited_heading_is_embedded_on_reload_and_used(
    mini_dir: Path, tmp_path: Path, open_kb, write, embedder: Embedder, encoded: list[str]
) -> None:
    index = tmp_path / "idx"
    kb = open_kb(mini_dir, index)
    page = mini_dir / "pricing.md"
    write(page, page.read_text().replace("## Refunds", "## Money back guarantee"))
    encoded.clear()
    assert kb.refresh() is True
    # The section's sentences mention the heading, so they are new too; of the headings, only
    # the new one is embedded, and the old one is gone from the index.
    assert kb.last_build.headings_embedded == 1 and "Money back guarantee" in encoded
    assert "Refunds" not in encoded
    stored = load_index(index)
    assert stored is not None and "Refunds" not in stored.headings
    assert "Money back guarantee" in stored.headings

    question = "is there a money back guarantee"
    encoded.clear()
    top = kb.search(question, k=1)[0]
    assert encoded == [question]
    assert top.heading == "Money back guarantee"
    expected = float(embedder.encode(["Money back guarantee"])[0] @ embedder.encode([question])[0])
    assert top.heading_cosine == pytest.approx(expected, abs=1e-5)


def test_an_index_from_before_heading_vectors_is_upgraded_on_open(
    mini_dir: Path, tmp_path: Path, open_kb, encoded: list[str]
) -> None:
    index = tmp_path / "idx"
    first = open_kb(mini_dir, index)
    question = "what does the Pro plan add"
    before = [(h.chunk_id, h.score, h.heading_cosine) for h in first.search(question, k=4)]
    # Make the served generation look like one written by the previous version (format 2).
    generation = index / (index / POINTER).read_text()
    sidecar = json.loads((generation / SIDECAR_FILE).read_text())
    sidecar["format"] = 2
    del sidecar["headings"]
    (generation / SIDECAR_FILE).write_text(json.dumps(sidecar))
    (generation / HEADINGS_FILE).unlink()
    old = load_index(index)
    assert old is not None and old.heading_vectors is None
    with pytest.raises(ValueError, match="bot kb build"):
        old.chunk_heading_vectors()

    encoded.clear()
    kb = open_kb(mini_dir, index)  # rebuilt: chunk and unit vectors reused, headings embedded
    headings = sorted({c.heading for c in kb.chunks()})
    assert kb.last_build.embedded == kb.last_build.units_embedded == 0
    assert kb.last_build.headings_embedded == len(headings) and kb.last_build.saved
    assert sorted(encoded) == headings
    upgraded = load_index(index)
    assert upgraded is not None and upgraded.headings == headings
    after = [(h.chunk_id, h.score, h.heading_cosine) for h in kb.search(question, k=4)]
    assert after == before


def test_a_retriever_refuses_an_index_without_heading_vectors(
    mini_dir: Path, open_kb, embedder: Embedder
) -> None:
    stored = open_kb(mini_dir)._snapshot.stored
    bare = StoredIndex(stored.model, stored.chunks, stored.vector_store, units=stored.units)
    with pytest.raises(ValueError, match="bot kb build"):
        Retriever(bare, None, embedder)  # type: ignore[arg-type]


def test_serve_index_embeds_missing_headings_before_serving(
    mini_dir: Path, open_kb, encoded: list[str]
) -> None:
    kb = open_kb(mini_dir)
    stored = kb._snapshot.stored
    question = "where is customer data hosted"
    expected = [(h.chunk_id, h.heading_cosine) for h in kb.search(question, k=3)]
    bare = StoredIndex(stored.model, stored.chunks, stored.vector_store, units=stored.units)
    encoded.clear()
    kb.serve_index(bare)
    assert sorted(encoded) == sorted({c.heading for c in stored.chunks})
    encoded.clear()
    hits = kb.search(question, k=3)
    assert encoded == []  # the question's vector is the embedder's recent one
    assert [(h.chunk_id, h.heading_cosine) for h in hits] == expected
