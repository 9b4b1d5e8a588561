"""The held-out sets stay held out: no buyer message in them is a near-copy of anything we
train or tune on (NLU examples, the tuning conversations, the tuning answerability set)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
NEAR_COPY = 0.85  # SequenceMatcher ratio on normalised text


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


def nlu_examples() -> list[str]:
    examples = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line.strip().lstrip("- "))
                if text:
                    examples.append(text)
    return examples


def conversation_messages(name: str) -> list[str]:
    data = yaml.safe_load((ROOT / "bench" / "conversations" / f"{name}.yml").read_text())
    return [t["buyer"] for c in data for t in c["turns"] if "buyer" in t]


def answerability_questions(name: str) -> list[str]:
    data = yaml.safe_load((ROOT / "bench" / "data" / f"answerability_{name}.yml").read_text())
    return [item["q"] for item in data["answerable"]] + list(data["unanswerable"])


def near_copies(held_out: list[str], trained: list[str]) -> list[tuple[str, str]]:
    seen = {normalise(t): t for t in trained}
    found = []
    for message in held_out:
        key = normalise(message)
        if len(key.split()) < 3:
            continue  # "yes", "thanks": short replies are the same in every set
        for other_key, other in seen.items():
            if SequenceMatcher(None, key, other_key).ratio() >= NEAR_COPY:
                found.append((message, other))
                break
    return found


def test_near_copy_detector_catches_a_reworded_copy() -> None:
    assert near_copies(["Do you sign a DPA for GDPR?"], ["do you sign a DPA for gdpr"])
    assert not near_copies(["Do you sign a DPA for GDPR?"], ["what does the team plan cost"])


def test_held_out_conversations_copy_no_training_or_tuning_text() -> None:
    trained = nlu_examples() + conversation_messages("tuning") + answerability_questions("tuning")
    assert near_copies(conversation_messages("holdout"), trained) == []


def test_held_out_answerability_questions_copy_no_training_or_tuning_text() -> None:
    trained = nlu_examples() + conversation_messages("tuning") + answerability_questions("tuning")
    assert near_copies(answerability_questions("holdout"), trained) == []
