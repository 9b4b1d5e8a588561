"""Candor's conversation logic, free of Rasa: the custom actions in ``actions/`` are thin
wrappers around these functions, so the rules can be unit-tested with plain objects."""
