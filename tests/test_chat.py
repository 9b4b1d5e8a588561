"""When the gateway starts a new Rasa session in a long conversation."""

from __future__ import annotations

from bot.chat import ChatService
from bot.config import Settings
from bot.models import Message, Mode, TurnState
from bot.rasa_client import RasaClient
from bot.store.turns import RecordedTurn


class NoPushes:
    async def to_conversation(self, conversation_id, message) -> None: ...

    async def to_console(self, event, data) -> None: ...


def turn(number: int, after_buttons: bool = False) -> RecordedTurn:
    return RecordedTurn(
        Message(text="q"), Mode.BOT, TurnState.PENDING, [], False, number, after_buttons
    )


def test_a_new_session_every_n_turns_but_never_while_a_question_is_pending() -> None:
    settings = Settings(rasa_session_turns=3)
    chat = ChatService(settings, RasaClient("http://127.0.0.1:9", 1), NoPushes())
    due = [n for n in range(1, 12) if chat._session_due(turn(n))]
    assert due == [4, 7, 10]
    assert not chat._session_due(turn(7, after_buttons=True))
    off = ChatService(Settings(rasa_session_turns=0), chat.rasa, NoPushes())
    assert not any(off._session_due(turn(n)) for n in range(1, 50))
