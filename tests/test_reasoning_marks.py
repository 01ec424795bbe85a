"""A reason or a consequence written after a statement in the same display is a statement of its own."""
import pytest

from kb.parse.dialects.math import statement_rows
from kb.parse.dialects.reasoning_marks import split_at_reasoning_marks

_CHAIN = r"\sigma'(z) = \frac{e^{-z}}{(1+e^{-z})^2} = \sigma(z)(1-\sigma(z))"


@pytest.mark.parametrize("mark", [r"\quad \because", r"\because", "∵", r"\qquad \text{since}", r", \text{ where }",
                                  r"\quad \text{因为} \quad", r"\quad \text{где}", r"\quad \text{так как}",
                                  r"\quad \therefore", "∴", r"\quad \text{ただし}"])
def test_a_mark_after_a_statement_cuts_the_display_there(mark):
    assert statement_rows(f"{_CHAIN} {mark} \\frac{{1}}{{e^z}} = e^{{-z}}") == [_CHAIN, r"\frac{1}{e^z} = e^{-z}"]


@pytest.mark.parametrize("mark", [r"\text{，其中 }", r"，\text{其中}", r"\quad \text{，因为} ", r"\text{、所以}"])
def test_a_full_width_comma_before_a_chinese_mark_is_the_comma_before_it(mark):
    # Chinese and Japanese writers type the comma before 其中 or 因为 full width, often inside the \text group
    assert statement_rows(f"{_CHAIN}{mark} \\sigma(z) = \\frac{{1}}{{1+e^{{-z}}}}") == [
        _CHAIN, r"\sigma(z) = \frac{1}{1+e^{-z}}"]


def test_the_mark_is_dropped_even_where_what_follows_states_no_relation():
    assert statement_rows(r"\tanh'(x) = 1-\tanh^2(x) \quad \text{since} \quad x \to 0") == [r"\tanh'(x) = 1-\tanh^2(x)"]


@pytest.mark.parametrize("latex", [
    r"f(x) = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}",    # conditions stay
    r"y = \frac{1}{N} \sum_{i} \left(\text{since } x_i \right)",   # inside a group
    r"L = \text{sample loss}",                            # a word that merely starts like a mark
    r"\operatorname{soft}(x) = \log(1 + e^x)",
])
def test_no_cut_without_a_mark_outside_groups(latex):
    assert split_at_reasoning_marks(latex) == [latex]


def test_a_row_that_opens_with_a_mark_is_the_statement_after_it():
    assert split_at_reasoning_marks(r"\therefore x = 2") == ["x = 2"]
