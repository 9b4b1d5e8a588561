"""Plain hits for the dialogue logic: no retrieval stack needed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PlainHit:
    """Same fields as ``bot.knowledge.Hit``."""

    path: str
    title: str
    heading: str
    text: str
    url: str | None = None
    score: float = 1.0
    confidence: float = 0.8
    chunk_id: str = "c1"
    competitors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def hit(**overrides) -> PlainHit:
    values = {
        "path": "buying/pricing.md",
        "title": "Pricing and plans",
        "heading": "The four plans",
        "text": "Team costs $900 a month billed annually. Business is $2,400 a month.",
        "url": "https://tessellate.example/pricing",
    }
    values.update(overrides)
    return PlainHit(**values)
