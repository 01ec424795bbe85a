"""MAPE, MSLE, RMSLE and the adjusted R², as regression and forecasting notes state them; and the percent sign
read as the number 1/100 (100\\% before a sum is the factor 1)."""
import pytest

from kb.check.latex import to_sympy
from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"\text{MAPE} = \frac{1}{n}\sum_{i=1}^{n}\left|\frac{y_i-\hat{y}_i}{y_i}\right|",
     r"\text{MAPE} = \frac{1}{n}\sum_{i=1}^{n}\left|\frac{y_i-\hat{y}_i}{\hat{y}_i}\right|", "MAPE", "mape"),
    (r"MAPE = \frac{100\%}{n}\sum_{t=1}^{n}\left|\frac{A_t-F_t}{A_t}\right|",
     r"MAPE = \frac{100\%}{n}\sum_{t=1}^{n}\frac{A_t-F_t}{A_t}", "Mittlerer absoluter prozentualer Fehler", "mape"),
    (r"\text{MSLE} = \frac{1}{n}\sum_{i=1}^{n}(\log(1+y_i)-\log(1+\hat{y}_i))^2",
     r"\text{MSLE} = \frac{1}{n}\sum_{i=1}^{n}(\log(y_i)-\log(\hat{y}_i))^2", "均方对数误差", "msle"),
    (r"\text{RMSLE} = \sqrt{\frac{1}{n}\sum_{i=1}^{n}(\log(y_i+1)-\log(\hat{y}_i+1))^2}",
     r"\text{RMSLE} = \frac{1}{n}\sum_{i=1}^{n}(\log(y_i+1)-\log(\hat{y}_i+1))^2", "RMSLE", "rmsle"),
    (r"\bar{R}^2 = 1-(1-R^2)\frac{n-1}{n-p-1}", r"\bar{R}^2 = 1-(1-R^2)\frac{n-p-1}{n-1}", "Adjusted R squared",
     "adjusted_r2"),
    (r"R^2_{adj} = 1-\frac{(1-R^2)(n-1)}{n-k-1}", r"R^2_{adj} = 1-\frac{(1-R^2)n}{n-k-1}", "R² ajustado",
     "adjusted_r2"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_mape_in_percent_without_the_sign_follows_its_convention():
    """100/n before the sum (no % sign) states MAPE in percent: right under that convention, not a mistake."""
    decision = check_note_formula(r"MAPE = \frac{100}{n}\sum_{i=1}^{n}\left|\frac{y_i-\hat{y}_i}{y_i}\right|", "MAPE")
    assert decision.status == "verified" and decision.formula.id == "mape", decision.detail


def test_the_percent_sign_is_one_hundredth():
    assert to_sympy(r"100\%") == 1 and to_sympy(r"5\%") * 20 == 1


@pytest.mark.parametrize("latex, context", [
    # R² itself on the left: the right side is the adjusted score, but the equation names another quantity
    (r"R^2 = 1-\frac{(1-R^2)(n-1)}{n-k-1}", "Regression metrics"),
    # a wrong-looking MAPE under a heading that names nothing: letters alone identify no entry
    (r"\frac{1}{n}\sum_{i=1}^{n}\left|\frac{y_i-\hat{y}_i}{\hat{y}_i}\right|", "Metrics"),
])
def test_no_verdict_of_wrong_without_the_quantity_named(latex, context):
    assert check_note_formula(latex, context).status == "not_checkable"


def test_mae_beside_mape_stays_mae():
    decision = check_note_formula(r"\text{MAE} = \frac{1}{n}\sum_{i=1}^{n}|y_i-\hat{y}_i|", "MAE and MAPE")
    assert decision.status == "verified" and decision.formula.id == "mae", decision.detail
