from tests.parse_helpers import parse_full, parse_text

EXCERPT = """EECS498 Computer Vision with Justin
Lecture 1 - Introduction
How many images are uploaded daily?
1.3 billion.
What are 3 factors behind computer vision?
- Better data
- Better processing power
Lots of data.
Readings
Python Tutorial
Lecture 2 - Image Classification
What is nearest neighbour classification?
Compare the test image with every training image.
Additional Lecture - Reinforcement Learning
What is the Q function?
The expected reward.
Why use Colab?
- GPU memory is 15GB.
"""


def test_questions_under_group_headings():
    note = parse_text(EXCERPT)
    assert note.kind == "qa"
    assert note.title == "EECS498 Computer Vision with Justin"
    questions = [s for s in note.sections if s.is_question]
    assert [s.path for s in questions] == [
        ("Lecture 1 - Introduction", "How many images are uploaded daily?"),
        ("Lecture 1 - Introduction", "What are 3 factors behind computer vision?"),
        ("Lecture 2 - Image Classification", "What is nearest neighbour classification?"),
        ("Additional Lecture - Reinforcement Learning", "What is the Q function?"),
        ("Additional Lecture - Reinforcement Learning", "Why use Colab?"),
    ]
    factors = questions[1]
    assert [b.kind for b in factors.blocks] == ["list", "paragraph"]
    assert factors.blocks[0].text == "- Better data\n- Better processing power"
    assert factors.line == 5 and factors.blocks[0].line == 6


def test_reading_lists_do_not_leak_into_answers():
    note = parse_text(EXCERPT)
    readings = next(s for s in note.sections if s.heading == "Readings")
    assert not readings.is_question
    assert readings.path == ("Lecture 1 - Introduction", "Readings")
    assert "Python Tutorial" in readings.blocks[0].text


def test_full_qa_note_has_273_questions_with_their_lines():
    note = parse_full("EECS498 Computer Vision with Justin")
    questions = [s for s in note.sections if s.is_question]
    assert len(questions) == 273
    lines = note.source.text.split("\n")
    for q in questions:
        assert len(q.path) == 2 and q.path[0].startswith(("Lecture", "Additional Lecture"))
        assert lines[q.line - 1].strip().startswith(q.heading)
    # two questions are answered on their own line after a dash ("...? - Saliency"): the line starts with them
    assert sum(lines[q.line - 1].strip() != q.heading for q in questions) == 2
    answered = [q for q in questions if q.blocks]
    assert len(answered) == 271  # two answers were formulas the note lost; the parser reports them
    assert sum("no answer" in d.message for d in note.diagnostics) == 2


def test_full_qa_answers_keep_lists_as_written():
    note = parse_full("EECS498 Computer Vision with Justin")
    q = next(s for s in note.sections if s.heading == "What are 3 use cases for image classification?")
    assert q.blocks[0].kind == "list"
    assert q.blocks[0].text == "- Medical Imaging\n- Galaxy identification\n- Whale recognition"
