"""Sentences that name the vendor and its competitors, from the knowledge folder, not code.

The product name comes from ``site.yml`` and the competitors from the comparison pages' front
matter, so another vendor's content folder speaks of that vendor with no code change.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SiteNames:
    product: str | None = None
    competitors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def all(self) -> tuple[str, ...]:
        """Every name a buyer may use for a company this site talks about."""
        return ((self.product,) if self.product else ()) + self.competitors

    def rephrase_request(self) -> str:
        """What the assistant can help with, when it did not understand the buyer."""
        topics = [f"{self.product}, its pricing" if self.product else "our product, its pricing"]
        if self.competitors:
            topics.append(f"how it compares with {_either(self.competitors)}")
        return (
            "Sorry, I didn't get that. Could you put it another way? I can answer questions "
            f"about {' and '.join(topics)}."
        )

    def comparison_offer(self, tool: str) -> str | None:
        """An honest comparison offer when the buyer's current tool is one we compare with."""
        if tool not in self.competitors:
            return None
        us = self.product or "us"
        return (
            f"I can compare {us} with {tool} honestly, including where {tool} is the better "
            "choice. Just ask."
        )


def _either(names: tuple[str, ...]) -> str:
    """'A', 'A or B', 'A, B or C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
