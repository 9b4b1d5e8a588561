"""Answerability: does the assistant answer what the pages answer, and decline what they don't?

Runs the production answer path (``bot.answering.answer_context`` + ``compose_answer``) on two
labelled sets of on-topic buyer questions: ``bench/data/answerability_tuning.yml`` (thresholds
are chosen on it, by a grid search printed below) and ``bench/data/answerability_holdout.yml``
(written apart and only ever reported). Figures:

- answered: share of answerable questions answered in full, citing the labelled page;
- declined: share of unanswerable questions the assistant declines ("our pages don't say").

Usage: ``.venv/bin/python bench/answerability_bench.py [--search] [--out bench/RESULTS.md]``.
``--search`` prints the grid; the shipped thresholds are the ones in ``bot/config.py``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from bench.results import write_section
from bot.answering import answer_context, policy_from
from bot.config import get_settings
from bot.dialogue.answer import compose_answer
from bot.dialogue.selection import AnswerPolicy
from bot.knowledge import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
GOAL_ANSWERED, GOAL_DECLINED = 0.95, 0.90


def load(name: str) -> dict:
    return yaml.safe_load((DATA / f"answerability_{name}.yml").read_text())


class CachedKnowledge:
    """The knowledge base with searches memoised, so a grid of thresholds costs one search
    per question (thresholds act after retrieval)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.search = lru_cache(maxsize=None)(kb.search)
        self.caveat_for = lru_cache(maxsize=None)(kb.caveat_for)
        self.strengths_for = lru_cache(maxsize=None)(kb.strengths_for)
        self.unknown_terms = lru_cache(maxsize=None)(kb.unknown_terms)
        self.comparison_page = kb.comparison_page
        self.site = kb.site


def competitor_in(question: str, names: list[str]) -> str | None:
    return next((n for n in names if re.search(rf"\b{n}\b", question, re.IGNORECASE)), None)


def evaluate(kb: CachedKnowledge, data: dict, policy: AnswerPolicy, names: list[str]) -> dict:
    settings = get_settings()
    answered = cited = 0
    misses: list[str] = []
    for item in data["answerable"]:
        question = item["q"]
        competitor = competitor_in(question, names)
        ctx = answer_context(kb, settings, competitor=competitor, policy=policy)  # type: ignore[arg-type]
        answer = compose_answer(question, ctx, comparison=competitor is not None)
        pages = {item["page"], *item.get("also", [])}
        full = answer.confident and not answer.unanswered
        answered += full
        hit = any(s.get("path") in pages for s in answer.sources)
        cited += full and hit
        if not (full and hit):
            misses.append(f"answerable missed: {question}")
    declined = 0
    for question in data["unanswerable"]:
        ctx = answer_context(kb, settings, competitor=competitor_in(question, names), policy=policy)  # type: ignore[arg-type]
        answer = compose_answer(question, ctx)
        declined += bool(answer.unanswered)
        if not answer.unanswered:
            misses.append(f"unanswerable answered: {question}")
    n_a, n_u = len(data["answerable"]), len(data["unanswerable"])
    return {
        "answered": answered / n_a,
        "cited": cited / n_a,
        "declined": declined / n_u,
        "n_answerable": n_a,
        "n_unanswerable": n_u,
        "misses": misses,
    }


def grid(kb: CachedKnowledge, data: dict, base: AnswerPolicy, names: list[str]) -> None:
    """Print the tuning set's figures over a grid of the two answerability thresholds."""
    rows = []
    for section_weight, overlap_weight in itertools.product([0.3], [0.5]):
        for low, unknown in itertools.product([0.7, 0.75, 0.8], [0.95, 1.05, 1.15, 1.3, 1.6]):
            policy = replace(
                base,
                min_confidence=0.0,
                min_answer_score=low,
                min_answer_score_unknown=unknown,
                section_weight=section_weight,
                overlap_weight=overlap_weight,
            )
            result = evaluate(kb, data, policy, names)
            total = result["cited"] + result["declined"]
            rows.append((total, (section_weight, overlap_weight, low, unknown), result))
    for total, knobs, result in sorted(rows, key=lambda r: -r[0])[:15]:
        print(
            "section_weight={} overlap_weight={} min_answer_score={} unknown={}".format(*knobs),
            f"cited {result['cited']:.3f} declined {result['declined']:.3f} (sum {total:.3f})",
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--search", action="store_true", help="print the threshold grid")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="list the tuning set's misses")
    args = parser.parse_args()
    settings = get_settings()
    kb = CachedKnowledge(KnowledgeBase.open(settings.knowledge_dir, settings.index_dir))
    names = sorted({c for d in kb.kb.documents() for c in d.competitors})
    policy = policy_from(settings)
    tuning, holdout = load("tuning"), load("holdout")
    if args.search:
        grid(kb, tuning, policy, names)
    results = {"tuning": evaluate(kb, tuning, policy, names)}
    if args.misses:
        print("\n".join(results["tuning"]["misses"]))
    results["held-out"] = evaluate(kb, holdout, policy, names)
    lines = [
        "## Answerability (`bench/answerability_bench.py`)",
        "",
        "The production answer path on on-topic buyer questions. Thresholds "
        f"(min_answer_score {policy.min_answer_score}, with unknown words "
        f"{policy.min_answer_score_unknown}) were chosen on the tuning set only.",
        "",
        "| set | answerable | answered, citing the right page | unanswerable | declined |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['n_answerable']} | {r['cited']:.3f} | {r['n_unanswerable']} | "
            f"{r['declined']:.3f} |"
        )
    lines.append("")
    lines.append(f"Goals: answered ≥ {GOAL_ANSWERED}, declined ≥ {GOAL_DECLINED}.")
    body = "\n".join(lines)
    print(body)
    if args.out:
        write_section("answerability", body, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
