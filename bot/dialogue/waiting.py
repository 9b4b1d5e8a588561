"""Replies while the buyer waits for a person: confirm their email, say when the rep can reply.

``WaitingLike`` is the shape of ``bot.handoff.waiting.WaitingStatus`` (the core does not import
the handoff service).
"""

from __future__ import annotations

import re
from typing import Protocol

from email_validator import EmailNotValidError, validate_email


class WaitingLike(Protocol):
    status: str
    rep_name: str | None
    availability: str | None
    online: bool
    buyer_email: str | None

    @property
    def first_name(self) -> str: ...


_EMAIL_LIKE = re.compile(r"\S+@\S+")
_WHEN_REPLY = re.compile(
    r"\b(?:when|how long|how soon|any idea when|what time)\b[^?.!]*\b(?:get back|reply|replies|"
    r"respond|answer|join|joins|be online|online|hear back|hear from|contact|be here)\w*"
    r"|\b(?:when|how long|how soon)\b[^?.!]*\bpick(?:s|ed)? (?:(?:this|it|me|us|my \w+) )?up\b"
    r"|\b(?:has|is) (?:anyone|someone|somebody) (?:picked|seen|coming|there|joining|going to)"
    r"|\bstill waiting\b|\bhow long (?:do|will|must) (?:i|we) (?:have to )?wait\b|"
    r"\bwait(?:ing)? time\b",
    re.IGNORECASE,
)


def asks_when_reply(text: str) -> bool:
    """ "When will they get back to me?", "is anyone coming?", "still waiting..." """
    return bool(_WHEN_REPLY.search(text))


def checked_email(text: str) -> tuple[str | None, str | None]:
    """``(address, problem)``: a valid address in the message, or what is wrong with it."""
    match = _EMAIL_LIKE.search(text)
    if not match:
        return None, None
    candidate = match.group(0).strip(".,;:!?()<>\"'")
    try:
        valid = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        return None, f"“{candidate}” doesn't look like a valid email address ({error})"
    return valid.normalized, None


def email_reply(text: str, waiting: WaitingLike | None) -> str:
    """What to say when the buyer leaves an email address."""
    address, problem = checked_email(text)
    if problem:
        return f"Sorry, {problem}. Could you check it and send it again?"
    if address is None:
        return "I didn't catch an email address there. Could you type it again?"
    if waiting is None:
        return (
            f"Thanks, I have {address}. Nobody has been asked to follow up yet: would you like "
            "me to bring in a person from our team, who will then reply to that address?"
        )
    who = waiting.first_name
    when = _when(waiting)
    return f"Thanks, {who} will follow up at {address}. {when}"


def eta_reply(waiting: WaitingLike | None) -> str:
    """What to say to "when will they get back to me?"."""
    if waiting is None:
        return (
            "Nobody has been asked to join yet. Would you like me to bring in a person from "
            "our team? They will see our whole conversation."
        )
    if waiting.status == "active":
        return f"{waiting.first_name} has the conversation now and will reply here."
    email = (
        f" They will follow up at {waiting.buyer_email} as well."
        if waiting.buyer_email
        else " If you leave your email address, they can follow up by email too."
    )
    return f"{_when(waiting)}{email}"


def while_waiting_prefix(waiting: WaitingLike | None) -> str:
    """A reminder that this answer is the assistant's, while a person is on the way."""
    if waiting is None or waiting.status == "active":
        return ""
    return (
        f"While you wait for {waiting.first_name}, here's what our pages say (I'm the assistant):\n"
    )


def _when(waiting: WaitingLike) -> str:
    who = waiting.first_name
    if waiting.rep_name is None:
        return "Nobody is assigned yet; whoever takes your request will see this conversation."
    if waiting.online:
        return f"{who} is online now and will join here shortly."
    if waiting.availability:
        return f"{who} isn't online right now. {waiting.availability}."
    return f"{who} isn't online right now."
