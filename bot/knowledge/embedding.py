"""A thin wrapper around sentence-transformers.

It exists so that the model is loaded once and shared (the action server, the CLI and the tests
all pass one ``Embedder`` around), loaded lazily (``bot kb check`` never pays for it), and so
that every vector that reaches FAISS is float32 and L2-normalised, which makes inner product
equal to cosine similarity.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

ProgressCallback = Callable[[int], None]  # called with the number of texts just encoded
PREFETCH_TTL_S = 60.0  # a prefetched query nobody asked for is dropped after this
PREFETCH_MAX = 256
# Prefetches not yet encoded; one worker thread, so more would only make real queries wait.
PREFETCH_QUEUE = 2
RECENT_QUERIES = 32  # one turn may search the same words more than once (answer, caveat)


class Embedder:
    """Encodes texts with one sentence-transformers model, loaded on first use."""

    def __init__(
        self, model_name_or_path: str, batch_size: int = 64, device: str = "cpu", threads: int = 0
    ):
        self.model_name = model_name_or_path
        self.batch_size = batch_size
        self.device = device
        self.threads = threads  # torch intra-op threads, process-wide; 0 leaves torch's default
        self._model = None
        self._lock = threading.Lock()
        self._pending: dict[str, tuple[float, Future[np.ndarray]]] = {}
        self._pending_lock = threading.Lock()
        self._prefetcher: ThreadPoolExecutor | None = None
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def model(self):  # a SentenceTransformer, imported lazily
        """The loaded model; the import and load happen here, once."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                    import torch
                    from sentence_transformers import SentenceTransformer

                    if self.threads > 0:
                        torch.set_num_threads(self.threads)
                    _quiet_transformers()
                    self._model = SentenceTransformer(self.model_name, device=self.device)
        return self._model

    @property
    def dimension(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None) or (
            self.model.get_sentence_embedding_dimension
        )
        return int(getter())

    def encode(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> np.ndarray:
        """Normalised float32 vectors, one row per text, encoded in batches."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if progress is None:
            return self._encode(list(texts))
        # Larger slices than one batch keep the model's length-sorting effective while still
        # letting a progress bar move.
        step = self.batch_size * 4
        parts = []
        for start in range(0, len(texts), step):
            parts.append(self._encode(list(texts[start : start + step])))
            progress(len(parts[-1]))
        return np.vstack(parts)

    def encode_query(self, text: str) -> np.ndarray:
        """One normalised vector, shape ``(1, dim)``; a prefetched or recent one if any."""
        with self._pending_lock:
            entry = self._pending.pop(text, None)
            recent = self._recent.get(text)
        if recent is not None:
            return recent
        vector = None
        if entry is not None:
            try:
                vector = entry[1].result()
            except Exception:  # encode again below, which reports any real error
                vector = None
        if vector is None:
            vector = self._encode([text])
        with self._pending_lock:
            self._recent[text] = vector
            while len(self._recent) > RECENT_QUERIES:
                self._recent.popitem(last=False)
        return vector

    def prefetch_query(self, text: str) -> None:
        """Start encoding a query that will probably be asked soon, on a background thread.

        The web gateway calls this (through the action server) as soon as a buyer's message
        arrives, so the encoding overlaps Rasa's own NLU and policy work instead of following
        it. The vector is used once, by the next ``encode_query`` of the same text. A text
        encoded recently is not encoded again: ``encode_query`` answers it from memory, and a
        needless encoding would only compete with Rasa for the CPU.
        """
        with self._pending_lock:
            if text in self._pending or text in self._recent:
                return
            self._drop_stale_prefetches()
            if sum(not future.done() for _, future in self._pending.values()) >= PREFETCH_QUEUE:
                # A flood of hints must not queue up in front of real queries: drop this one,
                # its query will simply be encoded when it is asked.
                return
            if self._prefetcher is None:
                self._prefetcher = ThreadPoolExecutor(1, thread_name_prefix="query-prefetch")
            future = self._prefetcher.submit(self._encode, [text])
            self._pending[text] = (time.monotonic(), future)

    @property
    def pending_prefetches(self) -> int:
        """Prefetched queries not yet asked for (they expire after ``PREFETCH_TTL_S``)."""
        with self._pending_lock:
            return len(self._pending)

    def _drop_stale_prefetches(self) -> None:
        now = time.monotonic()
        for text, (started, _) in list(self._pending.items()):
            if now - started > PREFETCH_TTL_S or len(self._pending) >= PREFETCH_MAX:
                _, future = self._pending.pop(text)
                future.cancel()  # no-op once it has started

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _quiet_transformers() -> None:
    """No "Loading weights" progress bars in the CLI's output or the server's logs."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers always comes with the model library
        pass
