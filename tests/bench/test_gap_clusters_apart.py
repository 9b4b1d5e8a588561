"""The gap-grouping held-out set stays held out: no question in it is a near copy of the tuning
set or of anything else we train or tune on (bench/holdout.py's check), its groups are other
topics than the tuning set's, and it records the commit it was frozen at."""

from __future__ import annotations

import subprocess

import yaml

from bench import holdout
from bench.gaps_bench import SETS, load

HELD_OUT = SETS["held-out"]


def test_the_held_out_questions_copy_no_tuning_or_training_text() -> None:
    held, _ = load(HELD_OUT)
    tuning, _ = load(SETS["tuning"])
    copies = holdout.near_copies(
        held, tuning + holdout.tuning_texts(), holdout.nlu_lookup_entries()
    )
    # Compare the tuning-side descriptions only: pytest's diff of the Copy objects themselves
    # would print the held-out question to whoever is rewording the tuning set.
    found = [str(copy) for copy in copies]
    assert not found, "\n".join(found)


def test_both_sets_are_big_enough_and_ask_about_different_things() -> None:
    for path in SETS.values():
        texts, labels = load(path)
        groups = yaml.safe_load(path.read_text())["groups"]
        assert len(texts) >= 60 and len(groups) >= 8, path.name
        assert len(set(labels)) == len(groups) + len(texts) - sum(map(len, groups.values()))
    tuning = yaml.safe_load(SETS["tuning"].read_text())["groups"]
    held = yaml.safe_load(HELD_OUT.read_text())["groups"]
    # Name only the clashing names (the tuning writer's own): a failure report must not show
    # the held-out set to whoever is about to reword the tuning one.
    clash = sorted(set(tuning) & set(held))
    assert len(clash) == 0, f"tuning groups also held out, rename or drop them: {clash}"


def test_the_held_out_set_is_unchanged_since_its_freeze() -> None:
    sha = holdout.frozen_at(HELD_OUT)
    assert sha, f"{HELD_OUT.name}: add a top comment '# frozen-at: <commit>'"
    rel = HELD_OUT.relative_to(holdout.ROOT).as_posix()
    frozen = subprocess.run(
        ["git", "show", f"{sha}:{rel}"], cwd=holdout.ROOT, capture_output=True, text=True
    )
    assert frozen.returncode == 0, f"frozen-at {sha} is not a commit holding {rel}"
    assert holdout._without_record(frozen.stdout) == holdout._without_record(HELD_OUT.read_text())
