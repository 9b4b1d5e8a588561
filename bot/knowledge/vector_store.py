"""Where chunk vectors live and how the nearest ones are found: FAISS today, one module.

Everything else in the knowledge package talks to the ``VectorStore`` protocol, so another
store (Qdrant, pgvector...) is one new class here with these few methods, and nothing else
imports ``faiss``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import faiss
import numpy as np

FAISS_FILE = "chunks.faiss"
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
# efSearch is cheap next to encoding the query (~1.7 ms per query at 100k chunks against 20-60
# ms for the encode). On 100k noisy copies of 87 real chunk vectors (hard for HNSW) recall@5 was
# 0.71 at 128, 0.83 at 512 and 0.90 at 1024; bench/knowledge_bench.py's 100k tier measures 0.997
# at 1024. So it is set high.
HNSW_EF_SEARCH = 1024


class VectorStore(Protocol):
    """Normalised vectors in chunk order, searched by inner product (cosine)."""

    kind: str  # "flat" (exact) or "hnsw" (approximate)

    @property
    def dimension(self) -> int: ...

    def __len__(self) -> int: ...

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` ``(scores, ids)`` for one normalised query vector."""
        ...

    def vectors_at(self, ids: list[int]) -> np.ndarray: ...

    def all_vectors(self) -> np.ndarray: ...

    def save(self, folder: Path) -> None: ...


def kind_for(count: int, approximate_threshold: int) -> str:
    """Exact inner-product search while it is cheap; HNSW once there are enough vectors."""
    return "hnsw" if count >= approximate_threshold else "flat"


class FaissStore:
    """A FAISS flat or HNSW inner-product index."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index
        self.kind = "hnsw" if isinstance(index, faiss.IndexHNSW) else "flat"

    @classmethod
    def build(cls, vectors: np.ndarray, dimension: int, approximate_threshold: int) -> FaissStore:
        """An index of the kind ``kind_for`` picks, holding ``vectors``."""
        if kind_for(len(vectors), approximate_threshold) == "hnsw":
            index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            index = faiss.IndexFlatIP(dimension)
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @classmethod
    def exact(cls, vectors: np.ndarray) -> FaissStore:
        """Always exact search, whatever the size: the reference a benchmark compares with."""
        return cls.build(vectors, vectors.shape[1], approximate_threshold=len(vectors) + 1)

    @classmethod
    def load(cls, folder: Path) -> FaissStore:
        index = faiss.read_index(str(folder / FAISS_FILE))
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(index)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, len(self))
        if k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores, ids = self._index.search(query.reshape(1, -1), k)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def vectors_at(self, ids: list[int]) -> np.ndarray:
        if not ids:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack([self._index.reconstruct(int(i)) for i in ids])

    def all_vectors(self) -> np.ndarray:
        """Reconstructed: FAISS already holds them once."""
        if len(self) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._index.reconstruct_n(0, len(self))

    def save(self, folder: Path) -> None:
        faiss.write_index(self._index, str(folder / FAISS_FILE))
