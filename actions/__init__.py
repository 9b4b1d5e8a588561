"""Candor's custom actions: thin rasa-sdk wrappers around ``bot.dialogue``.

Run with ``.venv/bin/python -m rasa_sdk --actions actions --port 5055``. The rasa-sdk here is
newer than the 3.6 server; the version warning it prints is harmless (the wire format of
text, buttons, custom JSON and events is unchanged).
"""
