"""The numerical gradient against autograd, and the notes' sign mistake."""
import pytest

from kb.formulas import gradient_checking


def test_notes_numerical_gradient_sign_is_wrong():
    # "dL/dW is (old_loss - new_loss)/h" has the sign flipped.
    w = [0.3, -1.2]
    truth = gradient_checking._truth_numerical_gradient(w, 0, 1e-6)
    assert gradient_checking.numerical_gradient(w, 0, 1e-6) == pytest.approx(truth, abs=3e-6)
    assert -gradient_checking.numerical_gradient(w, 0, 1e-6) != pytest.approx(truth, abs=3e-6)
