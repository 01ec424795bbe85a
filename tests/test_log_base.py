"""Logarithms to a base: \\log_2 (entropy in bits) is read, and a base is a unit, never a mistake by itself."""
from __future__ import annotations

import pytest

from kb.check import log_base
from kb.check.link import check_note_formula


def test_a_based_logarithm_is_read_with_its_base_as_a_factor_and_in_natural_logarithms():
    assert log_base.readings(r"H = -\sum_k p_k \log_2 p_k") == (
        r"H = -\sum_k p_k \frac{1}{\log 2}\log  p_k", r"H = -\sum_k p_k \log  p_k")
    assert log_base.readings(r"\log_{10} x + log_2(y)") == (
        r"\frac{1}{\log 10}\log  x + \frac{1}{\log 2}\log (y)", r"\log  x + \log (y)")
    assert log_base.readings(r"\log_{n} x") is None      # a base kb does not know: left to the reader (unread)
    assert log_base.readings(r"\log x_2") is None


@pytest.mark.parametrize("latex", [r"H(p) = -\sum_k p_k \log_2 p_k", r"H = -\sum_i p_i log_2 p_i",
                                   r"H(p) = -\sum_k p_k \log_{2}(p_k)"])
def test_entropy_in_bits_is_verified(latex):
    decision = check_note_formula(latex, "Entropy:")
    assert (decision.status, decision.formula.id) == ("verified", "entropy_bits")


def test_a_loss_in_bits_is_not_called_wrong_for_its_unit():
    """PyTorch's cross-entropy is in nats; the same sum in bits is the same quantity in another unit."""
    decision = check_note_formula(r"H(p, q) = -\sum_i p_i \log_2 q_i", "Cross-entropy, in bits:")
    assert decision.status == "not_checkable"
    assert "base of its logarithm" in decision.detail


def test_an_entropy_wrong_in_any_base_is_caught_with_a_counterexample_in_like_units():
    decision = check_note_formula(r"H(p) = \sum_k p_k \log_2 p_k", "Entropy:")
    assert decision.status == "note_differs"
    assert "natural logarithms" in decision.detail


def test_the_bases_a_note_states():
    from kb.check.log_base import stated_bases

    assert stated_bases("Entropie in Bits") == {"2"} and stated_bases("logaritmo decimal") == {"10"}
    assert stated_bases(r"$\log_{10} x$") == {"10"} and stated_bases(r"$\lg n$") == {"2", "10"}
    assert stated_bases("以2为底的对数") == {"2"} and stated_bases("natural logarithm") == {"e"}
    assert not stated_bases("cross-entropy of one example, a bit more") and not stated_bases(r"\log x")
