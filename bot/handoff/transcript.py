"""The transcript export: the conversation's full message log, nothing summarised away."""

from __future__ import annotations

from typing import Any

SENDER_LABELS = {"buyer": "Buyer", "bot": "Assistant"}


def transcript_json(handoff: dict[str, Any], messages: list[dict[str, Any]]) -> dict[str, Any]:
    return {"handoff": handoff, "conversation_id": handoff["conversation_id"], "messages": messages}


def _author(message: dict[str, Any]) -> str:
    rep = message.get("rep")
    if message["sender"] == "rep" and rep:
        return f"{rep['name']} ({rep.get('role') or 'rep'})"
    return SENDER_LABELS.get(message["sender"], message["sender"])


def _summary_lines(summary: dict[str, Any]) -> list[str]:
    lines = []
    for key, value in summary.items():
        if value in (None, "", [], {}) or key == "sources_shown":
            continue
        label = key.replace("_", " ").capitalize()
        if isinstance(value, list):
            lines.append(f"- **{label}:**")
            lines += [f"  - {_plain(v)}" for v in value]
        else:
            lines.append(f"- **{label}:** {_plain(value)}")
    return lines


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return (
            value.get("title")
            or value.get("text")
            or ", ".join(f"{k}: {v}" for k, v in value.items())
        )
    return str(value)


def _source_line(source: dict[str, Any]) -> str:
    label = source.get("title") or source.get("path") or "source"
    if source.get("heading"):
        label += f" — {source['heading']}"
    where = source.get("url") or source.get("path")
    return f"  - Source: {label}" + (f" <{where}>" if where else "")


def transcript_markdown(handoff: dict[str, Any], messages: list[dict[str, Any]]) -> str:
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
    lines += ["", "## Summary", "", *_summary_lines(handoff.get("summary") or {})]
    shown = (handoff.get("summary") or {}).get("sources_shown") or []
    if shown:
        lines += ["", "Sources shown:", *[_source_line(s) for s in shown]]
    lines += ["", "## Transcript", ""]
    for message in messages:
        lines.append(f"**{_author(message)}** · {message['created_at']}")
        lines.append("")
        lines += [f"> {line}" if line else ">" for line in (message.get("text") or "").splitlines()]
        lines += [_source_line(s) for s in message.get("sources") or []]
        lines.append("")
    return "\n".join(lines)
