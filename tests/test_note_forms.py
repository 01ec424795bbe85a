"""Forms real notes write formulas in (issue 12 §3): each is read as the formula it is, and a wrong one is caught."""
from __future__ import annotations

from kb.build import check_cards, process_note
from kb.check.latex_text import tokenize


def _verdicts(text: str) -> dict[int, tuple[str, str | None]]:
    note, cards = process_note(text.encode(), "note.md")
    return {c.source.line: (c.check.status, c.check.formula_id)
            for c in check_cards(note, cards, None) if c.check is not None and c.kind == "formula"}


def test_an_html_bold_label_names_the_formula_after_it():
    """`<b>Recall:</b> $..$`: notebooks and HTML exports write the label in tags where Markdown writes **."""
    verdicts = _verdicts("# Metrics\n\n- <b>Recall:</b> $\\frac{TP}{TP+FN}$\n"
                         "- <strong>Precision:</strong>$\\frac{TP}{TP+TN}$\n")
    assert verdicts[3] == ("verified", "recall")
    assert verdicts[4] == ("note_differs", "precision")


def test_limits_and_nolimits_only_place_a_sums_scripts():
    assert tokenize(r"\sum\limits_{i=1}^{n} x_i") == tokenize(r"\sum_{i=1}^{n} x_i")
    assert tokenize(r"\sum\nolimits_{i} x_i") == tokenize(r"\sum_{i} x_i")
    verdicts = _verdicts("# Distance\n\n## Euclidean distance\n\n$$d(x, y) = \\sqrt{\\sum\\limits_{r=1}^{n} (x_r - y_r)^2}$$\n\n"
                         "Squared by mistake:\n\n$$d(x, y) = \\sum\\nolimits_{r=1}^{n} (x_r - y_r)^2$$\n")
    assert verdicts[5] == ("verified", "l2_distance")
    assert verdicts[9] == ("note_differs", "l2_distance")
