"""Words that lead into a list ("Common derivatives:") say what its items' expressions are: "Tanh: $1 - \\tanh^2(x)$"
with no left side is tanh's derivative, not tanh."""
from __future__ import annotations

from kb.build import check_cards, process_note


def _verdicts(text: str) -> list[tuple[str, str | None]]:
    note, cards = process_note(text.encode("utf-8"), "note.md")
    return [(card.check.status, card.check.formula_id) for card in check_cards(note, cards, None)
            if card.kind == "formula" and card.check]


def test_list_items_under_words_that_name_derivatives_are_derivatives():
    text = ("# Activations\n\nCommon derivatives:\n- Sigmoid: $\\sigma(x)(1 - \\sigma(x))$\n"
            "- Tanh: $1 - \\tanh^2(x)$\n- Tanh again: $1 + \\tanh^2(x)$\n")
    assert _verdicts(text) == [("verified", "sigmoid_derivative"), ("verified", "tanh_derivative"),
                               ("note_differs", "tanh_derivative")]


def test_list_items_under_other_words_are_the_functions_they_name():
    text = "# Activations\n\nThe functions:\n- Sigmoid: $\\frac{1}{1+e^{-x}}$\n- Tanh: $1 - \\tanh^2(x)$\n"
    assert _verdicts(text)[0] == ("verified", "sigmoid")
    assert _verdicts(text)[1][0] == "note_differs"   # 1 − tanh² named tanh, with no word of derivatives: not tanh
