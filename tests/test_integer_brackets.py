"""Square brackets around a quotient: Gauss's integer part [x], or brackets that only group."""
from __future__ import annotations

import pytest

from kb.check import integer_brackets
from kb.check.link import check_note_formula

CONV = "Convolution output size. The output width is"


@pytest.mark.parametrize("latex, grouped, floored, group_nothing", [
    (r"o = \left[\frac{i + 2p - k}{s}\right] + 1", r"o = \left(\frac{i + 2p - k}{s}\right) + 1",
     r"o = \left\lfloor \frac{i + 2p - k}{s}\right\rfloor  + 1", True),
    (r"o = \Bigg[\frac{i - k}{s}\Bigg] + 1", r"o = \Bigg(\frac{i - k}{s}\Bigg) + 1",
     r"o = \Bigg\lfloor \frac{i - k}{s}\Bigg\rfloor  + 1", True),
    (r"o = [(i - k)/s + 1]", "o = ((i - k)/s + 1)", r"o = \lfloor (i - k)/s + 1\rfloor ", False),
    (r"y = [\frac{a}{b}]^2", r"y = (\frac{a}{b})^2", r"y = \lfloor \frac{a}{b}\rfloor ^2", False),   # a power: grouping
])
def test_brackets_around_a_quotient_are_read_both_ways(latex, grouped, floored, group_nothing):
    assert integer_brackets.readings(latex) == (grouped, floored, group_nothing)


@pytest.mark.parametrize("latex", [
    r"E\left[\frac{x}{2}\right]",          # an expectation's argument
    r"x \in [0, 1/2]",                      # an interval
    r"\sqrt[3]{x/2}",                       # a root's index
    r"V_{t}[s/2]",                          # an index
    r"y = 2[a/b]",                          # after a number: a product either way, left to the reader
    r"L = \frac{1}{N}[(a + b) + c]",        # no quotient inside
])
def test_brackets_that_are_an_argument_an_index_or_an_interval_are_left_alone(latex):
    assert integer_brackets.readings(latex) is None


def test_brackets_around_a_lone_quotient_are_the_integer_part():
    """Grouping a lone fraction changes nothing: `[\\frac{W-F+2P}{S}]+1` writes the floor. Read as parentheses
    it was called wrong (no floor)."""
    decision = check_note_formula(r"o = \left[\frac{i + 2p - k}{s}\right] + 1", CONV)
    assert (decision.status, decision.formula.id) == ("verified", "conv_output_size")
    assert "integer part" in decision.detail


def test_a_formula_wrong_under_both_readings_is_caught():
    decision = check_note_formula(r"o = \left[\frac{i - 2p - k}{s}\right] + 1", CONV)
    assert (decision.status, decision.formula.id) == ("note_differs", "conv_output_size")


def test_brackets_right_only_as_the_integer_part_around_more_than_a_quotient_are_not_judged():
    """`[(i + 2p − k)/s + 1]` is the output size if the brackets floor, and lacks the floor if they group: which
    the note means is not certain."""
    decision = check_note_formula(r"o = \left[\frac{i + 2p - k}{s} + 1\right]", CONV)
    assert decision.status == "not_checkable"
    assert "integer part" in decision.detail


def test_brackets_that_only_group_a_quotient_are_not_floored_into_a_false_alarm():
    """The sigmoid in brackets: floored it would be 0, grouped it is the sigmoid."""
    decision = check_note_formula(r"\sigma(z) = \left[\frac{1}{1 + e^{-z}}\right]", "Sigmoid activation:")
    assert decision.status == "verified"
