"""The persisted dense index: FAISS vectors plus a JSON sidecar with the chunk metadata.

Layout of the index folder::

    CURRENT                      # name of the generation being served
    gen-<time>-<rand>/chunks.faiss
    gen-<time>-<rand>/chunks.json  # model, chunk metadata and content hashes (JSON, not pickle:
                                   # it is safe to load and readable by other tools)

A build writes a new generation into a temporary folder, renames it into place and only then
replaces ``CURRENT`` (``os.replace`` is atomic), so a failed or interrupted build leaves the
previous generation serving. Builds are incremental: a chunk whose content hash is already in
the previous generation reuses its vector instead of being embedded again.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from bot.knowledge.chunking import Chunk
from bot.knowledge.embedding import Embedder

FORMAT_VERSION = 1
POINTER = "CURRENT"
FAISS_FILE = "chunks.faiss"
SIDECAR_FILE = "chunks.json"
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
# efSearch is cheap next to encoding the query (~1.7 ms per query at 100k chunks against 20-60
# ms for the encode). On 100k noisy copies of 87 real chunk vectors (hard for HNSW) recall@5 was
# 0.71 at 128, 0.83 at 512 and 0.90 at 1024; bench/knowledge_bench.py's 100k tier measures 0.997
# at 1024. So it is set high.
HNSW_EF_SEARCH = 1024
GENERATIONS_KEPT = 2  # the served one and its predecessor, for readers mid-load


@dataclass
class StoredIndex:
    """Chunks, their vectors (inside ``faiss_index``) and the documents they came from."""

    model: str
    chunks: list[Chunk]
    faiss_index: Any
    documents: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "flat"
    generation: str | None = None

    @property
    def dimension(self) -> int:
        return int(self.faiss_index.d)

    def vectors(self) -> np.ndarray:
        """All vectors, in chunk order (reconstructed: FAISS already holds them once)."""
        n = self.faiss_index.ntotal
        if n == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.faiss_index.reconstruct_n(0, n)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` ``(scores, ids)`` for one normalised query vector."""
        k = min(k, self.faiss_index.ntotal)
        if k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores, ids = self.faiss_index.search(query.reshape(1, -1), k)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]


def kind_for(chunk_count: int, approximate_threshold: int) -> str:
    """Exact inner-product search while it is cheap; HNSW once there are enough chunks."""
    return "hnsw" if chunk_count >= approximate_threshold else "flat"


def make_faiss_index(vectors: np.ndarray, dimension: int, approximate_threshold: int) -> Any:
    """An index of the kind ``kind_for`` picks, holding ``vectors``."""
    if kind_for(len(vectors), approximate_threshold) == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def index_kind(index: Any) -> str:
    return "hnsw" if isinstance(index, faiss.IndexHNSW) else "flat"


def build_index(
    chunks: list[Chunk],
    embedder: Embedder,
    previous: StoredIndex | None,
    approximate_threshold: int,
    documents: list[dict[str, Any]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[StoredIndex, int]:
    """A new index over ``chunks``; returns it and how many chunks had to be embedded.

    ``progress(done, total)`` is called as chunks are embedded (total counts only those).
    """
    known = _vectors_by_hash(previous, embedder.model_name)
    missing = [c for c in chunks if c.content_hash not in known]
    if missing:
        texts = [c.embedding_text for c in _unique_by_hash(missing)]
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(done, len(texts))

        fresh = embedder.encode(texts, progress=step)
        known.update(zip((c.content_hash for c in _unique_by_hash(missing)), fresh, strict=True))
    if known:
        dimension = len(next(iter(known.values())))
    else:
        dimension = previous.dimension if previous else embedder.dimension
    matrix = (
        np.vstack([known[c.content_hash] for c in chunks])
        if chunks
        else np.zeros((0, dimension), dtype=np.float32)
    )
    faiss_index = make_faiss_index(matrix, dimension, approximate_threshold)
    stored = StoredIndex(
        model=embedder.model_name,
        chunks=list(chunks),
        faiss_index=faiss_index,
        documents=list(documents or []),
        kind=index_kind(faiss_index),
    )
    return stored, len(_unique_by_hash(missing))


def save_index(stored: StoredIndex, index_dir: Path) -> str:
    """Write a new generation and atomically make it the served one; returns its name."""
    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=index_dir))
    try:
        faiss.write_index(stored.faiss_index, str(tmp / FAISS_FILE))
        sidecar = {
            "format": FORMAT_VERSION,
            "model": stored.model,
            "kind": stored.kind,
            "dimension": stored.dimension,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "documents": stored.documents,
            "chunks": [c.to_json() for c in stored.chunks],
        }
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
    """The served generation, or ``None`` if there is none or it cannot be read."""
    try:
        name = (index_dir / POINTER).read_text(encoding="utf-8").strip()
        folder = index_dir / name
        sidecar = json.loads((folder / SIDECAR_FILE).read_text(encoding="utf-8"))
        if sidecar.get("format") != FORMAT_VERSION:
            return None
        faiss_index = faiss.read_index(str(folder / FAISS_FILE))
    except (OSError, ValueError, RuntimeError):
        return None
    chunks = [Chunk.from_json(c) for c in sidecar["chunks"]]
    if faiss_index.ntotal != len(chunks):
        return None
    if isinstance(faiss_index, faiss.IndexHNSW):
        faiss_index.hnsw.efSearch = HNSW_EF_SEARCH
    return StoredIndex(
        model=sidecar["model"],
        chunks=chunks,
        faiss_index=faiss_index,
        documents=sidecar.get("documents", []),
        kind=sidecar.get("kind", index_kind(faiss_index)),
        generation=name,
    )


def _vectors_by_hash(previous: StoredIndex | None, model: str) -> dict[str, np.ndarray]:
    if previous is None or previous.model != model:
        return {}  # vectors from another model are not comparable: embed everything again
    vectors = previous.vectors()
    return {c.content_hash: vectors[i] for i, c in enumerate(previous.chunks)}


def _unique_by_hash(chunks: list[Chunk]) -> list[Chunk]:
    seen: dict[str, Chunk] = {}
    for chunk in chunks:
        seen.setdefault(chunk.content_hash, chunk)
    return list(seen.values())


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
