"""Quotable units: the sentences and list items of each section, embedded at index time.

A section answers a topic; a buyer's question is usually answered by one or two of its
sentences or bullets ("which plan has unlimited seats?" is one bullet of four). Splitting each
section into units once, at build time, and embedding them there lets the assistant choose the
units that answer the question with one dot product per unit and no extra model call. A unit
is always verbatim page text (whitespace normalised), so anything quoted from it is a quote.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.knowledge.chunking import Chunk

_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# A sentence ends at . ! or ? followed by space and a capital, digit or quote; never after a
# few abbreviations the content uses ("e.g. Snowflake", "vs. Ordinal").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(“$€£])")
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "approx.", "incl.", "no.", "inc.", "ltd.")


@dataclass(frozen=True)
class Unit:
    """One sentence or list item of a section."""

    section: str  # the chunk_id of the section's first chunk: which section it quotes
    order: int  # position inside the section, for quoting units in page order
    kind: str  # "sentence", "item" (a list item) or "lead" (a sentence introducing a list)
    text: str
    embedding_text: str  # title and heading give a bare sentence its context
    content_hash: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Unit:
        return cls(**data)


def split_units(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` for each sentence and list item of a section's Markdown text.

    A list item keeps its wrapped continuation lines; a paragraph is split into sentences.
    """
    blocks: list[tuple[str, list[str]]] = []  # (kind, lines)
    for line in text.splitlines():
        if not line.strip():
            blocks.append(("gap", []))
        elif _BULLET.match(line):
            blocks.append(("item", [_BULLET.sub("", line)]))
        elif blocks and blocks[-1][0] in ("item", "para"):
            blocks[-1][1].append(line)
        else:
            blocks.append(("para", [line]))
    units: list[tuple[str, str]] = []
    for index, (kind, lines) in enumerate(blocks):
        joined = " ".join(" ".join(lines).split())
        if not joined:
            continue
        if kind == "item":
            units.append(("item", joined))
            continue
        sentences = split_sentences(joined)
        next_is_item = index + 1 < len(blocks) and blocks[index + 1][0] == "item"
        for position, sentence in enumerate(sentences):
            last = position == len(sentences) - 1
            lead = last and next_is_item and sentence.endswith(":")
            units.append(("lead" if lead else "sentence", sentence))
    return units


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, not split after the abbreviations the content uses."""
    pieces = _SENTENCE_END.split(paragraph)
    sentences: list[str] = []
    for piece in pieces:
        if sentences and sentences[-1].lower().endswith(_ABBREVIATIONS):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return [s.strip() for s in sentences if s.strip()]


def section_units(chunks: Sequence[Chunk], overlap_words: int) -> list[Unit]:
    """The units of every section, from its chunks (a long section's overlapping windows are
    joined back first so no sentence is split or counted twice)."""
    units: list[Unit] = []
    for first, text in _sections(chunks, overlap_words):
        for order, (kind, unit_text) in enumerate(split_units(text)):
            embedded = f"{first.title}. {first.heading}: {unit_text}"
            units.append(
                Unit(
                    section=first.chunk_id,
                    order=order,
                    kind=kind,
                    text=unit_text,
                    embedding_text=embedded,
                    content_hash=hashlib.sha256(embedded.encode("utf-8")).hexdigest()[:32],
                )
            )
    return units


def section_key(chunk: Chunk) -> tuple[str, int]:
    """Chunks of one section share the file and the heading's line."""
    return (chunk.path, chunk.line)


def _sections(chunks: Sequence[Chunk], overlap_words: int) -> list[tuple[Chunk, str]]:
    grouped: dict[tuple[str, int], list[Chunk]] = {}
    for chunk in chunks:
        grouped.setdefault(section_key(chunk), []).append(chunk)
    result = []
    for parts in grouped.values():
        parts.sort(key=lambda c: c.part)
        result.append((parts[0], join_parts([c.text for c in parts], overlap_words)))
    return result


def join_parts(texts: list[str], overlap_words: int) -> str:
    """Undo the overlapping word windows of a long section (see ``chunking.split_words``)."""
    if len(texts) == 1:
        return texts[0]
    words = texts[0].split()
    for text in texts[1:]:
        words += text.split()[overlap_words:]
    return " ".join(words)
