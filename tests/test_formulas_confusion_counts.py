"""Confusion-matrix metrics as notes in every language write them: the counts under their names in the note's
language (VP/VN in Spanish, Portuguese and French, RP/RN in German), precision as the positive predictive value
(PPV, VPP), recall as sensitivity, and two metrics with entries of their own: the negative predictive value and
the error rate."""
import pytest

from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"VPN=\frac{VN}{VN+FN}", r"VPN=\frac{VN}{VN+FP}", "Valor predictivo negativo", "negative_predictive_value"),
    (r"NPV = \frac{TN}{TN+FN}", r"NPV = \frac{FN}{TN+FN}", "Negative predictive value", "negative_predictive_value"),
    (r"\text{Error}=\frac{FP+FN}{VP+VN+FP+FN}", r"\text{Error}=\frac{FP+FN}{VP+VN}", "Tasa de error", "error_rate"),
    (r"E = \frac{FP+FN}{RP+RN+FP+FN}", r"E = \frac{FP}{RP+RN+FP+FN}", "Fehlerrate", "error_rate"),
    (r"\text{Exactitud}=\frac{VP+VN}{VP+VN+FP+FN}", r"\text{Exactitud}=\frac{VP+VN}{FP+FN}", "Exactitud",
     "accuracy"),
    (r"\text{Sensibilité}=\frac{VP}{VP+FN}", r"\text{Sensibilité}=\frac{VP}{VP+FP}", "Rappel (sensibilité)",
     "recall"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("latex, context, entry", [
    (r"Accuracy=\frac{VN+VP}{VN+FN+FP+VP}", "Matriz de confusión", "accuracy"),
    (r"VPP=\frac{VP}{VP+FP}", "Valor predictivo positivo", "precision"),
    (r"F_1=\frac{2\cdot VPP\cdot \text{Sensibilidad}}{VPP+\text{Sensibilidad}}", "Puntuación F1", "f1_score"),
    (r"\frac{RP+RN}{RP+RN+FP+FN}", "Treffergenauigkeit:", "accuracy"),
])
def test_counts_and_names_in_the_notes_language_verify(latex, context, entry):
    decision = check_note_formula(latex, context)
    assert decision.status == "verified" and decision.formula.id == entry, decision.detail


@pytest.mark.parametrize("latex", [
    # the specificity's formula under an NPV name, with nothing near it naming the NPV: no claim
    r"VPN=\frac{VN}{VN+FP}",
    # (FP+FN)/(TP+TN) is no entry's formula and nothing names the error rate
    r"Error = \frac{FN+FP}{VN+VP}",
])
def test_a_wrong_metric_no_words_name_is_not_claimed(latex):
    decision = check_note_formula(latex, "Matriz de confusión")
    assert decision.status == "not_checkable", decision.detail
