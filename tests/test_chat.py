"""When the gateway starts a new Rasa session in a long conversation."""

from __future__ import annotations

from bot.chat import ChatService
from bot.config import Settings
from bot.db import database
from bot.models import Message, Mode, TurnState
from bot.rasa_client import RasaClient
from bot.store.turns import RecordedTurn


class NoPushes:
    async def to_conversation(self, conversation_id, message) -> None: ...

    async def to_console(self, event, data) -> None: ...


def turn(number: int, session_from: int = 0, after_buttons: bool = False) -> RecordedTurn:
    return RecordedTurn(
        Message(text="q"),
        Mode.BOT,
        TurnState.PENDING,
        [],
        repeated=False,
        number=number,
        session_from=session_from,
        after_buttons=after_buttons,
    )


def test_a_new_session_n_turns_into_the_last_but_never_while_a_question_is_pending() -> None:
    settings = Settings(rasa_session_turns=3)
    chat = ChatService(
        settings, database(settings.database_url), RasaClient("http://127.0.0.1:9", 1), NoPushes()
    )
    assert [n for n in range(1, 8) if chat._session_due(turn(n))] == [4, 5, 6, 7]
    assert [n for n in range(5, 12) if chat._session_due(turn(n, session_from=4))] == [
        7,
        8,
        9,
        10,
        11,
    ]
    # A pending question postpones it to the next turn, not to the next multiple.
    assert not chat._session_due(turn(7, session_from=4, after_buttons=True))
    assert chat._session_due(turn(8, session_from=4))
    off = ChatService(Settings(rasa_session_turns=0), chat.db, chat.rasa, NoPushes())
    assert not any(off._session_due(turn(n)) for n in range(1, 50))
