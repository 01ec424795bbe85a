"""SyncBN moments, Chan's parallel variance, batch-norm forward/backward against torch in float64."""
import dataclasses
import math
import random
from functools import lru_cache

import pytest
from hypothesis import given, settings, strategies as st

from kb.formulas import norm
from kb.check.compare import Pass, compare

BY_ID = {f.id: f for f in norm.FORMULAS}


@lru_cache(maxsize=None)
def _examples(formula_id):
    return BY_ID[formula_id].examples(random.Random(0), BY_ID[formula_id].n_examples)


def test_examples_have_uneven_shards():
    shard_sets = [ex["shards"] for ex in _examples("syncbn_mean")]
    assert sum(len({len(s) for s in shards}) > 1 for shards in shard_sets) > 50


def test_gloo_allreduce_across_processes():
    outcome = norm.gloo_allreduce_check()
    assert outcome.ok, outcome.detail
    assert outcome.examples == len(norm.GLOO_SHARDS_SIZES)


def test_float32_cancellation_is_real_and_chan_fixes_it():
    m = norm.float32_cancellation()
    assert m["naive_rel_error"] > 0.1        # E[x²] − E[x]² in float32 on 1e4 + N(0,1): measured ~22x off
    assert m["chan_rel_error"] < 1e-3        # (n, mean, M2) combination: measured ~1e-5
    assert norm.float32_cancellation_check().ok


def test_gather_stats_kernel_needs_cuda():
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        with pytest.raises(Exception):     # the kernels exist only on CUDA; the runner skips without one
            norm.gather_stats_kernel("cpu")
    else:
        outcome = norm.gather_stats_kernel("cuda")
        assert outcome.ok, outcome.detail


shards = st.lists(st.lists(st.floats(-100, 100, allow_nan=False, width=32), min_size=1, max_size=10),
                  min_size=1, max_size=4).filter(lambda s: sum(map(len, s)) >= 2)


@settings(max_examples=60, deadline=None)
@given(shards, st.sampled_from((1e-5, 1e-3, 0.1)))
def test_moment_formulas_hold_over_the_domain(data, eps):
    s1 = math.fsum(v for s in data for v in s)
    s2 = math.fsum(v * v for s in data for v in s)
    n = sum(map(len, data))
    params = dict(shards=data, sum_x=s1, sum_x2=s2, N=n, mu=s1 / n, eps=eps)
    # float64 E[x²] − E[x]² loses ~1e-16·E[x²] absolutely: compare with that scale, not the entry's tolerance.
    loose = dataclasses.replace(BY_ID["syncbn_variance"], abs_tol=1e-12 * (s2 / n + 1))
    assert compare(norm.syncbn_variance, loose, [params]) == Pass(1)
    for formula_id in ("syncbn_mean", "parallel_variance_chan"):
        formula = dataclasses.replace(BY_ID[formula_id], abs_tol=1e-12 * (s2 / n + 1))
        assert compare(formula.reference, formula, [params]) == Pass(1)


def _matrix(rows, cols, bound):
    row = st.lists(st.floats(-bound, bound, allow_nan=False), min_size=cols, max_size=cols)
    return st.lists(row, min_size=rows, max_size=rows)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 8), st.integers(1, 3), st.sampled_from((1e-5, 0.1)), st.data())
def test_batchnorm_passes_hold_over_the_domain(n, c, eps, data):
    x, grad = data.draw(_matrix(n, c, 10)), data.draw(_matrix(n, c, 10))
    gamma = data.draw(_matrix(1, c, 2))[0]
    backward = dict(x=x, gamma=gamma, eps=eps, grad=grad)
    assert compare(norm.batchnorm_backward, BY_ID["batchnorm_backward"], [backward]) == Pass(1)
    forward = dict(x=x, gamma=gamma, beta=[0.5] * c, eps=eps, momentum=0.1, running_mean=[0.0] * c,
                   running_var=[1.0] * c)
    assert compare(norm.batchnorm_forward, BY_ID["batchnorm_forward"], [forward]) == Pass(1)


# ---- linking: the steps a note writes one line at a time ----------------------------------------------

from kb.check.link import check_note_formula  # noqa: E402

from tests.check_helpers import assert_right_verifies_and_wrong_differs  # noqa: E402


@pytest.mark.parametrize("right,wrong,context,entry", [
    (r"\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}", r"\hat{x}_i = \frac{x_i - \mu_B}{\sigma_B^2 + \epsilon}",
     "Batch normalization: normalise", "batchnorm_normalise"),
    # σ²_run with its scripts in the other order, ε outside the root at inference
    (r"\hat{x} = \frac{x - \mu_{run}}{\sqrt{\sigma^2_{run} + \epsilon}}",
     r"\hat{x} = \frac{x - \mu_{run}}{\sqrt{\sigma^2_{run}}} + \epsilon",
     "At inference BatchNorm uses the running mean and variance", "batchnorm_inference_normalise"),
])
def test_the_normalise_step_is_checked_on_its_own(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_scale_and_shift_is_read_in_the_normalised_input():
    decision = check_note_formula(r"y_i = \gamma \hat{x}_i + \beta", "Batch normalization: scale and shift")
    assert decision.status == "verified" and decision.formula.id == "batchnorm_forward", decision.detail


def test_a_layer_norm_normalise_step_is_not_judged_by_batch_norm():
    decision = check_note_formula(r"\hat{x}_i = \frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}}", "Layer normalization")
    assert decision.status != "note_differs", decision.detail


@pytest.mark.parametrize("right,wrong,context,entry", [
    (r"\mu_c = \frac{1}{NHW}\sum_{n,h,w} x_{nchw}", r"\mu_c = \frac{1}{NH}\sum_{n,h,w} x_{nchw}",
     "Batch norm: mean per channel", "batchnorm_channel_mean"),
    (r"\mu_n = \frac{1}{CHW}\sum_{c,h,w} x_{nchw}", r"\mu_n = \frac{1}{HW}\sum_{c,h,w} x_{nchw}",
     "Layer norm: mean per sample", "layer_norm_sample_mean"),
    (r"\mu_{nc} = \frac{1}{HW}\sum_{h,w} x_{n,c,h,w}", r"\mu_{nc} = \frac{1}{W}\sum_{h,w} x_{n,c,h,w}",
     "Instance norm: mean", "instance_norm_mean"),
    # the same layer-norm mean over the sample's D = C·H·W features
    (r"\mu_n = \frac{1}{D}\sum_{d=1}^{D} x_{n,d}", r"\mu_n = \frac{1}{D-1}\sum_{d=1}^{D} x_{n,d}",
     "Layer norm: mean per sample", "layer_norm_sample_mean"),
])
def test_means_over_tensor_axes_are_checked_per_layer(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("latex", [
    r"y = \gamma\frac{x-\mu}{\sqrt{\sigma^2+\epsilon}}+\beta",          # σ the standard deviation, ε under the root
    r"\hat{x}_{i} = \frac{x_{i} - \mu}{\sqrt{\sigma^{2}+\epsilon}}",
    r"\hat{x}_i = \frac{x_i - \mu_B}{\sigma_B}",                        # the idealised form without ε
])
def test_sigma_read_as_the_standard_deviation_is_never_called_wrong(latex):
    assert check_note_formula(latex, "Batch normalization").status != "note_differs"


def test_eps_under_the_root_beside_sigma_squared_shows_sigma_is_the_plain_std():
    # σ unsubscripted may be √(σ_B² + ε) (y = γ(x − μ)/σ + β); a note that adds ε to σ² under the root
    # cannot mean that σ, so the textbook x̂ = (x − μ)/√(σ² + ε) is verified, and ε outside the root stays wrong
    context = "Batch Normalization\nThe normalise step"
    right = check_note_formula(r"\hat{x}_i = \frac{x_i - \mu}{\sqrt{\sigma^{2} + \epsilon}}", context)
    assert right.status == "verified" and right.formula.id == "batchnorm_normalise", right.detail
    outside = check_note_formula(r"\hat{x}_i = \frac{x_i - \mu}{\sqrt{\sigma^{2}} + \epsilon}", context)
    assert outside.status == "note_differs", outside.detail
    # without ε in the formula nothing says which σ the note means: the σ that holds ε verifies it
    assert check_note_formula(r"\hat{x}_i = \frac{x_i - \mu}{\sigma}", context).status == "verified"
