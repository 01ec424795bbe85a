"""Jupyter notebooks are notes: their Markdown and code cells are read, their outputs and raw cells are not,
and every line keeps the line of the .ipynb file it came from."""
from __future__ import annotations

import json
from pathlib import Path

from kb.build import process_note
from kb.read import read_bytes
from kb.read.media import is_attachment
from kb.read.notebook import read_notebook

CORPUS_NOTEBOOK = Path(__file__).parent / "corpus" / "jupyter" / "logistische_regression_de.ipynb"


def _cell(kind: str, text: str, **extra) -> dict:
    return {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True), **extra}


def _notebook(*cells: dict, language: str = "python") -> str:
    """Written as Jupyter writes it: one JSON string per source line, indent 1, UTF-8 as is."""
    document = {"cells": list(cells), "metadata": {"kernelspec": {"language": language, "name": "k"}},
                "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _file_line(raw: str, fragment: str) -> int:
    return next(i for i, line in enumerate(raw.split("\n"), 1) if fragment in line)


def test_markdown_and_code_cells_become_markdown_with_fenced_code():
    raw = _notebook(_cell("markdown", "# Softmax\n\n$$p_i = e^{z_i} / \\sum_j e^{z_j}$$"),
                    _cell("code", "p = np.exp(z)\np /= p.sum()", outputs=[], execution_count=1),
                    language="julia")
    text, _ = read_notebook(raw)
    assert text.split("\n") == ["# Softmax", "", "$$p_i = e^{z_i} / \\sum_j e^{z_j}$$", "",
                                "```julia", "p = np.exp(z)", "p /= p.sum()", "```"]


def test_outputs_and_raw_cells_are_not_read():
    output = {"output_type": "stream", "name": "stdout", "text": ["What does this print?\n"]}
    raw = _notebook(_cell("markdown", "# Notes"), _cell("code", "print(1)", outputs=[output], execution_count=1),
                    _cell("raw", "Is this exported?\n"))
    text, _ = read_notebook(raw)
    assert "print(1)" in text and "What does this print?" not in text and "exported" not in text


def test_each_line_maps_to_the_file_line_of_its_json_string():
    raw = _notebook(_cell("markdown", "# Title\n\nIntro."), _cell("code", "x = 1"),
                    _cell("markdown", "## Loss\n\n$$L = (y - \\hat y)^2$$"))
    source = read_bytes(raw.encode("utf-8"), "n.ipynb")
    for fragment in ("## Loss", "x = 1", "$$L", "Intro."):
        text_line = next(i for i, line in enumerate(source.text.split("\n"), 1) if fragment in line)
        assert source.line_map[text_line - 1] == _file_line(raw, json.dumps(fragment)[1:-1])


def test_a_source_written_as_one_string_maps_to_where_the_string_starts():
    document = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# A\n\nB"}], "metadata": {},
                "nbformat": 4, "nbformat_minor": 2}
    raw = json.dumps(document, indent=1)
    text, line_map = read_notebook(raw)
    assert text == "# A\n\nB" and set(line_map) == {_file_line(raw, '"source"')}


def test_nbformat_3_worksheets_heading_cells_and_code_input():
    document = {"nbformat": 3, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "heading", "level": 2, "source": ["Momentum"], "metadata": {}},
        {"cell_type": "code", "language": "python", "input": ["v = beta * v + g"], "outputs": [], "metadata": {}}]}]}
    text, _ = read_notebook(json.dumps(document, indent=1))
    assert text.split("\n") == ["## Momentum", "", "```python", "v = beta * v + g", "```"]


def test_a_fence_inside_code_cannot_close_the_cell_fence():
    text, _ = read_notebook(_notebook(_cell("code", 'doc = """\n```\n"""')))
    lines = text.split("\n")
    assert lines[0] == "````python" and lines[-1] == "````"


def test_a_notebook_is_a_note_and_other_json_stays_an_attachment():
    assert not is_attachment(_notebook(_cell("markdown", "# A")).encode("utf-8"))
    assert is_attachment(b'{"cells": [], "metadata": {}}')  # no nbformat: some other tool's data
    assert read_notebook('{"cells": [], "metadata": {}}') is None


def test_the_corpus_notebook_becomes_cards_at_its_file_lines():
    note, cards = process_note(CORPUS_NOTEBOOK.read_bytes(), "logistische_regression_de.ipynb")
    raw = CORPUS_NOTEBOOK.read_text(encoding="utf-8")
    assert note.title == "Logistische Regression (Übungsnotebook)"
    fronts = {card.front: card for card in cards}
    question = fronts["Warum nimmt man die Sigmoid-Funktion?"]
    assert question.source.line == _file_line(raw, "## Warum nimmt man")
    assert not any("symmetrisch" in card.front or "Export" in card.front for card in cards)
