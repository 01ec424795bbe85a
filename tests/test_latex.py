"""latex.py: the LaTeX subset notes use, translated to sympy; anything else is a LatexError."""
from __future__ import annotations

import math

import pytest
import sympy

from kb.check.latex import LatexError, compile_numeric, evaluator, parse_formula, symbol_key, to_sympy, translate

S = sympy.Symbol


@pytest.fixture(scope="module")
def note_formula_blocks(notes_dir):
    from kb.build import collect
    from kb.check.link import note_formulas

    return list(note_formulas(collect(notes_dir)[0]))


@pytest.mark.parametrize("latex, expected", [
    (r"\lfloor\frac{W-F+2P}{S}\rfloor+1", sympy.floor((S("W") - S("F") + 2 * S("P")) / S("S")) + 1),
    (r"\frac{W+2P-(d(k-1)+1)}{S}+1", (S("W") + 2 * S("P") - (S("d") * (S("k") - 1) + 1)) / S("S") + 1),
    (r"D_K\times D_K\times M\times N", S("D_K") ** 2 * S("M") * S("N")),
    (r"D_{K} \cdot M", S("D_K") * S("M")),
    (r"\sqrt{x^2+1}", sympy.sqrt(S("x") ** 2 + 1)),
    (r"\frac12 x", S("x") / 2),
    (r"x^23", 3 * S("x") ** 2),
    (r"\cos\left(\frac{t}{T}\pi\right)", sympy.cos(sympy.pi * S("t") / S("T"))),
    (r"\exp(-x) + \log x", sympy.exp(-S("x")) + sympy.log(S("x"))),
    (r"\max(0, x)", sympy.Max(0, S("x"))),
    (r"\sum_{i=1}^{N} i", S("N") * (S("N") + 1) / 2),
    (r"e^{x}", sympy.exp(S("x"))),
    (r"\eta_{min} + \eta_{\max}", S("eta_min") + S("eta_max")),
    (r"\left\lceil \frac{n}{2} \right\rceil", sympy.ceiling(S("n") / 2)),
    (r"x \frac{\text{ReLU6}(x+3)}{6}", S("x") * sympy.Min(sympy.Max(S("x") + 3, 0), 6) / 6),
    (r"new\_label * 2", 2 * S("new_label")),
    # the limits in either order
    (r"\sum^{n}_{i=1} i", S("n") * (S("n") + 1) / 2),
    (r"\prod^{3}_{k=1} k", 6),
    # a capital Sigma or Pi carrying an index with its start is the big operator typed with the letter
    (r"\Sigma^{n}_{i=1} i", S("n") * (S("n") + 1) / 2),
    (r"\Sigma_{i=1}^{n} i", S("n") * (S("n") + 1) / 2),
    (r"\Pi_{k=1}^{3} k", 6),
    # max and min typed without the backslash are the same functions
    (r"max(0, 1 - x)", sympy.Max(0, 1 - S("x"))),
    (r"min(a, b)", sympy.Min(S("a"), S("b"))),
    # the floor as code names it, typed in LaTeX (plain, in \mathrm or \operatorname), and ⌊ ⌋ typed as themselves
    (r"floor(\frac{W-F+2P}{S})+1", sympy.floor((S("W") - S("F") + 2 * S("P")) / S("S")) + 1),
    (r"\mathrm{floor}\left(\frac{W-F}{S}\right)+1", sympy.floor((S("W") - S("F")) / S("S")) + 1),
    (r"\operatorname{ceil}(\frac{n}{2})", sympy.ceiling(S("n") / 2)),
    (r"⌊\frac{W-F}{S}⌋+1", sympy.floor((S("W") - S("F")) / S("S")) + 1),
    # functions typed without the backslash, where a parenthesis follows
    (r"\frac{sinh(x)}{cosh(x)}", sympy.sinh(S("x")) / sympy.cosh(S("x"))),
    (r"sqrt(x^2+1) + sin(x)", sympy.sqrt(S("x") ** 2 + 1) + sympy.sin(S("x"))),
    # a logarithm's base: \log_2 (bits), \log_{10}, log_2 typed without the backslash, \log_2x (one character)
    (r"-\sum_{k=1}^{2} \log_2 k", -sympy.log(2, 2)),
    (r"\log_2 x", sympy.log(S("x"), 2)),
    (r"\log_{10}(x)", sympy.log(S("x"), 10)),
    (r"log_2(p)", sympy.log(S("p"), 2)),
    (r"\log_2x", sympy.log(S("x"), 2)),
    # an en dash typed for a minus sign (autocorrect, Option-minus), and the Unicode minus
    (r"(\hat{y} – y)^2", (S("haty") - S("y")) ** 2),
    (r"\frac{1}{1 + e^{–x}}", 1 / (1 + sympy.exp(-S("x")))),
    (r"a − b", S("a") - S("b")),
])
def test_translation(latex, expected):
    assert sympy.simplify(to_sympy(latex).doit() - expected) == 0


def test_relation_split_and_symbols():
    parsed = parse_formula(r"O=\left\lfloor\frac{W-F+2P}{S}\right\rfloor+1")
    assert parsed.lhs_latex == "O" and parsed.relation == "="
    assert parsed.symbols == {"W", "F", "P", "S"}
    chained = parse_formula(r"a = b + c = 2b")
    assert chained.lhs_latex == "a" and chained.symbols == {"b"}
    assert parse_formula(r"\sum_{i=1}^{N} x = N").symbols == {"N"}


@pytest.mark.parametrize("latex", [
    r"Pr(f_{ij}) = \sum_{m=1}^M Pr(f_{ij}|p_{ij} = m)",   # a function of the note's own making
    r"L=\lim_{n\to\infty} a_n",                      # a limit: outside the subset
    r"L = \sum_{a, p, n} D",                           # a sum over a set, not a range
    r"y = \max_{a} Q",                                 # an optimisation
    r"\log_{n} x",                                     # a base kb does not know
    r"\lg x",                                          # log₁₀ by ISO 80000-2, log₂ in computer science
    r"\beta = 0.9 – 0.999",                           # an en dash between numbers writes a range
])
def test_outside_the_subset_raises(latex):
    with pytest.raises(LatexError):
        parse_formula(latex)


def test_evaluator_is_exact_on_integers_and_floors():
    f = evaluator(to_sympy(r"\lfloor\frac{W-F+2P}{S}\rfloor+1"), ["F", "P", "S", "W"])
    assert f(3, 1, 2, 8) == 4 and isinstance(f(3, 1, 2, 8), int)
    g = evaluator(to_sympy(r"\frac{W-F+2P}{S}+1"), ["F", "P", "S", "W"])
    assert g(3, 0, 2, 8) == 3.5


def test_symbol_key_matches_note_and_alias_spellings():
    assert symbol_key(r"\eta_{\min}") == symbol_key("eta_min") == symbol_key("η_min")
    assert symbol_key("D_{K}") == symbol_key("D_K")
    assert to_sympy(r"\eta_{\min}").name == symbol_key("η_min")


def test_every_note_formula_translates_or_says_why(note_formula_blocks):
    """The real notes: each equation either becomes sympy or raises LatexError (never anything else)."""
    translated = 0
    for _, _, _, block in note_formula_blocks:
        try:
            parse_formula(block.latex)
            translated += 1
        except LatexError as exc:
            assert str(exc)
    assert translated >= 5  # the conv sizes, the cost formulas, activations, mixup, ...
    texts = {b.latex for *_, b in note_formula_blocks}
    conv = next(t for t in texts if r"\lfloor" in t and "2P" in t)
    assert parse_formula(conv).symbols == {"W", "F", "P", "S"}


def _value(latex, env=None, exact=False):
    from kb.check.latex import compile_numeric

    return compile_numeric(to_sympy(latex), exact)(env or {})


def test_thousands_separators_and_exact_worked_numbers():
    assert to_sympy("1,228,800") == 1228800
    assert to_sympy(r"38\times 38\times 4\times (21+4)") == 144400
    assert _value(r"[0\;1]\times(1-0.2)+0.2\times \frac{1}{2}", exact=True).tolist() == \
        [[sympy.Rational(1, 10), sympy.Rational(9, 10)]]


def test_matrix_literal_times_row_is_the_outer_product():
    got = _value(r"\begin{bmatrix} 1 \\ 2 \\ 1 \end{bmatrix} \times [-1 \ 0 \ 1]", exact=True)
    assert got.tolist() == [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
    assert _value(r"[1\;2]^T \times [3\;4]", exact=True).tolist() == [[3, 4], [6, 8]]


def test_sums_over_data_and_expectations():
    x = [1.0, 2.0, 3.0, 6.0]
    assert to_sympy(r"\frac{\sum_i^Nx_i}{N}").free_symbols == {S("x")}   # N is the length of x
    assert _value(r"\frac{\sum_i^Nx_i}{N}", {"x": x}) == 3.0
    assert _value(r"\frac{\sum x}{N}", {"x": x, "N": 4}) == 3.0
    assert _value(r"E[x^2]-E[x]^2", {"x": x}) == 3.5
    assert _value(r"\sum_{i=1}^{m} s_{i} \log s_{i}", {"s": [1.0, 1.0]}) == 0.0
    softmax = _value(r"\frac{e^{s_k^t(x)/\tau}}{\sum_j e^{s_j^t(x)/\tau}}", {"s^t": [0.0, 0.0], "tau": 2.0})
    assert softmax.tolist() == [0.5, 0.5]


def test_a_parenthesised_superscript_index_is_a_sample_not_a_power():
    """Andrew Ng's notation: x^{(i)} is the i-th example. Under Σ_i it is the data vector, as x_i is."""
    ng = r"-\frac{1}{m}\sum_{i=1}^{m}\left[y^{(i)}\log a^{(i)} + (1-y^{(i)})\log(1-a^{(i)})\right]"
    subscripts = r"-\frac{1}{m}\sum_{i=1}^{m}\left[y_i\log a_i + (1-y_i)\log(1-a_i)\right]"
    assert to_sympy(ng) == to_sympy(subscripts)
    assert to_sympy(r"f^{(n)}(x)") != to_sympy(r"f_n(x)")       # the n-th derivative's notation is left alone


@pytest.mark.parametrize("ng, subscripts", [
    (r"\frac{1}{2m}\sum_{i=1}^{m}(h_\theta(x^i) - y^i)^2", r"\frac{1}{2m}\sum_{i=1}^{m}(h_\theta(x_i) - y_i)^2"),
    (r"\frac{1}{2m}\sum^{m}_{i=1}(\hat{y}^i - y^i)^2", r"\frac{1}{2m}\sum_{i=1}^{m}(\hat{y}_i - y_i)^2"),
    (r"\frac{1}{m}\Sigma _{i=1} ^{m} (\hat{y}^{i} - y^{i})^2", r"\frac{1}{m}\sum_{i=1}^{m}(\hat{y}_i - y_i)^2"),
    (r"\theta_j - \alpha\sum_{i=1}^{m}(h_\theta(x^i) - y^i)x_j^i", r"\theta_j - \alpha\sum_{i=1}^{m}(h_\theta(x_i) - y_i)x_{j}"),
])
def test_a_bare_superscript_index_on_several_symbols_of_a_sum_is_a_sample(ng, subscripts):
    """Ng's Coursera notes write the i-th example x^i, y^i: under Σ_i, when two or more symbols carry the summed
    letter as a superscript, it indexes samples (read as powers, Σ (ŷ^i - y^i)^2 had no value and stayed unchecked)."""
    data = {"haty": [0.2, 0.9, 0.4], "y": [0.0, 1.0, 1.0], "h_theta": [0.2, 0.9, 0.4], "x_j": [1.0, 2.0, 3.0],
            "theta_j": 0.5, "alpha": 0.1, "m": 3}
    assert _value(ng, data) == pytest.approx(_value(subscripts, data))


@pytest.mark.parametrize("latex, power", [
    (r"\sum_{k=0}^{\infty}\gamma^k r_{t+k+1}", "gamma"),   # the discount raised to the index
    (r"\sum_{i=0}^{n} a_i x^i", "x"),                       # a polynomial
])
def test_one_symbol_raised_to_the_summed_letter_is_a_power(latex, power):
    assert any(isinstance(p, sympy.Pow) and p.base == S(power) for p in to_sympy(latex).atoms(sympy.Pow))


@pytest.mark.parametrize("latex, expected", [
    (r"(1/2m) \sum_{i=1}^{m} x_i", sympy.Symbol("dsum")),
    (r"1/2m", 1 / (2 * S("m"))),
    (r"1/2\sigma^2", 1 / (2 * S("sigma") ** 2)),
    (r"x/2\pi", S("x") / (2 * sympy.pi)),
    (r"1/2 m", S("m") / 2),           # a space: half of m
    (r"(1/2)m", S("m") / 2),
])
def test_a_divisor_written_as_a_number_glued_to_its_symbol_is_one_product(latex, expected):
    """`(1/2m)` in Ng's notes is 1/(2m): juxtaposition binds tighter than the slash (read as m/2, a correct
    half-MSE written `(1/2m) Σ (ŷ^i - y^i)^2` was called a wrong MSE)."""
    value = to_sympy(latex)
    if expected == sympy.Symbol("dsum"):
        assert value == to_sympy(r"\frac{1}{2m}\sum_{i=1}^{m} x_i")
    else:
        assert value == expected


def test_the_sigmoid_applied_with_sized_parentheses_is_the_sigmoid():
    """`\\sigma\\left(x\\right)` (what code formulas print, and what editors type) applies σ as `\\sigma(x)` does; read
    as the letter σ times x, a correct `(1 - σ(x)) σ(x)` matched no entry."""
    assert to_sympy(r"\left(1 - \sigma\left(x\right)\right)\sigma\left(x\right)") == to_sympy(r"(1 - \sigma(x))\sigma(x)")
    assert to_sympy(r"\sigma\big(x\big)") == to_sympy(r"\sigma(x)")


def test_an_array_in_a_brace_closed_by_nothing_is_a_cases_written_by_hand():
    """`\\left\\{ \\begin{array}{ll} x & \\text{if $x>0$} \\\\ 0 & \\text{otherwise} \\end{array} \\right.`: editors without
    amsmath write cases so, and put the condition's math inside the text; read as cases, with or without the
    final dot left to `\\right`."""
    cases = to_sympy(r"\begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}")
    by_hand = r"\left\{ \begin{array}{ll} x & \text{if $x > 0$} \\ 0 & \text{otherwise} \end{array} \right."
    assert to_sympy(by_hand) == cases
    assert parse_formula(f"f(x) = {by_hand}").rhs == cases


def test_a_distribution_at_the_summed_outcome_is_its_element():
    """`-Σ_j p(x_j) log q(x_j)`: the probability of outcome x_j under Σ_j is element j of p, as p_j is; the MDP's
    tables read at states and actions (π(a|s), V(s_j) under Σ_{s_j}) stay tables."""
    assert to_sympy(r"-\sum_{j=1}^{n} p(x_j) \log q(x_j)") == to_sympy(r"-\sum_{j=1}^{n} p_j \log q_j")
    assert "apply" in str(to_sympy(r"\sum_{a} \pi(a|s) Q(s,a)"))
    assert "apply" in str(to_sympy(r"\sum_{s_j} V(s_j)"))


def test_the_count_of_a_mean_over_samples_is_one_for_a_single_number():
    """1/m beside Σ_i^m is the number of samples: a mean checked on one example divides by 1. Read as |a|, the
    mean of a correct binary cross-entropy on a = 0.064 was 1.03 and the note was called wrong."""
    mean = r"-\frac{1}{m}\sum_{i=1}^{m}\left[y_i\log a_i + (1-y_i)\log(1-a_i)\right]"
    assert _value(mean, {"a": 0.064, "y": 0.0}) == pytest.approx(-math.log(1 - 0.064))
    assert _value(mean, {"a": [0.064, 0.5], "y": [0.0, 1.0]}) == pytest.approx(-(math.log(0.936) + math.log(0.5)) / 2)


def test_elementwise_functions_sets_and_sizes():
    assert _value(r"x \cdot \sigma(x)", {"x": [0.0]}).tolist() == [0.0]
    assert _value(r"\frac{|X\cap Y|}{|X\cup Y|}", {"X": [1, 2, 3], "Y": [2, 3, 4, 5]}) == 0.4
    assert _value(r"\frac{1}{|labels|}", {"labels": [0.0, 1.0, 0.0]}) == 1 / 3
    assert _value(r"|a - b|", {"a": 1.0, "b": 3.0}) == 2.0
    assert to_sympy(r"y\cdots (1-p)") == S("y") * (1 - S("p"))


def test_sum_over_a_set_or_condition_says_so():
    with pytest.raises(LatexError, match="over a set or under a condition"):
        to_sympy(r"\sum_{x \in C_k} x")


def test_a_sum_over_all_but_one_element_is_the_sum_less_that_element():
    import sympy

    from kb.check.latex import DSUM

    assert to_sympy(r"\sum_{i \neq j} x_i") == DSUM(sympy.Symbol("x")) - sympy.Symbol("x_j")


def test_a_function_given_the_wrong_number_of_arguments_is_outside_the_subset():
    with pytest.raises(LatexError, match="2 arguments"):
        to_sympy(r"\sin(a, b)")   # cos(a, b) of two vectors is their cosine similarity


def test_an_expression_without_a_relation_is_a_right_side_with_no_left_side():
    parsed = parse_formula(r"\frac{W-F+2P}{S}+1")
    assert parsed.lhs_latex == "" and parsed.lhs is None and parsed.symbols == {"W", "F", "P", "S"}


def test_evaluating_outside_the_domain_gives_nan_without_numpy_warnings():
    import warnings

    import numpy as np

    from kb.check.latex import compile_numeric

    evaluate = compile_numeric(to_sympy(r"\log(x) \cdot y"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would reach the user's terminal during a build
        value = evaluate({"x": np.array([0.0, 1.0]), "y": np.array([0.0, 2.0])})
    assert np.isnan(value[0]) and value[1] == 0.0


def test_sigma_beside_mu_as_operators_is_a_standard_deviation_not_the_sigmoid():
    r"""Notes that write statistics as operators (μ(x), σ(x)) mean σ(x) = std of x; read as the sigmoid, a
    correct batch-norm formula looked wrong (a false 'note differs' on a public note)."""
    with pytest.raises(LatexError, match="standard deviation"):
        translate(r"\gamma \left(\frac{x-\mu (x)}{\sigma (x)}\right)+\beta")
    sigmoid_derivative, _ = translate(r"\sigma(x)(1-\sigma(x))")
    assert sigmoid_derivative.has(sympy.exp)


def test_a_batch_norm_in_statistic_operator_notation_is_not_called_wrong():
    from kb.check.link import check_note_formula
    decision = check_note_formula(r"BN(x) = \gamma (\frac{x-\mu (x)}{\sigma (x)})+\beta",
                                  "Batch normalization normalises each channel:")
    assert decision.status == "not_checkable"
    assert "standard deviation" in decision.detail


def test_a_superscript_before_a_subscript_powers_the_subscripted_name():
    # \sigma^2_{run} and \sigma_{run}^2 typeset the same: the square of σ_run
    assert to_sympy(r"\sigma^2_{run}") == to_sympy(r"\sigma_{run}^2") == sympy.Symbol("sigma_run") ** 2


@pytest.mark.parametrize("latex,axes,lengths", [
    (r"\frac{1}{NHW}\sum_{n,h,w} x_{nchw}", (0, 2, 3), ("N", "H", "W")),
    (r"\frac{1}{HW}\sum_{h,w} x_{n,c,h,w}", (2, 3), ("H", "W")),
    (r"\frac{1}{D}\sum_{d=1}^{D} x_{n,d}", (1,), ("D",)),
])
def test_a_sum_over_index_letters_reduces_those_axes_of_the_tensor(latex, axes, lengths):
    import numpy as np

    from kb.check.latex import compile_numeric

    x = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5) ** 1.5
    if len(lengths) == 1:
        x = x.reshape(2, -1)
    got = compile_numeric(parse_formula(latex).rhs)({"x": x})
    assert np.allclose(got, x.mean(axis=axes))   # each capital is its index's axis length: a mean


def test_a_partial_range_over_an_axis_is_not_read_as_the_whole_axis():
    assert "tsum" not in str(to_sympy(r"\sum_{d=2}^{D} x_{n,d}"))


@pytest.mark.parametrize("latex,name", [
    (r"\nabla f(x_t)", "nabla_t"), (r"\nabla_\theta L(\theta_{t-1})", "nabla_t-1"), (r"\nabla_w L", "nabla"),
    (r"\nabla \ell(w_t)", "nabla_t"),
])
def test_a_gradient_is_named_by_the_iterate_it_is_taken_at(latex, name):
    assert to_sympy(latex) == sympy.Symbol(name)


def test_a_gradient_at_a_look_ahead_point_is_outside_the_subset():
    with pytest.raises(LatexError):
        to_sympy(r"\nabla f(x_t + \rho v_t)")


def test_a_chain_splits_at_relations_written_as_commands():
    from kb.check.latex_text import split_chain

    assert split_chain(r"\mathrm{IoU} = 1/7 \approx 0.143") == ([r"\mathrm{IoU}", "1/7", "0.143"], ["=", r"\approx"])
    assert split_chain(r"0 < \sigma'(x) \leq 0.25") == (["0", r"\sigma'(x)", "0.25"], ["<", r"\le"])


@pytest.mark.parametrize("latex,expected", [
    (r"\frac{c}{\lVert g \rVert}\, g", [1.2, 1.6]),        # g = (3, 4), c = 2
    (r"\|g\|_2^2", 25.0),
    (r"\frac{g}{\Vert g \Vert_1}", [3 / 7, 4 / 7]),
    (r"c\left\| g \right\|", 10.0),
])
def test_a_norm_is_the_vector_norm_of_what_it_encloses(latex, expected):
    import numpy as np

    from kb.check.latex import compile_numeric

    got = compile_numeric(to_sympy(latex))({"g": np.array([3.0, 4.0]), "c": 2.0})
    assert np.allclose(got, expected)


@pytest.mark.parametrize("latex, expected", [
    (r"-(ylog{\hat y} + (1-y)log(1-\hat y))", r"-(y \log{\hat y} + (1-y) \log(1-\hat y))"),
    (r"-\sum_i y_ilogp_i", r"-\sum_i y_i \log p_i"),
    (r"lnx + exp(x)", r"\ln x + \exp(x)"),
])
def test_log_ln_and_exp_typed_without_a_backslash_are_the_functions(latex, expected):
    # glued to one-letter variables (ylog, lna): a quick Markdown note's spelling of \log, \ln, \exp
    assert to_sympy(latex) == to_sympy(expected)


@pytest.mark.parametrize("latex", [r"\text{explain} + x", r"W_{logits}", r"\mathrm{logits} + x"])
def test_longer_words_holding_log_or_exp_stay_names(latex):
    assert not to_sympy(latex).atoms(sympy.log, sympy.exp)

# ---- matrix notation in attention formulas -------------------------------------------------------------

def test_a_transpose_after_juxtaposed_capitals_transposes_the_last_one():
    from kb.check.latex import TRANSPOSE

    expr = to_sympy(r"QK^\top")
    assert TRANSPOSE(sympy.Symbol("K", commutative=False)) in expr.args
    assert not any(isinstance(a, sympy.Function) and a.args and a.args[0].is_Mul for a in expr.atoms(TRANSPOSE))


def test_caret_t_after_a_capital_is_a_transpose_unless_t_is_used_elsewhere():
    assert "T" not in {s.name for s in to_sympy(r"\frac{QK^T}{\sqrt{d_k}}").free_symbols}
    assert "T" not in {s.name for s in to_sympy(r"(X^T X)^{-1} X^T y").free_symbols}
    assert "T" in {s.name for s in to_sympy(r"\gamma^T R").free_symbols}         # a horizon T
    assert "T" in {s.name for s in to_sympy(r"X^T / T").free_symbols}            # T is also a number here


def test_a_named_function_opened_with_left_is_a_call():
    names = {s.name for s in to_sympy(r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V").free_symbols}
    assert names == {"Q", "K", "V", "d_k"}   # softmax is applied, not a name multiplied by a bracket


def test_softmax_of_a_matrix_normalises_each_row():
    import numpy as np

    from kb.check.latex import compile_numeric

    scores = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0]])
    got = compile_numeric(to_sympy(r"\mathrm{softmax}(S)"))({"S": scores})
    assert np.allclose(np.sum(got, axis=1), 1.0)
    assert np.allclose(got[0], np.exp(scores[0]) / np.exp(scores[0]).sum())


def test_the_identity_added_to_a_one_entry_vector_is_defined_and_to_a_longer_one_is_not():
    import numpy as np

    from kb.check.latex import compile_numeric

    f = compile_numeric(to_sympy(r"(X^\top X)^{-1} X^\top y + \lambda I"))
    one = f({"X": np.array([[2.0], [1.0]]), "y": np.array([1.0, 3.0]), "lambda": 0.5})
    assert np.allclose(one, [1.0 + 0.5])   # (XᵀX)⁻¹Xᵀy = 5/5, plus λ
    with pytest.raises(LatexError):
        f({"X": np.array([[2.0, 0.0], [1.0, 1.0], [0.0, 1.0]]), "y": np.array([1.0, 3.0, 2.0]), "lambda": 0.5})


@pytest.mark.parametrize("latex, name", [(r"\Sigma_{xy}", "Sigma_xy"), (r"\Sigma^{-1}", "Sigma"), (r"\Pi_i", "Pi_i"),
                                         (r"\Sigma^T_k", "Sigma_k"), (r"\Sigma_k^{-1}", "Sigma_k"),
                                         (r"\Sigma^N_i", "Sigma_i")])
def test_a_capital_sigma_or_pi_without_an_index_start_stays_a_symbol(latex, name):
    # a covariance \Sigma or a policy \Pi_i names no `i=1` start: it is a quantity, not a sum
    assert S(name) in to_sympy(latex).free_symbols


def test_the_count_beside_an_unindexed_sum_is_its_number_of_terms():
    # Σ (y − ŷ)² with no index sums over the data: the lone count letter n is how many terms it has
    parsed = parse_formula(r"\mathrm{MSE} = \frac{1}{n}\sum (y - \hat y)^2")
    assert parsed.symbols == {"haty", "y"}
    value = compile_numeric(parsed.rhs)({"y": [1.0, 2.0, 4.0], "haty": [1.0, 1.0, 1.0]})
    assert value == pytest.approx((0 + 1 + 9) / 3)
    # two sums: which one n counts is not certain, so n stays a symbol
    assert "m" in parse_formula(r"J = \frac{1}{m}\sum (y - \hat y)^2 + \frac{\lambda}{2m}\sum w^2").symbols


@pytest.mark.parametrize("written, plain", [
    (r"\sum_{a \in \mathcal{A}} \pi(a|s) Q(s,a)", r"\sum_{a} \pi(a|s) Q(s,a)"),
    (r"\max_{a' \in A} Q(s',a')", r"\max_{a'} Q(s',a')"),
    (r"\sum_{s' \in S} P(s'|s,a) V(s')", r"\sum_{s'} P(s'|s,a) V(s')"),
])
def test_a_sum_over_the_whole_set_a_capital_names_is_the_sum_over_its_index(written, plain):
    assert to_sympy(written) == to_sympy(plain)


def test_a_sum_over_a_set_that_depends_on_something_is_refused():
    with pytest.raises(LatexError, match="set"):
        to_sympy(r"\sum_{u \in N(v)} W h_u")


@pytest.mark.parametrize("typed, command", [
    (r"\sum_{j≠y} \max(0, s_j − s_y + 1)", r"\sum_{j\neq y} \max(0, s_j - s_y + 1)"),
    (r"a · b × c", r"a \cdot b \times c"),
])
def test_unicode_operators_inside_math_read_as_their_commands(typed, command):
    assert to_sympy(typed) == to_sympy(command)


@pytest.mark.parametrize("unindexed, indexed", [
    (r"\frac{e^{x_i}}{\sum e^{x_j}}", r"\frac{e^{x_i}}{\sum_j e^{x_j}}"),
    (r"\frac{e^{z_i/T}}{\sum e^{z_k/T}}", r"\frac{e^{z_i/T}}{\sum_k e^{z_k/T}}"),
])
def test_an_unindexed_sum_runs_over_the_one_letter_its_body_is_subscripted_with(unindexed, indexed):
    assert to_sympy(unindexed) == to_sympy(indexed)


def test_an_unindexed_sum_over_names_with_different_subscripts_names_no_index():
    # Σ x_j y_k: which letter the sum runs over is not written, so the names stay as they are
    assert {s.name for s in to_sympy(r"\sum x_j y_k").free_symbols} == {"x_j", "y_k"}


def test_var_of_the_data_is_the_mean_squared_deviation_as_e_is_the_mean():
    # Var[x] beside E[x]: both over the same data (a batch), Var[x] = E[(x − E[x])²]
    x = [1.0, 2.0, 6.0]
    assert compile_numeric(to_sympy(r"\mathrm{Var}[x]"))({"x": x}) == pytest.approx(14 / 3)
    assert compile_numeric(to_sympy(r"E[x^2] - E[x]^2"))({"x": x}) == pytest.approx(14 / 3)


def test_a_superscript_without_braces_is_one_letter_and_a_vector_arrow_is_no_other_symbol():
    """LaTeX gives an unbraced superscript one character (X^TX is X^T X, a transpose beside X); \\vec{x}, like
    \\mathbf{x}, draws the same vector x (\\hat{y} stays another symbol: the estimate of y)."""
    assert to_sympy(r"(X^TX)^{-1} X^Ty") == to_sympy(r"(X^{T} X)^{-1} X^{T} y")
    assert to_sympy(r"\vec{\theta} + \vec x") == to_sympy(r"\mathbf{\theta} + x") == to_sympy(r"\theta + x")
    assert symbol_key(r"\vec{w}") == symbol_key(r"\mathbf{w}") == "w"
    assert to_sympy(r"\hat{y} - y") != 0


def test_the_normal_equation_with_vector_arrows_links_and_a_missing_inverse_is_caught():
    from kb.check.link import check_note_formula

    right = check_note_formula(r"\vec{\theta} = (X^TX)^{-1} X^T \vec{y}", "Normal equation")
    wrong = check_note_formula(r"\vec{\theta} = X^T\vec{y}", "Normal equation")
    assert (right.status, right.formula.id) == ("verified", "normal_equation"), right.detail
    assert (wrong.status, wrong.formula.id) == ("note_differs", "normal_equation"), wrong.detail


@pytest.mark.parametrize("latex, same_as", [
    (r"{1 \over 1+e^{-x}}", r"\frac{1}{1+e^{-x}}"),                          # plain TeX's fraction
    (r"\sigma(x) = {1 \over 1+e^{-x}}", r"\sigma(x) = \frac{1}{1+e^{-x}}"),
    (r"\frac{a}{2} + {b \over c + 1} d", r"\frac{a}{2} + \frac{b}{c + 1} d"),
    (r"L = \underbrace{\frac{1}{n}\sum_i (y_i-\hat y_i)^2}_{\text{data term}} + \overbrace{\lambda w^2}^{\text{penalty}}",
     r"L = \frac{1}{n}\sum_i (y_i-\hat y_i)^2 + \lambda w^2"),         # a brace's label is a remark
    (r"y = \textbf{W}x + \mathfrak{b}", r"y = W x + b"),                     # typefaces only
    (r"f'(u) = f(u)\left\lbrace 1 - f(u) \right\rbrace", r"f'(u) = f(u)\{1 - f(u)\}"),   # TeX's names of the braces
    (r"y = a\lbrace b + c \rbrace", r"y = a(b + c)"),
    (r"H = -\sum_i p_i \mathop{log} q_i", r"H = -\sum_i p_i \log q_i"),   # a function's name set as an operator
    (r"y = \mathop{\tanh}(x) + \mathop{exp} 2", r"y = \tanh(x) + \exp 2"),
])
def test_plain_tex_fractions_brace_labels_and_typefaces_read_as_what_they_typeset(latex, same_as):
    assert parse_formula(latex).rhs == parse_formula(same_as).rhs


def test_an_unbraced_sum_index_is_one_character_as_tex_reads_it():
    # `\sum_iL_i\log(S_i)` (a README's codecogs formula): TeX takes one character after `_`, so the sum is over i
    assert to_sympy(r"-\sum_iL_i\log(S_i)") == to_sympy(r"-\sum_{i} L_i \log(S_i)")


def test_letters_of_an_equation_editor_and_its_relations_read_as_latex_letters():
    """Word's and OneNote's equation editors write letters as mathematical italic characters (𝑝_ℎ = 𝑘_ℎ − 1, with
    ℎ the italic h) and amssymb's ≧ as \\geqq: the same letters and relations."""
    parsed = parse_formula("𝑝_ℎ=𝑘_ℎ−1")
    assert (parsed.lhs_latex.strip(), str(parsed.rhs)) == ("𝑝_ℎ", "k_h - 1")
    assert str(parse_formula(r"\sigma(𝑥) = \frac{1}{1+e^{-𝜃 𝑥}}").rhs) == str(parse_formula(r"\sigma(x) = \frac{1}{1+e^{-\theta x}}").rhs)
    assert str(parse_formula(r"f(x) = \begin{cases} x & x \geqq 0 \\ 0 & x \leqq 0 \end{cases}").rhs) == \
        str(parse_formula(r"f(x) = \begin{cases} x & x \geq 0 \\ 0 & x \leq 0 \end{cases}").rhs)
    assert parse_formula(r"a \geqq b").relation == parse_formula(r"a \geq b").relation


@pytest.mark.parametrize("latex", [r"X^{\mathsf T} X", r"X^{\rm T} X", r"X^{\text{T}} X", r"X^{\mathsf{T}} X"])
def test_an_upright_t_in_a_font_switch_is_the_transpose(latex):
    """ISO 80000-2 sets the transpose's T upright: \\mathsf T, \\rm T and \\text{T} are X^⊤, not a power of T."""
    assert to_sympy(latex) == to_sympy(r"X^{\top} X")


# ---- letters side by side ----------------------------------------------------------------------------------

@pytest.mark.parametrize("latex, expected", [
    # a coefficient beside the variable the left side declares (φ(v), L(y, z), f(x), d/dv)
    (r"y = \varphi(v) = \frac{1}{1 + e^{-av}}", 1 / (1 + sympy.exp(-S("a") * S("v")))),
    (r"\varphi'(v) = A\cos(Bv + C)", S("A") * sympy.cos(S("B") * S("v") + S("C"))),
    (r"L(y, z) = \log(1 + \exp(-yz))", sympy.log(1 + sympy.exp(-S("y") * S("z")))),
    (r"\frac{d}{dv}y = ay(1 - y)", S("a") * S("y") * (1 - S("y"))),
    (r"\frac{d}{dv}y = -2Bvy", -2 * S("B") * S("v") * S("y")),
    (r"\frac{dy}{dx} = 2ax", 2 * S("a") * S("x")),
    (r"J(w, b) = (wx + b - y)^2", (S("w") * S("x") + S("b") - S("y")) ** 2),
    # the letter's own scripts stay on it: ax^2 is a·x², Ae^{-x} is A·e^{-x}, not (ax)² nor (Ae)^{-x}
    (r"f(x) = ax^2 + bx + c", S("a") * S("x") ** 2 + S("b") * S("x") + S("c")),
    (r"\varphi'(v) = -2Bv Ae^{-Bv^2}", -2 * S("A") * S("B") * S("v") * sympy.exp(-S("B") * S("v") ** 2)),
    # every letter also written alone: 2PR beside P + R (the product binds each letter's own power)
    (r"F = \frac{2PR}{P+R}", 2 * S("P") * S("R") / (S("P") + S("R"))),
    (r"PR^2 + P + R", S("P") * S("R") ** 2 + S("P") + S("R")),
])
def test_letters_side_by_side_are_a_product_when_they_are_the_formulas_symbols(latex, expected):
    """TeX sets letters side by side in math as a product (`A\\sin(Bv+C)` is A·sin(B·v + C)); read as one name
    Bv, the derivative of the note's sinusoid in v could not be checked."""
    assert parse_formula(latex).rhs == expected


@pytest.mark.parametrize("latex, names", [
    (r"P = \frac{TP}{TP + FP}", {"TP", "FP"}),        # a bare name on the left declares no variable
    (r"\mathrm{TPR} = \frac{TP}{P}", {"TP", "P"}),    # P alone, T never: the count of true positives
    (r"W := W - \alpha dW", {"W", "alpha", "dW"}),    # the course notes' gradient dW, not d·W
    (r"w = w - lr \cdot g", {"w", "lr", "g"}),
    (r"h(t) = out_t + lr", {"out_t", "lr"}),          # two letters of out are no symbol of the formula
    (r"y = \max(ax, x)", {"ax", "x"}),                # x alone, but nothing declares a variable a multiplies
    (r"f(x) = \sqrt{x} + \text{ab}", {"x", "ab"}),    # upright text is one name
])
def test_a_word_stays_a_name_unless_its_letters_are_the_formulas_symbols(latex, names):
    assert {s.name for s in parse_formula(latex).rhs.free_symbols} == names


def test_a_function_name_is_never_split_into_letters():
    assert parse_formula(r"f(x) = \max(0, x)").rhs == sympy.Max(0, S("x"))
    assert parse_formula(r"f(x) = exp(x)").rhs == sympy.exp(S("x"))


def test_a_size_command_only_sets_how_large_the_formula_is_drawn():
    formula = parse_formula("\\large\n\\varphi'(v) = A\\cos(Bv + C)")
    assert formula.lhs_latex == "\\varphi'(v)"
    assert formula.rhs == S("A") * sympy.cos(S("B") * S("v") + S("C"))


# ---- forms of cases, sets, inner products and gradients that notes type ------------------------------------

@pytest.mark.parametrize("latex", [
    r"f(x) = \left\lbrace \begin{matrix} x & \text{si } x > 0 \\ 0 & \text{si } x \leq 0 \end{matrix} \right.",
    r"f(x) = \left\{\begin{matrix} x, if x>0 \\ 0, if x\leq 0 \end{matrix}\right.",
    r"f(x) = \left\{ \begin{array}{lr} x & x > 0 \\ 0 & \text{otherwise} \end{array} \right.",
])
def test_a_brace_opened_on_a_matrix_and_closed_by_nothing_is_a_cases_environment(latex):
    value = parse_formula(latex).rhs
    assert isinstance(value, sympy.Piecewise)
    assert [value.subs(S("x"), point) for point in (2, -3)] == [2, 0]


@pytest.mark.parametrize("latex", [
    r"f = \left\{\begin{matrix} x + y = 1 \\ x - y = 0 \end{matrix}\right.",   # a system of equations
    r"f = \left\{\begin{matrix} a & b \\ c & d \end{matrix}\right.",            # a second column of no conditions
])
def test_a_braced_matrix_whose_rows_are_not_cases_is_not_read(latex):
    with pytest.raises(LatexError):
        parse_formula(latex)


@pytest.mark.parametrize("latex", [r"\max\{0, x\}", r"\max{\{0,x\}}", r"\max\left\{0, x\right\}"])
def test_the_largest_of_a_set_written_in_braces_is_max(latex):
    assert to_sympy(latex) == sympy.Max(0, S("x"))


def test_a_set_of_one_element_is_no_call_of_max():
    with pytest.raises(LatexError):
        to_sympy(r"\max\{x\}")


def test_an_inner_product_in_angle_brackets_sums_the_products_of_the_entries():
    from kb.check.latex import DSUM

    assert to_sympy(r"\frac{1}{1 + \exp(-\langle w, x \rangle)}") == 1 / (1 + sympy.exp(-DSUM(S("w") * S("x"))))
    env = {"w": [1.0, 2.0], "x": [3.0, -1.0]}
    assert compile_numeric(to_sympy(r"\langle w, x \rangle"))(env) == 1.0


def test_the_script_l_is_a_letter():
    assert to_sympy(r"\frac{FP}{\ell_-}") == S("FP") / S("ell_-")
    assert to_sympy(r"2\ell") == 2 * S("ell")


@pytest.mark.parametrize("latex, expected", [
    (r"\text{Softmax}(z)", "softmax"), (r"\operatorname{Sigmoid}(x)", None), (r"\mathrm{Tanh}(x)", None)])
def test_a_function_name_set_upright_is_the_function_however_capitalised(latex, expected):
    value = to_sympy(latex)
    assert value.free_symbols <= {S("z"), S("x")}
    if expected:
        assert value.func.__name__ == expected


@pytest.mark.parametrize("latex, expected", [
    (r"\theta_{t+1} = \theta_t - \alpha \nabla L(\theta_t; B_t)", S("theta_t") - S("alpha") * S("nabla_t")),
    (r"W \leftarrow W - \alpha \nabla_W", S("W") - S("alpha") * S("nabla")),
    (r"V_t = \beta V_{t-1} + \alpha \nabla_W L(W, X, y)", S("beta") * S("V_t-1") + S("alpha") * S("nabla")),
])
def test_a_gradient_is_named_by_the_variable_it_is_taken_in_whatever_data_follow(latex, expected):
    assert parse_formula(latex).rhs == expected


def test_a_gradient_at_several_points_none_of_them_its_variable_is_not_read():
    with pytest.raises(LatexError):
        to_sympy(r"\nabla_\theta L(W, X, y)")


@pytest.mark.parametrize("latex, operator", [
    (r"\underset{a}{max} Q(s, a)", "IndexMax"), (r"\underset {a'} {\max} Q(s', a')", "IndexMax"),
    (r"\underset{s'}{\sum} P(s, a, s') V(s')", "IndexSum")])
def test_an_operator_set_over_its_index_is_that_operator(latex, operator):
    assert type(to_sympy(latex)).__name__ == operator


@pytest.mark.parametrize("latex", [r"w - \alpha\text{ }\nabla L", r"w - \alpha \mbox{} g", r"2\text{  }x(wx - y)"])
def test_a_space_typed_as_text_is_spacing_not_a_nameless_symbol(latex):
    """Blogs type a space as `\\text{ }` (Hexo and Jekyll themes eat a bare backslash-space); it names nothing."""
    assert all(s.name for s in to_sympy(latex).free_symbols)


def test_a_horizontal_space_of_a_given_length_is_spacing():
    """`\\hspace{5pt}` and `\\hspace*{8mm}` space a formula out as `\\quad` does (blog pages indent rows with them)."""
    assert to_sympy(r"\hspace{8mm}x \hspace*{2em}+ 1") == to_sympy(r"x + 1")


@pytest.mark.parametrize("hand, standard", [
    (r"\begin{cases} 0 \hspace{5pt}\text{if}\hspace{5pt}a \leqq 0 \\ 1 \hspace{5pt}\text{if}\hspace{5pt}a > 0 \end{cases}",
     r"\begin{cases} 0 & \text{if } a \le 0 \\ 1 & \text{if } a > 0 \end{cases}"),
    (r"\begin{cases} x \text{ for } x > 0 \\ 0 \text{ otherwise} \end{cases}",
     r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}"),
])
def test_a_case_whose_condition_word_stands_without_a_column_break_starts_its_condition_there(hand, standard):
    """`0 \\text{if} a \\le 0`: without the `&`, the condition's word still ends the value (read as a product the
    value would be 0 · if · a)."""
    assert to_sympy(hand) == to_sympy(standard)


def test_an_operator_word_that_names_no_function_is_not_read():
    r"""`\mathop{inf}` sets a word kb has no function for: no reading beats a guessed product."""
    with pytest.raises(LatexError):
        parse_formula(r"p^* = \mathop{inf}_x f(x)")


@pytest.mark.parametrize("latex", [r"\phi(x) = \frac{1}{1 + e^{-x}} \\", r"\phi(x) = \frac{1}{1 + e^{-x}} \\\\",
                                   r"\phi(x) = \frac{1}{1 + e^{-x}} \\[2pt]"])
def test_a_row_break_with_no_row_after_it_draws_nothing(latex):
    r"""A row copied out of an align keeps its `\\` (doubled where Markdown eats one of each pair): the formula is the
    row before it, checked as such, and a sign slip in it is still found."""
    from kb.check.link import check_note_formula

    assert check_note_formula(latex, "Sigmoid").status == "verified"
    assert check_note_formula(latex.replace("e^{-x}", "e^{x}"), "Sigmoid").status == "note_differs"


def test_a_distribution_named_on_the_left_is_what_the_sum_reads_not_an_index_of_it():
    r"""`H(p) = -\sum_x p(x) \log p(x)`: the left side names the distribution the right side reads at x, so p is an
    input (the table), not an index the equation runs over; a Bellman equation's s stays an index."""
    from kb.check.link import check_note_formula

    entropy = parse_formula(r"H(p) = -\sum_x p(x) \log p(x)")
    assert (entropy.every_index, entropy.symbols) == ((), frozenset({"p"}))
    assert parse_formula(r"V(s) = \sum_a \pi(a|s) Q(s,a)").every_index == (sympy.Symbol("s"),)
    assert check_note_formula(r"H(p) = -\sum_x p(x) \log p(x)", "Entropy").status == "verified"
    assert check_note_formula(r"H(p) = \sum_x p(x) \log p(x)", "Entropy").status == "note_differs"
