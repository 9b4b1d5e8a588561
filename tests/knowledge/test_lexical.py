"""BM25 side of the hybrid search (real bm25s)."""

from __future__ import annotations

from bot.knowledge.lexical import LexicalIndex, tokenize
from bot.knowledge.search import reciprocal_rank_fusion


def test_tokenize_folds_forms_and_drops_stopwords() -> None:
    assert tokenize("What are the prices? Pricing, priced.") == ["pric", "pric", "pric"]
    assert tokenize("Integrations with SCIM") == ["integration", "scim"]


def test_exact_terms_win_and_unknown_words_return_nothing() -> None:
    index = LexicalIndex(
        ["Single sign-on with SAML is on Business.", "SCIM provisioning is Enterprise only.", ""]
    )
    scores, ids = index.search("do you support scim?", k=3)
    assert list(ids) == [1] and scores[0] > 0
    assert len(index.search("zebra xylophone", k=3)[1]) == 0


def test_rrf_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]], k=60)
    assert max(fused, key=fused.get) == 1
    assert fused[3] > fused[2] and fused[4] < fused[2]


def test_a_word_joined_to_its_prefix_is_known_when_the_pages_write_it_apart() -> None:
    index = LexicalIndex(
        ["We give 30 days' notice before adding a sub-processor.", "Instrument your product."]
    )
    assert index.unknown_terms("what if you add a new subprocessor?") == []
    assert index.unknown_terms("do we have to reinstrument everything?") == []
    assert index.unknown_terms("who are your investors?") == ["investors"]


def test_a_word_the_pages_hyphenate_is_known_when_the_buyer_joins_it() -> None:
    index = LexicalIndex(["Non-profit or start-up terms are decided case by case."])
    assert index.unknown_terms("should a startup like ours pick you?") == []
    assert index.unknown_terms("do you offer nonprofit terms?") == []
    assert index.unknown_terms("is a startup ledger included?") == ["ledger"]


def test_a_joined_word_is_searched_as_the_pages_spell_it() -> None:
    index = LexicalIndex(["We give notice before adding a sub-processor.", "Self-serve guides."])
    assert index.spelled_as_pages("what if you add a subprocessor?") == (
        "what if you add a sub-processor?"
    )
    assert index.spelled_as_pages("is it selfserve") == "is it self-serve"
    assert index.spelled_as_pages("any subsidy or rebate?") == "any subsidy or rebate?"


def test_a_short_known_word_does_not_make_a_longer_one_known() -> None:
    index = LexicalIndex(["Non-profit terms are decided case by case.", "Deletion is confirmed."])
    assert index.unknown_terms("is the company profitable?") == ["profitable"]
    assert index.unknown_terms("how are deletions confirmed?") == []


def test_emphasis_and_counts_are_not_topics_the_pages_lack() -> None:
    index = LexicalIndex(["Single sign-on is included from the Business plan.", "Seats."])
    assert index.unknown_terms("SSO is a dealbreaker for us, which plan?") == ["SSO"]
    assert index.unknown_terms("is single sign-on a must-have on a 120-person plan?") == []
    assert index.unknown_terms("which plan has 120-widget seats?") == ["120-widget"]
