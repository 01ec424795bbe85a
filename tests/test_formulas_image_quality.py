"""PSNR as vision notes write it: in MAX_I and the MSE, split into two logarithms, with 255 for 8-bit images, and
with the decimal logarithm written \\log without its base (decibels)."""
import pytest

from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context", [
    (r"\text{PSNR} = 10 \log_{10}\left(\frac{MAX_I^2}{MSE}\right)",
     r"\text{PSNR} = 10 \log_{10}\left(\frac{MAX_I}{MSE}\right)", "PSNR"),
    (r"\mathrm{PSNR} = 20 \log_{10}\left(\frac{MAX_I}{\sqrt{MSE}}\right)",
     r"\mathrm{PSNR} = 20 \log_{10}\left(\frac{MAX_I^2}{MSE}\right)", "峰值信噪比"),
    (r"PSNR = 20\log_{10}(\text{MAX}_I) - 10\log_{10}(\text{MSE})",
     r"PSNR = 10\log_{10}(\text{MSE}) - 20\log_{10}(\text{MAX}_I)", "Rapport signal sur bruit de crête"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context):
    assert_right_verifies_and_wrong_differs(right, wrong, context, "psnr")


def test_a_wrong_psnr_in_decimal_logs_shows_a_counterexample_in_decibels():
    """The entry is itself written in log₁₀: the counterexample compares decibels with decibels, not the note's
    formula read in natural logarithms."""
    decision = check_note_formula(r"\text{PSNR} = 20 \log_{10}\left(\frac{MAX_I^2}{MSE}\right)", "PSNR")
    assert decision.status == "note_differs" and "natural" not in decision.detail, decision.detail


def test_log_without_a_base_is_the_decimal_one_of_decibels():
    decision = check_note_formula(r"\text{PSNR} = 10 \log\left(\frac{MAX_I^2}{MSE}\right)", "PSNR")
    assert decision.status == "verified" and decision.formula.id == "psnr", decision.detail
    # \ln says natural logarithm outright: not the decibel form, but no sign of a mistake kb can be sure of either
    assert check_note_formula(r"\text{PSNR} = 10 \ln\left(\frac{MAX_I^2}{MSE}\right)", "PSNR").status == "not_checkable"


def test_eight_bit_psnr_is_the_case_max_255():
    decision = check_note_formula(r"\mathrm{PSNR} = 10 \log_{10}\frac{255^2}{\mathrm{MSE}}", "PSNR")
    assert decision.status == "verified" and decision.formula.id == "psnr", decision.detail
