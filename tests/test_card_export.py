"""Flashcard text exports (Anki's "Notes in Plain Text", tab-separated term lists) read as the cards they hold."""
from kb.cards import make_cards
from kb.check.link import attach_checks
from kb.parse import parse_note
from kb.read import read_bytes
from kb.read.card_export import read_card_export

HEADER = "#separator:tab\n#html:true\n#notetype column:1\n#deck column:2\n#tags column:5\n"


def _cards(text: str, name: str = "export.txt"):
    note = parse_note(read_bytes(text.encode("utf-8"), name))
    return attach_checks([note], make_cards(note), None)


def test_anki_export_rows_are_cards_at_their_own_lines_with_html_read_as_text():
    text = HEADER + ("Basic\tML::Activations\tWhat is the sigmoid derivative?\t<div>\\(\\sigma'(x) = \\sigma(x)(1-\\sigma(x))\\)</div>"
                     "<div>At most 1/4.</div>\tdl\n"
                     "Basic\tML::Losses\tWhat is MSE?\t<ul><li>\\(\\mathrm{MSE} = \\frac{1}{n}\\sum_i (y_i - \\hat y_i)^2\\)</li>"
                     "<li>large errors cost more</li></ul>\tdl\n")
    cards = _cards(text)
    qa = {c.front: c for c in cards if c.kind == "qa"}
    assert set(qa) == {"What is the sigmoid derivative?", "What is MSE?"}
    assert qa["What is the sigmoid derivative?"].source.line == 6 and "At most 1/4." in qa["What is the sigmoid derivative?"].back
    assert "<div>" not in qa["What is the sigmoid derivative?"].back
    formulas = {c.source.line: c.check.status for c in cards if c.kind == "formula"}
    assert formulas == {6: "verified", 7: "verified"}   # each formula at its row's line, checked
    assert cards[0].note_title == "ML"


def test_subdecks_are_nested_headings_and_a_parent_deck_comes_back():
    text = HEADER + "Basic\tA::B\tq1?\ta1\t\nBasic\tA::C\tq2?\ta2\t\nBasic\tA\tq3?\ta3\t\n"
    markdown, lines = read_card_export(text)
    headings = [line for line in markdown.split("\n") if line.startswith("#")]
    assert headings == ["# A", "## B", "## C", "# A"]
    assert len(lines) == markdown.count("\n") + 1


def test_a_reversed_note_type_in_any_interface_language_makes_both_cards():
    for note_type in ("Basic (and reversed card)", "Básico (y tarjeta invertida)", "Einfach (beide Richtungen)",
                      "Основная (с обратной карточкой)"):
        fronts = {c.front for c in _cards(HEADER + f"{note_type}\tVocab\tlearning rate\tтемп обучения\t\n")
                  if c.kind == "qa"}
        assert fronts == {"learning rate", "темп обучения"}, note_type
    fronts = {c.front for c in _cards(HEADER + "Basic\tVocab\tlearning rate\tтемп обучения\t\n") if c.kind == "qa"}
    assert fronts == {"learning rate"}


def test_a_cloze_row_is_asked_as_written_and_is_no_part_of_another_cards_answer():
    text = HEADER + ("Basic\tRL\tWhat is gamma?\tthe discount factor\t\n"
                     "Cloze\tRL\tQ-learning is {{c1::off-policy}}.\tWatkins, 1989\t\n")
    cards = _cards(text)
    assert [c.front for c in cards if c.kind == "cloze"] == ["Q-learning is {{c1::off-policy}}."]
    gamma = next(c for c in cards if c.front == "What is gamma?")
    assert "off-policy" not in gamma.back and "Watkins" not in gamma.back


def test_a_quoted_field_may_hold_line_breaks_and_the_next_row_keeps_its_line():
    text = HEADER + 'Basic\tD\t"What is a\nmulti-line front?"\tyes\t\nBasic\tD\tWhat comes next?\tthis\t\n'
    qa = {c.front: c.source.line for c in _cards(text) if c.kind == "qa"}
    assert qa == {"What is a multi-line front?": 6, "What comes next?": 8}


def test_a_tab_separated_term_list_without_a_header_is_cards():
    text = "ReLU\tf(x) = max(0, x)\nSoftplus\tf(x) = log(1 + e^(-x))\nEpoch\tone pass over the data\n"
    cards = _cards(text)
    assert [c.front for c in cards if c.kind == "qa"] == ["ReLU", "Softplus", "Epoch"]
    checks = {c.source.line: c.check.status for c in cards if c.kind == "formula"}
    assert checks == {1: "verified", 2: "note_differs"}   # softplus is log(1 + e^x)


def test_other_texts_with_tabs_or_hash_lines_are_not_card_exports():
    outline = "Deep learning\n\tActivations\n\t\tReLU\tmax(0, x)\n\tLosses\n"
    markdown = "# Title\n#tag and text\n\nA paragraph\twith a tab.\n"
    uneven = "a\tb\nc\td\te\n"
    for text in (outline, markdown, uneven, "one\trow\n"):
        assert read_card_export(text) is None, text


def test_an_unclosed_quote_over_a_huge_field_is_not_an_export_and_does_not_fail():
    text = 'term\t"definition\n' + "x\ty\n" * 35000
    assert read_card_export(text) is None
