"""The held-out sets stay held out: no message in them is an exact or near copy of anything we
train or tune on (NLU examples and word lists, the tuning conversations, the answerability,
entity and retrieval tuning sets). What counts as a near copy, and why the thresholds are where
they are, is written in bench/holdout.py:

- equal after normalising (case, punctuation, apostrophes, entity annotations);
- word-set Jaccard similarity >= 0.6 (bench.holdout.TOKEN_SET_NEAR): a reordering is 1.0 and one
  word changed in a five-word message 0.67, while two different ways of saying the same thing
  rarely share more than half their distinct words;
- one is a contiguous run of the other's words, the shorter at least 3 words long;
- a character ratio >= 0.85 (typos and spelling variants of one sentence).
"""

from __future__ import annotations

import re
import subprocess
from functools import cache

import pytest
import yaml

from bench import holdout
from bench.holdout import copy_of, near_copies


@cache
def trained() -> tuple[list[str], list[str]]:
    return holdout.tuning_texts(), holdout.nlu_lookup_entries()


def test_the_detector_catches_copies_and_edits_of_a_training_sentence() -> None:
    source = "Do you sign a DPA for GDPR?"
    assert copy_of("do you sign a dpa for gdpr", source) == "exact"
    assert copy_of("for GDPR, do you sign a DPA?", source) == "words"  # reordered
    assert copy_of("do you sign a DPA for CCPA?", source) == "words"  # one word changed
    assert copy_of("ok, and do you sign a DPA for GDPR, our lawyers ask", source) == "inside"
    assert copy_of("what about pricing", "ok so what about pricing for 40 seats") == "inside"
    assert copy_of("can we intergrate with hubspot", "can we integrate with hubspot") in {
        "words",
        "chars",
    }


def test_the_detector_passes_a_different_way_of_saying_the_same_thing() -> None:
    assert (
        copy_of(
            "will you put your GDPR commitments in a signed agreement",
            "Do you sign a DPA for GDPR?",
        )
        is None
    )
    assert copy_of("what does the team plan cost", "do you sign a DPA for GDPR") is None
    # two shared words are not a copy: short messages are judged on their whole words
    assert copy_of("thanks loads", "thanks") is None


def test_a_lookup_phrase_counts_only_when_it_is_the_whole_message() -> None:
    assert near_copies(["much obliged"], [], ["much obliged"])
    assert not near_copies(["much obliged for the detail on pricing"], [], ["much obliged"])


def _tuning_side(copies: list[holdout.Copy]) -> list[str]:
    """Only the training or tuning side of each near copy: a failing test must not show a
    held-out message to whoever reads its output, or the set is no longer held out."""
    return [f"{c.how}: {c.source!r} is near a held-out message" for c in copies]


@pytest.mark.parametrize("name", sorted(holdout.HELD_OUT_FILES))
def test_held_out_set_copies_no_training_or_tuning_text(name: str) -> None:
    messages = holdout.held_out_sets()[name]
    assert len(messages) >= 60, f"{name}: the held-out set is missing or nearly empty"
    near = _tuning_side(near_copies(messages, *trained()))
    assert near == []


def test_test_stories_type_no_training_sentence() -> None:
    """`rasa test core` then also tests the NLU on text it was not trained on."""
    typed = holdout.story_messages()
    assert len(typed) >= 30
    near = _tuning_side(near_copies(typed, *trained()))
    assert near == []


def test_the_nlu_held_out_set_covers_every_intent_the_bot_predicts() -> None:
    text = holdout.HELD_OUT_FILES["nlu"].read_text()
    intents = set(re.findall(r"^- intent: (\w+)", text, re.MULTILINE))
    domain = yaml.safe_load((holdout.ROOT / "domain.yml").read_text())
    assert intents == set(domain["intents"]) - {"nlu_fallback"}


@pytest.mark.parametrize("name", sorted(holdout.HELD_OUT_FILES))
def test_held_out_file_records_the_commit_it_was_frozen_at(name: str) -> None:
    path = holdout.HELD_OUT_FILES[name]
    sha = holdout.frozen_at(path)
    assert sha, f"{path.name}: add a top comment '# frozen-at: <commit>'"
    known = subprocess.run(
        ["git", "cat-file", "-e", f"{sha}^{{commit}}"], cwd=holdout.ROOT, capture_output=True
    )
    assert known.returncode == 0, f"{path.name}: frozen-at {sha} is not a commit of this repo"


def test_bench_warns_when_a_held_out_file_changed_after_its_freeze(tmp_path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    data = repo / "bench" / "data"
    data.mkdir(parents=True)
    held = data / "nlu_holdout.yml"

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.email=t@t", "-c", "user.name=t", *args],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    git("init", "-q")
    held.write_text("nlu:\n- intent: greet\n  examples: |\n    - hello there\n")
    git("add", ".")
    git("commit", "-qm", "held-out")
    sha = git("rev-parse", "HEAD")
    held.write_text(f"# frozen-at: {sha}\n" + held.read_text())
    monkeypatch.setattr(holdout, "ROOT", repo)
    monkeypatch.setattr(holdout, "HELD_OUT_FILES", {"nlu": held})
    assert holdout.freeze_warnings(repo) == []  # the record line itself is not a change

    held.write_text(held.read_text() + "    - hi, is anyone there\n")
    [warning] = holdout.freeze_warnings(repo)
    assert "changed after it was frozen" in warning
