"""Optimiser updates in the notation of Goodfellow, Bengio and Courville's Deep Learning (s and r for Adam's moments,
ρ₁ ρ₂ for their decays, ŝ r̂ for the corrections, ε the step size, δ the small constant, Δθ the update)."""
from __future__ import annotations

import pytest

from kb.check.book_notation import readings
from kb.check.link import check_note_formula

ADAM, RMSPROP, ADAGRAD, SGD = "Adam", "RMSProp", "AdaGrad", "Stochastic gradient descent"


def _verdict(latex: str, heading: str) -> tuple[str, str | None]:
    decision = check_note_formula(latex, heading, heading=heading, local=heading)
    return decision.status, decision.formula.id if decision.formula else None


@pytest.mark.parametrize("latex, heading, entry", [
    # the book's own lines (Algorithms 8.1, 8.4, 8.5, 8.7), bold or not
    (r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \epsilon \hat{\boldsymbol{g}}", SGD, "sgd_update"),
    (r"\boldsymbol{r} \leftarrow \boldsymbol{r} + \boldsymbol{g} \odot \boldsymbol{g}", ADAGRAD, "adagrad_accumulator"),
    (r"\Delta\boldsymbol{\theta} \leftarrow -\frac{\epsilon}{\delta + \sqrt{\boldsymbol{r}}} \odot \boldsymbol{g}", ADAGRAD,
     "adagrad_step"),
    (r"r \leftarrow \rho r + (1-\rho) g \odot g", RMSPROP, "rmsprop_accumulator"),
    (r"\Delta\theta = -\frac{\epsilon}{\sqrt{\delta + r}} \odot g", RMSPROP, "rmsprop_step"),
    (r"s \leftarrow \rho_1 s + (1-\rho_1) g", ADAM, "adam_first_moment"),
    (r"r \leftarrow \rho_2 r + (1-\rho_2) g \odot g", ADAM, "adam_second_moment"),
    (r"\hat{s} \leftarrow \frac{s}{1-\rho_1^t}", ADAM, "adam_bias_corrected_first_moment"),
    (r"\hat{\mathbf{r}} \leftarrow \frac{\mathbf{r}}{1-\rho_2^t}", ADAM, "adam_bias_corrected_second_moment"),
    (r"\Delta \theta = -\epsilon \frac{\hat{s}}{\sqrt{\hat{r}}+\delta}", ADAM, "adam_step"),
    # notes that add time indices, or keep η for the step and ε for the constant
    (r"s_t=\rho_1\cdot{s_{t-1}}+(1-\rho_1)\cdot{g_t}", ADAM, "adam_first_moment"),
    (r"r_t=\rho_2\cdot{r_{t-1}}+(1-\rho_2)\cdot{(g_t\odot{g_t})}", ADAM, "adam_second_moment"),
    (r"\hat{r}_t=\frac{r_t}{1-\rho_2^t}", ADAM, "adam_bias_corrected_second_moment"),
    (r"\theta_{t+1}=\theta_t-\eta\cdot\frac{\hat{s}_t}{\sqrt{\hat{r}_t+\epsilon}}", ADAM, "adam_step"),
    (r"\Delta\theta_t = -\epsilon \frac{\hat{s}_t}{\sqrt{\hat{r}_t} + \delta}", ADAM, "adam_step"),
    (r"\Delta\theta = -\epsilon \frac{\hat{s}}{\sqrt{\hat{r}}}", ADAM, "adam_step"),   # δ left out
])
def test_right_updates_in_the_books_notation_are_verified(latex, heading, entry):
    assert _verdict(latex, heading) == ("verified", entry)


@pytest.mark.parametrize("latex, heading, entry", [
    (r"s \leftarrow \rho_1 s + (1-\rho_1) g \odot g", ADAM, "adam_first_moment"),          # squares the first moment
    (r"r \leftarrow \rho_2 r + (1-\rho_2) g", ADAM, "adam_second_moment"),                  # not squared
    (r"\hat{s} \leftarrow \frac{s}{1-\rho_1}", ADAM, "adam_bias_corrected_first_moment"),  # no power t
    (r"\hat{s}_t = s_t (1-\rho_1^t)", ADAM, "adam_bias_corrected_first_moment"),            # multiplied
    (r"\Delta\theta = -\epsilon \frac{\hat{s}}{\hat{r}+\delta}", ADAM, "adam_step"),        # no root
    (r"\Delta\theta_t = \epsilon \frac{\hat{s}_t}{\sqrt{\hat{r}_t} + \delta}", ADAM, "adam_step"),   # no minus
    (r"r \leftarrow \rho r + (1-\rho) g", RMSPROP, "rmsprop_accumulator"),
    (r"\Delta\theta = -\frac{\epsilon}{\delta + r} \odot g", RMSPROP, "rmsprop_step"),
    (r"r \leftarrow r + g", ADAGRAD, "adagrad_accumulator"),
    (r"\theta \leftarrow \theta + \epsilon g", SGD, "sgd_update"),                         # ascent
])
def test_wrong_updates_in_the_books_notation_differ(latex, heading, entry):
    assert _verdict(latex, heading) == ("note_differs", entry)


@pytest.mark.parametrize("latex", [
    r"r \leftarrow \rho_1 r + (1-\rho_1) g \odot g",   # the second moment with the first moment's decay
    r"s \leftarrow \rho_2 s + (1-\rho_2) g",
    r"\hat{r} \leftarrow \frac{r}{1-\rho_1^t}",
])
def test_a_decay_of_the_other_moment_is_not_verified(latex):
    assert _verdict(latex, ADAM)[0] == "not_checkable"


def test_the_counterexample_uses_the_books_names():
    decision = check_note_formula(r"\Delta\theta = -\epsilon \frac{\hat{s}}{\hat{r}+\delta}", ADAM, heading=ADAM)
    assert r"\epsilon=" in decision.detail and r"\delta=" in decision.detail and r"\hat{s}=" in decision.detail


@pytest.mark.parametrize("latex", [
    r"s_t = \beta s_{t-1} + (1-\beta) g_t^2",            # s without a numbered decay: RMSProp's accumulator elsewhere
    r"s \leftarrow \rho s + (1-\rho) g",
    r"s_t = \rho_1 s_{t-1} + (1-\rho_1) g_{t-1}",        # indices that do not say which value is the previous one
    r"s_t = \rho_1 s_t + (1-\rho_1) g_t",
    r"\theta \leftarrow \theta + \Delta\theta",          # applies the update: nothing to check
    r"v \leftarrow \alpha v - \epsilon g",               # the book's momentum (α its decay): not read here
    r"s \leftarrow \rho_1 s + (1-\rho_1) g(z)",          # g a function
    r"\Delta\theta = -\eta \epsilon \frac{\hat{s}}{\sqrt{\hat{r}}+\delta}",   # three constants for two roles
])
def test_formulas_outside_the_notation_have_no_reading(latex):
    assert readings(latex) == []


def test_epsilon_is_the_step_size_only_where_the_book_makes_it_one():
    (sgd,) = readings(r"\theta \leftarrow \theta - \epsilon g")
    assert r"\alpha g_t" in sgd.latex
    adam = {r.formula_id: r.latex for r in readings(r"\theta_{t+1} = \theta_t - \eta \frac{\hat{s}_t}{\sqrt{\hat{r}_t}+\epsilon}")}
    assert r"\eta" in adam["adam_step"] and r"+\epsilon" in adam["adam_step"].replace(" ", "")
    (added,) = readings(r"\Delta\theta = -\frac{\hat{s}}{\sqrt{\hat{r}}+\epsilon}")
    assert r"\alpha" not in added.latex   # ε added to the root is the constant, whatever else is missing
