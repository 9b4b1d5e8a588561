"""Retrieval on questions written apart: reported, never tuned on.

``tests/knowledge/eval_questions.yml`` chose the fusion and the confidence anchors, so its
figures flatter the search. ``bench/data/retrieval_holdout.yml`` was written apart from it (and
from every other tuning set: tests/bench/test_holdout_apart.py) and is only reported here:

- recall@1, recall@3 and MRR by document for dense, BM25 and the shipped hybrid search;
- the production answer path (``bot.answering`` + ``compose_answer``, as in
  bench/answerability_bench.py): answerable questions answered citing the right page, and
  unanswerable ones declined, on-topic and off-topic counted apart (an off-topic question is
  easy to decline; an on-topic one the pages do not answer is the honest test).

Usage: ``.venv/bin/python bench/retrieval_holdout_bench.py [--out bench/RESULTS.md]``

It prints no list of misses: reading them to fix the search would tune on the set.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from bench.answerability_bench import CachedKnowledge, competitor_in, evaluate
from bench.holdout import HELD_OUT_FILES
from bench.results import write_section
from bot.answering import answer_context, policy_from
from bot.config import get_settings
from bot.dialogue.answer import compose_answer
from bot.knowledge import KnowledgeBase

METHODS = (("dense", "dense"), ("lexical", "BM25"), ("hybrid", "hybrid (shipped)"))


def document_rank(kb: KnowledgeBase, item: dict, method: str) -> int | None:
    """1-based rank of the first answering document (ranks counted per document)."""
    answers = {item["page"], *item.get("also", [])}
    documents: list[str] = []
    for hit in kb.search(item["q"], k=10, method=method):  # type: ignore[arg-type]
        if hit.path not in documents:
            documents.append(hit.path)
    return next((n for n, path in enumerate(documents, 1) if path in answers), None)


def ranking(kb: KnowledgeBase, answerable: list[dict]) -> dict[str, dict[str, float]]:
    results = {}
    for method, _ in METHODS:
        ranks = [document_rank(kb, item, method) for item in answerable]
        n = len(ranks)
        results[method] = {
            "recall@1": sum(r == 1 for r in ranks if r) / n,
            "recall@3": sum(r <= 3 for r in ranks if r) / n,
            "mrr": sum(1 / r for r in ranks if r) / n,
        }
    return results


def declined(kb: CachedKnowledge, questions: list[str], policy, names: list[str]) -> float:
    """Share of ``questions`` the production answer path declines ("our pages don't say")."""
    settings = get_settings()
    count = 0
    for question in questions:
        competitor = competitor_in(question, names)
        ctx = answer_context(kb, settings, competitor=competitor, policy=policy)  # type: ignore[arg-type]
        count += bool(compose_answer(question, ctx).unanswered)
    return count / len(questions)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    data = yaml.safe_load(HELD_OUT_FILES["retrieval"].read_text())
    settings = get_settings()
    kb = KnowledgeBase.open(settings.knowledge_dir, settings.index_dir)
    cached = CachedKnowledge(kb)
    names = sorted({c for d in kb.documents() for c in d.competitors})
    policy = policy_from(settings)
    ranks = ranking(kb, data["answerable"])
    on_topic = evaluate(
        cached,
        {"answerable": data["answerable"], "unanswerable": data["on_topic_unanswerable"]},
        policy,
        names,
    )
    off_topic = declined(cached, data["off_topic"], policy, names)
    n_a = len(data["answerable"])
    lines = [
        "## Retrieval on a held-out question set (`bench/retrieval_holdout_bench.py`)",
        "",
        f"`bench/data/retrieval_holdout.yml`: {n_a} answerable questions, "
        f"{len(data['on_topic_unanswerable'])} on-topic questions no page answers, "
        f"{len(data['off_topic'])} off-topic; written apart from the tuning questions in "
        "`tests/knowledge/eval_questions.yml` and only ever reported.",
        "",
        "| method | recall@1 | recall@3 | MRR |",
        "| --- | ---: | ---: | ---: |",
    ]
    for method, label in METHODS:
        r = ranks[method]
        lines.append(f"| {label} | {r['recall@1']:.3f} | {r['recall@3']:.3f} | {r['mrr']:.3f} |")
    lines += [
        "",
        "The production answer path on the same questions:",
        "",
        "| answered, citing the right page | on-topic unanswerable declined | off-topic declined |",
        "| ---: | ---: | ---: |",
        f"| {on_topic['cited']:.3f} ({round(on_topic['cited'] * n_a)}/{n_a}) | "
        f"{on_topic['declined']:.3f} | "
        f"{off_topic:.3f} |",
    ]
    body = "\n".join(lines)
    print(body)
    if args.out:
        write_section("retrieval-holdout", body, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
