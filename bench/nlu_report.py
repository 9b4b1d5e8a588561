"""Write Rasa's intent reports into bench/RESULTS.md (section ``nlu``).

Usage (from the project root, see bench/nlu_bench.sh)::

    python -m bench.nlu_report --cv CV_REPORT --cv-seconds S --holdout REPORT --holdout-seconds S

``--cv ""`` (held-out only) leaves the cross-validation column out.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.results import write_section

GOAL = 0.9
AGGREGATES = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def weighted_f1(report: dict) -> float:
    return float(report["weighted avg"]["f1-score"])


def section(cv: dict | None, cv_seconds: int, holdout: dict, holdout_seconds: int) -> str:
    """Markdown: weighted F1 against the goal, then per-intent F1 for each measurement."""
    lines = ["## NLU: intent classification", ""]
    if cv is not None:
        verdict = "meets" if weighted_f1(cv) >= GOAL else "is below"
        lines += [
            f"**3-fold cross-validation over data/nlu/ (`rasa test nlu --cross-validation`, "
            f"{cv_seconds} s): weighted F1 {weighted_f1(cv):.3f}**, which {verdict} the goal "
            f"of {GOAL}.",
            "",
        ]
    lines += [
        f"Held-out set (`bench/data/nlu_holdout.yml`, {int(holdout['weighted avg']['support'])} "
        f"messages written apart from the training data and never trained on; one training on "
        f"all of data/nlu/, {holdout_seconds} s): weighted F1 {weighted_f1(holdout):.3f}.",
        "",
    ]
    reports = ([("cross-validation", cv)] if cv is not None else []) + [("held-out", holdout)]
    header = " | ".join(f"{name} F1 | support" for name, _ in reports)
    lines += [f"| intent | {header} |", "|---|" + "---:|---:|" * len(reports)]
    for intent in sorted(k for k in holdout if k not in AGGREGATES):
        cells = " | ".join(_cells(report.get(intent)) for _, report in reports)
        lines.append(f"| {intent} | {cells} |")
    return "\n".join(lines)


def _cells(row: dict | None) -> str:
    return f"{row['f1-score']:.2f} | {row['support']}" if row else "- | 0"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cv", default="")
    parser.add_argument("--cv-seconds", type=int, default=0)
    parser.add_argument("--holdout", required=True)
    parser.add_argument("--holdout-seconds", type=int, default=0)
    args = parser.parse_args()
    cv = json.loads(Path(args.cv).read_text()) if args.cv else None
    holdout = json.loads(Path(args.holdout).read_text())
    body = section(cv, args.cv_seconds, holdout, args.holdout_seconds)
    write_section("nlu", body)
    print(body)


if __name__ == "__main__":
    main()
