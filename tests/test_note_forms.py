"""Forms real notes write formulas in (issue 12 §3): each is read as the formula it is, and a wrong one is caught."""
from __future__ import annotations

import pytest

from kb.build import check_cards, process_note
from kb.check.latex_text import tokenize
from kb.check.primes import read_primes


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


@pytest.mark.parametrize("typed, read", [
    ("\\sigma′(x)", "\\sigma'(x)"),                 # the prime sign of Unicode input and pasted PDFs
    ("\\sigma″(x)", "\\sigma''(x)"),
    ("\\tanh’(x)", "\\tanh'(x)"),                   # smart quotes (Typora, Notion, Word)
    ("\\sigma´´(x)", "\\sigma''(x)"),               # the acute accent of Spanish and Portuguese keyboards
    ("f`(x)", "f'(x)"),
    ("\\sigma^{\\prime}(x)", "\\sigma'(x)"),        # the prime written out, as TeX reads `'`
    ("V(s^\\prime)", "V(s')"),
    ("f^{\\prime\\prime}(x)", "f''(x)"),
    ("x_i^{'}", "x_i'"),
])
def test_every_way_of_typing_a_prime_reads_as_the_prime(typed, read):
    assert read_primes(typed) == read


@pytest.mark.parametrize("latex", [
    "x^{\\prime 2}",                 # more than primes in the superscript
    "\\text{Bayes rule}",
    "a ` b",                         # a tick after a space and an operator: no symbol before it
    "e^{-x}",
])
def test_what_is_no_prime_is_left_alone(latex):
    assert read_primes(latex) == latex


def test_a_derivative_with_a_typed_prime_is_never_the_function_itself():
    """Read without its prime `σ′(x) = σ(x)(1-σ(x))` was a wrong sigmoid (a false alarm), and `softplus´(x) =
    log(1+e^x)` a right softplus (a wrong formula verified)."""
    verdicts = _verdicts("# Activations\n\n## Sigmoid\n\n$$\\sigma′(x) = \\sigma(x)(1-\\sigma(x))$$\n\n"
                         "## Softplus\n\n$$\\mathrm{softplus}´(x) = \\log(1+e^{x})$$\n")
    assert verdicts[5] == ("verified", "sigmoid_derivative")
    assert verdicts[9][0] == "note_differs"


def test_a_second_derivative_is_never_a_first_derivative_entry():
    verdicts = _verdicts("# Sigmoid\n\n## Second derivative of the sigmoid\n\n"
                         "$$f''(x) = \\sigma(x)(1-\\sigma(x))(1-2\\sigma(x))$$\n\n$$\\sigma^{\\prime\\prime}(x) = \\sigma(x)(1-\\sigma(x))$$\n")
    assert verdicts[5][0] == "not_checkable"                 # f is no function kb knows: no verdict
    assert verdicts[7] == ("note_differs", None)            # σ'' computed directly: that is σ', not σ''


def test_a_primed_size_is_the_new_size_not_a_derivative():
    verdicts = _verdicts("# CNN\n\n## Output size\n\n$$H' = \\left\\lfloor\\frac{H-K+2P}{S}\\right\\rfloor+1$$\n\n"
                         "$$W' = \\frac{W-K+2P}{S}+1$$\n")
    assert verdicts[5] == ("verified", "conv_output_size")
    assert verdicts[7] == ("note_differs", "conv_output_size")
