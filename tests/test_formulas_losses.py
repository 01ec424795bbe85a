"""Loss formulas: each reference agrees with torch / enumeration, each mutant is caught, the notes' numbers hold."""
import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from kb.formulas import losses as FAMILY

# ---- the registry contract, for every entry of the family ----------------------------------------------


# ---- worked examples from the notes ------------------------------------------------------------------

def test_label_smoothing_worked_example():
    assert FAMILY.label_smoothing([0.0, 1.0], 0.2) == pytest.approx([0.1, 0.9])


def test_notes_other_label_smoothing_claim_is_the_k_minus_1_mutant():
    # One note says label smoothing turns [0, 1] into [0.2, 0.8] at ε = 0.2: that is ε/(K−1), not ε/K.
    formula = next(f for f in FAMILY.FORMULAS if f.id == "label_smoothing")
    assert formula.mutants["ε/(K−1) on the wrong classes only"](y=[0.0, 1.0], eps=0.2) == pytest.approx([0.2, 0.8])
    assert FAMILY.label_smoothing([0.0, 1.0], 0.2) != pytest.approx([0.2, 0.8])


def test_focal_loss_retinanet_numbers():
    ce = -math.log(0.9)
    assert FAMILY.focal_loss(0.9, 1, 2.0) == pytest.approx(0.01 * ce)
    assert FAMILY.focal_loss(0.968, 1, 2.0) / -math.log(0.968) == pytest.approx(0.001, rel=0.03)


@settings(deadline=None)
@given(p=st.floats(0.01, 0.99), y=st.integers(0, 1))
def test_notes_binary_focal_form_is_gamma_one(p, y):
    # The notes: L(p, y) = -(y (1-p) log p + (1-y) p log(1-p)).
    notes = -(y * (1 - p) * math.log(p) + (1 - y) * p * math.log(1 - p))
    assert FAMILY.focal_loss(p, y, 1.0) == pytest.approx(notes, rel=1e-12)


def test_initial_loss_for_ten_classes_is_about_2_3():
    assert FAMILY.initial_softmax_loss(10) == pytest.approx(2.302585, rel=1e-6)


# ---- properties over the domain -------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(K=st.integers(2, 20), eps=st.floats(0.0, 1.0), hot=st.integers(0, 19))
def test_label_smoothing_matches_torch_and_stays_a_distribution(K, eps, hot):
    y = [1.0 if k == hot % K else 0.0 for k in range(K)]
    smoothed = FAMILY.label_smoothing(y, eps)
    assert sum(smoothed) == pytest.approx(1.0) and min(smoothed) >= 0
    assert smoothed == pytest.approx(FAMILY._truth_label_smoothing(y, eps), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(z=st.lists(st.floats(-20, 20), min_size=2, max_size=8), eps=st.floats(0.0, 1.0), data=st.data())
def test_label_smoothed_ce_matches_torch(z, eps, data):
    target = data.draw(st.integers(0, len(z) - 1))
    assert FAMILY.label_smoothed_cross_entropy(z, target, eps) == pytest.approx(
        FAMILY._truth_ls_ce(z, target, eps), rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(p=st.floats(1e-6, 1 - 1e-6), y=st.integers(0, 1), gamma=st.floats(0.0, 5.0))
def test_focal_loss_matches_torch_and_never_exceeds_ce(p, y, gamma):
    value = FAMILY.focal_loss(p, y, gamma)
    assert value == pytest.approx(FAMILY._truth_focal(p, y, gamma), rel=1e-9, abs=1e-15)
    assert value <= -math.log(p if y else 1 - p) + 1e-12


@settings(max_examples=40, deadline=None)
@given(z=st.lists(st.tuples(st.floats(-10, 10), st.floats(-10, 10)), min_size=2, max_size=6),
       tau=st.floats(0.2, 20.0))
def test_kd_losses_match_torch_and_kl_is_nonnegative(z, tau):
    z_t, z_s = [a for a, _ in z], [b for _, b in z]
    kl = FAMILY.kd_kl_loss(z_t, z_s, tau)
    assert kl >= -1e-12
    assert kl == pytest.approx(FAMILY._truth_kd_kl(z_t, z_s, tau), rel=1e-9, abs=1e-12)
    assert FAMILY.kd_soft_cross_entropy(z_t, z_s, tau) == pytest.approx(FAMILY._truth_kd_ce(z_t, z_s, tau), rel=1e-9)


vectors = st.lists(st.floats(-3, 3), min_size=3, max_size=3)


@settings(max_examples=30, deadline=None)
@given(triplets=st.lists(st.tuples(vectors, vectors, vectors), min_size=1, max_size=4), margin=st.floats(0.01, 2))
def test_triplet_loss_matches_torch(triplets, margin):
    a, p, n = (list(t) for t in zip(*triplets))
    assert FAMILY.triplet_loss(a, p, n, margin) == pytest.approx(FAMILY._truth_triplet(a, p, n, margin), rel=1e-9, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_batch_hard_and_batch_all_match_enumeration(seed):
    (params,) = FAMILY._pk_examples(random.Random(seed), 1)
    assert FAMILY.batch_hard_triplet_loss(**params) == pytest.approx(FAMILY._truth_batch_hard(**params), rel=1e-9, abs=1e-12)
    assert FAMILY.batch_all_triplet_loss(**params) == pytest.approx(FAMILY._truth_batch_all(**params), rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(x=st.floats(0, 0.999), sigma=st.floats(0, 0.99))
def test_smooth_ln_is_continuous_and_matches_its_tangent(x, sigma):
    assert FAMILY.smooth_ln(x, sigma) == pytest.approx(FAMILY._truth_smooth_ln(x, sigma), rel=1e-12, abs=1e-15)
    assert FAMILY.smooth_ln(sigma + 1e-9, sigma) == pytest.approx(FAMILY.smooth_ln(sigma, sigma), abs=1e-6)


@pytest.mark.parametrize("right, wrong", [
    (r"L(\hat{y}, y) = -\left(y \log \hat{y} + (1-y) \log(1-\hat{y})\right)",
     r"L(\hat{y}, y) = y \log \hat{y} + (1-y) \log(1-\hat{y})"),
    (r"L = -[y \log \hat{y} + (1-y)\log(1-\hat{y})]", r"L = -[y \log \hat{y} + (1-y)\log\hat{y}]"),
])
def test_one_examples_binary_cross_entropy_is_checked_as_a_scalar(right, wrong):
    # one example's loss is a scalar, not the batch mean: it links to bce_sample, and a wrong one is caught
    from tests.check_helpers import assert_right_verifies_and_wrong_differs
    assert_right_verifies_and_wrong_differs(right, wrong, "Binary cross-entropy of one example", "bce_sample")


def test_one_triplets_loss_links_and_faceNets_squared_distances_are_a_convention():
    from kb.check.link import check_note_formula
    from tests.check_helpers import assert_right_verifies_and_wrong_differs
    assert_right_verifies_and_wrong_differs(r"L = \max(\|a - p\| - \|a - n\| + \alpha, 0)",
                                            r"L = \max(\|a - n\| - \|a - p\| + \alpha, 0)", "Triplet loss",
                                            "triplet_loss_single")
    squared = check_note_formula(r"L = \max(\|a - p\|^2 - \|a - n\|^2 + \alpha, 0)", "Triplet loss")
    assert squared.status == "verified" and squared.formula.id == "triplet_loss_single", squared.detail
