"""The transcript export: the conversation's full message log, nothing summarised away."""

from __future__ import annotations

from typing import Any

from bot.dialogue.summary import FIELD_LABELS, DecisionSummary, Source, shown_fields

SENDER_LABELS = {"buyer": "Buyer", "bot": "Assistant"}


def transcript_json(
    handoff: dict[str, Any],
    messages: list[dict[str, Any]],
    notes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The handoff (its summary with every field), every message as the API stores them, and
    the reps' private notes (this export is for reps)."""
    summary = DecisionSummary.from_json(handoff.get("summary")).to_json()
    return {
        "handoff": {**handoff, "summary": summary},
        "conversation_id": handoff["conversation_id"],
        "messages": messages,
        "private_notes": notes or [],
    }


def _author(message: dict[str, Any]) -> str:
    rep = message.get("rep")
    if message["sender"] == "rep" and rep:
        return f"{rep['name']} ({rep.get('role') or 'rep'})"
    return SENDER_LABELS.get(message["sender"], message["sender"])


def _summary_lines(summary: DecisionSummary) -> list[str]:
    """Each fact once: a detail the situation line already states has no row of its own
    (``shown_fields``); the JSON export keeps every field."""
    lines = []
    for name, value in shown_fields(summary).items():
        label = FIELD_LABELS[name]
        if isinstance(value, list):
            lines.append(f"- **{label}:**")
            lines += [f"  - {v}" for v in value]
        else:
            lines.append(f"- **{label}:** {value}")
    if summary.content_says:
        lines.append("- **What our content says:**")
        lines += [
            f"  - On {c.topic}: {c.text} ({c.source.label}"
            + (f", <{c.source.where}>)" if c.source.where else ")")
            for c in summary.content_says
        ]
    return lines


def _source_line(source: dict[str, Any] | Source) -> str:
    source = Source.model_validate(source)
    where = source.where
    return f"  - Source: {source.label}" + (f" <{where}>" if where else "")


def _note_lines(notes: list[dict[str, Any]]) -> list[str]:
    """Reps' private notes, marked as such so nobody pastes them to the buyer by mistake."""
    if not notes:
        return []
    lines = ["", "## Private notes (reps only, never shown to the buyer)", ""]
    for note in notes:
        author = (note.get("rep") or {}).get("name", "a rep")
        lines.append(f"- {author} · {note['created_at']}: {note['text']}")
    return lines


def transcript_markdown(
    handoff: dict[str, Any],
    messages: list[dict[str, Any]],
    notes: list[dict[str, Any]] | None = None,
) -> str:
    rep = handoff.get("rep") or {}
    lines = [
        f"# Conversation {handoff['conversation_id']} — handoff #{handoff['id']}",
        "",
        f"- **Status:** {handoff['status']}"
        + (f" ({handoff['outcome']})" if handoff.get("outcome") else ""),
        f"- **Reason:** {handoff['reason']}",
        f"- **Trigger:** {handoff['trigger']}",
        f"- **Rep:** {rep.get('name', 'unassigned')}"
        + (f", {rep['role']}" if rep.get("role") else ""),
    ]
    if handoff.get("buyer_email"):
        lines.append(f"- **Buyer's email:** {handoff['buyer_email']}")
    summary = DecisionSummary.from_json(handoff.get("summary"))
    lines += ["", "## Summary", "", *_summary_lines(summary)]
    if summary.sources_shown:
        lines += ["", "Sources shown:", *[_source_line(s) for s in summary.sources_shown]]
    lines += ["", "## Transcript", ""]
    for message in messages:
        lines.append(f"**{_author(message)}** · {message['created_at']}")
        lines.append("")
        lines += [f"> {line}" if line else ">" for line in (message.get("text") or "").splitlines()]
        lines += [_source_line(s) for s in message.get("sources") or []]
        lines.append("")
    lines += _note_lines(notes or [])
    return "\n".join(lines)
