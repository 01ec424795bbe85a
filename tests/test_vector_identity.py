"""Softmax identities checked on both sides with no registry entry (kb/check/vector_identity.py)."""
from __future__ import annotations

import pytest

from kb.check.vector_identity import check_softmax_identity


@pytest.mark.parametrize("latex", [
    r"\mathrm{softmax}(z - c) = \mathrm{softmax}(z)",      # shift invariance: c a number
    r"\mathrm{softmax}(z + c)_i = \mathrm{softmax}(z)_i",
    r"\mathrm{softmax}(z)_i = \mathrm{softmax}(z - c)_i",
])
def test_shift_invariance_is_verified(latex):
    decision = check_softmax_identity(latex)
    assert decision is not None and decision.status == "verified", decision and decision.detail


@pytest.mark.parametrize("latex", [
    r"\mathrm{softmax}(c z) = \mathrm{softmax}(z)",        # a scale is no shift
    r"\mathrm{softmax}(z / T) = \mathrm{softmax}(z)",
    r"\mathrm{softmax}(z - c) = \mathrm{softmax}(z) - c",
])
def test_a_false_softmax_identity_differs_with_a_counterexample(latex):
    decision = check_softmax_identity(latex)
    assert decision is not None and decision.status == "note_differs"
    assert "no reading of the letters as vectors or numbers makes the two sides equal" in decision.detail


@pytest.mark.parametrize("latex", [
    r"\mathrm{softmax}(z) = p",                            # defines p
    r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",   # a definition: the registry's entry checks it
    r"\sigma(x) = \frac{1}{1+e^{-x}}",
])
def test_what_is_no_softmax_identity_is_left_alone(latex):
    assert check_softmax_identity(latex) is None
