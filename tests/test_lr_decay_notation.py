"""Learning-rate decay as course notes write it: α = α_0/(1 + decay_rate·epoch_num), 0.95^{epoch_num}·α_0."""
from __future__ import annotations

import pytest

from kb.check.link import check_note_formula


def _verdict(latex: str, heading: str) -> tuple[str, str | None]:
    decision = check_note_formula(latex, heading, heading=heading, local=heading)
    return decision.status, decision.formula.id if decision.formula else None


@pytest.mark.parametrize("latex", [
    r"\alpha = \frac{1}{1 + decay\_rate \cdot epoch\_num}\alpha_0",
    r"\alpha = \frac{\alpha_0}{1 + decay\_rate * epoch\_num}",
    r"\eta_t = \frac{\eta_0}{1 + k t}",
])
def test_inverse_time_decay_is_verified(latex):
    assert _verdict(latex, "Learning rate decay") == ("verified", "inverse_time_lr_decay")


def test_inverse_time_decay_with_a_sum_differs_where_it_is_named():
    latex = r"\alpha = \frac{\alpha_0}{1 + decay\_rate + epoch\_num}"
    assert _verdict(latex, "Inverse time decay") == ("note_differs", "inverse_time_lr_decay")
    assert _verdict(latex, "Learning rate decay")[0] == "not_checkable"   # the family's name names no one schedule


def test_the_epoch_number_is_the_step_of_an_exponential_decay():
    assert _verdict(r"\alpha = 0.95^{epoch\_num}\alpha_0", "Exponential decay") == ("verified", "exponential_lr_decay")
    assert _verdict(r"\alpha = 0.95^{epoch\_num + 1}\alpha_0", "Exponential decay") == (
        "note_differs", "exponential_lr_decay")


@pytest.mark.parametrize("latex", [r"\eta_t = 0.95^{t}\eta_0", r"\alpha = 0.95^{epoch}\alpha_0"])
def test_an_exponential_decay_under_a_generic_heading_is_no_wrong_cosine(latex):
    """"Learning rate decay" names every schedule: it identifies no one of them, so nothing is called wrong."""
    assert _verdict(latex, "Learning rate decay")[0] != "note_differs"


@pytest.mark.parametrize("latex", [r"\alpha = \frac{k}{\sqrt{epoch\_num}}\,\alpha_0", r"\eta_t = \frac{k \eta_0}{\sqrt{t}}"])
def test_square_root_decay_is_verified(latex):
    assert _verdict(latex, "Square root decay") == ("verified", "sqrt_lr_decay")


def test_square_root_decay_without_the_root_differs_where_it_is_named():
    assert _verdict(r"\alpha = \frac{k}{t}\,\alpha_0", "Square root decay") == ("note_differs", "sqrt_lr_decay")


def test_square_root_decay_matches_torch_from_step_one():
    from kb.formulas import schedules

    assert schedules.sqrt_decay(0.1, 2.0, 4) == pytest.approx(schedules._truth_sqrt_decay(0.1, 2.0, 4), rel=1e-9)
    assert schedules.sqrt_decay(0.1, 2.0, 4) == pytest.approx([0.2, 0.2 / 2 ** 0.5, 0.2 / 3 ** 0.5, 0.1])
