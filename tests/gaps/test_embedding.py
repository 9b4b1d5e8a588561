"""The gap questions' vectors: what is changed before embedding, and that topic outweighs the
way a question is asked (the real model)."""

from __future__ import annotations

import numpy as np

from bot.gaps.embedding import QuestionEncoder, load_abbreviations
from tests.support.model import shared_embedder

PAGES = [
    "Do you have a question about pricing? Our team plan is billed per seat.",
    "You can ask us anything: do you want a demo? Is there a trial? We answer.",
]


def encoder() -> QuestionEncoder:
    return QuestionEncoder(
        shared_embedder(),
        PAGES,
        product_names=["Tessellate"],
        expand_synonyms=lambda text: text.replace("SSO", "SSO (single sign-on)"),
        abbreviations={"BAA": "business associate agreement", "T&Cs": "terms and conditions"},
    )


def test_the_product_name_goes_and_abbreviations_and_synonyms_are_spelled_out() -> None:
    normalise = encoder().normalise
    assert normalise("is Tessellate's BAA standard?") == (
        "is BAA (business associate agreement) standard?"
    )
    assert normalise("baa for tessellate, and SSO") == (
        "baa (business associate agreement) for , and SSO (single sign-on)"
    )
    assert normalise("your T&Cs please") == "your T&Cs (terms and conditions) please"
    assert normalise("BAAs and abaa") == "BAAs and abaa"  # whole words only
    assert normalise("Tessellate") == "Tessellate"  # nothing left: the question as it was


def test_questions_on_one_topic_are_closer_than_questions_asked_the_same_way() -> None:
    vectors = encoder().encode(
        [
            "do you have nonprofit pricing",
            "is there a discount for registered charities",
            "do you have an android app",
        ]
    )
    assert vectors.shape == (3, shared_embedder().dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert encoder().encode([]).shape == (0, shared_embedder().dimension)


def test_the_shipped_abbreviations_load() -> None:
    long = load_abbreviations()
    assert long["SCIM"].startswith("System for Cross-domain Identity Management")
    assert all(short.strip() and text.strip() for short, text in long.items())
