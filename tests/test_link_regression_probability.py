"""Linking the losses, regression and probability formulas notes write: the quantities a note names that are
not an entry's parameters (K beside a label vector, ȳ beside the targets), and entries that probability notes
state (the Bernoulli variance)."""
import pytest

from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    # K is the number of classes: the length of the label vector
    (r"y_k^{LS} = y_k(1-\varepsilon) + \frac{\varepsilon}{K}", r"y_k^{LS} = y_k(1-\varepsilon) + \frac{\varepsilon}{K-1}",
     "Label smoothing", "label_smoothing"),
    # ȳ is the targets' mean
    (r"R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}",
     r"R^2 = \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}", "Coeficiente de determinação", "r_squared"),
    (r"\mathrm{Var}(X) = p(1-p)", r"\mathrm{Var}(X) = p^2(1-p)", "Varianza de una Bernoulli de parámetro $p$",
     "bernoulli_variance"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)
