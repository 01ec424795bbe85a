"""sampled_from.py: an initialisation stated by the distribution its weights are drawn from (`W \\sim U(-a, a)`,
`W \\sim \\mathcal{N}(0, s)`), checked by the bound or variance that fixes it; and the LaTeX forms it brought
(`\\min_j x_j`, `||g||_2`)."""
from __future__ import annotations

import pytest
import sympy

from kb.cards import make_cards
from kb.check.latex import DMAX, DMIN, NORM, to_sympy
from kb.check.link import check_note_formula
from kb.check.sampled_from import sampled
from tests.parse_helpers import parse_text

HE = "He (Kaiming) initialisation"


@pytest.mark.parametrize("latex, entry", [
    (r"W \sim U\left(-\sqrt{\frac{6}{n_{in}}}, \sqrt{\frac{6}{n_{in}}}\right)", "kaiming_uniform_bound"),
    (r"w \sim \mathcal{U}\left[-\sqrt{\frac{6}{n_{in}+n_{out}}}, \sqrt{\frac{6}{n_{in}+n_{out}}}\right]",
     "xavier_uniform_bound"),
    (r"w \sim U(-\sqrt{3/f_{in}}, \sqrt{3/f_{in}})", "lecun_uniform_bound"),
    (r"W \sim U\left(-\frac{1}{\sqrt{n_{in}}}, \frac{1}{\sqrt{n_{in}}}\right)", "fan_in_heuristic_bound"),
    (r"W \sim \mathcal{N}\left(0, \frac{2}{n_{in}}\right)", "kaiming_variance"),       # N(mean, variance)
    (r"W \sim \mathcal{N}\left(0, \sqrt{\frac{2}{n_{in}}}\right)", "kaiming_variance"),  # torch's N(mean, std)
])
def test_a_right_distribution_is_verified_by_the_entry_it_draws_from(latex, entry):
    decision = check_note_formula(latex, "Weight initialisation")
    assert (decision.status, decision.formula.id) == ("verified", entry)


def test_bounds_that_are_not_each_others_negation_differ_whichever_scheme():
    # both bounds negative: U(−a, −a) holds one number; the negated lower bound is LeCun's, the upper is not −(−a)
    decision = check_note_formula(r"w \sim U\left(-\sqrt{\frac{3}{n_{in}}}, -\sqrt{\frac{3}{n_{in}}}\right)",
                                  "LeCun initialisation")
    assert (decision.status, decision.formula.id) == ("note_differs", "lecun_uniform_bound")
    assert "not its negation" in decision.detail and "n_in = 4" in decision.detail


def test_a_normal_differs_only_when_neither_reading_of_its_second_parameter_holds():
    wrong = check_note_formula(r"W \sim \mathcal{N}\left(0, \frac{1}{2 n_{in}}\right)", HE, local=HE)
    assert (wrong.status, wrong.formula.id) == ("note_differs", "kaiming_variance")
    assert "standard deviation) too" in wrong.detail


def test_a_bound_is_never_compared_with_a_variance_nor_a_variance_with_a_bound():
    # He's variance 2/n_in written as the bound of a uniform is no wrong He variance: no bound entry names it
    decision = check_note_formula(r"W \sim U\left(-\frac{2}{n_{in}}, \frac{2}{n_{in}}\right)", HE, local=HE)
    assert decision.formula is None or decision.formula.id.endswith("_bound")
    normal = check_note_formula(r"W \sim N\left(0, \sqrt{\frac{6}{n_{in}}}\right)", HE, local=HE)
    assert normal.formula is None or "variance" in normal.formula.id


def test_a_normal_with_a_mean_and_a_noise_draw_are_not_checked():
    mean = check_note_formula(r"z \sim \mathcal{N}(\mu, \frac{1}{n})", HE)
    assert mean.status == "not_checkable" and "mean" in mean.detail
    assert sampled(r"\epsilon \sim \mathcal{N}(0, 1)") is None     # nothing a formula gives
    assert sampled(r"m_i \sim \mathrm{Bernoulli}(q)") is None


@pytest.mark.parametrize("words", ["Glorot initialisation", "LeCun uniform initialisation"])
def test_an_average_fan_beside_the_fans_is_neither_a_wrong_variance_nor_a_wrong_bound(words):
    decision = check_note_formula(r"f_{avg} = \frac{f_{in}+f_{out}}{2}", words, local=words)
    assert decision.status == "not_checkable"


def test_a_drawn_weight_gets_a_formula_card_named_by_its_heading():
    note = parse_text("# Init\n\n## He\n\nDraw the weights:\n\n$$W \\sim U\\left(-\\sqrt{\\frac{6}{n}}, "
                      "\\sqrt{\\frac{6}{n}}\\right)$$\n\nNoise $\\epsilon \\sim N(0, 1)$ is another matter.\n",
                      "init.md")
    fronts = [card.front for card in make_cards(note) if card.kind == "formula"]
    assert fronts == ["What is the formula for He (Init)?"]


def test_the_smallest_and_largest_entry_over_the_vectors_own_index():
    x = sympy.Symbol("x")
    assert to_sympy(r"\frac{x_i - \min_j x_j}{\max_j x_j - \min_j x_j}") == (x - DMIN(x)) / (DMAX(x) - DMIN(x))
    # over a table's index it stays the operator over that index (Bellman's max_a Q(s, a))
    assert "IndexMax" in str(to_sympy(r"\max_a Q(s,a)"))


def test_a_norm_typed_with_double_bars_and_its_subscript():
    g = sympy.Symbol("g")
    assert to_sympy(r"\frac{c\,g}{||g||_2}") == sympy.Symbol("c") * g / NORM(g, 2)
    assert to_sympy(r"||w||_1") == NORM(sympy.Symbol("w"), 1)
    assert to_sympy(r"|a||b|") == to_sympy(r"|a| |b|")    # two absolute values side by side stay two


def test_a_bare_equation_is_never_read_as_a_drawn_weights_bound():
    # 1/√n is a kernel bandwidth or a scale as often as the fan-in heuristic's bound: only a draw names a bound
    decision = check_note_formula(r"h = \frac{1}{\sqrt{n}}", "Kernel density estimate")
    assert decision.formula is None or not decision.formula.id.endswith("_bound")
