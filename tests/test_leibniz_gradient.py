"""Updates whose gradient is a Leibniz fraction (`θ_{t+1} = θ_t − η ∂L/∂θ_t`), read as ∇L at the point in the
denominator and checked against the optimiser entries. Formulas written for these tests."""
from __future__ import annotations

import pytest

from kb.check.leibniz_gradient import rewrite
from kb.check.link import check_note_formula


@pytest.mark.parametrize("latex,expected", [
    (r"\theta_{t+1} = \theta_t - \eta \frac{\partial L}{\partial \theta_t}", r"\theta_{t+1} = \theta_t - \eta \nabla L(\theta_t)"),
    (r"\omega := \omega - \alpha\frac{dJ(\omega, b)}{d\omega}", r"\omega := \omega - \alpha\nabla J(\omega)"),
    (r"h_{t} = h_{t-1} + \frac{\partial L}{\partial W} \odot \frac{\partial L}{\partial W}",
     r"h_{t} = h_{t-1} + \nabla L(W) \odot \nabla L(W)"),
    # a look-ahead point is kept for the translator to refuse (it names no iterate)
    (r"v_{t+1} = \rho v_t - \eta \frac{\partial L}{\partial(\theta_t + \rho v_t)}",
     r"v_{t+1} = \rho v_t - \eta \nabla L(\theta_t + \rho v_t)"),
])
def test_an_update_reads_its_leibniz_gradient_as_nabla(latex, expected):
    assert rewrite(latex) == expected


@pytest.mark.parametrize("latex", [
    r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial y}\frac{\partial y}{\partial w}",   # a chain rule
    r"\frac{\partial L}{\partial w} = (a - y)x",                                 # a derivative, no update
    r"y = \frac{\partial f}{\partial x}",                                        # f is no objective's letter
    r"w := w - \alpha \frac{\partial^2 L}{\partial w^2}",                        # a second derivative
    r"\theta_{t+1} = \theta_t - \eta g_t",                                       # no fraction at all
])
def test_what_is_no_update_with_a_leibniz_gradient_is_left_alone(latex):
    assert rewrite(latex) is None


@pytest.mark.parametrize("latex,heading,entry", [
    (r"\theta_{t+1} = \theta_t - \eta \frac{\partial L}{\partial \theta_t}", "SGD", "sgd_update"),
    (r"v_{t+1} = \rho v_t + \frac{\partial L}{\partial \theta_t}", "Momentum", "momentum_velocity"),
    # the accumulators' and scaled steps' views name the last gradient ∇L(θ_t) as well as g_t
    (r"s_t = \beta s_{t-1} + (1 - \beta) \frac{\partial L}{\partial \theta_t} \odot \frac{\partial L}{\partial \theta_t}",
     "RMSProp", "rmsprop_accumulator"),
    (r"\theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{s_t} + \epsilon} \frac{\partial L}{\partial \theta_t}", "RMSProp",
     "rmsprop_step"),
    (r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) \frac{\partial L}{\partial \theta_t}", "Adam", "adam_first_moment"),
])
def test_updates_with_a_leibniz_gradient_are_verified(latex, heading, entry):
    decision = check_note_formula(latex, heading, heading=heading, local=heading)
    assert decision.status == "verified" and decision.formula.id == entry, decision.detail
    assert decision.note_latex == latex


@pytest.mark.parametrize("latex,heading,entry", [
    (r"\theta_{t+1} = \theta_t + \eta \frac{\partial L}{\partial \theta_t}", "SGD", "sgd_update"),
    (r"\theta_{t+1} = \theta_t - \frac{\eta}{s_t + \epsilon} \frac{\partial L}{\partial \theta_t}", "RMSProp", "rmsprop_step"),
    (r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) + \frac{\partial L}{\partial \theta_t}", "Adam", "adam_first_moment"),
])
def test_wrong_updates_with_a_leibniz_gradient_differ(latex, heading, entry):
    decision = check_note_formula(latex, heading, heading=heading, local=heading)
    assert decision.status == "note_differs" and decision.formula.id == entry, decision.detail
    assert "read with the gradient written as ∇" in decision.detail


def test_a_gradient_at_a_look_ahead_point_stays_unchecked():
    decision = check_note_formula(r"v_{t+1} = \rho v_t - \eta \frac{\partial L}{\partial(\theta_t + \rho v_t)}",
                                  "Nesterov", heading="Nesterov", local="Nesterov")
    assert decision.status == "not_checkable" and "cannot name" in decision.detail
