"""One optimizer step as notes write it: each line links to its entry, a wrong line differs, and the
conventions that are each right in their own text (ε under the root, momentum's velocity) are never
called wrong."""
import pytest

from kb.check.link import check_note_formula
from kb.formulas import optimizer_steps as FAMILY
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t", r"m_t = \beta_1 m_{t-1} + g_t", "Adam", "adam_first_moment"),
    (r"v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2", r"v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t", "Adam",
     "adam_second_moment"),
    (r"\hat{m}_t = \frac{m_t}{1-\beta_1^t}", r"\hat{m}_t = \frac{m_t}{1-\beta_1}", "Adam",
     "adam_bias_corrected_first_moment"),
    (r"\theta_t = \theta_{t-1} - \frac{\eta \hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
     r"\theta_t = \theta_{t-1} - \frac{\eta \hat{m}_t}{\hat{v}_t + \epsilon}", "Adam", "adam_step"),
    (r"s_t = \beta s_{t-1} + (1-\beta) g_t^2", r"s_t = (1-\beta) s_{t-1} + \beta g_t^2", "RMSProp",
     "rmsprop_accumulator"),
    (r"x_{t+1} = x_t - \frac{\alpha}{\sqrt{s_t} + \epsilon} g_t", r"x_{t+1} = x_t - \frac{\alpha}{s_t + \epsilon} g_t",
     "RMSProp", "rmsprop_step"),
    (r"G_t = G_{t-1} + g_t^2", r"G_t = G_{t-1} + g_t", "AdaGrad", "adagrad_accumulator"),
    (r"w_t = w_{t-1} - \frac{\eta\, g_t}{\sqrt{G_t} + \epsilon}", r"w_t = w_{t-1} + \frac{\eta\, g_t}{\sqrt{G_t} + \epsilon}",
     "AdaGrad", "adagrad_step"),
])
def test_a_step_links_to_its_entry_and_a_wrong_step_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("latex, context", [
    (r"\theta_t = \theta_{t-1} - \eta\frac{\hat{m}_t}{\sqrt{\hat{v}_t + \epsilon}}", "Adam"),   # ε under the root
    (r"\theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{G_t + \epsilon}} g_t", "AdaGrad"),
])
def test_epsilon_under_or_beside_the_root_is_the_same_method(latex, context):
    assert check_note_formula(latex, context).status == "verified"


@pytest.mark.parametrize("latex", [
    r"v_t = \mu v_{t-1} - \eta g_t",            # CS231n: the learning rate inside the velocity, then x += v
    r"\theta_t = \theta_{t-1} + v_t",
    r"v_t = \beta v_{t-1} + (1-\beta) g_t",     # the velocity as an average
    r"\theta_t = \theta_{t-1} - v_t",
])
def test_momentum_lines_in_any_convention_are_never_called_wrong(latex):
    assert check_note_formula(latex, "SGD with momentum").status != "note_differs"


def test_bias_corrected_moment_is_the_normalised_average_of_the_gradients():
    grads = [[1.0], [3.0]]
    # m_2 = 0.5·(0.5·1) + 0.5·3 = 1.75, divided by 1 - 0.5² = 0.75; the average weighs 3 twice as much as 1
    assert FAMILY.adam_bias_corrected([0.0], grads, 0.5, 1) == pytest.approx([7 / 3])
    assert FAMILY._normalised_average(grads, 0.5, 1) == pytest.approx([7 / 3])


@pytest.mark.parametrize("right, wrong, context, entry", [
    # the gradient written ∇f(x_t) or ∇_w L is the last gradient
    (r"v_{t+1} = \rho v_t + \nabla f(x_t)", r"v_{t+1} = v_t + \rho \nabla f(x_t)", "SGD with momentum", "momentum_velocity"),
    (r"x_{t+1} = x_t - \alpha v_{t+1}", r"x_{t+1} = x_t - \alpha \rho v_{t+1}", "SGD with momentum", "momentum_step"),
    (r"\theta_{t+1} = \theta_t - \eta \nabla_\theta L(\theta_t)", r"\theta_{t+1} = \theta_t + \eta \nabla_\theta L(\theta_t)",
     "Stochastic gradient descent", "sgd_update"),
    (r"w = w - \eta \nabla_w L", r"w = w - \eta^2 \nabla_w L", "Gradient descent", "sgd_update"),
    (r"\theta_t = \theta_{t-1} - \eta\left(\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon} + \lambda \theta_{t-1}\right)",
     r"\theta_t = \theta_{t-1} - \eta\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon} - \lambda \theta_{t-1}", "AdamW", "adamw_step"),
])
def test_momentum_and_descent_steps_written_with_nabla_link_and_a_wrong_one_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("latex", [
    r"v_{t+1} = \rho v_t - \nabla f(x_t)",      # a downhill velocity, then x += αv
    r"x_{t+1} = x_t + \alpha v_{t+1}",
    r"v_{t+1} = \rho v_t + \nabla f(x_t + \rho v_t)",   # Nesterov's look-ahead: a point kb does not name
])
def test_other_momentum_conventions_with_nabla_are_never_called_wrong(latex):
    assert check_note_formula(latex, "SGD with momentum").status != "note_differs"


@pytest.mark.parametrize("latex, context", [
    (r"g_t = \nabla_\theta J(\theta_{t-1})", "Stochastic gradient descent"),   # defines g_t: one name alone
    (r"dW_0 = \nabla J(w)", "Momentum"),
    (r"\Delta \theta = \eta \cdot \hat m_t /(\epsilon + \sqrt{\hat v_t})", "Adam"),   # the step taken, not the weights
    (r"t = t + 1", "Exponential decay"),           # the step counter: none of the schedule's parameters
])
def test_lines_about_the_quantities_an_update_is_written_in_are_not_judged_as_the_update(latex, context):
    assert check_note_formula(latex, context).status != "note_differs"


@pytest.mark.parametrize("right, wrong, context, entry", [
    # the learning rate inside the velocity (Ruder's overview)
    (r"v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta_{t-1})", r"v_t = v_{t-1} + \eta \nabla_\theta J(\theta_{t-1})",
     "Momentum", "momentum_velocity_lr"),
    # Ng's exponentially weighted average and its bias correction
    (r"V_t = \beta V_{t-1} + (1-\beta)\theta_t", r"V_t = \beta V_{t-1} + \theta_t", "Exponentially weighted average",
     "exponentially_weighted_average"),
    (r"\hat{V}_t = \frac{V_t}{1-\beta^t}", r"\hat{V}_t = \frac{V_t}{1-\beta}", "指数加权平均的偏差修正", "ewa_bias_correction"),
])
def test_velocity_with_the_rate_inside_and_weighted_averages_link_and_a_wrong_one_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("latex, entry", [
    (r"m \leftarrow \beta m - \eta\nabla_\theta J(\theta)", "momentum_velocity_lr"),   # Géron's downhill vector
    (r"S_t = \alpha x_t + (1-\alpha) S_{t-1}", "exponentially_weighted_average"),      # α weighs the new value
])
def test_a_convention_the_notes_own_signs_show_is_verified(latex, entry):
    decision = check_note_formula(latex, "Momentum and its exponential moving average")
    assert decision.status == "verified" and decision.formula.id == entry, decision.detail


@pytest.mark.parametrize("latex", [
    r"m \leftarrow \beta m - \nabla_\theta J(\theta)",    # the velocity kept free of η, downhill
    r"\theta \leftarrow \theta - \eta m",                  # the step of a velocity kept free of η
    r"\theta_t = \theta_{t-1} - v_t",                     # right or wrong by the velocity line only
])
def test_a_velocity_or_step_without_eta_is_never_called_wrong(latex):
    assert check_note_formula(latex, "Momentum").status != "note_differs"


def test_nesterovs_step_links_and_a_wrong_one_differs():
    assert_right_verifies_and_wrong_differs(r"\theta_t = \theta_{t-1} - \eta (g_t + \mu v_t)",
                                            r"\theta_t = \theta_{t-1} - \eta \mu v_t", "Nesterov momentum",
                                            "nesterov_step")


@pytest.mark.parametrize("latex", [
    r"\theta_t = \theta_{t-1} - \eta v_t",                  # Sutskever's form: v_t holds the look-ahead gradient
    r"\theta_{t+1} = \theta_t - \eta (g_t + \mu v_t)",      # which velocity v_t is, these indices do not say
])
def test_nesterov_lines_a_convention_or_the_indices_leave_open_are_never_called_wrong(latex):
    assert check_note_formula(latex, "Nesterov momentum", heading="Nesterov momentum").status != "note_differs"


RUDER = r"v_{t+1} = \gamma v_t + \eta \nabla_\theta J(\theta_t)"          # the rate inside, uphill: θ − v
CS231N = r"v_{t+1} = \mu v_t - \eta \nabla J(\theta_t)"                     # the rate inside, downhill: θ + v
TORCH = r"v_{t+1} = \mu v_t + \nabla J(\theta_t)"                           # no rate: θ − ηv


@pytest.mark.parametrize("velocity, step", [
    (RUDER, r"\theta_{t+1} = \theta_t - v_{t+1}"),
    (CS231N, r"\theta_{t+1} = \theta_t + v_{t+1}"),
    (TORCH, r"\theta_{t+1} = \theta_t - \eta v_{t+1}"),
])
def test_a_step_is_verified_under_the_convention_of_its_own_velocity_line(velocity, step):
    decision = check_note_formula(step, "SGD with momentum", companions=(velocity,))
    assert decision.status == "verified" and decision.formula.id == "momentum_step", decision.detail


@pytest.mark.parametrize("velocity, step", [
    (CS231N, r"\theta_{t+1} = \theta_t - v_{t+1}"),      # a downhill velocity subtracted climbs the gradient
    (RUDER, r"\theta_{t+1} = \theta_t + v_{t+1}"),
    (RUDER, r"\theta_{t+1} = \theta_t - \eta v_{t+1}"),   # the rate applied twice
])
def test_a_step_wrong_under_its_own_velocity_line_differs(velocity, step):
    decision = check_note_formula(step, "SGD with momentum", companions=(velocity,))
    assert decision.status == "note_differs" and decision.formula.id == "momentum_step", decision.detail
    assert "under the convention the note's own formulas state" in decision.detail


def test_without_a_velocity_line_a_step_that_holds_only_for_a_unit_rate_is_not_verified():
    """θ − v is θ − ηv at η = 1, one of the entry's example rates: no case a note writes."""
    decision = check_note_formula(r"\theta_{t+1} = \theta_t - v_{t+1}", "SGD with momentum")
    assert decision.status == "not_checkable", decision.detail


@pytest.mark.parametrize("rows, expected", [
    ((RUDER,), FAMILY._RATE_INSIDE_UPHILL),
    ((CS231N,), FAMILY._RATE_INSIDE_DOWNHILL),
    ((TORCH,), ""),
    ((r"v = \mu v - \nabla f(x)",), FAMILY._DOWNHILL_STEP),
    ((r"V_{dW} = \beta V_{dW} + (1 - \beta) dW",), ""),
    ((r"m \leftarrow \beta m - \eta \nabla_\theta J(\theta)",), FAMILY._RATE_INSIDE_DOWNHILL),
    ((RUDER, CS231N), None),                                  # two conventions in one section: neither is fixed
    ((RUDER, r"v_t = v_{t-1} + \eta \nabla J(\theta)"), FAMILY._RATE_INSIDE_UPHILL),   # no decay: no velocity line
    ((r"\theta_{t+1} = \theta_t - v_{t+1}",), None),
])
def test_the_velocity_line_fixes_the_steps_convention(rows, expected):
    assert FAMILY.velocity_convention(rows) == expected
