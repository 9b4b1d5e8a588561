"""Retrieval quality on labelled buyer questions, and the confidence calibration.

Reports recall@1, recall@3 and MRR (by document) for dense-only, BM25-only, RRF hybrid and the
weighted alternative, in the terminal summary and in ``knowledge_eval.json`` in the session's
temporary folder (its path is printed; the checkout is never written to).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeBase

QUESTIONS = yaml.safe_load((Path(__file__).parent / "eval_questions.yml").read_text())
METHODS = ("dense", "lexical", "hybrid", "weighted")


def document_rank(kb: KnowledgeBase, item: dict, method: str) -> int | None:
    """1-based rank of the first hit from an answering file (ranks counted per document)."""
    answers = {item["path"], *item.get("also", [])}
    documents: list[str] = []
    for hit in kb.search(item["q"], k=10, method=method):
        if hit.path not in documents:
            documents.append(hit.path)
    return next((n for n, path in enumerate(documents, 1) if path in answers), None)


@pytest.fixture(scope="module")
def metrics(sample_kb: KnowledgeBase) -> dict[str, dict[str, float]]:
    results = {}
    for method in METHODS:
        ranks = [document_rank(sample_kb, item, method) for item in QUESTIONS["answerable"]]
        n = len(ranks)
        results[method] = {
            "recall@1": sum(r == 1 for r in ranks if r) / n,
            "recall@3": sum(r <= 3 for r in ranks if r) / n,
            "mrr": sum(1 / r for r in ranks if r) / n,
        }
    return results


def test_labelled_set_is_big_enough_and_valid(sample_kb: KnowledgeBase) -> None:
    paths = {d.path for d in sample_kb.documents()}
    assert len(QUESTIONS["answerable"]) >= 60 and len(QUESTIONS["unanswerable"]) >= 15
    for item in QUESTIONS["answerable"]:
        assert {item["path"], *item.get("also", [])} <= paths, item


def test_hybrid_recall_at_3(
    metrics: dict[str, dict[str, float]], report: dict, eval_file: Path
) -> None:
    lines = [f"{'method':10} {'recall@1':>9} {'recall@3':>9} {'MRR':>6}"]
    for method, values in metrics.items():
        name = "bm25" if method == "lexical" else method
        lines.append(
            f"{name:10} {values['recall@1']:9.3f} {values['recall@3']:9.3f} {values['mrr']:6.3f}"
        )
    report["knowledge retrieval evaluation"] = lines
    print("\n".join(lines))
    _save(eval_file, {"retrieval": metrics})
    assert metrics["hybrid"]["recall@3"] >= 0.9
    # RRF is chosen for robustness; it must not fall clearly behind either single method.
    assert metrics["hybrid"]["mrr"] >= max(metrics["dense"]["mrr"], metrics["lexical"]["mrr"])


def test_confidence_separates_answerable_from_unanswerable(
    sample_kb: KnowledgeBase, report: dict, eval_file: Path
) -> None:
    threshold = sample_kb.settings.min_answer_confidence
    answerable = [sample_kb.search(i["q"], k=1)[0].confidence for i in QUESTIONS["answerable"]]
    unanswerable = [sample_kb.search(q, k=1)[0].confidence for q in QUESTIONS["unanswerable"]]
    confident = sum(c >= threshold for c in answerable) / len(answerable)
    declined = sum(c < threshold for c in unanswerable) / len(unanswerable)
    line = (
        f"threshold {threshold}: {confident:.1%} of answerable at or above, "
        f"{declined:.1%} of unanswerable below"
    )
    report["knowledge confidence calibration"] = [line]
    print(line)
    calibration = {"answerable_confident": confident, "unanswerable_declined": declined}
    _save(eval_file, {"calibration": calibration})
    assert confident >= 0.9
    assert declined >= 0.7


@pytest.fixture(scope="session")
def eval_file(tmp_path_factory: pytest.TempPathFactory, report: dict) -> Path:
    target = tmp_path_factory.mktemp("knowledge-eval") / "knowledge_eval.json"
    report["knowledge evaluation figures"] = [str(target)]
    return target


def _save(target: Path, data: dict) -> None:
    existing = json.loads(target.read_text()) if target.exists() else {}
    target.write_text(json.dumps({**existing, **data}, indent=2))
