"""Convolution and pooling output sizes against the shapes torch produces."""
import subprocess
import sys

from hypothesis import given, settings, strategies as st

from kb.formulas import conv
from kb.check.compare import Pass, compare

BY_ID = {f.id: f for f in conv.FORMULAS}


def test_notes_vocabulary_is_covered():
    assert "卷积大小" in BY_ID["conv_output_size"].keywords           # the zh note's heading
    assert "W_I" in BY_ID["conv_output_size"].aliases["W"]            # W_O = (W_I - F + 2P)/S + 1
    assert "k" in BY_ID["dilated_conv_output_size"].aliases["F"]     # d(k-1)+1


def test_kernel_form_runs_its_comparison_on_a_device():
    # There is no GPU here: the same code path on "cpu" proves the kernel form compares real shapes.
    outcome = BY_ID["dilated_conv_output_size"].kernel("cpu")
    assert outcome.ok and outcome.examples == 200


def test_kernel_form_rejects_a_wrong_formula():
    wrong = conv.kernel_check(lambda W, F, P, S: W - F + 1, conv._conv_examples, conv._conv_shape, n=50)
    assert not wrong("cpu").ok


def test_same_padding_keeps_the_size():
    # The notes: same padding is (filter_size - 1)/2 (odd filters, stride 1).
    for W in range(1, 30):
        for F in (1, 3, 5, 7):
            assert conv.conv_output_size(W=W, F=F, P=(F - 1) // 2, S=1) == W


def test_family_modules_do_not_import_torch():
    code = ("import sys, kb.formulas.conv, kb.formulas.counts, kb.formulas.norm, kb.formulas.boxes;"
            "sys.exit('torch' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@st.composite
def conv_params(draw, dilated=False):
    W, F, S = draw(st.integers(1, 64)), draw(st.integers(1, 11)), draw(st.integers(1, 8))
    d = draw(st.integers(1, 6)) if dilated else 1
    P = draw(st.integers(0, 8))
    span = d * (F - 1) + 1
    if W + 2 * P < span:
        P = (span - W + 1) // 2
    return dict(W=W, F=F, P=P, S=S, **({"d": d} if dilated else {}))


@settings(max_examples=60, deadline=None)
@given(conv_params())
def test_plain_formula_holds_over_the_domain(params):
    assert compare(conv.conv_output_size, BY_ID["conv_output_size"], [params]) == Pass(1)


@settings(max_examples=60, deadline=None)
@given(conv_params(dilated=True))
def test_dilated_formula_holds_over_the_domain(params):
    assert compare(conv.dilated_conv_output_size, BY_ID["dilated_conv_output_size"], [params]) == Pass(1)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.integers(1, 9), st.integers(0, 5), st.integers(1, 5), st.integers(1, 4), st.data())
def test_transposed_formula_holds_over_the_domain(W, F, P, S, d, data):
    params = dict(W=W, F=F, P=P, S=S, d=d, output_padding=data.draw(st.integers(0, max(S, d) - 1)))
    if conv.transposed_conv_output_size(**params) >= 1:
        assert compare(conv.transposed_conv_output_size, BY_ID["transposed_conv_output_size"], [params]) == Pass(1)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 64), st.integers(1, 9), st.integers(1, 8), st.sampled_from(("max", "avg")), st.data())
def test_pooling_formulas_hold_over_the_domain(W, F, S, kind, data):
    P = data.draw(st.integers(0, F // 2))
    params = dict(W=max(W, F), F=F, P=P, S=S, kind=kind)
    for formula_id in ("pool_output_size", "pool_output_size_ceil"):
        assert compare(BY_ID[formula_id].reference, BY_ID[formula_id], [params]) == Pass(1)
