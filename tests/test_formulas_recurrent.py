"""One step of the LSTM and GRU cells against torch's LSTMCell/GRUCell, and notes' gate forms linked to them."""
import random

import pytest

from kb.check.link import check_note_formula
from kb.formulas import recurrent
from tests.check_helpers import assert_right_verifies_and_wrong_differs

BY_ID = {f.id: f for f in recurrent.FORMULAS}


@pytest.mark.parametrize("formula_id", sorted(BY_ID))
def test_kb_gate_equations_give_torchs_step(formula_id):
    formula = BY_ID[formula_id]
    for params in formula.examples(random.Random(1), 20):
        got, want = formula.reference(**params), formula.truth(**params)
        assert all(abs(a - b) < 1e-12 for a, b in zip(str_flat(got), str_flat(want)))


def str_flat(value):
    return [v for row in value for v in (row if isinstance(row, list) else [row])]


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t", r"c_t = i_t \odot c_{t-1} + f_t \odot \tilde{c}_t",
     "LSTM cell state update", "lstm_step"),
    (r"h_t = o_t \odot \tanh(c_t)", r"h_t = o_t \odot c_t", "LSTM output gate", "lstm_step"),
    (r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t", r"h_t = z_t \odot h_{t-1} + z_t \odot \tilde{h}_t",
     "GRU update gate", "gru_step"),
])
def test_gate_forms_verify_and_mistakes_differ(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_update_gate_on_the_candidate_is_the_other_convention_not_a_mistake():
    """(1 − z)h_{t−1} + z h̃ is right when z is defined as the share of the candidate (Chung et al.)."""
    decision = check_note_formula(r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t", "GRU update gate")
    assert decision.status == "verified" and decision.formula.id == "gru_step_candidate_gate", decision.detail


def test_odot_without_a_cell_named_is_not_called_wrong():
    decision = check_note_formula(r"c_t = f_t \odot c_{t-1}", "some product of vectors")
    assert decision.status != "note_differs", decision.detail


@pytest.mark.parametrize("latex, entry", [
    (r"4\left((d_{in} + d_h) d_h + d_h\right)", "lstm_param_count"),
    (r"3\left((d_{in} + d_h) d_h + d_h\right)", "gru_param_count"),     # Keras-style GRU: one bias per gate
    (r"3\left((d_{in} + d_h) d_h + 2 d_h\right)", "gru_param_count_two_biases"),
])
def test_parameter_counts_in_d_in_and_d_h(latex, entry):
    decision = check_note_formula(latex, "nombre de paramètres d'une couche récurrente")
    assert decision.status == "verified" and decision.formula.id == entry, decision.detail
