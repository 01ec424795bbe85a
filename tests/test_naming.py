"""naming.py: which registry entry the words around a formula name."""
from __future__ import annotations

import pytest

from kb.check.link import check_note_formula
from kb.formulas import registry
from kb.check.naming import naming_phrase

_BY_ID = {f.id: f for f in registry()}


@pytest.mark.parametrize("context, named", [
    ("Swish itself is x σ(x) and its derivative is", True),
    ("Die Ableitung von ELU ist", False),                 # another function
    ("Swish is smooth.\nThe derivative is easy to compute.", False),   # the name and the word on other lines
    ("Swish is smooth and non-monotonic:", False),        # no derivative word
])
def test_a_derivative_is_named_by_its_word_and_its_functions_name_on_one_line(context, named):
    assert bool(naming_phrase(_BY_ID["swish_derivative"], context)) is named


def test_entries_that_are_no_derivative_of_a_function_are_not_named_apart():
    # "gradient descent" is a name, not the derivative of something called "descent"
    assert not naming_phrase(_BY_ID["sgd_step"], "The descent direction and its gradient")


def test_an_expression_after_its_derivative_is_checked_as_the_derivative():
    right = check_note_formula(r"\sigma(x) + x\,\sigma(x)(1 - \sigma(x))", "Swish itself is x σ(x) and its derivative is")
    assert right.status == "verified" and right.formula.id == "swish_derivative", right.detail
    wrong = check_note_formula(r"\sigma(x) + x\,\sigma(x)(1 + \sigma(x))", "Swish itself is x σ(x) and its derivative is")
    assert wrong.status == "note_differs" and wrong.formula.id == "swish_derivative", wrong.detail
    assert 'named "derivative … swish"' in wrong.detail


def test_a_name_inside_another_entrys_longer_name_does_not_name_its_entry():
    # "Leaky ReLU" holds "relu": the words name the leaky ReLU, so max(0.01z, z) is never a wrong ReLU
    assert not naming_phrase(_BY_ID["relu"], "Activations\nLeaky ReLU")
    assert naming_phrase(_BY_ID["relu"], "Activations\nReLU")
    leaky = check_note_formula(r"f(z) = \max(0.01 z, z)", "Activations\nLeaky ReLU")
    assert leaky.status != "note_differs" or leaky.formula.id != "relu", leaky.detail


@pytest.mark.parametrize("context, named", [
    ("Optimal action values", False),          # ACT is an abbreviation, not the stem of "action"
    ("Adaptive computation (ACT) halting", True),
    ("ACTs in a deep network", True),          # an abbreviation's plural
])
def test_an_abbreviation_names_its_entry_only_as_a_whole_word(context, named):
    assert bool(naming_phrase(_BY_ID["act_halting_units"], context)) is named


def test_an_abbreviation_runs_into_chinese_text():
    assert naming_phrase(_BY_ID["kl_divergence"], "KL散度的定义")   # Chinese puts no space after a word


def test_an_expression_under_words_that_also_name_a_kind_of_the_entry_is_not_called_wrong():
    # a cheat sheet lists ReLU, then Leaky ReLU with its slope written as a number: the expression is the kind
    context = "Activations\nReLU (rectified linear unit): first choice\nLeaky ReLU: a small slope for z < 0"
    decision = check_note_formula(r"g(z) = \max(0.01 z, z)", context)
    assert decision.status == "not_checkable" and "leaky relu" in decision.detail, decision.detail
    # with no kind named, the same expression under ReLU's words is a wrong ReLU
    plain = check_note_formula(r"g(z) = \max(0.01 z, z)", "Activations\nReLU (rectified linear unit): first choice")
    assert plain.status == "note_differs" and plain.formula is not None and plain.formula.id == "relu"
