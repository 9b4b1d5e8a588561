"""`make test` fails when intent accuracy on the held-out set drops below the floor."""

from __future__ import annotations

import json

from bench import nlu_floor


def report(weighted_f1: float) -> dict:
    return {
        "greet": {"precision": 1.0, "recall": 1.0, "f1-score": 1.0, "support": 10},
        "ask_discount": {"precision": 0.5, "recall": 0.4, "f1-score": 0.44, "support": 10},
        "accuracy": weighted_f1,
        "weighted avg": {"precision": 0.8, "recall": 0.8, "f1-score": weighted_f1, "support": 20},
    }


def test_a_report_below_the_floor_fails_the_run(tmp_path, capsys) -> None:
    path = tmp_path / "intent_report.json"
    path.write_text(json.dumps(report(nlu_floor.FLOOR - 0.01)))
    assert nlu_floor.main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "20 unseen messages" in out and "< floor" in out
    assert "ask_discount 0.44" in out  # the weakest intent is named


def test_a_report_at_the_floor_passes(tmp_path) -> None:
    path = tmp_path / "intent_report.json"
    path.write_text(json.dumps(report(nlu_floor.FLOOR)))
    assert nlu_floor.main([str(path)]) == 0
