"""σ is the sigmoid by convention, and kb checks σ(x) = … as an identity of the sigmoid. Where the words near a
formula give σ another meaning (the standard deviation, a Gaussian, a singular value), a disagreement is no
certain mistake: the note may state a true fact about that other σ."""
from __future__ import annotations

import pytest

from kb.check.link import check_note_formula
from kb.check.naming import letter_meaning


@pytest.mark.parametrize("latex, words", [
    (r"\sigma(2X) = 2\sigma(X)", "Standard deviation scales with the variable"),   # a scale law of the std
    (r"\sigma(-3X) = 3\sigma(X)", "Desviación estándar"),
    (r"\sigma(x) = e^{-x^2}", "Gaussian activation"),                              # the author's own function
    (r"\sigma(x) = e^{-x^2}", "高斯激活函数"),
    (r"\sigma(x) = e^{-x^2}", "The Gaussian, unlike the sigmoid, is not monotonic"),  # both named: still unsure
    (r"\sigma(x)=\frac{1}{1-e^{-x}}", "Стандартное отклонение"),
])
def test_a_sigma_the_words_give_another_meaning_is_never_claimed_wrong(latex, words):
    decision = check_note_formula(latex, words)
    assert decision.status == "not_checkable" and "σ also stands for" in decision.detail


@pytest.mark.parametrize("latex, words", [
    (r"\sigma(x)=\frac{1}{1-e^{-x}}", "Sigmoid"),
    (r"\sigma(x)=\frac{1}{1-e^{-x}}", "Activation functions"),
    (r"\sigma'(x)=\sigma(x)(1+\sigma(x))", "Sigmoid-Ableitung"),
])
def test_a_wrong_sigmoid_is_still_caught_where_nothing_gives_sigma_another_meaning(latex, words):
    assert check_note_formula(latex, words).status == "note_differs"


def test_a_right_sigmoid_derivative_still_verifies_beside_a_variance():
    assert check_note_formula(r"\sigma'(x)=\sigma(x)(1-\sigma(x))", "Sigmoid: its output variance").status == "verified"


@pytest.mark.parametrize("words, meaning", [
    ("标准差与方差", "standard deviation"), ("écart-type", "standard deviation"), ("Varianz", "variance"),
    ("正規分布", "Gaussian"), ("Gauß-Aktivierung", "Gaussian"), ("singular values of W", "singular value"), ("sigmoid", ""), ("stdout", ""),
])
def test_letter_meanings_are_read_in_many_languages_and_as_whole_abbreviations(words, meaning):
    assert letter_meaning("sigma", words) == meaning
