"""What the gap grouping embeds: the product's name said as "you", the site's synonyms added,
the model's token vectors weighted by how rare each word is in the pages; and the grouping
itself keeps one question apart from an unrelated one."""

from __future__ import annotations

import numpy as np

from bot.gaps.clustering import GroupingEncoder, cluster_vectors, grouping_text
from bot.knowledge.site import Site
from tests.support.model import shared_embedder

SITE = Site(product="Tessellate", synonyms=(("IdP", "identity provider"),))


def test_the_product_name_becomes_you_and_synonyms_are_added() -> None:
    assert grouping_text("is Tessellate's api rate limited", SITE) == "is you api rate limited"
    assert grouping_text("is tessellate hipaa compliant", SITE) == "is you hipaa compliant"
    assert grouping_text("sync roles from our IdP?", SITE) == (
        "sync roles from our IdP? (identity provider)"
    )
    assert grouping_text("tessellated charts", SITE) == "tessellated charts"  # a word, not the name


def test_a_site_without_a_product_name_changes_nothing_but_synonyms() -> None:
    assert grouping_text("do you support scim", Site()) == "do you support scim"


def test_close_vectors_share_a_group_and_far_ones_do_not() -> None:
    vectors = np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = cluster_vectors(vectors, 0.5)
    assert labels[0] == labels[1] != labels[2]
    assert cluster_vectors(vectors[:1], 0.5) == [0]
    assert cluster_vectors(np.zeros((0, 2)), 0.5) == []


def test_the_encoder_at_power_zero_is_the_models_own_sentence_vector() -> None:
    embedder = shared_embedder()
    texts = ["is Tessellate's api rate limited", "sync roles from our IdP?"]
    plain = GroupingEncoder(embedder, SITE, ["any page text"], power=0.0)(texts)
    expected = embedder.encode([grouping_text(t, SITE) for t in texts])
    assert np.allclose(plain, expected)
    assert GroupingEncoder(embedder, SITE, [], power=1.0)([]).shape[0] == 0


def test_words_the_pages_use_everywhere_count_less_and_batches_do_not_matter() -> None:
    embedder = shared_embedder()
    pages = [f"the dashboard shows {word}" for word in ("revenue", "churn", "funnels", "users")]
    question, same_ask, same_word = (
        "dashboard discount for charities",
        "discount for charities",
        "dashboard colours",
    )

    def similarities(power: float) -> tuple[float, float]:
        vectors = GroupingEncoder(embedder, SITE, pages, power)([question, same_ask, same_word])
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        return float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])

    (ask_plain, word_plain), (ask_idf, word_idf) = similarities(0.0), similarities(1.25)
    assert ask_idf > ask_plain and word_idf < word_plain
    encoder = GroupingEncoder(embedder, SITE, pages, 1.25)
    alone = encoder([question])[0]
    together = encoder([question, "a much longer question that pads the batch out further"])[0]
    assert np.allclose(alone, together, atol=1e-5)
