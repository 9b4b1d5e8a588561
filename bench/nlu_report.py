"""Write Rasa's intent report into bench/RESULTS.md (section ``nlu``).

Usage: ``python -m bench.nlu_report INTENT_REPORT_JSON METHOD SECONDS`` from the project root.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.results import write_section

GOAL = 0.9
AGGREGATES = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def section(report: dict, method: str, seconds: str) -> str:
    """Markdown: weighted F1 against the goal, then one row per intent."""
    weighted = report["weighted avg"]["f1-score"]
    verdict = "meets" if weighted >= GOAL else "is below"
    lines = [
        "## NLU: intent classification",
        "",
        f"Method: {method}; {seconds} s including training.",
        "",
        f"**Weighted F1: {weighted:.3f}** ({verdict} the goal of {GOAL}).",
        "",
        "| intent | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in sorted(k for k in report if k not in AGGREGATES):
        row = report[name]
        lines.append(
            f"| {name} | {row['precision']:.2f} | {row['recall']:.2f} | "
            f"{row['f1-score']:.2f} | {row['support']} |"
        )
    return "\n".join(lines)


def main(report_path: str, method: str, seconds: str) -> None:
    body = section(json.loads(Path(report_path).read_text()), method, seconds)
    write_section("nlu", body)
    print(body)


if __name__ == "__main__":
    main(*sys.argv[1:4])
