"""What the assistant knows about the buyer, gathered from slots."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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

    def details(self, *, spoken: bool = False) -> list[str]:
        """The concrete details given, for a sentence ("a team of 40") or a summary line."""
        found = []
        if self.team_size:
            found.append(f"{'a ' if spoken else ''}team of {self.team_size}")
        if self.current_tool:
            found.append(f"using {self.current_tool} today")
        if self.timeline:
            found.append(f"deciding {self.timeline}")
        if self.budget:
            found.append(f"a budget of {self.budget}" if spoken else f"budget {self.budget}")
        return found

    def situation_line(self) -> str | None:
        """One line describing the situation, from the free text and the details given."""
        details = self.details()
        parts = [p for p in (self.situation, ", ".join(details)) if p]
        return "; ".join(parts) or None
