"""What the gap grouping embeds: the product's name said as "you", the site's synonyms added;
and the grouping itself keeps one question apart from an unrelated one."""

from __future__ import annotations

import numpy as np

from bot.gaps.clustering import cluster_vectors, grouping_text
from bot.knowledge.site import Site

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
