"""Handing a buyer to a real named rep: routing, the handoff record, notifications, exports.

The action server calls :func:`request_handoff`; the web app uses the store and the console.
"""

from bot.handoff.service import request_handoff

__all__ = ["request_handoff"]
