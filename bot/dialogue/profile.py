"""What the assistant knows about the buyer, gathered from slots."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.dialogue.statements import statements_in

SKIPPED = "skipped"


@dataclass(frozen=True)
class BuyerProfile:
    """The buyer's situation, criteria and worry, as they told us (never inferred)."""

    situation: str | None = None
    team_size: str | None = None
    current_tool: str | None = None
    timeline: str | None = None
    budget: str | None = None
    criteria: str | None = None
    main_worry: str | None = None
    worry_type: str | None = None
    competitor: str | None = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> BuyerProfile:
        """Build from a tracker's slot dict; skipped answers count as unknown."""

        def value(name: str) -> str | None:
            raw = slots.get(name)
            if raw is None or raw == SKIPPED:
                return None
            text = str(raw).strip()
            return text or None

        return cls(**{name: value(name) for name in cls.__dataclass_fields__})

    def details(self, *, spoken: bool = False, unstated_in: str = "") -> list[str]:
        """The concrete details given, for a sentence ("a team of 40") or a summary line;
        those the words ``unstated_in`` already state are left out (no "We're 150 staff;
        team of 150")."""
        found = []
        if self.team_size and not _says(unstated_in, self.team_size):
            found.append(f"{'a ' if spoken else ''}team of {self.team_size}")
        if self.current_tool and not _says(unstated_in, self.current_tool):
            found.append(f"using {self.current_tool} today")
        if self.timeline and not _says(unstated_in, self.timeline):
            found.append(f"deciding {self.timeline}")
        if self.budget and not _says(unstated_in, self.budget):
            found.append(f"a budget of {self.budget}" if spoken else f"budget {self.budget}")
        return found

    def situation_line(self) -> str | None:
        """One line describing the situation: what the buyer said about themselves (never a
        question), then the details given that those words do not already state."""
        said = statements_in(self.situation)
        details = self.details(unstated_in=said or "")
        parts = [p for p in (said, ", ".join(details)) if p]
        return "; ".join(parts) or None


def _says(text: str, value: str) -> bool:
    """Whether ``text`` holds ``value`` as words of its own ("150" in "We're 150 staff", not
    in "1500"; "1,500" and "1500" are the same number)."""
    if not text or not value:
        return False
    words = _without_thousands(" ".join(value.split()))
    before = r"(?<![\w$£€.,])" if words[0].isalnum() else ""
    plain = _without_thousands(" ".join(text.split()))
    return re.search(rf"{before}{re.escape(words)}(?!\w)", plain, re.IGNORECASE) is not None


def _without_thousands(text: str) -> str:
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
