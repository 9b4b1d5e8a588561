"""Splitting documents into retrievable chunks.

A ``##`` section is the unit an editor thinks in and the unit a buyer wants quoted back, so it
is the unit of retrieval. Sections longer than the embedding model handles well are split into
overlapping word windows so that no sentence is only ever seen cut in half.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from bot.knowledge.documents import Document

SECTION_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
TITLE_HEADING = re.compile(r"^#\s+\S")


@dataclass(frozen=True)
class Chunk:
    """One retrievable piece of a document, with everything a ``Hit`` needs to cite it."""

    chunk_id: str
    path: str
    title: str
    heading: str
    text: str
    url: str | None
    competitors: tuple[str, ...]
    tags: tuple[str, ...]
    line: int  # where the section starts in the file
    part: int  # 0 for the first window of a section
    content_hash: str  # of what is embedded; the key for incremental builds

    @property
    def embedding_text(self) -> str:
        """Title and heading give the section its context (a bare "Pricing" means little)."""
        return f"{self.title}. {self.heading}.\n{self.text}"

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["competitors"] = list(self.competitors)
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        data = dict(data)
        data["competitors"] = tuple(data.get("competitors", ()))
        data["tags"] = tuple(data.get("tags", ()))
        return cls(**data)


def chunk_document(document: Document, max_words: int, overlap_words: int) -> list[Chunk]:
    """All chunks of one document, in reading order."""
    chunks: list[Chunk] = []
    seen_ids: set[str] = set()
    for heading, text, line in split_sections(document):
        for part, window in enumerate(split_words(text, max_words, overlap_words)):
            base = f"{document.path}#{_slug(heading)}-{part}"
            chunk_id, n = base, 1
            while chunk_id in seen_ids:  # two sections with the same heading
                n += 1
                chunk_id = f"{base}.{n}"
            seen_ids.add(chunk_id)
            chunks.append(_make_chunk(document, chunk_id, heading, window, line, part))
    return chunks


def split_sections(document: Document) -> list[tuple[str, str, int]]:
    """``(heading, text, line)`` per ``##`` section; text before the first one is an intro."""
    sections: list[tuple[str, list[str], int]] = [(document.title, [], document.body_line)]
    for offset, line in enumerate(document.body.splitlines()):
        match = SECTION_HEADING.match(line)
        if match:
            sections.append((match.group(1), [], document.body_line + offset))
        elif not TITLE_HEADING.match(line):
            sections[-1][1].append(line)
    result = []
    for heading, lines, line_no in sections:
        text = "\n".join(lines).strip()
        if text:
            result.append((heading, text, line_no))
    return result


def split_words(text: str, max_words: int, overlap_words: int) -> list[str]:
    """Windows of at most ``max_words`` words, consecutive windows sharing ``overlap_words``."""
    words = text.split()
    if len(words) <= max_words:
        return [text]
    step = max(1, max_words - max(0, overlap_words))
    windows = []
    for start in range(0, len(words), step):
        windows.append(" ".join(words[start : start + max_words]))
        if start + max_words >= len(words):
            break
    return windows


def _make_chunk(
    document: Document, chunk_id: str, heading: str, text: str, line: int, part: int
) -> Chunk:
    embedded = f"{document.title}. {heading}.\n{text}"
    return Chunk(
        chunk_id=chunk_id,
        path=document.path,
        title=document.title,
        heading=heading,
        text=text,
        url=document.url,
        competitors=document.competitors,
        tags=document.tags,
        line=line,
        part=part,
        content_hash=hashlib.sha256(embedded.encode("utf-8")).hexdigest()[:32],
    )


def _slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-") or "section"
