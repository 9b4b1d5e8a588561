"""``KnowledgeBase``: the one object the actions, the CLI and the tests use.

It owns an immutable snapshot (chunks, FAISS index, BM25 index, problems). ``refresh()`` builds
a new snapshot off to the side and swaps it in under a lock, so ``search()`` running on another
thread always sees one complete snapshot, never a half-updated one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import Settings, get_settings
from bot.knowledge.chunking import Chunk, chunk_document
from bot.knowledge.documents import LoadResult, Problem, knowledge_files, load_folder
from bot.knowledge.embedding import Embedder
from bot.knowledge.index import (
    StoredIndex,
    build_index,
    load_index,
    save_index,
    with_heading_vectors,
)
from bot.knowledge.lexical import LexicalIndex
from bot.knowledge.results import BuildReport, DocumentInfo, Hit, Passage
from bot.knowledge.search import Method, Retriever, confidence_from_cosine
from bot.knowledge.site import SITE_FILE, Site, load_site
from bot.knowledge.units import join_parts, split_units
from bot.knowledge.vector_store import kind_for

log = logging.getLogger(__name__)
CAVEAT_PREFIX = "where "
CAVEAT_MARKER = "better choice"


@dataclass(frozen=True)
class _Snapshot:
    stored: StoredIndex | None
    retriever: Retriever | None
    fingerprint: dict[str, tuple[int, int]]
    problems: tuple[Problem, ...]
    site: Site = field(default_factory=Site)


ProgressCallback = Callable[[int, int], None]


class KnowledgeBase:
    """The editors' folder, indexed and searchable. Create it with ``KnowledgeBase.open``."""

    def __init__(
        self,
        knowledge_dir: Path,
        index_dir: Path,
        settings: Settings,
        embedder: Embedder,
    ):
        self.knowledge_dir = Path(knowledge_dir)
        self.index_dir = Path(index_dir)
        self.settings = settings
        self.embedder = embedder
        self.last_build: BuildReport | None = None
        self._snapshot = _Snapshot(None, None, {}, ())
        self._swap_lock = threading.Lock()
        self._build_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        knowledge_dir: Path | str | None = None,
        index_dir: Path | str | None = None,
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        progress: ProgressCallback | None = None,
    ) -> KnowledgeBase:
        """Load the folder and bring the index up to date (incrementally). Never raises for
        bad content: broken files end up in ``problems`` and their last good chunks keep
        serving."""
        settings = settings or get_settings()
        kb = cls(
            Path(knowledge_dir or settings.knowledge_dir),
            Path(index_dir or settings.index_dir),
            settings,
            embedder or Embedder(settings.embedding_model, threads=settings.embedding_threads),
        )
        kb.refresh(progress=progress, force=True)
        return kb

    # --- reading ------------------------------------------------------------------------------

    @property
    def problems(self) -> list[Problem]:
        return list(self._snapshot.problems)

    @property
    def is_empty(self) -> bool:
        return not self.chunks()

    def chunks(self) -> list[Chunk]:
        stored = self._snapshot.stored
        return list(stored.chunks) if stored else []

    def documents(self) -> list[DocumentInfo]:
        stored = self._snapshot.stored
        return [DocumentInfo.from_metadata(d) for d in stored.documents] if stored else []

    @property
    def index_kind(self) -> str | None:
        stored = self._snapshot.stored
        return stored.kind if stored else None

    def search(
        self, query: str, k: int = 5, method: Method = "hybrid", path: str | None = None
    ) -> list[Hit]:
        """The ``k`` best sections for ``query`` (in document ``path`` only, if given); an
        empty list if there is no content."""
        snapshot = self._snapshot  # one consistent snapshot for the whole call
        if snapshot.retriever is None:
            return []
        query = _searched_text(snapshot, query)
        retriever = snapshot.retriever
        vector = self.embedder.encode_query(query)[0] if query.strip() else None
        chunks = snapshot.stored.chunks
        own_name = snapshot.site.product_terms
        return [
            _hit(
                chunks[r.index],
                r.score,
                confidence_from_cosine(r.cosine),
                passages=tuple(
                    Passage(*p) for p in retriever.passages(r.index, query, vector, own_name)
                ),
                heading_cosine=r.heading_cosine,
            )
            for r in retriever.search(query, k, method, vector=vector, path=path)
        ]

    def comparison_page(self, competitor: str) -> str | None:
        """The page comparing us with ``competitor`` (by its front matter), if there is one."""
        wanted = competitor.strip().lower()
        for document in self.documents():
            if any(c.lower() == wanted for c in document.competitors):
                return document.path
        return None

    def competitors(self) -> list[str]:
        """Every competitor a comparison page names in its front matter, in page order.

        The assistant's wording ("I can compare us with X") comes from here, so another
        vendor's content folder needs no code change.
        """
        names: list[str] = []
        for document in self.documents():
            names += [c for c in document.competitors if c not in names]
        return names

    def unknown_terms(self, query: str) -> list[str]:
        """The question's words that appear nowhere in the content (after light stemming).

        "Who are your investors?" asks about something no page mentions; that is a strong
        sign the content cannot answer it, whatever the nearest section scores.
        """
        snapshot = self._snapshot
        if snapshot.retriever is None:
            return []
        unknown = snapshot.retriever.lexical.unknown_terms(query)
        return [t for t in unknown if not snapshot.site.has_synonym(t)]

    @property
    def site(self) -> Site:
        """The folder's ``site.yml`` (product name, synonyms)."""
        return self._snapshot.site

    def prefetch_query(self, query: str) -> None:
        """Start embedding a query a later ``search`` will probably use (see ``Embedder``):
        the text ``search`` embeds for it (``_searched_text``)."""
        query = _searched_text(self._snapshot, query)
        if query.strip():
            self.embedder.prefetch_query(query)

    def caveat_for(self, path: str, query: str | None = None) -> Hit | None:
        """The "Where <competitor> is the better choice" section of a document, if it has one.

        A comparison page has two such sections (one per side); the one naming a competitor
        from the front matter is the honest caveat the assistant must volunteer. With a
        ``query`` its passages are scored against it (the query's vector is cached).
        """
        return self.strengths_for(path, competitor_side=True, query=query)

    def strengths_for(
        self, path: str, *, competitor_side: bool, query: str | None = None
    ) -> Hit | None:
        """One side's "Where X is the better choice" section of a comparison page."""
        snapshot = self._snapshot
        if snapshot.stored is None or snapshot.retriever is None:
            return None
        indexed = [
            (i, c)
            for i, c in enumerate(snapshot.stored.chunks)
            if c.path == path
            and c.heading.lower().startswith(CAVEAT_PREFIX)
            and CAVEAT_MARKER in c.heading.lower()
        ]
        if not indexed:
            return None

        def names_competitor(chunk: Chunk) -> bool:
            return any(n.lower() in chunk.heading.lower() for n in chunk.competitors)

        side = [(i, c) for i, c in indexed if names_competitor(c) == competitor_side]
        if not side:
            if not competitor_side:
                return None
            side = indexed
        heading = side[0][1].heading
        parts = [(i, c) for i, c in side if c.heading == heading]
        text = join_parts([c.text for _, c in parts], self.settings.chunk_overlap_words)
        query = snapshot.site.expand(query) if query else query
        vector = self.embedder.encode_query(query)[0] if query and query.strip() else None
        passages = snapshot.retriever.passages(parts[0][0], query or "", vector)
        if not passages:
            passages = [(t, k, n, 0.0, 0.0) for n, (k, t) in enumerate(split_units(text))]
        return _hit(parts[0][1], 1.0, 1.0, text=text, passages=tuple(Passage(*p) for p in passages))

    # --- updating -----------------------------------------------------------------------------

    def refresh(self, progress: ProgressCallback | None = None, force: bool = False) -> bool:
        """Pick up changed files, re-embedding only changed chunks; True if the content
        served changed. Cheap when nothing changed (it only stats the files)."""
        fingerprint = _fingerprint(self.knowledge_dir)
        if not force and fingerprint == self._snapshot.fingerprint:
            return False
        with self._build_lock:
            return self._rebuild(fingerprint, progress)

    def index_vectors(self) -> np.ndarray:
        """The served chunk vectors, in chunk order (empty before the first build)."""
        stored = self._snapshot.stored
        return stored.vectors() if stored is not None else np.zeros((0, 0), dtype=np.float32)

    def _retriever(self, stored: StoredIndex, lexical: LexicalIndex) -> Retriever:
        return Retriever(
            stored,
            lexical,
            self.embedder,
            fusion=self.settings.retrieval_fusion,
            dense_weight=self.settings.retrieval_dense_weight,
            heading_weight=self.settings.retrieval_heading_weight,
        )

    def serve_index(self, stored: StoredIndex) -> None:
        """Search an index built elsewhere (the benchmark's synthetic 10k-100k tiers); its
        headings are embedded here if it has no vectors for them, never by a search."""
        stored = with_heading_vectors(stored, self.embedder)
        lexical = LexicalIndex([c.embedding_text for c in stored.chunks])
        snapshot = _Snapshot(stored, self._retriever(stored, lexical), {}, ())
        with self._swap_lock:
            self._snapshot = snapshot

    def _rebuild(
        self, fingerprint: dict[str, tuple[int, int]], progress: ProgressCallback | None
    ) -> bool:
        previous = self._snapshot.stored or load_index(self.index_dir)
        loaded = load_folder(self.knowledge_dir)
        site, site_problems = load_site(self.knowledge_dir)
        loaded.problems.extend(site_problems)
        chunks, documents = self._collect(loaded, previous)
        for problem in loaded.problems:
            log.warning("knowledge: %s", problem)
        headings_embedded = 0
        if self._reusable(previous, chunks, documents):
            stored, embedded, units_embedded, saved = previous, 0, 0, False
        elif not chunks:
            stored, embedded, units_embedded, saved = None, 0, 0, False
        else:
            stored, embedded, units_embedded, headings_embedded = build_index(
                chunks,
                self.embedder,
                previous,
                self.settings.approximate_index_threshold,
                documents,
                progress,
                self.settings.chunk_overlap_words,
            )
            saved = self._save(stored)
        changed = _content(stored) != _content(previous)
        retriever = self._snapshot.retriever if stored is self._snapshot.stored else None
        if stored is not None and retriever is None:
            lexical = LexicalIndex([c.embedding_text for c in stored.chunks])
            retriever = self._retriever(stored, lexical)
        snapshot = _Snapshot(stored, retriever, fingerprint, tuple(loaded.problems), site)
        with self._swap_lock:
            self._snapshot = snapshot
        units = len(stored.units) if stored is not None else 0
        self.last_build = BuildReport(
            len(chunks), embedded, changed, saved, units, units_embedded, headings_embedded
        )
        return changed

    def _collect(
        self, loaded: LoadResult, previous: StoredIndex | None
    ) -> tuple[list[Chunk], list[dict[str, Any]]]:
        """Chunks of the valid files plus the last good chunks of the broken ones."""
        chunks: list[Chunk] = []
        documents: list[dict[str, Any]] = []
        for document in loaded.documents:
            chunks += chunk_document(
                document, self.settings.chunk_max_words, self.settings.chunk_overlap_words
            )
            documents.append(document.metadata())
        if previous is not None and loaded.broken:
            chunks += [c for c in previous.chunks if c.path in loaded.broken]
            documents += [d for d in previous.documents if d["path"] in loaded.broken]
        chunks.sort(key=lambda c: c.path)  # stable: keeps section order inside a file
        documents.sort(key=lambda d: d["path"])
        return chunks, documents

    def _reusable(
        self, previous: StoredIndex | None, chunks: list[Chunk], documents: list[dict[str, Any]]
    ) -> bool:
        """True if ``previous`` already is the index this content and these settings need (an
        index from before heading vectors never is: it is rebuilt, embedding only headings)."""
        return (
            previous is not None
            and previous.heading_vectors is not None
            and previous.chunks == chunks
            and previous.documents == documents
            and previous.model == self.embedder.model_name
            and previous.kind == kind_for(len(chunks), self.settings.approximate_index_threshold)
        )

    def _save(self, stored: StoredIndex) -> bool:
        try:
            save_index(stored, self.index_dir)
        except OSError as exc:  # a read-only disk must not take search down
            log.error("knowledge: could not save the index to %s: %s", self.index_dir, exc)
            return False
        return True


def _searched_text(snapshot: _Snapshot, query: str) -> str:
    """What a search looks for: the buyer's words with the site's synonyms added and joined
    words spelled as the pages spell them ("subprocessor" -> "sub-processor")."""
    query = snapshot.site.expand(query)
    if snapshot.retriever is None:
        return query
    return snapshot.retriever.lexical.spelled_as_pages(query)


def _content(stored: StoredIndex | None) -> tuple[Any, ...]:
    if stored is None:
        return ()
    return (tuple(stored.chunks), tuple(str(d) for d in stored.documents))


def _fingerprint(root: Path) -> dict[str, tuple[int, int]]:
    fingerprint = {}
    for file in [*knowledge_files(root), root / SITE_FILE]:
        try:
            stat = file.stat()
        except OSError:
            continue
        fingerprint[file.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return fingerprint


def _hit(
    chunk: Chunk,
    score: float,
    confidence: float,
    text: str | None = None,
    passages: tuple[Passage, ...] = (),
    heading_cosine: float = 0.0,
) -> Hit:
    return Hit(
        path=chunk.path,
        title=chunk.title,
        heading=chunk.heading,
        text=text if text is not None else chunk.text,
        url=chunk.url,
        score=float(score),
        confidence=float(confidence),
        chunk_id=chunk.chunk_id,
        competitors=list(chunk.competitors),
        tags=list(chunk.tags),
        passages=passages,
        line=chunk.line,
        heading_cosine=heading_cosine,
    )
