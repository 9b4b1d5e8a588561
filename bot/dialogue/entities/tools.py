"""Current tool: the product analytics tool the buyer uses today.

The tagger knows the tools it was trained on; a buyer on PostHog, Matomo or Woopra is missed,
and "Segment for collection" or "a postgres db" is tagged although neither is how they
analyse their product. So a name must look like a product analytics tool, not a standard,
a pronoun, a warehouse or a CRM, and not one they have left ("we moved off Amplitude 2 years
ago") or only compare with ("like Amplitude does"). A well-known tool the tagger missed is
found when the words say they use it ("using posthog for now", "current setup is X",
"switched from GA to Matomo", "it's Heap now"); one they no longer use ("we're not on Heap
anymore", "our CTO used Amplitude at her last company") or only evaluate ("evaluating you
and Mixpanel", "our trial with Northwind") is not theirs.
"""

from __future__ import annotations

import re

_NOT_A_TOOL = re.compile(
    r"^(?:soc ?\d|iso.*|gdpr|hipaa|sso|saml|scim|sql|dbt|aws|the|it|we|us|our|this|that"
    # collection, warehouses, databases, BI and CRMs: not product analytics
    r"|segment|rudderstack|snowplow|snowflake|bigquery|redshift|databricks|postgres(?:ql)?|"
    r"mysql|tableau|looker|power ?bi|salesforce|hubspot|okta|zendesk|jira)$",
    re.IGNORECASE,
)
# product and web analytics tools a buyer may be on, besides the competitors NLU knows
_KNOWN = re.compile(
    r"\b(?:posthog|mixpanel|amplitude|heap|pendo|fullstory|hotjar|matomo|piwik|plausible|"
    r"woopra|kissmetrics|countly|smartlook|logrocket|adobe analytics|firebase analytics|"
    r"google analytics(?: 4| 360)?|ga4|ga ?360|(?-i:GA)|universal analytics|contentsquare|"
    r"quantum metric|mouseflow|microsoft clarity|statsig|userpilot|"
    # no tool at all, but what they analyse their product with today
    r"excel|spreadsheets?|google sheets?|gsheets?)\b",
    re.IGNORECASE,
)
_LEFT = re.compile(
    r"\b(?:moved|switched|migrated|came|churned)\s+(?:\w+\s+)?(?:off|from|away from)\s+"
    r"(?:of\s+)?$|\b(?:left|ditched|dropped|used to use|used to be on|tried)\s+$"
    r"|\b(?:like|than|vs\.?|versus|compared? to|compared with|against)\s+$"
    # no longer theirs: "we're not on Heap anymore", "we don't use Mixpanel", "stopped using"
    r"|\b(?:not|no longer|don't|do not|dont|never|stopped|quit|cancell?ed|got rid of)\s+"
    r"(?:(?:on|using|use|with|in|paying for)\s+)?$"
    # past use: "our CTO used Amplitude at her last company" ("we've used X" is still theirs)
    r"|(?<!'ve )(?<!have )(?<!has )\bused\s+$"
    # one they only look at or would move to: "evaluating you and Mixpanel", "our trial with
    # Northwind", "thinking of switching to Heap"
    r"|\b(?:evaluat\w*|trial(?:l?ing)?|trying(?: out)?|testing|piloting|considering|"
    r"looking at|comparing|shortlist\w*|demo(?:'?d|ed|ing)?|pitched)\s+"
    r"(?:[\w']+(?:,|\s+(?:and|&|or|vs\.?))\s+){0,3}$"
    r"|\b(?:trial|pilot|poc|demo|evaluation|eval|call|meeting|talks?)\s+(?:with|of)\s+$"
    r"|\b(?:switch|switching|move|moving|migrate|migrating|go|going|upgrade|upgrading)\s+"
    r"(?:over\s+)?to\s+$"
    # "we were on Heap until last year"
    r"|\b(?:we|i)\s+(?:were|was)\s+(?:on|using|with|in)\s+$",
    re.IGNORECASE,
)
# ...or after it: "Heap anymore", "Amplitude at her last company"
_LEFT_AFTER = re.compile(
    r"^\s*(?:any\s?more|no more|no longer)\b"
    r"|^\s+(?:until|till|up until|up to)\s+(?:last|recently|earlier|a few|\d+\s+\w+\s+ago|20\d\d)"
    r"|^\s+(?:at|in)\s+(?:her|his|my|their|our|a)\s+(?:last|previous|old|former)\b",
    re.IGNORECASE,
)
# the words before a tool they use today: "we're on", "currently using", "we pay 25k for",
# "current setup is", "all our data is in"
_IN_USE = re.compile(
    r"(?:\b(?:using|use|on|with|off|from|replac\w*|leav\w*|renew\w*|outgr(?:own|ew|owing))"
    # "we switched from GA to Matomo": where they moved is what they use now
    r"|\b(?:switched|moved|migrated|changed)\s+(?:[\w']+\s+){0,3}?to"
    r"|\b(?:now|for now|currently|today|these days)\s*,?\s*(?:it'?s|it is)(?:\s+(?:all|just))?"
    r"|\b(?:setup|stack|tool|solution)\s+(?:is|=|:)"
    r"|\b(?:data|everything|events|tracking)\s+(?:is\s+|lives\s+)?in"
    r"|\bpay\w*\b[^.!?;]*\bfor)\s+$",
    re.IGNORECASE,
)
# the same for a well-known tool the tagger did not tag, without the looser "with", "from"
# and "off" ("does it integrate with Amplitude?") and with "on" only after "we're"
# ("a case study on Amplitude")
_KNOWN_IN_USE = re.compile(
    r"(?:\b(?:using|use|replac\w*|leav\w*|outgr(?:own|ew|owing))"
    r"|\b(?:switched|moved|migrated|changed)\s+(?:[\w']+\s+){0,3}?to"
    r"|\b(?:now|for now|currently|today|these days)\s*,?\s*(?:it'?s|it is)(?:\s+(?:all|just))?"
    r"|\b(?:happy|unhappy|frustrated|fed up|struggling|stuck)\s+with"
    # "a 2 person startup on firebase analytics"
    r"|\b(?:startup|team|company|shop|business|agency|org|we)\s+(?:is\s+|are\s+)?on"
    r"|(?:^|[.!?]\s*|\b(?:we're|we are|i'm|currently|still|been|all|everything|stuck|now)\s+)on"
    r"|\b(?:setup|stack|tool|solution)\s+(?:is|=|:)"
    r"|\b(?:data|everything|events|tracking)\s+(?:is\s+|lives\s+)?in"
    r"|\bpay\w*\b[^.!?;]*\bfor)\s+$",
    re.IGNORECASE,
)
# ...or after it: "mixpanel costs us", "posthog self-hosted", "our Heap contract"
_IN_USE_AFTER = re.compile(
    r"^\s+(?:costs?\s+us|is\s+costing|self-?hosted|cloud\b|contract|renewal|bill|"
    r"customer\s+since|charges?\s+us|is\s+charging|bills?\s+us)",
    re.IGNORECASE,
)
# "it's Heap now"
_NOW_AFTER = re.compile(r"^\s+(?:now|these days|nowadays|for now)\b", re.IGNORECASE)
_ITS_BEFORE = re.compile(r"\bit'?s\s+(?:all\s+|just\s+|mostly\s+)?$", re.IGNORECASE)
# "our GA4 property", "our Mixpanel seats": an account of theirs
_OURS_AFTER = re.compile(
    r"^(?:'s)?\s+(?:property|properties|account|instance|workspace|project|setup|"
    r"implementation|tracking|dashboards?|data|seats?|licen[cs]es?|subscription|plan|"
    r"contract|renewal|bill|invoice)\b",
    re.IGNORECASE,
)
# "GA4 for marketing": a tool they use, but not for their product
_OTHER_USE = re.compile(
    r"^\s+(?:for|on)\s+(?:the\s+)?(?:marketing|website|web ?site|seo|ads|bi|collection)\b",
    re.IGNORECASE,
)


def trusted_tool(value: str | None, text: str = "") -> str | None:
    """A current tool must look like a product name, not a standard or a pronoun, and not be
    one they have left ("we moved off Amplitude 2 years ago")."""
    if not value or not value.strip():
        return None
    value = value.strip()
    at = text.lower().find(value.lower())
    return value if _looks_in_use(value, text, at) else None


def tool_in(text: str, name: str | None) -> str | None:
    """A competitor the tagger named (``name``) or a well-known analytics tool that the buyer
    says they use today ("we're on Ordinal", "currently using Pipit", "we pay $25k a year for
    Pipit", "move off Northwind", "mixpanel costs us 3.5k"): "evaluating Pipit", "compare to
    Ordinal" or "Ordinal offered us" are not their tool."""
    named = list(re.finditer(re.escape(name.strip()), text, re.I)) if name and name.strip() else []
    found = [(m, _IN_USE) for m in named] + [(m, _KNOWN_IN_USE) for m in _KNOWN.finditer(text)]
    for match, cue in sorted(found, key=lambda found: found[0].start()):
        before, after = text[max(0, match.start() - 50) : match.start()], text[match.end() :]
        in_use = (
            cue.search(before)
            or _IN_USE_AFTER.match(after)
            or (_ITS_BEFORE.search(before) and _NOW_AFTER.match(after))
            or (re.search(r"\bour\s+$", before, re.I) and _OURS_AFTER.match(after))
        )
        if in_use and _looks_in_use(match.group(0), text, match.start()):
            return match.group(0)
    return None


def _looks_in_use(value: str, text: str, at: int) -> bool:
    """``value`` (at ``at`` in ``text``, or -1) names a product analytics tool that the words
    around it do not say they left, only compare with, or use for something else."""
    if _NOT_A_TOOL.match(value) or len(value) < 2:
        return False
    if at < 0:
        return True
    after = text[at + len(value) :]
    return not (
        _LEFT.search(text[max(0, at - 40) : at])
        or _LEFT_AFTER.match(after)
        or _OTHER_USE.match(after)
    )
