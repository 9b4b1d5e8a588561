"""The KnowledgeBase API the actions use: search, caveats, bad input, hot reload."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from bot.knowledge import Hit, KnowledgeBase, start_watching


def test_hits_carry_everything_needed_to_cite(sample_kb: KnowledgeBase) -> None:
    hits = sample_kb.search("Are you ISO 27001 certified and audited?", k=3)
    assert len(hits) == 3 and all(isinstance(h, Hit) for h in hits)
    top = hits[0]
    assert top.path == "product/security-compliance.md"
    assert top.heading == "Certifications and audits"
    assert top.url == "https://tessellate.example/security"
    assert "27001" in top.text
    assert (
        0.0 <= top.confidence <= 1.0 and top.confidence >= sample_kb.settings.min_answer_confidence
    )
    assert hits[0].score >= hits[1].score >= hits[2].score
    assert top.chunk_id.startswith("product/security-compliance.md#")


def test_competitor_pages_carry_their_competitors(sample_kb: KnowledgeBase) -> None:
    top = sample_kb.search("Pipit vs Tessellate for a tiny team on a budget", k=1)[0]
    assert top.path == "compare/pipit.md" and top.competitors == ["Pipit"]


def test_caveat_is_the_competitor_section(sample_kb: KnowledgeBase) -> None:
    caveat = sample_kb.caveat_for("compare/northwind.md")
    assert caveat is not None
    assert caveat.heading == "Where Northwind is the better choice"
    assert "self-hosted" in caveat.text
    assert sample_kb.caveat_for("buying/pricing.md") is None


def test_documents_metadata(sample_kb: KnowledgeBase) -> None:
    documents = {d.path: d for d in sample_kb.documents()}
    assert len(documents) >= 15
    pricing = documents["buying/pricing.md"]
    assert pricing.owner == "revops@tessellate.example"
    assert pricing.url == "https://tessellate.example/pricing"
    assert documents["compare/ordinal.md"].competitors == ["Ordinal"]
    assert sample_kb.problems == []


def test_sample_comparisons_are_honest(sample_kb: KnowledgeBase) -> None:
    """Every comparison page must say where the competitor is the better choice."""
    for document in sample_kb.documents():
        if document.path.startswith("compare/") and len(document.competitors) == 1:
            caveat = sample_kb.caveat_for(document.path)
            assert caveat is not None, document.path
            assert document.competitors[0] in caveat.heading


def test_empty_or_missing_folder_gives_an_empty_kb(tmp_path: Path, open_kb) -> None:
    for folder in (tmp_path / "missing", tmp_path):
        kb = open_kb(folder)
        assert kb.is_empty and kb.search("pricing") == [] and kb.documents() == []


def test_broken_file_keeps_last_good_version(mini_dir: Path, open_kb, write) -> None:
    kb = open_kb(mini_dir)
    page = mini_dir / "security.md"
    write(page, page.read_text().replace("updated: 2024-01-15", "updated: someday"))
    assert kb.refresh() is False  # nothing served changed: the old chunks stay
    assert [str(p) for p in kb.problems] == [
        "security.md:4: bad date 'someday' for 'updated': use YYYY-MM-DD"
    ]
    assert kb.search("Is data hosted in Dublin?", k=1)[0].path == "security.md"
    assert "security.md" in {d.path for d in kb.documents()}

    reopened = open_kb(mini_dir)  # a restart still serves it, from the saved index
    assert reopened.search("Is data hosted in Dublin?", k=1)[0].path == "security.md"
    assert len(reopened.problems) == 1


def test_refresh_only_when_files_change(mini_dir: Path, open_kb, write) -> None:
    kb = open_kb(mini_dir)
    assert kb.refresh() is False
    write(
        mini_dir / "new.md",
        "---\ntitle: Careers\nupdated: 2026-01-01\nowner: hr@x.example\n"
        "---\n## Jobs\nWe are hiring lighthouse keepers.\n",
    )
    assert kb.refresh() is True
    assert kb.last_build.embedded == 1
    assert kb.search("lighthouse keeper jobs", k=1)[0].path == "new.md"
    (mini_dir / "new.md").unlink()
    assert kb.refresh() is True
    assert "new.md" not in {h.path for h in kb.search("lighthouse keeper jobs", k=6)}


def test_watcher_serves_saved_edits_within_seconds(mini_dir: Path, open_kb, write) -> None:
    kb = open_kb(mini_dir)
    watcher = start_watching(kb, interval=0.2)
    try:
        page = mini_dir / "pricing.md"
        write(page, page.read_text() + "\n## Nonprofits\nCharities get the Pro plan at no cost.\n")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if any(h.heading == "Nonprofits" for h in kb.search("charity pricing", k=2)):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the edit was not picked up within 10 s")
    finally:
        watcher.stop()
    assert not watcher.running


def test_search_is_safe_during_refresh(mini_dir: Path, open_kb, write) -> None:
    kb = open_kb(mini_dir)
    errors: list[BaseException] = []
    stop = threading.Event()

    def searcher() -> None:
        while not stop.is_set():
            try:
                hits = kb.search("how much is the Pro plan", k=3)
                assert hits and all(h.path for h in hits)
            except BaseException as exc:  # reported below
                errors.append(exc)
                return

    thread = threading.Thread(target=searcher)
    thread.start()
    page = mini_dir / "pricing.md"
    for n in range(3):
        write(
            page,
            page.read_text()
            .replace("120 dollars", f"{121 + n} dollars")
            .replace(f"{120 + n} dollars", f"{121 + n} dollars"),
        )
        assert kb.refresh() is True
    stop.set()
    thread.join()
    assert errors == []
    assert "123 dollars" in kb.search("how much is the Pro plan", k=1)[0].text
