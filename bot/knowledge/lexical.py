"""BM25 keyword search with bm25s.

Dense embeddings miss exact terms buyers type — "SOC 2", "SAML", "SCIM", a competitor's name,
"99.9" — that carry most of the meaning of a short question. BM25 catches those; the hybrid
search in ``search.py`` combines both.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence

import bm25s
import numpy as np

TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORD_TEXT = """a about above after again against all am an and any are as at be because been
    before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves don doesn didn isn aren wasn weren won wouldn couldn shouldn hasn haven hadn
    mustn needn t s d ll m re ve"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# A word the content never uses is a sign the question is about something the pages don't
# cover, but only if it is a specific word: a name, a standard ("9001"), an acronym or a rare
# word. Common words ("warn", "bring") are just phrasing. Zipf frequency 4.5 is about once
# per 30,000 words of English.
SALIENT_ZIPF = 4.5
_AMOUNT = re.compile(r"^\$?\d+(?:[.,]\d+)*(?:k|m|mm|b|bn|x|%)?$", re.IGNORECASE)
# Said in chat, never a topic: an unknown filler word is no sign of an unanswerable question
# ("in a nutshell" says how to answer, not what about).
_CHAT_FILLER_TEXT = """tho though meanwhile btw fyi tbh imo imho lol ok okay ugh hmm anyway
    anyways basically honestly actually literally guys folks yeah yep nope hey hi hello thanks
    cheers pls please sorry idk kinda sorta gonna wanna gotta ya yall wondering curious quick
    nutshell"""
CHAT_FILLER = frozenset(_CHAT_FILLER_TEXT.split())
# How much something matters to the buyer, never what it is: "SSO is a dealbreaker for us,
# which plan has it?" asks about SSO, not about dealbreakers.
_IMPORTANCE_TEXT = """dealbreaker dealbreakers deal-breaker deal-breakers showstopper showstoppers
    show-stopper blocker blockers nonnegotiable non-negotiable must-have must-haves
    nice-to-have mandatory crucial essential critical vital prerequisite requirement
    requirements priority priorities"""
IMPORTANCE_WORDS = frozenset(_IMPORTANCE_TEXT.split())
_NOT_TOPICS = CHAT_FILLER | IMPORTANCE_WORDS  # built once: checked for every word asked
MIN_PREFIX = 6  # shared leading letters that make two forms one word for "is it known?"
MIN_PREFIX_SHARE = 0.7  # ...and the share of the longer form they must cover
# Prefixes buyers join to a word the pages write apart or hyphenated ("subprocessor").
JOINED_PREFIXES = ("re", "sub", "pre", "co", "non", "multi", "self", "auto")
_JOINED_WORD = re.compile(r"(?<![\w-])[A-Za-z]{6,}(?![\w-])")
_RAW_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+]*(?:[.-][A-Za-z0-9+]+)*")


def light_stem(token: str) -> str:
    """A deliberately small suffix stripper ("pricing", "prices", "priced" -> "pric"): enough
    for plural and verb forms without a stemming dependency."""
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3 and not token.endswith("ss"):
            token = token[: -len(suffix)] + replacement
            break
    if token.endswith("e") and len(token) >= 4:
        token = token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop-word-free, lightly stemmed word tokens."""
    return [light_stem(t) for t in TOKEN.findall(text.lower()) if t not in STOPWORDS]


class LexicalIndex:
    """An in-memory BM25 index over chunk texts (rebuilt on load: it takes well under a second
    per 10k chunks, so persisting it would add a second file format for little gain)."""

    def __init__(self, texts: Sequence[str]):
        self.size = len(texts)
        self._text = " ".join(" ".join(t.lower().split()) for t in texts)
        self._bm25 = bm25s.BM25()
        corpus = [tokenize(t) or ["<empty>"] for t in texts]
        if corpus:
            self._bm25.index(corpus, show_progress=False)
        self._vocab: dict[str, int] = getattr(self._bm25, "vocab_dict", {}) or {}
        self._sorted_vocab = sorted(self._vocab)

    def spelled_as_pages(self, query: str) -> str:
        """``query`` with each word the pages write hyphenated ("sub-processor", "re-import")
        spelled their way when the buyer joined it ("subprocessor"), so both searches see the
        pages' word: BM25 has no token for the joined form, and the embedding splits it
        into pieces that mean something else."""

        def respell(match: re.Match[str]) -> str:
            word = match.group()
            lower = word.lower()
            for prefix in JOINED_PREFIXES:
                rest = lower[len(prefix) :]
                written = f"{prefix}-{rest}"
                if (
                    lower.startswith(prefix)
                    and len(rest) >= MIN_PREFIX - 2
                    and written in self._text
                ):
                    return written
            return word

        return _JOINED_WORD.sub(respell, query)

    def unknown_terms(self, query: str) -> list[str]:
        """The specific words of ``query`` that no indexed text contains (see
        ``SALIENT_ZIPF``), plus name-number pairs the content never writes ("SOC 1" where
        the pages only say "SOC 2")."""
        if self.size == 0:
            return []
        from wordfreq import zipf_frequency

        found = []
        words = _RAW_WORD.findall(query)
        for index, raw in enumerate(words):
            tokens = tokenize(raw)
            if not tokens:
                continue
            if raw.isdigit():
                # A bare number ("a team of 40") is not a topic; a standard's number is
                # ("ISO 9001" where the pages only say "ISO 27001").
                before = words[index - 1].lower() if index else ""
                if self._numbered(before) and f"{before} {raw}" not in self._text:
                    found.append(f"{words[index - 1]} {raw}")
            elif _AMOUNT.match(raw) or raw.lower() in _NOT_TOPICS:
                continue  # "100M", "3x" are amounts, "tbh" chat, "dealbreaker" emphasis
            elif not all(self._known(t) for t in tokens) and not self._hyphenated(raw):
                code = any(c.isdigit() for c in raw) and "-" not in raw  # "G2", not "70-person"
                specific = code or (raw.isupper() and len(raw) > 1)
                # A compound ("auto-renewal") is as specific as its rarest unknown part.
                # A number in a compound is a count, not a topic ("120-person", "50-seat").
                parts = [
                    p
                    for p in raw.split("-")
                    if not _AMOUNT.match(p) and not all(self._known(t) for t in tokenize(p))
                ]
                rare = any(zipf_frequency(p.lower(), "en") < SALIENT_ZIPF for p in parts)
                if specific or rare:
                    found.append(raw)
        return list(dict.fromkeys(found))

    def _hyphenated(self, word: str) -> bool:
        """A word the pages write in two hyphenated parts ("startup" for "start-up")."""
        lower = word.lower()
        return "-" not in lower and any(
            f"{lower[:i]}-{lower[i:]}" in self._text for i in range(2, len(lower) - 1)
        )

    def _known(self, stem: str) -> bool:
        """In the content, allowing for the stemmer's gaps ("integrat" (integrate) is known
        when the pages say "integration") and for a word written without its hyphen
        ("subprocessor", "reinstrument" where the pages say "sub-processor", "instrument")."""
        return self._known_form(stem) or any(
            stem.startswith(prefix) and self._known_form(stem[len(prefix) :])
            for prefix in JOINED_PREFIXES
            if len(stem) - len(prefix) >= MIN_PREFIX
        )

    def _known_form(self, stem: str) -> bool:
        if stem in self._vocab:
            return True
        at = bisect.bisect_left(self._sorted_vocab, stem)
        if at < len(self._sorted_vocab) and self._sorted_vocab[at].startswith(stem):
            return len(stem) >= MIN_PREFIX
        # A known word must be most of this one: "profit" (from "non-profit") does not make
        # "profitable" known, while "deletion" still covers "deletions".
        shortest = max(MIN_PREFIX, math.ceil(len(stem) * MIN_PREFIX_SHARE))
        return any(stem[:n] in self._vocab for n in range(shortest, len(stem)))

    def _numbered(self, word: str) -> bool:
        """A name the content writes with a number after it ("SOC 2", "ISO 27001")."""
        return (
            bool(word)
            and word not in STOPWORDS
            and re.search(rf"\b{re.escape(word)} \d", self._text) is not None
        )

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` ``(scores, ids)``; chunks with a zero score are left out."""
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens or self.size == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores = self._bm25.get_scores(tokens)
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return scores[top].astype(np.float32), top.astype(np.int64)
