"""The persisted dense index: FAISS vectors plus a JSON sidecar with the chunk metadata.

Layout of the index folder::

    CURRENT                      # name of the generation being served
    gen-<time>-<rand>/chunks.faiss
    gen-<time>-<rand>/chunks.json  # model, chunk and unit metadata and content hashes (JSON, not
                                   # pickle: it is safe to load and readable by other tools)
    gen-<time>-<rand>/units.npy    # one vector per quotable unit (see ``units.py``)
    gen-<time>-<rand>/headings.npy # one vector per distinct section heading (the search weighs
                                   # a question's closeness to a section's heading alone)

A build writes a new generation into a temporary folder, renames it into place and only then
replaces ``CURRENT`` (``os.replace`` is atomic), so a failed or interrupted build leaves the
previous generation serving. Builds are incremental: a chunk, unit or heading whose content
hash is already in the previous generation reuses its vector instead of being embedded again.

A generation written before headings were embedded at build time (format 2) is still read, for
its chunk and unit vectors only: it has no heading vectors, so the knowledge base never serves it
as it is but rebuilds on load, embedding just the headings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from bot.knowledge.chunking import Chunk
from bot.knowledge.embedding import Embedder
from bot.knowledge.units import Unit, section_units
from bot.knowledge.vector_store import FaissStore, VectorStore

FORMAT_VERSION = 3  # 2: quotable units and their vectors; 3: heading vectors
READABLE_FORMATS = (2, 3)  # 2 is read for its vectors and rebuilt (it has no heading vectors)
POINTER = "CURRENT"
SIDECAR_FILE = "chunks.json"
UNITS_FILE = "units.npy"
HEADINGS_FILE = "headings.npy"
GENERATIONS_KEPT = 2  # the served one and its predecessor, for readers mid-load


@dataclass
class StoredIndex:
    """Chunks, their vectors (in a ``VectorStore``) and the documents they came from."""

    model: str
    chunks: list[Chunk]
    vector_store: VectorStore
    documents: list[dict[str, Any]] = field(default_factory=list)
    generation: str | None = None
    units: list[Unit] = field(default_factory=list)
    unit_vectors: np.ndarray | None = None  # float32, one normalised row per unit
    # Every distinct chunk heading, sorted, and its vector (float32, one normalised row each);
    # ``None`` for an index that has none yet (format 2, or built by hand): not servable.
    headings: list[str] = field(default_factory=list)
    heading_vectors: np.ndarray | None = None

    @property
    def kind(self) -> str:
        return self.vector_store.kind

    @property
    def dimension(self) -> int:
        return self.vector_store.dimension

    def vectors(self) -> np.ndarray:
        """All chunk vectors, in chunk order."""
        return self.vector_store.all_vectors()

    def vectors_at(self, ids: list[int]) -> np.ndarray:
        return self.vector_store.vectors_at(ids)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` ``(scores, ids)`` for one normalised query vector."""
        return self.vector_store.search(query, k)

    def chunk_heading_vectors(self) -> np.ndarray:
        """Each chunk's heading vector, in chunk order (chunks sharing a heading share a row).

        Raises ``ValueError`` for an index without heading vectors: it was built by an older
        version, and ``bot kb build`` (or opening the knowledge base) rebuilds it.
        """
        if self.heading_vectors is None:
            raise ValueError(
                "the knowledge index has no heading vectors (built by an older version): "
                "run `bot kb build`"
            )
        rows = {h: i for i, h in enumerate(self.headings)}
        missing = sorted({c.heading for c in self.chunks} - rows.keys())
        if missing:
            raise ValueError(
                f"the knowledge index has no vector for the heading {missing[0]!r}: "
                "run `bot kb build`"
            )
        order = [rows[c.heading] for c in self.chunks]
        return np.ascontiguousarray(self.heading_vectors[order], dtype=np.float32)


def heading_hash(heading: str) -> str:
    """The content hash a heading's vector is cached under (apart from chunks' and units')."""
    return hashlib.sha256(f"heading\n{heading}".encode()).hexdigest()[:32]


def chunk_headings(chunks: list[Chunk]) -> list[str]:
    """The distinct headings of ``chunks``, sorted: what one heading vector is kept for."""
    return sorted({c.heading for c in chunks})


def build_index(
    chunks: list[Chunk],
    embedder: Embedder,
    previous: StoredIndex | None,
    approximate_threshold: int,
    documents: list[dict[str, Any]] | None = None,
    progress: Callable[[int, int], None] | None = None,
    overlap_words: int = 0,
) -> tuple[StoredIndex, int, int, int]:
    """A new index over ``chunks``, their quotable units and their distinct headings; returns
    it and how many chunks, units and headings had to be embedded.

    ``progress(done, total)`` is called as texts are embedded (total counts only those).
    """
    units = section_units(chunks, overlap_words)
    headings = chunk_headings(chunks)
    known = _vectors_by_hash(previous, embedder.model_name)
    missing = _unique_texts(
        [(c.content_hash, c.embedding_text) for c in chunks]
        + [(u.content_hash, u.embedding_text) for u in units],
        known,
    )
    missing_headings = [h for h in headings if heading_hash(h) not in known]
    total = len(missing) + len(missing_headings)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    if missing:
        fresh = embedder.encode(list(missing.values()), progress=step)
        known.update(zip(missing, fresh, strict=True))
    if missing_headings:
        fresh = _encode_headings(missing_headings, embedder)
        known.update(zip(map(heading_hash, missing_headings), fresh, strict=True))
        step(len(missing_headings))
    if known:
        dimension = len(next(iter(known.values())))
    else:
        dimension = previous.dimension if previous else embedder.dimension
    vector_store = FaissStore.build(
        _matrix(chunks, known, dimension), dimension, approximate_threshold
    )
    stored = StoredIndex(
        model=embedder.model_name,
        chunks=list(chunks),
        vector_store=vector_store,
        documents=list(documents or []),
        units=units,
        unit_vectors=_matrix(units, known, dimension),
        headings=headings,
        heading_vectors=_heading_matrix(headings, known, dimension),
    )
    fresh_chunks = len({c.content_hash for c in chunks} & missing.keys())
    return stored, fresh_chunks, len(missing) - fresh_chunks, len(missing_headings)


def with_heading_vectors(stored: StoredIndex, embedder: Embedder) -> StoredIndex:
    """``stored`` itself if it has a vector for each of its chunks' headings, otherwise it
    with them embedded (for an index assembled in memory, like the benchmark's tiers)."""
    headings = chunk_headings(stored.chunks)
    if stored.heading_vectors is not None and set(headings) <= set(stored.headings):
        return stored
    if headings:
        vectors = _encode_headings(headings, embedder)
    else:
        vectors = np.zeros((0, stored.dimension), dtype=np.float32)
    return replace(stored, headings=headings, heading_vectors=vectors)


def _encode_headings(headings: list[str], embedder: Embedder) -> np.ndarray:
    """Headings' vectors, encoded in one call of their own and normalised again, exactly as
    the search embedded them when it did so lazily (the same vectors, bit for bit)."""
    matrix = embedder.encode(headings)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-9)).astype(np.float32)


def _heading_matrix(headings: list[str], known: dict[str, np.ndarray], dimension: int):
    if not headings:
        return np.zeros((0, dimension), dtype=np.float32)
    rows = [known[heading_hash(h)] for h in headings]
    return np.ascontiguousarray(np.vstack(rows), np.float32)


def _unique_texts(items: list[tuple[str, str]], known: dict[str, np.ndarray]) -> dict[str, str]:
    """``{content_hash: text}`` of what still has to be embedded, each hash once."""
    missing: dict[str, str] = {}
    for content_hash, text in items:
        if content_hash not in known:
            missing.setdefault(content_hash, text)
    return missing


def _matrix(items: list[Any], known: dict[str, np.ndarray], dimension: int) -> np.ndarray:
    if not items:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.ascontiguousarray(np.vstack([known[i.content_hash] for i in items]), np.float32)


def save_index(stored: StoredIndex, index_dir: Path) -> str:
    """Write a new generation and atomically make it the served one; returns its name."""
    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=index_dir))
    try:
        stored.vector_store.save(tmp)
        sidecar = {
            "format": FORMAT_VERSION,
            "model": stored.model,
            "kind": stored.kind,
            "dimension": stored.dimension,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "documents": stored.documents,
            "chunks": [c.to_json() for c in stored.chunks],
            "units": [u.to_json() for u in stored.units],
            "headings": [{"text": h, "content_hash": heading_hash(h)} for h in stored.headings],
        }
        if stored.heading_vectors is None:
            raise ValueError("an index without heading vectors cannot be saved")
        np.save(tmp / UNITS_FILE, _unit_matrix(stored))
        np.save(tmp / HEADINGS_FILE, stored.heading_vectors)
        _write_text(tmp / SIDECAR_FILE, json.dumps(sidecar, ensure_ascii=False))
        name = f"gen-{time.time_ns()}-{os.getpid()}"
        os.rename(tmp, index_dir / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _write_text(index_dir / f".{POINTER}.tmp-{os.getpid()}", name, replace=index_dir / POINTER)
    stored.generation = name
    _remove_old_generations(index_dir, keep=name)
    return name


def load_index(index_dir: Path) -> StoredIndex | None:
    """The served generation, or ``None`` if there is none or it cannot be read.

    A format-2 generation comes back without heading vectors (``heading_vectors`` is
    ``None``): good for reusing its vectors in a build, not for serving.
    """
    try:
        name = (index_dir / POINTER).read_text(encoding="utf-8").strip()
        folder = index_dir / name
        sidecar = json.loads((folder / SIDECAR_FILE).read_text(encoding="utf-8"))
        if sidecar.get("format") not in READABLE_FORMATS:
            return None
        vector_store = FaissStore.load(folder)
        unit_vectors = np.load(folder / UNITS_FILE, allow_pickle=False)
        heading_vectors = None
        if sidecar["format"] >= 3:
            heading_vectors = np.load(folder / HEADINGS_FILE, allow_pickle=False)
    except (OSError, ValueError, RuntimeError):
        return None
    chunks = [Chunk.from_json(c) for c in sidecar["chunks"]]
    units = [Unit.from_json(u) for u in sidecar.get("units", [])]
    headings = [h["text"] for h in sidecar.get("headings", [])]
    if len(vector_store) != len(chunks) or len(unit_vectors) != len(units):
        return None
    if heading_vectors is not None and (
        len(heading_vectors) != len(headings) or set(chunk_headings(chunks)) - set(headings)
    ):
        return None
    return StoredIndex(
        model=sidecar["model"],
        chunks=chunks,
        vector_store=vector_store,
        documents=sidecar.get("documents", []),
        generation=name,
        units=units,
        unit_vectors=np.ascontiguousarray(unit_vectors, dtype=np.float32),
        headings=headings,
        heading_vectors=(
            None
            if heading_vectors is None
            else np.ascontiguousarray(heading_vectors, dtype=np.float32)
        ),
    )


def _vectors_by_hash(previous: StoredIndex | None, model: str) -> dict[str, np.ndarray]:
    if previous is None or previous.model != model:
        return {}  # vectors from another model are not comparable: embed everything again
    vectors = previous.vectors()
    known = {c.content_hash: vectors[i] for i, c in enumerate(previous.chunks)}
    unit_vectors = _unit_matrix(previous)
    known.update({u.content_hash: unit_vectors[i] for i, u in enumerate(previous.units)})
    if previous.heading_vectors is not None:
        rows = previous.heading_vectors
        known.update({heading_hash(h): rows[i] for i, h in enumerate(previous.headings)})
    return known


def _unit_matrix(stored: StoredIndex) -> np.ndarray:
    if stored.unit_vectors is None:
        return np.zeros((0, stored.dimension), dtype=np.float32)
    return stored.unit_vectors


def _write_text(path: Path, text: str, replace: Path | None = None) -> None:
    """Write, fsync and (optionally) atomically move into place."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    if replace is not None:
        os.replace(path, replace)


def _remove_old_generations(index_dir: Path, keep: str) -> None:
    generations = sorted(
        (p for p in index_dir.glob("gen-*") if p.is_dir() and p.name != keep),
        key=lambda p: p.stat().st_mtime,
    )
    for old in generations[: max(0, len(generations) - (GENERATIONS_KEPT - 1))]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in index_dir.glob(".building-*"):  # left by a build that was killed
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 3600:
                shutil.rmtree(stale, ignore_errors=True)
