"""Held-out sets stay held out: the near-copy check and the freeze record.

Every held-out set is compared with everything we train or tune on. A held-out message is a
*near copy* of a training or tuning text when, after normalising both (lower case, entity
annotations removed, apostrophes dropped, anything else that is not a letter or a digit made a
space):

- the texts are equal (``exact``);
- their word sets overlap with a Jaccard similarity of at least ``TOKEN_SET_NEAR`` (``words``):
  a reordering scores 1.0, one word changed in a five-word message 4/6 = 0.67, one word added to
  a four-word message 0.8; two different ways of saying the same thing in buyers' words rarely
  share more than half their distinct words, so 0.6 catches the reorderings and one- or two-word
  edits the review found without banning ordinary words ("do you", "the team plan");
- one is a contiguous run of the other's words and the shorter has at least
  ``CONTAINED_MIN_WORDS`` words (``inside``): a training sentence with a clause added, or a
  held-out sentence cut out of a longer training one;
- their characters match with a ``difflib`` ratio of at least ``CHAR_NEAR`` (``chars``): typos and
  spelling variants of the same sentence ("recieve" for "receive").

Lookup-table entries (``data/nlu/lexicons.yml``) are words and short phrases meant to occur inside
messages, so a held-out message is only a copy of one when it *is* that entry (``exact`` or
``words``).

Each held-out file records the commit it was frozen at, in a top comment ``# frozen-at: SHA``:
the commit whose version of the file is the frozen one. ``make bench`` (bench/run.py) warns when
the file differs from that version (``freeze_warnings``).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TOKEN_SET_NEAR = 0.6
CONTAINED_MIN_WORDS = 3
CHAR_NEAR = 0.85
FROZEN = re.compile(r"^#\s*frozen-at:\s*([0-9a-f]{7,40})\b", re.MULTILINE)

HELD_OUT_FILES = {
    "nlu": ROOT / "bench" / "data" / "nlu_holdout.yml",
    "conversations": ROOT / "bench" / "conversations" / "holdout.yml",
    "answerability": ROOT / "bench" / "data" / "answerability_holdout.yml",
    "entities": ROOT / "bench" / "data" / "entities_holdout.yml",
    "retrieval": ROOT / "bench" / "data" / "retrieval_holdout.yml",
}


def normalise(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", text)  # [Pipit](competitor)
    text = re.sub(r"['\u2019]", "", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True)
class Copy:
    held_out: str
    source: str
    how: str  # exact, words, inside, chars

    def __str__(self) -> str:
        """Names only the training or tuning side: a failure report must not show held-out
        text to whoever reads it (they are about to reword their own data)."""
        return f"{self.how}: the tuning or training text {self.source!r} is near a held-out one"


@dataclass(frozen=True)
class _Text:
    original: str
    norm: str
    words: tuple[str, ...]
    word_set: frozenset[str]


def _prepare(text: str) -> _Text:
    norm = normalise(text)
    return _Text(text, norm, tuple(norm.split()), frozenset(norm.split()))


def _how(a: _Text, b: _Text, *, phrase: bool) -> str | None:
    if not a.norm or not b.norm:
        return None
    if a.norm == b.norm:
        return "exact"
    jaccard = len(a.word_set & b.word_set) / len(a.word_set | b.word_set)
    if jaccard >= TOKEN_SET_NEAR:
        return "words"
    if phrase:
        return None
    short, long = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if len(short.words) >= CONTAINED_MIN_WORDS and f" {short.norm} " in f" {long.norm} ":
        return "inside"
    la, lb = len(a.norm), len(b.norm)
    if jaccard < 0.2 or 2 * min(la, lb) / (la + lb) < CHAR_NEAR:
        return None  # a character ratio of 0.85 needs similar lengths and some shared words
    matcher = SequenceMatcher(None, a.norm, b.norm, autojunk=False)
    if matcher.quick_ratio() >= CHAR_NEAR and matcher.ratio() >= CHAR_NEAR:
        return "chars"
    return None


def copy_of(message: str, source: str, *, phrase: bool = False) -> str | None:
    """How ``message`` copies ``source`` (exact, words, inside, chars), or None. ``phrase``:
    ``source`` is a lookup-table entry (only ``exact`` and ``words`` count)."""
    return _how(_prepare(message), _prepare(source), phrase=phrase)


def near_copies(held_out: list[str], trained: list[str], phrases: list[str] = ()) -> list[Copy]:
    """Every held-out message that copies a training/tuning text or *is* a lookup phrase."""
    sources = [_prepare(t) for t in dict.fromkeys(trained)]
    lookups = [_prepare(t) for t in dict.fromkeys(phrases)]
    found = []
    for message in held_out:
        text = _prepare(message)
        hit = next(((s, h) for s in sources if (h := _how(text, s, phrase=False))), None)
        if hit is None:
            hit = next(((s, h) for s in lookups if (h := _how(text, s, phrase=True))), None)
        if hit:
            found.append(Copy(message, hit[0].original, hit[1]))
    return found


# --- the sets ------------------------------------------------------------------------------


def _example_lines(block: str) -> list[str]:
    lines = (line.strip() for line in block.splitlines())
    return [line[2:].strip() for line in lines if line.startswith("- ")]


def nlu_examples(path: Path | None = None) -> list[str]:
    """Intent examples of data/nlu/ (or of one NLU file), entity annotations removed."""
    paths = [path] if path else sorted((ROOT / "data" / "nlu").glob("*.yml"))
    examples = []
    for p in paths:
        for block in yaml.safe_load(p.read_text()).get("nlu", []):
            if "intent" in block:
                examples += [normalise_keep_case(t) for t in _example_lines(block["examples"])]
    return [t for t in examples if t]


def normalise_keep_case(text: str) -> str:
    return re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", text).strip()


def nlu_lookup_entries() -> list[str]:
    entries = []
    for p in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(p.read_text()).get("nlu", []):
            if "lookup" in block or "synonym" in block:
                entries += _example_lines(block["examples"])
    return entries


def nlu_holdout() -> list[str]:
    return nlu_examples(HELD_OUT_FILES["nlu"])


def conversation_messages(name: str) -> list[str]:
    data = yaml.safe_load((ROOT / "bench" / "conversations" / f"{name}.yml").read_text())
    return [t["buyer"] for c in data for t in c["turns"] if "buyer" in t]


def answerability_questions(name: str) -> list[str]:
    data = yaml.safe_load((ROOT / "bench" / "data" / f"answerability_{name}.yml").read_text())
    return [item["q"] for item in data["answerable"]] + list(data["unanswerable"])


def entity_messages(name: str) -> list[str]:
    data = yaml.safe_load((ROOT / "bench" / "data" / f"entities_{name}.yml").read_text())
    return [m["text"] for m in data["messages"]]


def retrieval_holdout() -> list[str]:
    data = yaml.safe_load(HELD_OUT_FILES["retrieval"].read_text())
    return (
        [item["q"] for item in data["answerable"]]
        + list(data["on_topic_unanswerable"])
        + list(data["off_topic"])
    )


def retrieval_tuning_questions() -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "knowledge" / "eval_questions.yml").read_text())
    return [item["q"] for item in data["answerable"]] + list(data["unanswerable"])


def story_messages() -> list[str]:
    """What the buyer types in tests/test_stories.yml (button payloads such as /deny left out)."""
    data = yaml.safe_load((ROOT / "tests" / "test_stories.yml").read_text())
    turns = [
        step["user"].strip()
        for story in data["stories"]
        for step in story["steps"]
        if "user" in step
    ]
    return [t for t in turns if not t.startswith("/")]


def tuning_texts() -> list[str]:
    """Everything we train or tune on: NLU examples, the tuning conversations, answerability
    and entity tuning sets, and the retrieval questions the search was tuned on."""
    return (
        nlu_examples()
        + conversation_messages("tuning")
        + answerability_questions("tuning")
        + entity_messages("tuning")
        + retrieval_tuning_questions()
    )


def held_out_sets() -> dict[str, list[str]]:
    return {
        "nlu": nlu_holdout(),
        "conversations": conversation_messages("holdout"),
        "answerability": answerability_questions("holdout"),
        "entities": entity_messages("holdout"),
        "retrieval": retrieval_holdout(),
    }


def leak_report() -> dict[str, list[Copy]]:
    trained, phrases = tuning_texts(), nlu_lookup_entries()
    return {name: near_copies(msgs, trained, phrases) for name, msgs in held_out_sets().items()}


# --- freeze record ---------------------------------------------------------------------------


def frozen_at(path: Path) -> str | None:
    match = FROZEN.search(path.read_text())
    return match.group(1) if match else None


def _without_record(text: str) -> str:
    return re.sub(r"^#\s*frozen-at:.*(\n|$)", "", text, flags=re.MULTILINE)


def freeze_warnings(root: Path = ROOT) -> list[str]:
    """One line per held-out file that records no freeze commit or changed after it."""
    warnings = []
    for path in HELD_OUT_FILES.values():
        rel = path.relative_to(ROOT).as_posix()
        sha = frozen_at(path)
        if sha is None:
            warnings.append(f"{rel}: records no frozen-at commit")
            continue
        shown = subprocess.run(
            ["git", "show", f"{sha}:{rel}"], cwd=root, capture_output=True, text=True
        )
        if shown.returncode != 0:
            warnings.append(f"{rel}: frozen-at {sha} is not a commit holding this file")
        elif _without_record(shown.stdout) != _without_record(path.read_text()):
            warnings.append(
                f"{rel}: changed after it was frozen at {sha}: held-out figures "
                "may no longer be honest (was it edited after seeing results?)"
            )
    return warnings
