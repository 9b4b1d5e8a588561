from bot.dialogue.chat_speak import written_out


def test_shorthand_and_apostrophe_less_contractions_are_written_out() -> None:
    assert written_out("r u soc 2 type 2") == "are you soc 2 type 2"
    assert written_out("whats the max batch size") == "what is the max batch size"
    assert written_out("if we leave after 3 yrs") == "if we leave after 3 years"
    assert written_out("Dont know") == "Do not know"


def test_ordinary_words_acronyms_and_dotted_abbreviations_are_kept() -> None:
    assert written_out("its fine, were ok") == "its fine, were ok"
    assert written_out("hosting in the u.s. please") == "hosting in the u.s. please"
    assert written_out("we use UR for that") == "we use UR for that"
