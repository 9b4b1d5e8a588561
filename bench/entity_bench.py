"""Entities we can trust: per-entity precision and recall of the details that reach the slots.

The trained Rasa model parses each labelled message (in the Rasa venv, as the server would);
the slot value is the first entity of its kind, then ``action_validate_slot_mappings``'s checks
(``bot/dialogue/entities/``) keep or drop it. Reported for NLU alone and after the checks, on
``bench/data/entities_tuning.yml`` and ``bench/data/entities_holdout.yml`` (written apart, never
tuned on). Goal: precision >= 0.95 for team size, budget and timeline (an empty slot beats a
wrong fact in a rep's packet).

Usage: ``.venv/bin/python bench/entity_bench.py [--out bench/RESULTS.md]``; ``--misses`` lists
the tuning set's wrong and missed values, one row each, and runs nothing on the held-out set (its
rows and misses are never shown: rules are chosen on the tuning set only).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from bench.results import write_section
from bot.dialogue.entities import trusted_details

ROOT = Path(__file__).resolve().parent.parent
ENTITIES = ("team_size", "budget", "timeline", "current_tool")
GOAL_PRECISION = {"team_size": 0.95, "budget": 0.95, "timeline": 0.95}
PARSE = """
import asyncio, json, sys
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
texts = json.load(sys.stdin)
async def main():
    out = []
    for t in texts:
        parsed = await agent.parse_message(t)
        out.append([[e["entity"], e["value"]] for e in parsed.get("entities", [])])
    return out
print("RESULT" + json.dumps(asyncio.run(main())))
"""


def parse_all(texts: list[str]) -> list[list[list[str]]]:
    """Entities of each text from the trained model, in the Rasa venv (none of our code)."""
    result = subprocess.run(
        [str(ROOT / ".venv-rasa" / "bin" / "python"), "-c", PARSE, str(ROOT / "models")],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT"))
    return json.loads(line[len("RESULT") :])


def same(entity: str, predicted: str, label: str) -> bool:
    if entity == "team_size":
        return re.sub(r"\D", "", predicted) == re.sub(r"\D", "", label)
    p, q = predicted.lower().strip(), label.lower().strip()
    return p in q or q in p


def _slot_values(entities: list[list[str]]) -> dict[str, str | None]:
    """The first value of each kind, as the slot mappings see it (a competitor too: it may be
    the buyer's current tool)."""
    names = (*ENTITIES, "competitor")
    return {name: next((v for e, v in entities if e == name), None) for name in names}


def misses(messages: list[dict], parsed: list[list[list[str]]]) -> list[str]:
    """One line per wrong or missing value after the checks: the entity, what kind of miss,
    the label, NLU's value, the checked value and the message."""
    lines = []
    for entity in ENTITIES:
        for message, entities in zip(messages, parsed, strict=True):
            first = _slot_values(entities)
            value = trusted_details(first, message["text"])[entity]
            label = message.get(entity)
            if value is None and label is None:
                continue
            if value is not None and label is not None and same(entity, str(value), str(label)):
                continue
            kind = "missed" if value is None else "wrong" if label is not None else "extra"
            lines.append(
                f"{entity:12} {kind:6} label={label!r} nlu={first[entity]!r} "
                f"checked={value!r} | {message['text']}"
            )
    return lines


def score(messages: list[dict], parsed: list[list[list[str]]], checked: bool) -> dict[str, dict]:
    table = {}
    for entity in ENTITIES:
        predicted = correct = labelled = 0
        for message, entities in zip(messages, parsed, strict=True):
            first = _slot_values(entities)
            value = trusted_details(first, message["text"])[entity] if checked else first[entity]
            label = message.get(entity)
            labelled += label is not None
            if value is not None:
                predicted += 1
                correct += label is not None and same(entity, str(value), str(label))
        table[entity] = {
            "precision": correct / predicted if predicted else 1.0,
            "recall": correct / labelled if labelled else 1.0,
            "predicted": predicted,
            "labelled": labelled,
        }
    return table


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list the tuning set's misses (the held-out set is not run)",
    )
    args = parser.parse_args()
    if args.misses:
        data = yaml.safe_load((ROOT / "bench" / "data" / "entities_tuning.yml").read_text())
        messages = data["messages"]
        print("\n".join(misses(messages, parse_all([m["text"] for m in messages]))))
        return 0
    lines = [
        "## Entities we can trust (`bench/entity_bench.py`)",
        "",
        "Slot values from the trained model (first entity of its kind), without and with "
        "`action_validate_slot_mappings` (its checks, and the plain rules that fill what the "
        "tagger missed). Precision: share of filled slots that are "
        "right; recall: share of labelled details filled. Goal: precision ≥ 0.95 for team size, "
        "budget and timeline.",
        "",
        "| set | entity | NLU precision | NLU recall | checked precision | checked recall | "
        "filled / labelled |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("tuning", "holdout"):
        data = yaml.safe_load((ROOT / "bench" / "data" / f"entities_{name}.yml").read_text())
        messages = data["messages"]
        parsed = parse_all([m["text"] for m in messages])
        raw, checked = score(messages, parsed, False), score(messages, parsed, True)
        for entity in ENTITIES:
            r, c = raw[entity], checked[entity]
            lines.append(
                f"| {name} | {entity} | {r['precision']:.2f} | {r['recall']:.2f} | "
                f"{c['precision']:.2f} | {c['recall']:.2f} | {c['predicted']} / {c['labelled']} |"
            )
    body = "\n".join(lines)
    print(body)
    if args.out:
        write_section("entities", body, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
