from kb.model import Block, Card, Check, Note, Section, SourcePos, SourceText


def test_card_round_trips_through_dict():
    card = Card("abc", "formula", "front", "back", "zh", ("kb::lang::zh",), ("A", "B"), SourcePos("n.txt", 3),
                "Title", Check("verified", "conv_output_size", examples=5))
    assert Card.from_dict(card.to_dict()) == card


def test_note_round_trips_with_nested_blocks():
    block = Block("formula", "$x=1$", 2, "en", latex="x=1")
    note = Note("n.md", "markdown", "T", "en", (Section("H", ("H",), 1, 1, "en", (block,)),),
                SourceText("n.md", "markdown", "# H\n$x=1$", (1, 2)))
    assert Note.from_dict(note.to_dict()) == note
