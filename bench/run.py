"""`make bench`: every benchmark in turn; each writes its own section of bench/RESULTS.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable

STEPS = [
    (
        "knowledge retrieval",
        [PYTHON, str(BENCH / "knowledge_bench.py"), "--out", str(BENCH / "RESULTS.md")],
    ),
    (
        "answerability",
        [PYTHON, str(BENCH / "answerability_bench.py"), "--out", str(BENCH / "RESULTS.md")],
    ),
    (
        "retrieval on held-out questions",
        [PYTHON, str(BENCH / "retrieval_holdout_bench.py"), "--out", str(BENCH / "RESULTS.md")],
    ),
    (
        "conversation quality",
        [PYTHON, str(BENCH / "conversation_eval.py"), "--out", str(BENCH / "RESULTS.md")],
    ),
    ("entities", [PYTHON, str(BENCH / "entity_bench.py"), "--out", str(BENCH / "RESULTS.md")]),
    ("gap grouping", [PYTHON, str(BENCH / "gaps_bench.py"), "--out", str(BENCH / "RESULTS.md")]),
    ("NLU cross-validation", ["bash", str(BENCH / "nlu_bench.sh")]),
    ("reply latency", [PYTHON, str(BENCH / "latency_bench.py")]),
    ("handoff latency", [PYTHON, str(BENCH / "handoff_bench.py")]),
    (
        "load (SQLite single process and the PostgreSQL + Redis cluster) and long conversations",
        [PYTHON, str(BENCH / "load_bench.py"), "--topology", "both"],
    ),
]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from bench.holdout import freeze_warnings

    for warning in freeze_warnings():
        print(f"WARNING held-out set: {warning}", flush=True)
    failed = []
    for name, command in STEPS:
        script = Path(command[1])
        if not script.exists():
            print(f"== {name}: {script.name} missing, skipped", flush=True)
            continue
        print(f"== {name}", flush=True)
        if subprocess.run(command, cwd=ROOT).returncode != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    print(f"results: {BENCH / 'RESULTS.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
