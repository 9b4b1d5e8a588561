"""Sentence vectors for grouping gap questions by what they ask about.

The knowledge search's plain sentence embedding (mean of the model's token vectors) is made to
find answers, and for short buyer questions it is dominated by how they are asked: "do you
have a VPAT" sits closer to "do you have nonprofit pricing" than to "WCAG 2.1 AA conformance?".
Three changes, each measured on the tuning set (bench/gaps_bench.py) and none written for its
questions, make the vectors follow the topic instead:

- our product's name (``site.yml``) is removed: "is Tessellate bootstrapped" and "can we resell
  Tessellate" share it and nothing else;
- abbreviations get their long form added (``abbreviations.yml``, general B2B usage), and the
  site's synonyms their other names (as the search does): the model knows "business
  associate agreement", not "BAA";
- the same model's token vectors are averaged weighted by how rare each word piece is in our
  own pages (inverse document frequency over the knowledge sentences), so "do", "you", "any"
  count little and "funding", "screen reader" a lot.

Tuning-set ARI, average linkage at its best distance: 0.43 plain → 0.63 with all three.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from bot.knowledge import Embedder, KnowledgeBase

ABBREVIATIONS_FILE = Path(__file__).with_name("abbreviations.yml")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@cache
def load_abbreviations(path: Path = ABBREVIATIONS_FILE) -> dict[str, str]:
    """``{abbreviation: long form}`` from the shipped list."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(short): str(long) for short, long in data.items()}


class QuestionEncoder:
    """Encodes (already masked) gap questions into unit vectors for ``cluster_vectors``."""

    def __init__(
        self,
        embedder: Embedder,
        reference_texts: Iterable[str],
        *,
        product_names: Sequence[str] = (),
        expand_synonyms: Callable[[str], str] | None = None,
        abbreviations: Mapping[str, str] | None = None,
    ) -> None:
        self.embedder = embedder
        self._product = _whole_words(product_names, suffix=r"(?:'s)?")
        long = abbreviations if abbreviations is not None else load_abbreviations()
        self._long = {short.lower(): text for short, text in long.items()}
        self._abbreviation = _whole_words(long)
        self._expand_synonyms = expand_synonyms
        self._idf = _word_piece_idf(embedder, reference_texts)

    @classmethod
    def for_knowledge(cls, kb: KnowledgeBase) -> QuestionEncoder:
        """The encoder for this site: its product name, synonyms and pages' words."""
        site = kb.site
        sentences = [s for c in kb.chunks() for s in _SENTENCE_END.split(c.text) if s.strip()]
        return cls(
            kb.embedder,
            sentences,
            product_names=[site.product] if site.product else [],
            expand_synonyms=site.expand,
        )

    def normalise(self, question: str) -> str:
        """The question as it is embedded: product name out, abbreviations and synonyms
        spelled out."""
        text = self._product.sub(" ", question) if self._product else question
        if self._abbreviation:
            text = self._abbreviation.sub(self._spell_out, text)
        if self._expand_synonyms:
            text = self._expand_synonyms(text)
        return " ".join(text.split()) or question

    def encode(self, questions: Sequence[str]) -> np.ndarray:
        """One unit-length float32 row per question."""
        texts = [self.normalise(q) for q in questions]
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        outputs = self.embedder.model.encode(
            texts, output_value=None, convert_to_numpy=False, show_progress_bar=False
        )
        return np.vstack([self._pool(output) for output in outputs]).astype(np.float32)

    def _pool(self, output: Mapping) -> np.ndarray:
        """IDF-weighted mean of one text's token vectors ([CLS]/[SEP] left out)."""
        length = int(output["attention_mask"].sum())
        tokens = output["token_embeddings"][:length].float().cpu().numpy()
        ids = output["input_ids"][:length].tolist()
        special = set(self.embedder.model.tokenizer.all_special_ids)
        weights = np.array([0.0 if i in special else self._idf(i) for i in ids])
        if weights.sum() <= 0:
            weights = np.ones(len(ids))
        vector = weights @ tokens / weights.sum()
        return vector / (np.linalg.norm(vector) or 1.0)

    def _spell_out(self, match: re.Match[str]) -> str:
        word = match.group(0)
        return f"{word} ({self._long[word.lower()]})"


def _whole_words(words: Iterable[str], suffix: str = "") -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any of ``words`` as whole words (longest first)."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(re.escape(w) for w in ordered)
    return re.compile(rf"(?<![\w&])(?:{alternatives}){suffix}(?![\w&])", re.IGNORECASE)


def _word_piece_idf(embedder: Embedder, texts: Iterable[str]) -> Callable[[int], float]:
    """``token id -> smoothed inverse document frequency`` over ``texts`` (word pieces never
    seen there, often the topic of a gap, weigh the most)."""
    tokenizer = embedder.model.tokenizer
    counts: Counter[int] = Counter()
    documents = 0
    for text in texts:
        documents += 1
        counts.update(set(tokenizer(text, add_special_tokens=False, truncation=True)["input_ids"]))

    def idf(token_id: int) -> float:
        return math.log((documents + 1) / (counts.get(token_id, 0) + 1)) + 1.0

    return idf
