"""Cutting a message into the sentence or clause around a match.

Each check judges a value by the words of its own clause: in "we moved to Heap in June and
now want to leave it by September" June belongs to the history, September to the plan.
"""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n")
# (an aside in brackets belongs to its clause: "add the sales team (another 20) in the autumn")
CLAUSE_END = re.compile(
    r"[.!?;,]+[)]?(?=\s|$)|\n|\s(?:but|so|because|though|although|while|whereas|then|once|"
    r"when|after|if)\s|\s[-\u2013\u2014]\s"
    # "and" joins two clauses only when a new subject follows ("up and running" is one)
    r"|\sand\s(?=(?:we|i|they|it|he|she|our|my|their|the|that|this|there)\b)",
    re.IGNORECASE,
)


def around(
    start: int, stop: int, text: str, ends: re.Pattern[str], keep_end: bool = False
) -> tuple[int, int]:
    """Where the clause or sentence of ``text`` that holds ``text[start:stop]`` begins and
    ends (``keep_end``: with its closing mark, so a question keeps its "?")."""
    begin, finish = 0, len(text)
    for end in ends.finditer(text):
        if end.end() <= start:
            begin = end.end()
        elif end.start() >= stop:
            finish = end.end() if keep_end else end.start()
            break
    return begin, finish


def overlaps(value: str, text: str, spans: list[tuple[int, int]]) -> bool:
    """``value`` (as the tagger returned it) is found in ``text`` inside one of ``spans``."""
    at = text.lower().find(value.lower())
    return at >= 0 and any(start < at + len(value) and at < end for start, end in spans)
