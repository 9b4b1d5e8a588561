"""Masking buyers' personal details before editors see their questions.

Editors need what was asked, not who asked: emails, phone numbers and people's names are
replaced by ``[email]``, ``[phone]`` and ``[name]``. Names have no fixed shape, so they are
found where buyers actually write them (an introduction, a colleague named, a sign-off) rather
than by guessing at every capitalised word, which would mask "Snowflake" and "HubSpot" too.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 7+ digits, optionally with +country, spaces, dots, dashes or brackets between them; dates
# (2026-11-30) and money (40,000) are not phone-shaped.
PHONE = re.compile(r"(?<![\w.])(?:\+|00)?\d(?:[\s().-]{0,2}\d){6,14}(?![\w-])")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_NAME = r"(?:[A-ZÀ-Þ][a-zß-ÿ]+(?:[-'][A-ZÀ-Þ][a-zß-ÿ]+)?|[A-Z]\.)"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,2}}"
# "my name is Dana", "I'm Dana Whitfield from", "this is Raj", "call me Lou"
_INTRO = re.compile(
    rf"\b(?:my name is|my name's|name's|i am|i'm|im|this is|call me|it's)\s+(?P<name>{_NAMES})"
    r"(?=\s*(?:$|[,.;:!?)]|\s(?:from|at|with|here|and|in|on|of)\b))",
    re.IGNORECASE,
)
# "my colleague Priya", "our CTO, Mark Jones", "ask Tom", "cc Ana" (not "with": "works with
# Zendesk" names a tool far more often than a person)
_ROLE = re.compile(
    r"\b(?:colleague|coworker|co-worker|boss|manager|cto|ceo|cfo|ciso|vp|head of \w+|founder|"
    r"lead|engineer|admin|director|partner|wife|husband|friend|ask|cc|email|contact|tell|"
    rf"named)\b,?\s+(?P<name>{_NAMES})",
    re.IGNORECASE,
)
# "thanks, Dana" / "cheers - Lou" / "— Sam" at the end of the message
_SIGN_OFF = re.compile(
    rf"(?:\b(?:thanks|thank you|cheers|regards|best|br|ta)\b[\s,.!-]*|[-—–]\s*)(?P<name>{_NAMES})"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)
# Capitalised words the patterns above must never take for names (our and buyers' tools, and
# words that follow "ask" or "named" in ordinary questions).
_NOT_NAMES_TEXT = """tessellate northwind pipit ordinal segment snowflake hubspot salesforce okta
    slack
    tableau looker bigquery databricks redshift mparticle rudderstack amplitude mixpanel
    heap posthog google microsoft azure aws sso saml scim gdpr soc iso hipaa the a an our
    your their my we us it this that team business enterprise free pro growth starter
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december english"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


def mask_personal(text: str) -> str:
    """``text`` with emails, phone numbers and people's names masked."""
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub(_phone, text)
    for pattern in (_INTRO, _ROLE, _SIGN_OFF):
        text = pattern.sub(_name, text)
    return text


def _phone(match: re.Match[str]) -> str:
    digits = match.group(0)
    return digits if _DATE.match(digits.strip()) else "[phone]"


def _name(match: re.Match[str]) -> str:
    name = match.group("name")
    words = name.split()
    # Must start with a capital as written: "i'm looking", "ask about" are not names.
    if not name[:1].isupper():
        return match.group(0)
    kept = []
    for word in words:
        if word.lower().rstrip(".") in _NOT_NAMES or not word[:1].isupper():
            break
        kept.append(word)
    if not kept:
        return match.group(0)
    masked = " ".join(kept)
    start = match.start("name") - match.start(0)
    whole = match.group(0)
    return whole[:start] + "[name]" + whole[start + len(masked) :]
