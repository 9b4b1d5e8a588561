"""Telling the assigned rep (email) and a CRM (signed webhook) about a handoff.

Both carry the summary and a link to the console. Delivery never fails a handoff: each
channel's outcome (sent, skipped, failed with the error) is recorded on the handoff instead.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import threading
import unicodedata
from email.message import EmailMessage
from typing import Any

import httpx

from bot.config import Settings
from bot.db import Database, database
from bot.dialogue.summary import FIELD_LABELS, DecisionSummary
from bot.models import utcnow
from bot.store import handoffs as handoff_store

log = logging.getLogger(__name__)

# Subjects longer than this are cut (with an ellipsis): mail clients show little more anyway.
SUBJECT_MAX_CHARS = 150

SIGNATURE_HEADER = "X-Candor-Signature"
EVENT_HEADER = "X-Candor-Event"

# The summary fields an email lists, in order (labels from ``FIELD_LABELS``). Team size, tool,
# timeline and budget are already in the situation line.
EMAIL_FIELDS = (
    "situation",
    "criteria",
    "worry",
    "competitors",
    "questions_asked",
    "open_questions",
)


def console_link(settings: Settings, handoff_id: int) -> str:
    return f"{settings.public_base_url.rstrip('/')}/console#handoff={handoff_id}"


def sign(secret: str, body: bytes) -> str:
    """HMAC-SHA256 of the exact request body, as ``sha256=<hex>`` (GitHub's convention)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def summary_lines(summary: DecisionSummary) -> list[str]:
    """The summary as "Label: value" lines for a plain-text email."""
    lines = []
    for name in EMAIL_FIELDS:
        value = getattr(summary, name)
        if value:
            text = "; ".join(value) if isinstance(value, list) else str(value)
            lines.append(f"{FIELD_LABELS[name]}: {text}")
    for item in summary.content_says:
        lines.append(f"Our content on {item.topic}: {item.text} ({item.source.label})")
    if summary.sources_shown:
        lines.append("Sources shown: " + "; ".join(s.label for s in summary.sources_shown))
    return lines


def email_body(handoff: dict[str, Any], link: str) -> str:
    lines = [
        f"A buyer needs you: {handoff['reason']}",
        "",
        f"Open the conversation: {link}",
        "",
        *summary_lines(DecisionSummary.from_json(handoff.get("summary"))),
    ]
    if handoff.get("buyer_email"):
        lines.append(f"Buyer's email: {handoff['buyer_email']}")
    lines += ["", "You will see the whole conversation so far in the console."]
    return "\n".join(lines)


def header_value(text: str, max_chars: int = SUBJECT_MAX_CHARS) -> str:
    """One line fit for an email header: the buyer's words may hold line breaks or controls.

    A line break in a header is how mail headers are injected, and Python's email package
    (rightly) raises on one; every run of whitespace or control characters becomes one space.
    """
    flat = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    flat = " ".join(flat.split())
    return flat if len(flat) <= max_chars else flat[: max_chars - 1].rstrip() + "…"


def email_subject(handoff: dict[str, Any]) -> str:
    return header_value(f"Candor handoff #{handoff['id']}: {handoff['reason']}")


def send_email(settings: Settings, *, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = header_value(settings.smtp_sender)
    message["To"] = header_value(to)
    message["Subject"] = header_value(subject)
    message.set_content(body)
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.notify_timeout_s
    ) as smtp:
        smtp.send_message(message)


def post_webhook(settings: Settings, *, event: str, payload: dict[str, Any]) -> int:
    body = json.dumps({"event": event, **payload}, default=str).encode()
    headers = {"Content-Type": "application/json", EVENT_HEADER: event}
    if settings.webhook_secret:
        headers[SIGNATURE_HEADER] = sign(settings.webhook_secret, body)
    response = httpx.post(
        settings.webhook_url, content=body, headers=headers, timeout=settings.notify_timeout_s
    )
    response.raise_for_status()
    return response.status_code


def _load(db: Database, handoff_id: int) -> dict[str, Any] | None:
    with db.session() as session:
        handoff = handoff_store.get_handoff(session, handoff_id=handoff_id)
        if handoff is None:
            return None
        data = handoff_store.handoff_to_dict(handoff)
    # Every field, even on a row stored before a field existed: the CRM sees one shape.
    data["summary"] = DecisionSummary.from_json(data.get("summary")).to_json()
    return data


def _record(db: Database, handoff_id: int, channel: str, status: str, detail: str) -> None:
    with db.session() as session:
        handoff_store.record_notification(
            session, handoff_id=handoff_id, channel=channel, status=status, detail=detail
        )


def has_channels(settings: Settings) -> bool:
    """Whether anything is configured to deliver to (else no background work at all)."""
    return bool(settings.smtp_host or settings.webhook_url)


def nothing_configured() -> dict[str, dict[str, str]]:
    """The statuses recorded, with the handoff itself, when no channel is configured."""
    at = utcnow().isoformat()
    return {
        "email": {"status": "skipped", "detail": "no SMTP host configured", "at": at},
        "webhook": {"status": "skipped", "detail": "no webhook URL configured", "at": at},
    }


def deliver(settings: Settings, handoff_id: int, *, event: str = "handoff.created") -> dict:
    """Email the assigned rep and call the webhook; returns and records each channel's status."""
    db = database(settings.database_url)
    handoff = _load(db, handoff_id)
    if handoff is None:
        return {}
    link = console_link(settings, handoff_id)
    results = {"email": _deliver_email(settings, handoff, link), "webhook": None}
    results["webhook"] = _deliver_webhook(settings, handoff, link, event)
    for channel, (status, detail) in results.items():
        _record(db, handoff_id, channel, status, detail)
    return {channel: status for channel, (status, _) in results.items()}


def _deliver_email(settings: Settings, handoff: dict[str, Any], link: str) -> tuple[str, str]:
    rep = handoff.get("rep")
    if not settings.smtp_host:
        return "skipped", "no SMTP host configured"
    if not rep:
        return "skipped", "no rep assigned"
    subject = email_subject(handoff)
    try:
        send_email(settings, to=rep["email"], subject=subject, body=email_body(handoff, link))
    except (OSError, ValueError, smtplib.SMTPException) as error:
        # ValueError: the email package refused a header; recorded, never lost silently.
        log.warning("handoff %s: email failed: %s", handoff["id"], error)
        return "failed", str(error) or error.__class__.__name__
    return "sent", f"to {rep['email']}: {subject}"


def _deliver_webhook(
    settings: Settings, handoff: dict[str, Any], link: str, event: str
) -> tuple[str, str]:
    if not settings.webhook_url:
        return "skipped", "no webhook URL configured"
    try:
        status = post_webhook(
            settings, event=event, payload={"handoff": handoff, "console_url": link}
        )
    except httpx.HTTPError as error:
        log.warning("handoff %s: webhook failed: %s", handoff["id"], error)
        return "failed", str(error) or error.__class__.__name__
    return "sent", f"HTTP {status}"


def deliver_in_background(settings: Settings, handoff_id: int, *, event: str = "handoff.created"):
    """Deliver without holding up the buyer's reply; failures are logged and recorded."""

    def run() -> None:
        try:
            deliver(settings, handoff_id, event=event)
        except Exception:  # never let a notification crash the thread silently
            log.exception("handoff %s: notifications failed", handoff_id)

    thread = threading.Thread(target=run, name=f"notify-handoff-{handoff_id}", daemon=True)
    thread.start()
    return thread
