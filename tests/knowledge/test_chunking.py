"""Sections are the unit of retrieval; long ones are split with overlap."""

from __future__ import annotations

import datetime as dt

from bot.knowledge.chunking import chunk_document, split_words
from bot.knowledge.documents import Document


def doc(body: str) -> Document:
    return Document(
        path="x/page.md",
        title="Page",
        updated=dt.date(2026, 1, 1),
        owner="o@example.com",
        body=body,
        body_line=7,
        url="https://example.com/page",
        competitors=("Pipit",),
    )


def test_sections_become_chunks_with_intro_and_subheadings() -> None:
    body = "# Page\nIntro text.\n\n## First\nOne.\n### Detail\nMore.\n\n## Second\nTwo.\n"
    chunks = chunk_document(doc(body), max_words=100, overlap_words=10)
    assert [(c.heading, c.text, c.line) for c in chunks] == [
        ("Page", "Intro text.", 7),
        ("First", "One.\n### Detail\nMore.", 10),
        ("Second", "Two.", 15),
    ]
    assert chunks[1].competitors == ("Pipit",)
    assert chunks[1].url == "https://example.com/page"
    assert chunks[1].embedding_text.startswith("Page. First.")


def test_long_sections_split_with_overlap() -> None:
    words = [f"w{i}" for i in range(25)]
    windows = split_words(" ".join(words), max_words=10, overlap_words=3)
    assert windows[0].split() == words[0:10]
    assert windows[1].split() == words[7:17]
    assert windows[-1].split()[-1] == "w24"
    assert all(len(w.split()) <= 10 for w in windows)


def test_chunk_ids_unique_and_hashes_track_content() -> None:
    body = "## Same\nA.\n## Same\nB.\n"
    first = chunk_document(doc(body), 100, 10)
    assert len({c.chunk_id for c in first}) == 2
    again = chunk_document(doc(body), 100, 10)
    assert [c.content_hash for c in first] == [c.content_hash for c in again]
    edited = chunk_document(doc(body.replace("B.", "C.")), 100, 10)
    assert first[0].content_hash == edited[0].content_hash
    assert first[1].content_hash != edited[1].content_hash
