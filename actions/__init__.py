"""Candor's custom actions: thin rasa-sdk wrappers around ``bot.dialogue``.

Run with ``.venv/bin/python -m rasa_sdk --actions actions --port 5055``. The rasa-sdk here is
newer than the 3.6 server; the version warning it prints is harmless (the wire format of
text, buttons, custom JSON and events is unchanged).
"""

import warnings

# rasa-sdk 3.21 warns on every call from the 3.6 server that the versions differ. We checked
# that text, buttons, custom JSON and events round-trip unchanged (tests/e2e), so the warning
# is noise in the logs.
warnings.filterwarnings("ignore", message="Your versions of rasa and rasa_sdk might not be")
