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

    def situation_line(self) -> str | None:
        """One line describing the situation, from the free text and the details given."""
        details = []
        if self.team_size:
            details.append(f"team of {self.team_size}")
        if self.current_tool:
            details.append(f"using {self.current_tool} today")
        if self.timeline:
            details.append(f"deciding {self.timeline}")
        if self.budget:
            details.append(f"budget {self.budget}")
        parts = [p for p in (self.situation, ", ".join(details)) if p]
        return "; ".join(parts) or None
