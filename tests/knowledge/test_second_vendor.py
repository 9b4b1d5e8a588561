"""Another vendor's content folder works with no code change (issue 13, item 6).

A small folder for "Quillmark" (an invoicing tool compared with "Ledgerline"): the assistant
searches it, finds its comparison page, composes cited answers and words its own sentences
with Quillmark's names, never the demo vendor's.
"""

from __future__ import annotations

import pytest

from bot.answering import answer_context
from bot.config import Settings
from bot.dialogue.answer import compose_answer
from bot.dialogue.site_wording import SiteNames
from bot.knowledge import KnowledgeBase
from tests.support.model import shared_embedder

PAGES = {
    "site.yml": "product: Quillmark\nsynonyms:\n  - [e-invoicing, electronic invoicing]\n",
    "compare/ledgerline.md": """---
title: Quillmark vs Ledgerline
summary: A lighter invoicing tool against an accounting suite.
competitors: [Ledgerline]
updated: 2026-11-01
owner: docs@quillmark.example
url: https://quillmark.example/compare/ledgerline
---
# Quillmark vs Ledgerline

## Where Ledgerline is the better choice
- You want invoicing and full double-entry accounting in one product. Ledgerline has a general
  ledger; Quillmark does not.

## Where Quillmark is the better choice
- You send many invoices in several currencies. Quillmark converts at the daily ECB rate.
""",
    "product/e-invoicing.md": """---
title: Electronic invoicing
summary: Which e-invoicing networks Quillmark sends to.
updated: 2026-11-01
owner: docs@quillmark.example
url: https://quillmark.example/e-invoicing
---
# Electronic invoicing

## Networks
Quillmark sends e-invoices over Peppol in every country where Peppol is live.
""",
}


@pytest.fixture(scope="module")
def quillmark(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("quillmark")
    for name, text in PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    kb = KnowledgeBase.open(root, tmp_path_factory.mktemp("index"), embedder=shared_embedder())
    assert not kb.problems, kb.problems
    return kb


def test_the_folder_names_the_product_and_its_competitors(quillmark: KnowledgeBase) -> None:
    assert quillmark.site.product == "Quillmark"
    assert quillmark.competitors() == ["Ledgerline"]
    assert quillmark.comparison_page("ledgerline") == "compare/ledgerline.md"


def test_answers_come_from_that_folder_and_cite_it(quillmark: KnowledgeBase) -> None:
    ctx = answer_context(quillmark, Settings())
    answer = compose_answer("Do you support electronic invoicing over Peppol?", ctx)
    assert answer.confident and "Peppol" in answer.text
    assert answer.sources[0]["path"] == "product/e-invoicing.md"
    honest = compose_answer("When is Ledgerline the better choice?", ctx, comparison=True)
    assert "general ledger" in honest.text
    assert honest.sources[0]["path"] == "compare/ledgerline.md"


def test_the_assistant_speaks_of_that_vendor(quillmark: KnowledgeBase) -> None:
    names = SiteNames(quillmark.site.product, tuple(quillmark.competitors()))
    rephrase = names.rephrase_request()
    assert "Quillmark" in rephrase and "Ledgerline" in rephrase and "Tessellate" not in rephrase
    assert names.comparison_offer("Ledgerline").startswith("I can compare Quillmark with")
    assert names.comparison_offer("Northwind") is None


def test_the_products_own_name_is_no_sign_a_sentence_answers(quillmark: KnowledgeBase) -> None:
    """Every page names the product: "who is Quillmark's CEO?" shares only that with any
    sentence, which must not count as the sentence saying what was asked."""
    asked = quillmark.search("Who is Quillmark's CEO?")
    assert asked and all(p.overlap == 0.0 for hit in asked for p in hit.passages)
    peppol = quillmark.search("Does Quillmark send over Peppol?")
    best = max((p for hit in peppol for p in hit.passages), key=lambda p: p.overlap)
    assert "Peppol" in best.text and best.overlap > 0.5
