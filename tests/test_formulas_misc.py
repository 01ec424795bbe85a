"""Miscellaneous formulas from the notes against torch and enumeration, with the notes' own numbers."""
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from kb.formulas import misc as FAMILY

# ---- the registry contract, for every entry of the family ----------------------------------------------


# ---- worked examples and claims from the notes ---------------------------------------------------------

@pytest.mark.parametrize("B", range(1, 8))
def test_triplet_count_both_forms_in_the_notes(B):
    assert FAMILY.triplets_in_batch(B) == 2 * B * (3 * B - 2) == FAMILY._truth_triplets_in_batch(B)


def test_receptive_field_of_3x3_stack_is_1_plus_2L():
    assert [FAMILY.receptive_field_3x3(L) for L in (1, 2, 3)] == [3, 5, 7]
    assert FAMILY.receptive_field(3, 3) == FAMILY.receptive_field_3x3(3)


def test_notes_gradient_clipping_code_differs_from_clip_grad_norm():
    formula = next(f for f in FAMILY.FORMULAS if f.id == "clip_grad_norm")
    notes_code = formula.mutants["squared norm (the notes' code)"]
    assert notes_code(g=[3.0, 4.0], c=1.0) != pytest.approx(FAMILY._truth_clip(g=[3.0, 4.0], c=1.0))
    assert FAMILY.clip_grad_norm([3.0, 4.0], 1.0) == pytest.approx([0.6, 0.8])


def test_notes_numerical_gradient_sign_is_wrong():
    # "dL/dW is (old_loss - new_loss)/h" has the sign flipped.
    w = [0.3, -1.2]
    truth = FAMILY._truth_numerical_gradient(w, 0, 1e-6)
    assert FAMILY.numerical_gradient(w, 0, 1e-6) == pytest.approx(truth, abs=3e-6)
    assert -FAMILY.numerical_gradient(w, 0, 1e-6) != pytest.approx(truth, abs=3e-6)


def test_heavy_libraries_are_imported_lazily():
    code = ("import sys; import kb.formulas.losses, kb.formulas.schedules, kb.formulas.rl, "
            "kb.formulas.activations, kb.formulas.misc; print(sorted({'torch', 'numpy', 'sympy'} & set(sys.modules)))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


# ---- properties over the domain -------------------------------------------------------------------

# Components near the float64 underflow (5e-324 scaled by 0.5 is 0) are out of scope: the direction test
# divides clipped by original components, which underflow makes meaningless.
grads = st.lists(st.floats(-10, 10).filter(lambda v: v == 0 or abs(v) > 1e-100), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(g=grads, c=st.floats(0.01, 20))
def test_clipped_gradient_keeps_direction_and_respects_threshold(g, c):
    clipped = FAMILY.clip_grad_norm(g, c) if any(g) else g
    if any(g):
        assert FAMILY._norm(clipped) <= c * (1 + 1e-12) or clipped == pytest.approx(g)
        ratio = [a / b for a, b in zip(clipped, g) if b]
        assert max(ratio) == pytest.approx(min(ratio))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_optimizers_match_torch(seed):
    for formula in FAMILY.FORMULAS:
        if formula.id in {"sgd_momentum", "adagrad", "rmsprop", "adam"}:
            (params,) = formula.examples(random.Random(seed), 1)
            assert formula.reference(**params) == pytest.approx(formula.truth(**params), rel=1e-10, abs=1e-12)


@settings(deadline=None)
@given(x=st.lists(st.floats(-5, 5), min_size=2, max_size=2), lam=st.sampled_from([0.0, 1.0]))
def test_mixup_endpoints_return_one_of_the_pair(x, lam):
    mixed, label = FAMILY.mixup([x[0]], [x[1]], [1.0, 0.0], [0.0, 1.0], lam)
    assert mixed == [x[0] if lam == 1.0 else x[1]] and label == ([1.0, 0.0] if lam == 1.0 else [0.0, 1.0])


@settings(max_examples=30, deadline=None)
@given(M=st.integers(1, 4), h=st.integers(1, 4), w=st.integers(1, 4))
def test_window_attention_never_exceeds_full_attention(M, h, w):
    H, W = M * h, M * w
    assert FAMILY.window_attention_entries(H, W, M) == FAMILY._truth_window_attention(H, W, M) <= (H * W) ** 2


@settings(max_examples=30, deadline=None)
@given(L=st.integers(1, 6), k=st.integers(1, 7))
def test_receptive_field_matches_autograd(L, k):
    assert FAMILY.receptive_field(L, k) == FAMILY._truth_receptive_field(L, k)
