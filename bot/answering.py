"""Wiring the dialogue's answer logic to a ``KnowledgeBase``: one place builds the context,
so the action server and the benchmarks answer exactly the same way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.config import Settings
from bot.dialogue.answer import AnswerContext
from bot.dialogue.profile import BuyerProfile
from bot.dialogue.selection import AnswerPolicy
from bot.knowledge import KnowledgeBase

SEARCH_DEPTH = 5


def policy_from(settings: Settings) -> AnswerPolicy:
    return AnswerPolicy(
        min_confidence=settings.min_section_confidence,
        min_answer_score=settings.min_answer_score,
        min_answer_score_unknown=settings.min_answer_score_unknown,
        overlap_weight=settings.answer_overlap_weight,
        section_weight=settings.answer_section_weight,
        unit_margin=settings.answer_unit_margin,
        heading_weight=settings.answer_heading_weight,
        heading_names_min=settings.answer_heading_names_min,
        named_section_words=settings.answer_named_section_words,
        unknown_share_min=settings.answer_unknown_share_min,
        question_unit_penalty=settings.answer_question_unit_penalty,
    )


def answer_context(
    kb: KnowledgeBase,
    settings: Settings,
    *,
    profile: BuyerProfile | None = None,
    competitor: str | None = None,
    shown: Iterable[dict[str, Any]] = (),
    policy: AnswerPolicy | None = None,
    previous_page: str | None = None,
    topics: frozenset[str] = frozenset(),
) -> AnswerContext:
    """The context for ``compose_answer``; ``shown`` are the sources already quoted."""
    return AnswerContext(
        search=lambda query: kb.search(query, k=SEARCH_DEPTH),
        search_within=lambda query, path: kb.search(query, k=SEARCH_DEPTH, path=path),
        caveat_for=lambda path, query: kb.caveat_for(path, query),
        strengths_for=lambda path, theirs, query: kb.strengths_for(
            path, competitor_side=theirs, query=query
        ),
        unknown_terms=kb.unknown_terms,
        comparison_page=kb.comparison_page,
        policy=policy or policy_from(settings),
        profile=profile or BuyerProfile(),
        competitor=competitor,
        previous_page=previous_page,
        topics=topics,
        product=kb.site.product,
        shown=frozenset(
            (str(s.get("path")), str(s.get("heading"))) for s in shown if isinstance(s, dict)
        ),
    )
