"""Finite sums written out with dots (`|x_1| + |x_2| + \\cdots + |x_n|`) read as the sums they abbreviate. Notes
written for these tests."""
from __future__ import annotations

import pytest

from kb.check.finite_sums import expand
from kb.check.link import check_note_formula


@pytest.mark.parametrize("written, read", [
    (r"|x_1| + |x_2| + \cdots + |x_n|", r"\sum_{i=1}^{n} \left(|x_{i}|\right)"),
    (r"\sqrt{x_1^2 + x_2^2 + \cdots + x_n^2}", r"\sqrt{\sum_{i=1}^{n} \left(x_{i}^{2}\right)}"),
    (r"a_1 + \dots + a_N", r"\sum_{i=1}^{N} \left(a_{i}\right)"),
    # a term of another shape before the run stays as it is
    (r"\theta_0 + \theta_1 x_1 + \theta_2 x_2 + \cdots + \theta_n x_n",
     r"\theta_0 + \sum_{i=1}^{n} \left(\theta_{i}x_{i}\right)"),
    (r"w_1 x_1 + w_2 x_2 + \ldots + w_n x_n + b", r"\sum_{i=1}^{n} \left(w_{i}x_{i}\right)+ b"),
])
def test_a_run_of_terms_with_dots_is_the_sum_it_abbreviates(written, read):
    assert expand(written) == read


@pytest.mark.parametrize("written", [
    r"1 + 2 + \cdots + n",              # the index is no subscript: a coefficient may mean anything
    r"x_1 + x_3 + \cdots + x_n",        # the step is not one
    r"x_2 + x_3 + \cdots + x_n",        # kb sums a data vector whole: a run from x_2 is no such sum
    r"n = 1, \dots, N",                 # a list, not a sum
])
def test_a_run_that_is_not_certain_is_left_as_written(written):
    assert expand(written) == written


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"\mathrm{MSE} = \frac{1}{n}\left((y_1 - \hat{y}_1)^2 + (y_2 - \hat{y}_2)^2 + \cdots + (y_n - \hat{y}_n)^2\right)",
     r"\mathrm{MSE} = \frac{1}{n}\left((y_1 - \hat{y}_1) + (y_2 - \hat{y}_2) + \cdots + (y_n - \hat{y}_n)\right)",
     "mean squared error", "mse"),
    (r"\mathrm{MAE} = \frac{1}{n}\left(|y_1 - \hat{y}_1| + |y_2 - \hat{y}_2| + \dots + |y_n - \hat{y}_n|\right)",
     r"\mathrm{MAE} = \frac{1}{n}\left(|y_1 - \hat{y}_1| + |y_2 - \hat{y}_2| + \dots + |y_n - \hat{y}_n|\right)^2",
     "mean absolute error", "mae"),
])
def test_a_loss_written_with_dots_is_checked_as_the_entry(right, wrong, context, entry):
    verified, differs = check_note_formula(right, context), check_note_formula(wrong, context)
    assert (verified.status, verified.to_check().formula_id) == ("verified", entry), verified.detail
    assert (differs.status, differs.to_check().formula_id) == ("note_differs", entry), differs.detail


@pytest.mark.parametrize("written, read", [
    # the series goes on: to infinity, the sequence from the first term's step
    (r"G_t = R_t + \gamma R_{t+1} + \gamma^2 R_{t+2} + \ldots", r"G_t = \sum_{i=0}^{\infty} \gamma^{i} R_{t+i}"),
    (r"G_t = R_{t+1} + \gamma R_{t+2} + \gamma^{2} R_{t+3} + \cdots,",
     r"G_t = \sum_{i=0}^{\infty} \gamma^{i} R_{t+i+1},"),
    # to the horizon T, the sequence's last step: the final term's exponent counts its steps from the first
    (r"G_t = r_t + \gamma r_{t+1} + \ldots + \gamma^{T-t} r_T", r"G_t = \sum_{i=0}^{\infty} \gamma^{i} r_{t+i}"),
    (r"G_t = r_{t+1} + \gamma r_{t+2} + \dots + \gamma^{T-t-1} r_T", r"G_t = \sum_{i=0}^{\infty} \gamma^{i} r_{t+i+1}"),
])
def test_a_discounted_run_of_rewards_with_dots_is_the_sum_it_abbreviates(written, read):
    """Returns are written out term by term, each discounted once more than the one before it: the terms fix the
    rate, the sequence and its first step; trailing dots go on forever, a final term stops at the horizon (the
    sequence's end: kb sums the data vector whole either way)."""
    assert expand(written) == read


@pytest.mark.parametrize("written", [
    r"R_t + \gamma R_{t+1} + \gamma R_{t+2} + \ldots",           # the rate is not raised once more
    r"R_t + \gamma R_{t+2} + \ldots",                             # a step skipped
    r"r_t + \gamma r_{t+1} + \ldots + \gamma^{T} r_T",            # the final exponent does not count its steps
    r"R_t + \gamma S_{t+1} + \ldots",                             # two sequences
    r"R_t + \ldots",                                              # one term fixes no rate
    # the run starts a step ahead beside an earlier step: summing the vector whole would count R_t twice
    r"R_t + \gamma \left( R_{t+1} + \gamma R_{t+2} + \ldots \right)",
    r"r_t + \gamma (r_{t+1} + \gamma r_{t+2} + \dots + \gamma^{T-t-1} r_T)",
])
def test_a_discounted_run_that_is_not_certain_is_left_as_written(written):
    assert expand(written) == written


def test_a_return_written_with_dots_is_checked_as_the_discounted_return():
    right = check_note_formula(r"G_t = R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3} + \cdots", "discounted return")
    wrong = check_note_formula(r"G_t = R_{t+1} + \gamma R_{t+2} + \gamma R_{t+3} + \cdots", "discounted return")
    assert (right.status, right.to_check().formula_id) == ("verified", "discounted_return"), right.detail
    assert wrong.status != "verified"
    # the discount factored out of all but the first reward: never claimed wrong by counting a reward twice
    factored = check_note_formula(r"G_t = R_t + \gamma ( R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3} + \ldots )", "return")
    assert factored.status != "note_differs", factored.detail
