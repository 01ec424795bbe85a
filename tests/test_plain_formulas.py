"""Formulas written as plain text or code: read into LaTeX, found in notes, checked like any $...$."""
from __future__ import annotations

import pytest

from kb.cards import make_cards
from kb.check.link import attach_checks
from kb.parse.plain_formulas import cell_formula
from kb.parse.plain_math import NotMath, to_latex
from tests.parse_helpers import parse_text


@pytest.mark.parametrize("text, code, latex", [
    ("(W - F + 2*P) // S + 1", True, r"\left\lfloor \frac{W - F + 2 \cdot P}{S} \right\rfloor + 1"),
    ("int((W - F + 2*P) / S) + 1", True, r"\left\lfloor \frac{W - F + 2 \cdot P}{S} \right\rfloor + 1"),
    ("math.floor((W - F) / S) + 1", True, r"\left\lfloor \frac{W - F}{S} \right\rfloor + 1"),
    ("(W - F + 2P)/S + 1", False, r"\frac{W - F + 2 \cdot P}{S} + 1"),
    ("s = W x + b", False, r"s = W \cdot x + b"),
    ("H * W * k^2", False, r"H \cdot W \cdot k^{2}"),
    ("L_i = sum over j != y of max(0, s_j - s_y + 1)", False,
     r"L_{i} = \sum_{j \neq y} \max\left(0, s_{j} - s_{y} + 1\right)"),
    ("d(x, c) = sqrt(sum_i (x_i - c_i)^2)", False, r"d(x, c) = \sqrt{\sum_{i} \left(x_{i} - c_{i}\right)^{2}}"),
    ("d1(I1, I2) = sum_p |I1_p - I2_p|", False, r"d_{1}(I_{1}, I_{2}) = \sum_{p} \left|I_{1,p} - I_{2,p}\right|"),
    ("kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())", True,
     r"\mathrm{kl} = -0.5 \cdot \sum \left(1 + \mathrm{logvar} - \mu^{2} - \exp\left(\mathrm{logvar}\right)\right)"),
    ("std = sqrt(2 / fan_in) ≈ 0.088", False, r"\mathrm{std} = \sqrt{\frac{2}{\mathrm{fan\_in}}} \approx 0.088"),
    ("lambda * ||w||^2", False, r"\lambda \cdot \left\|w\right\|^{2}"),
    ("y = torch.sigmoid(w * x + b)", True, r"y = \sigma\left(w \cdot x + b\right)"),
    # a minus before a sum negates the whole sum; logarithms to a base as code and text name them
    ("H = -sum_i p_i * log2(p_i)", False, r"H = -\sum_{i} \left(p_{i} \cdot \log_{2}\left(p_{i}\right)\right)"),
    ("h = -np.sum(p * np.log10(p))", True, r"h = -\sum \left(p \cdot \log_{10}\left(p\right)\right)"),
    ("math.log(p, 2) + log_2(q)", True, r"\log_{2}\left(p\right) + \log_{2}\left(q\right)"),
])
def test_plain_math_reads_as_the_latex_an_author_would_write(text, code, latex):
    assert to_latex(text, code=code) == latex


@pytest.mark.parametrize("text", [
    "x = torch.randn(8, 3, 32, 32)",       # a call of code, not of math
    "print(conv(x).shape)",
    "y = model(x)",
    "a[2] - b[0]",                        # indexing an array of data
    "2 * x[i]",                           # at a variable index
    "kernel_size[1:] * 2",                # a slice
    "x.shape",                            # an attribute
    "'W' + 'F'",                          # strings
    "a ^ b",                              # exclusive or in code
    "sum(p.numel() for p in params)",     # a generator
    "2j + 1",                             # a complex literal
])
def test_code_that_is_not_a_formula_is_not_math(text):
    with pytest.raises(NotMath):
        to_latex(text.split(" = ", 1)[-1], code=True)


def _formula_blocks(text: str, file: str = "note.md") -> list[tuple[int, str, str]]:
    note = parse_text(text, file)
    return [(b.line, b.text, b.latex) for s in note.sections for b in s.blocks
            if b.kind == "formula" and not b.text.startswith("$")]


_NOTEBOOK = """# Shapes

```python
import torch
import torch.nn as nn
for epoch in range(10):
    loss = loss + criterion(out, y)
x = torch.randn(8, 3, 32, 32)
conv = nn.Conv2d(3, 16, kernel_size=5)
print(conv(x).shape)
lr = 0.01
shape = (8, 16, 15, 15)
i = i + 1
out = (W - F + 2*P) // S + 1
n = 50 * 50 * 9   # = 22500
# std = sqrt(2 / fan_in)
# here we stack the batch = a list of images
def iou(a, b):
    inter = ix * iy
    return inter / union
def swish(x, beta):
    return x * torch.sigmoid(beta * x)
```
"""


def test_only_the_formulas_of_a_code_block_become_formula_blocks():
    found = _formula_blocks(_NOTEBOOK)
    assert [(line, text) for line, text, _ in found] == [
        (14, "out = (W - F + 2*P) // S + 1"), (15, "n = 50 * 50 * 9   # = 22500"),
        (16, "std = sqrt(2 / fan_in)"), (22, "return x * torch.sigmoid(beta * x)")]
    assert found[1][2] == r"n = 50 \cdot 50 \cdot 9 = 22500"   # the trailing comment continues the equation
    # a function returning arithmetic on its arguments states a formula; one built from its steps does not
    assert found[3][2] == r"\mathrm{swish}(x, \beta) = x \cdot \sigma\left(\beta \cdot x\right)"


def test_code_in_another_language_is_never_read():
    assert _formula_blocks("# C\n\n```c\nint out = (W - F + 2*P) / S + 1;\n```\n") == []


_PROSE = """# Notes

## Scores

It computes scores s = W x + b, one row per class.

- We use t-SNE and k-means on 3D data, a 50/50 split, input/output pairs, H x W images.
- The result is a sum over the neighbours; version 2.0 - 3.1 of the code.
- Point cloud data = 3D data, see https://example.org/?a=b+c.

The output size is `(W - F + 2*P) // S + 1` and `nn.Conv2d` keeps `x.shape` in `model`.

Output width = (W - F + 2P)/S + 1, said the TA.
"""


def test_prose_formulas_are_found_and_prose_is_left_alone():
    found = _formula_blocks(_PROSE)
    assert [(line, text) for line, text, _ in found] == [
        (5, "s = W x + b"), (11, "`(W - F + 2*P) // S + 1`"), (13, "(W - F + 2P)/S + 1")]


def test_parentheses_escaped_for_markdown_inside_arithmetic_are_parentheses_not_math():
    """To CommonMark `\\(` is an escaped parenthesis: GitBook and GitHub notes write `TP / \\(TP + FP\\)` and
    `2\\*P\\*R` so that Markdown leaves them alone. Inside arithmetic they are the formula's parentheses and
    products; `\\(TP\\)` in a sentence stays inline math. A gloss in parentheses after a name is no part of it."""
    text = ("# Metrics\n\nHere \\(TP\\) counts true positives.\n\n"
            "- accuracy = \\(TP + TN\\) / \\(TP + TN + FP + FN\\)\n- точность (precision) = TP / \\(TP + FP\\)\n"
            "- F1 = 2\\*P\\*R / \\(P + R\\)\n")
    found = [(line, latex) for line, _, latex in _formula_blocks(text)]
    assert found == [(3, "TP"),
                     (5, "\\frac{\\mathrm{TP} + \\mathrm{TN}}{\\mathrm{TP} + \\mathrm{TN} + \\mathrm{FP} + \\mathrm{FN}}"),
                     (6, "\\frac{\\mathrm{TP}}{\\mathrm{TP} + \\mathrm{FP}}"), (7, "F_{1} = \\frac{2 \\cdot P \\cdot R}{P + R}")]


def test_plain_formula_blocks_do_not_repeat_in_answers():
    note = parse_text("# Sizes\n\n## What is the output size?\n\nIt is `(W - F + 2*P) // S + 1` per axis.\n", "q.md")
    answers = [c.back for c in make_cards(note) if c.kind == "qa"]
    assert answers == ["It is `(W - F + 2*P) // S + 1` per axis."]


def _checks(text: str, file: str = "note.md") -> dict[int, str]:
    note = parse_text(text, file)
    return {c.source.line: c.check.status for c in attach_checks([note], make_cards(note))
            if c.kind == "formula" and c.check is not None}


def test_a_code_formula_is_checked_like_latex():
    checks = _checks("# Convolution output size\n\n```python\nout = (W - F + 2*P) // S + 1\n```\n\n"
                     "```python\nout = (W - F + 2*P) / S + 1\n```\n")
    assert checks == {4: "verified", 8: "note_differs"}


def test_a_plain_text_worked_example_is_checked():
    checks = _checks("# Convolution output size\n\nBy hand: (32 - 5 + 2*1) // 2 + 1 = 15.\n\n"
                     "And again: (32 - 5 + 2*1) // 2 + 1 = 16.\n")
    assert checks == {3: "verified", 5: "note_differs"}


# ---- what plain text writes, checked -----------------------------------------------------------------------

_VOLUME = r"\left({a}\right)\times\left({b}\right)\times K"
_FLOORED = r"\left\lfloor\frac{{{x}-F+2P}}{{S}}\right\rfloor+1"
_UNFLOORED = r"\frac{{{x}-F+2P}}{{S}}+1"


def test_a_product_of_per_axis_sizes_checks_each_axis():
    from kb.check.link import check_note_formula

    named = "Output size of a conv layer\nThe output volume with $K$ filters is"
    right = _VOLUME.format(a=_FLOORED.format(x="H"), b=_FLOORED.format(x="W"))
    wrong = _VOLUME.format(a=_UNFLOORED.format(x="H"), b=_UNFLOORED.format(x="W"))
    one_wrong = _VOLUME.format(a=_FLOORED.format(x="H"), b=_UNFLOORED.format(x="W"))
    assert check_note_formula(right, named).status == "verified"
    assert [check_note_formula(f, named).status for f in (wrong, one_wrong)] == ["note_differs", "note_differs"]
    assert check_note_formula(wrong, "Volume").status == "not_checkable"   # nothing names the output size


def test_a_sum_over_all_elements_but_one_leaves_that_element_out():
    from kb.check.link import check_note_formula

    named = "What is the multiclass SVM loss?"
    assert check_note_formula(r"L_i=\sum_{j\neq y_i}\max(0,\,s_j-s_{y_i}+\Delta)", named).status == "verified"
    assert check_note_formula(r"L_i=\sum_{j \neq y}\max(0,\,s_j-s_{y}+1)", named).status == "verified"
    # without the margin, or with the true class summed too, the loss is another one
    assert check_note_formula(r"L_i=\sum_{j \neq y}\max(0,\,s_j-s_{y})", named).status == "note_differs"
    assert check_note_formula(r"L_i=\sum_{j}\max(0,\,s_j-s_{y_i}+\Delta)", named).status == "note_differs"


def test_an_element_of_a_numbered_vector_under_its_sum_is_that_vector():
    from kb.check.link import check_note_formula

    named = "L1 distance between two images"
    assert check_note_formula(to_latex("d1(I1, I2) = sum_p |I1_p - I2_p|"), named).status == "verified"
    assert check_note_formula(to_latex("d1(I1, I2) = sum_p (I1_p - I2_p)^2"), named).status == "note_differs"


def test_a_number_glued_to_the_next_word_is_never_cut_into_a_shorter_number():
    """'= 528和256' in a Chinese comment: reading '= 52' made a false 'note differs' on a public note."""
    text = "# Inception\n\n输出通道数为 112 + 288 + 64 + 64 = 528和256 + 320 + 128 + 128 = 832。\n"
    latex = [latex for _, _, latex in _formula_blocks(text)]
    assert not any("52" in l and "528" not in l for l in latex)


def test_an_indented_line_of_code_that_does_not_parse_whole_is_not_a_formula():
    """A function body mixing tabs and spaces fails to parse; its lines read alone must not become top-level
    formulas (a Gaussian's exponent `a = ...` was checked as the density)."""
    text = ("# Normal\n\n```python\ndef nd_func(x, sigma, mu):\n  \t\"\"\"density\"\"\"\n"
            "    a = - (x-mu)**2 / (2*sigma*sigma)\n    return a\n```\n")
    assert _formula_blocks(text) == []


def test_a_derivative_written_with_a_prime_is_never_read_without_its_left_side():
    # `g'(z) = a * (1 - a)`: the prime ends the run of math tokens; what follows it, `(z) = a * (1 - a)`, would
    # be read as `z = a(1 - a)`, a claim the line never makes (it was once linked to a leaky-ReLU entry)
    found = _formula_blocks("# Leaky ReLU and sigmoid\n\nThe derivative is g'(z) = a * (1 - a) where a = g(z).\n")
    assert all(not text.startswith(("(z)", "z")) for _, text, _ in found), found


def test_a_pseudo_code_equation_that_is_no_python_is_read_as_text():
    # `g(z) = a = max(0, z)` assigns to a call: no Python parses it, but it states an equation as text would;
    # a sentence in the same block stays out
    text = ("# ReLU\n\n```\ng(z) = a = max(0, z)\nslope: 1 if z > 0, else 0\n"
            "s(z) = 1 / (1 + exp(-z))\n```\n")
    found = [(line, text) for line, text, _ in _formula_blocks(text)]
    assert found == [(4, "g(z) = a = max(0, z)"), (6, "s(z) = 1 / (1 + exp(-z))")]


_METHODS = """#+TITLE: Net

* Layers
#+BEGIN_SRC jupyter-python
class Net:
    scale = 2 * 3
    def sigmoidPrime(self, z):
        return np.exp(-z) / ((1 + np.exp(-z)) ** 2)
    def tanh_prime(self, x):
        return 1 - np.tanh(x) ** 2
    @classmethod
    def relu(cls, x):
        return np.maximum(0, x)
#+END_SRC
"""


def test_methods_state_formulas_named_by_the_method_and_a_prime_suffix_names_a_derivative():
    """emacs-jupyter's Python blocks are Python; a method's self is the object, not an input; class
    attributes are not formulas; `sigmoidPrime`, `tanh_prime` name derivatives."""
    found = _formula_blocks(_METHODS, "net.org")
    assert [(line, latex.split(" = ")[0]) for line, _, latex in found] == [
        (8, "\\sigma'(z)"), (10, "\\tanh'(x)"), (13, "\\mathrm{ReLU}\\left(x\\right)")]


_STEPS = """# Activations

```python
def sigmoid_grad(z):
    \"\"\"Slope of the sigmoid.\"\"\"
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)

def softplus_derivative(x):
    e = np.exp(x)
    out = e / (1 + e)
    return out

def slow_relu(x):
    out = x.copy()
    for i in range(len(out)):
        out[i] = max(0, out[i])
    return out

def scaled(x):
    x = 2 * x
    return np.tanh(x)

def logged(x):
    y = np.tanh(x)
    print(y)
    return y
```
"""


def test_a_function_of_one_line_steps_states_its_return_with_the_steps_put_in():
    """`s = ...; return s * (1 - s)` is one formula; a loop, an update of an argument or a print make it a program."""
    found = _formula_blocks(_STEPS)
    assert [(line, text) for line, text, _ in found] == [
        (7, "s = 1 / (1 + np.exp(-z)); return s * (1 - s)"), (12, "e = np.exp(x); out = e / (1 + e); return out")]
    assert found[0][2] == (r"\sigma'(z) = \frac{1}{1 + \exp\left(-z\right)} \cdot "
                           r"\left(1 - \frac{1}{1 + \exp\left(-z\right)}\right)")
    assert found[1][2].startswith(r"\mathrm{softplus}'(x) = ")   # a derivative's code name, as identity reads it


def test_a_wrong_step_in_a_function_is_caught_and_a_right_one_verified():
    checks = _checks("# Tanh derivative\n\n```python\ndef tanh_prime(x):\n    t = np.tanh(x)\n    return 1 + t ** 2\n```\n\n"
                     "```python\ndef tanh_prime(x):\n    t = np.tanh(x)\n    return 1 - t ** 2\n```\n")
    assert checks == {6: "note_differs", 12: "verified"}


def test_python_precedence_decides_what_a_code_formula_means():
    checks = _checks("# Sigmoid\n\n```python\ndef sigmoid(x):\n    return 1 / 1 + math.exp(-x)\n```\n\n"
                     "```python\ndef sigmoid(x):\n    return 1 / (1 + math.exp(-x))\n```\n")
    assert checks == {5: "note_differs", 10: "verified"}


@pytest.mark.parametrize("text, latex", [
    ("- **σ(z) = 1/(1+e<sup>-z</sup>)**", r"\sigma(z) = \frac{1}{1 + e^{-z}}"),
    ("- σ(x) = 1/(1 + e⁻ˣ)", r"\sigma(x) = \frac{1}{1 + e^{-x}}"),
    ("so y = W<sub>1</sub>x<sup>2</sup> + b₁ here", r"y = W_{1} \cdot x^{2} + b_{1}"),
    ("then σ(z<sup>(i)</sup>) = 1/1+e<sup>-(W<sup>T</sup>x<sup>(i)</sup>+b)</sup>",
     r"\sigma(z_{i}) = \frac{1}{1} + e^{-\left(W^{T} \cdot x_{i} + b\right)}"),
])
def test_html_and_unicode_scripts_and_greek_letters_are_read_in_text(text, latex):
    assert [found for _, _, found in _formula_blocks(f"# Note\n\n{text}\n")] == [latex]


@pytest.mark.parametrize("text", [
    "- softplus(x) = log(1 + eˣ)",               # a word names the function: `(x) = ...` is no left side
    "we use *l(ŷ,y) = -(y<sub>log</sub>ŷ+(1-y) <sub>log</sub>(1-ŷ))* here",   # `+(1-y)` is a cut-off piece
])
def test_pieces_cut_off_their_left_side_are_not_formulas(text):
    assert _formula_blocks(f"# Note\n\n{text}\n") == []


@pytest.mark.parametrize("text", [
    "so p(x) ∝ exp(-E) here",                     # `exp(-E)` alone is half of what the line states
    "w = w - η∇·F",                               # ∇· is a divergence, not the gradient ∇ kb reads
    "w = w - η∇(L + R)",                          # a gradient of an expression
    "w = w - η∇_wL",                              # where the subscript ends is a guess
    "g = ∂²L/∂w² + 1",                            # a second derivative
    "θ_i = θ_i-1 - η∇L(θ_i-1)",                    # L at an argument the reader cannot name
])
def test_a_run_cut_at_a_math_symbol_the_reader_does_not_read_is_not_a_formula(text):
    """A checked piece of a formula is a claim the note never makes: in Stochastic Gradient Descent notes
    `w = w - η∇L` was read as `w = w - η` and called wrong. Whatever form of ∇ or ∂ stays unread keeps that
    safety."""
    assert _formula_blocks(f"# Stochastic Gradient Descent\n\n{text}\n") == []


@pytest.mark.parametrize("text, latex", [
    ("w = w - η∇L", r"w = w - \eta \nabla L"),
    ("θ ← θ − α∇_θ J(θ)", r"\theta \leftarrow \theta - \alpha \nabla_{\theta} J(\theta)"),
    ("v = γ v + η∇_{w}L(w)", r"v = \gamma \cdot v + \eta \nabla_{w} L(w)"),
    ("w = w - η∇L1", r"w = w - \eta \nabla L_{1}"),
    ("∂L/∂w = (a − y)·x", r"\frac{\partial L}{\partial w} = \left(a - y\right) \cdot x"),
    ("∂E/∂w_{ij} = δ_j o_i", r"\frac{\partial E}{\partial w_{ij}} = \delta_{j} \cdot o_{i}"),
])
def test_gradient_and_partial_typed_as_unicode_read_as_latex_writes_them(text, latex):
    """`∇` is \\nabla applied to the objective after it (`\\eta \\nabla L`, never `\\eta \\cdot \\nabla`, a
    divergence); `∂L/∂w` is \\frac{\\partial L}{\\partial w}; `←` is pseudocode's update."""
    assert to_latex(text) == latex


@pytest.mark.parametrize("text", ["η∇", "η∇(L)", "η∇L^2", "∇ + L", "∂L/∂", "∂^2L/∂w^2"])
def test_a_gradient_without_a_named_objective_is_not_math(text):
    with pytest.raises(NotMath):
        to_latex(text)


def test_a_gradient_step_typed_in_unicode_is_found_in_prose_and_comments_and_checked():
    checks = _checks("# Gradient descent\n\nThe step: w = w - η∇L, where ∇L is the gradient.\n\n"
                     "Wrong sign: w = w + η∇L\n\nθ ← θ − α∇_θ J(θ)\n\n"
                     "```python\n# w = w - η∇L\nw = w - lr * grad\n```\n")
    assert checks == {3: "verified", 5: "note_differs", 7: "verified", 10: "verified"}


def test_a_bracket_that_opens_a_remark_in_words_ends_the_formula():
    """`w ← w − ∇L/η (wrong)`: the `(` before a word belongs to the remark, not to the formula before it."""
    assert [latex for _, _, latex in _formula_blocks("# Note\n\nso s = W x + b (the scores) here\n")] == [
        r"s = W \cdot x + b"]


@pytest.mark.parametrize("text, latex", [
    ("n_out = math.floor((n + 2p - f)/s) + 1", r"n_{out} = \left\lfloor \frac{n + 2 \cdot p - f}{s} \right\rfloor + 1"),
    ("so H_out = np.floor((H - F)/S) + 1 here", r"H_{out} = \left\lfloor \frac{H - F}{S} \right\rfloor + 1"),
    ("H_out = ⌊(H − F)/S⌋ + 1", r"H_{out} = \left\lfloor \frac{H - F}{S} \right\rfloor + 1"),
    ("- n_out = ⌈(n − f + 1)/s⌉", r"n_{out} = \left\lceil \frac{n - f + 1}{s} \right\rceil"),
])
def test_a_floor_written_as_code_calls_it_or_with_its_brackets_is_read_in_text(text, latex):
    """A sentence quotes the floor as code calls it (`math.floor(...)`), or types ⌊ ⌋ as themselves."""
    assert [found for _, _, found in _formula_blocks(f"# Output size\n\n{text}\n")] == [latex]


def test_a_floor_in_text_is_checked():
    checks = _checks("# Convolution output size\n\nn_out = math.floor((n + 2p - f)/s) + 1\n\n"
                     "Wrong: n_out = ⌊(n + 2p - f)/s⌋ - 1\n")
    assert checks == {3: "verified", 5: "note_differs"}


def test_statements_one_per_row_or_after_a_spaced_comma_are_separate_formulas():
    from kb.parse.dialects.math import statement_rows
    assert statement_rows(r"v_{dW} = \beta v_{dW} + (1-\beta) dW \\ W = W - \alpha v_{dW}") == [
        r"v_{dW} = \beta v_{dW} + (1-\beta) dW", r"W = W - \alpha v_{dW}"]
    assert statement_rows(r"v_{dW}=\beta v_{dW}+(1-\beta)dW,\ v_{db}=\beta v_{db}+(1-\beta)db") == [
        r"v_{dW}=\beta v_{dW}+(1-\beta)dW", r"v_{db}=\beta v_{db}+(1-\beta)db"]
    assert statement_rows(r"L = f(a,\ b)") == [r"L = f(a,\ b)"]             # a comma inside brackets
    assert statement_rows(r"a = b \\ = c") == [r"a = b \\ = c"]             # a chain continued on the next row


def test_a_code_span_in_a_table_cell_is_a_formula_and_the_cells_plain_text_is_not():
    table = ("# Activations\n\n| Name | Formula | Range |\n| --- | --- | --- |\n"
             "| Sigmoid | `sigmoid(x) = 1 / (1 + exp(-x))` | (0, 1) |\n| Conv | 3 * 3 = 9 weights | - |\n")
    assert [latex for _, _, latex in _formula_blocks(table)] == [r"\sigma\left(x\right) = \frac{1}{1 + \exp\left(-x\right)}"]
    assert _checks(table.replace("1 + exp(-x)", "1 + exp(x)")) == {5: "note_differs"}


def test_brackets_side_by_side_in_text_are_a_product_and_in_code_a_call():
    """`σ(x)(1 - σ(x))`, `(a + b)(c + d)`: math never calls what a call or a bracket gives, so in text the second
    bracket multiplies; in code `f(x)(y)` calls the function f(x) returns, which is no formula."""
    assert to_latex("(a + b)(c + d)") == r"\left(a + b\right) \cdot \left(c + d\right)"
    assert to_latex("sigmoid(x)(1 - sigmoid(x))") == r"\sigma\left(x\right) \cdot \left(1 - \sigma\left(x\right)\right)"
    with pytest.raises(NotMath):
        to_latex("f(x)(y)", code=True)


def test_a_table_cell_that_is_one_formula_in_plain_text_is_read_and_data_cells_are_not():
    table = ("# Activations\n\n| Name | Formula | Range |\n| --- | --- | --- |\n"
             "| **Sigmoid** | f(x) = 1/(1+e⁻ˣ) | (0, 1) |\n| Softmax | f(xᵢ) = eˣⁱ/Σeˣʲ | (0, 1), Summe = 1 |\n"
             "| Identity | f(x) = x | (-∞, ∞) |\n| Conv | 3 * 3 = 9 weights | 3x3 |\n")
    assert [(line, latex) for line, _, latex in _formula_blocks(table)] == [
        (5, r"f(x) = \frac{1}{1 + e^{-x}}"), (6, r"f(x_{i}) = \frac{e^{x_{i}}}{\sum \left(e^{x_{j}}\right)}")]
    # the row's label names the formula: checked as that entry
    assert _checks(table.replace("(1+e⁻ˣ)", "(1-e⁻ˣ)"))[5] == "note_differs"


def test_worked_arithmetic_in_table_cells_is_checked_cell_by_cell():
    table = ("# Precision by rank\n\n| Rank | precision | recall |\n| :-: | :-: | :-: |\n"
             "| 1 | 1/1 = 1.0 | 1/2 = 0.5 |\n| 2 | 1/2 = 0.5 | 1/2 = 0.5 |\n| 3 | 2/3 = 0.67 | 2/2 = 0.5 |\n")
    checks = [(c.source.line, c.check.status) for c in _checked_cards(table)]
    assert checks.count((7, "note_differs")) == 1 and checks.count((7, "verified")) == 1
    assert all(status == "verified" for line, status in checks if line != 7)


def _checked_cards(text: str) -> list:
    note = parse_text(text, "note.md")
    return [c for c in attach_checks([note], make_cards(note)) if c.kind == "formula" and c.check is not None]


@pytest.mark.parametrize("cell", ["(0, 1), Summe = 1", "Summe = 1", "x = 3", "(-∞, ∞)", "3x3", "a = b = 2", "T"])
def test_cells_of_data_ranges_and_settings_are_no_formulas(cell):
    assert cell_formula(cell) == ("", False)


@pytest.mark.parametrize("text, latex", [
    ("sigma'(z) = sigma(z) * (1 - sigma(z))", r"\sigma'(z) = \sigma(z) \cdot \left(1 - \sigma(z)\right)"),
    ("tanh'(x) = 1 - tanh(x)^2", r"\tanh'(x) = 1 - \tanh\left(x\right)^{2}"),
    ("g'(z) = 2 * z", r"g'(z) = 2 \cdot z"),
])
def test_a_derivative_written_with_a_prime_in_text_is_read_whole(text, latex):
    """`sigma'(z) = ...`: the prime marks the function's derivative; before, the run was cut after it."""
    assert [found for _, _, found in _formula_blocks(f"# Derivatives\n\n{text}\n")] == [latex]


def test_a_prime_in_text_is_checked():
    checks = _checks("# Sigmoid derivative\n\nsigma'(x) = sigma(x) * (1 - sigma(x))\n\n"
                     "# Tanh derivative\n\ntanh'(x) = 1 - tanh(x)\n")
    assert checks == {3: "verified", 7: "note_differs"}


@pytest.mark.parametrize("text, latex", [
    ("exp(z_i) / sum_j exp(z_j)", r"\frac{\exp\left(z_{i}\right)}{\sum_{j} \exp\left(z_{j}\right)}"),
    ("e^(z_i) / Σ_j e^(z_j)", r"\frac{e^{z_{i}}}{\sum_{j} e^{z_{j}}}"),
    ("x - sum_i y_i - z", r"x - \sum_{i} y_{i} - z"),
])
def test_a_sum_in_text_takes_the_product_after_it_as_its_body(text, latex):
    """`a / sum_j b_j` divides by the whole sum (Python's precedence divided by the sum sign alone)."""
    assert to_latex(text) == latex


def test_the_counts_of_a_confusion_matrix_are_symbols_in_plain_text():
    # `Precision = TP/(TP+FP)` in a bullet: TP, FP, TN, FN are the counts in notes of every language, though other
    # capitals of two letters are words (CNN/RNN/LSTM is no formula)
    text = ("# Métricas\n\n* Precision = TP/(TP+FP) (percentual dos positivos previstos)\n"
            "* Recall = TP/(TP+TN) (troquei o denominador)\n\nUsamos CNN/RNN/LSTM e GPU/TPU.\n")
    assert [(line, latex) for line, _, latex in _formula_blocks(text)] == [
        (3, "\\frac{\\mathrm{TP}}{\\mathrm{TP} + \\mathrm{FP}}"), (4, "\\frac{\\mathrm{TP}}{\\mathrm{TP} + \\mathrm{TN}}")]
    assert _checks(text) == {3: "verified", 4: "note_differs"}


def test_a_function_that_calls_math_functions_states_its_return():
    """`return (1 - sigmoid(x)) * sigmoid(x)`, `e = exp(v); return e / e.sum()`: a math function called by its bare
    name (imported from numpy) is no quantity read from outside the function."""
    checks = _checks("# Sigmoid derivative\n\n```python\ndef sigmoid_prime(x):\n    return (1 - sigmoid(x)) * sigmoid(x)\n```\n\n"
                     "```python\ndef sigmoid_prime(x):\n    return (1 + sigmoid(x)) * sigmoid(x)\n```\n")
    assert checks == {5: "verified", 10: "note_differs"}
    found = _formula_blocks("# Softmax\n\n```python\nfrom numpy import exp\n\ndef softmax(v):\n    e = exp(v)\n"
                            "    return e / e.sum()\n```\n")
    assert [line for line, _, _ in found] == [8]


def test_a_result_a_function_returns_by_name_is_a_formula():
    """`H_out = math.floor(...) + 1` then `return H_out, W_out`: each result the function computes once from its
    arguments (and what it unpacks from them) is a formula; a value updated in a loop is a program's step."""
    code = ("# Conv output size\n\n```python\ndef out_size(H_in, W_in, kernel_size, stride, pad):\n"
            "    kernel_H, kernel_W = kernel_size\n"
            "    H_out = math.floor((H_in + 2 * pad - kernel_H) / stride) + 1\n"
            "    W_out = math.floor((W_in + 2 * pad - kernel_W) / stride + 1)\n"
            "    return H_out, W_out\n```\n\n"
            "```python\ndef total(xs, w):\n    s = 0\n    for x in xs:\n        s = s + w * x\n    return s\n```\n")
    assert [(line, latex.split(" = ")[0]) for line, _, latex in _formula_blocks(code)] == [(6, "H_{out}"), (7, "W_{out}")]


def test_an_element_of_a_per_axis_size_at_a_constant_index_is_a_quantity():
    """`kernel_size[0]`, `stride[1]`: PyTorch takes sizes per axis; the element at a constant index is that axis's
    size, so `int((H + 2 * padding - kernel_size[0]) / stride[0] + 1)` is a formula; `x[i]` or `a[1:]` is code."""
    found = _formula_blocks("# Conv\n\n```python\nH_out = int((H + 2 * padding - kernel_size[0]) / stride[0] + 1)\n"
                            "y = a[i] * 2\nz = b[1:] * 2\n```\n")
    assert [(line, latex) for line, _, latex in found] == [
        (4, r"H_{out} = \left\lfloor \frac{H + 2 \cdot \mathrm{padding} - \mathrm{kernel\_size}_{0}}"
            r"{\mathrm{stride}_{0}} + 1 \right\rfloor")]


def test_code_that_names_sizes_in_words_per_axis_is_checked_as_the_output_size():
    """PyTorch's names (kernel_size, stride, padding; per axis kernel_size[0] or kernel_H) are the entry's F, S, P."""
    checks = _checks("# Conv output size\n\n```python\nH_out = int((H + 2 * padding[0] - kernel_size[0]) / stride[0] + 1)\n"
                     "W_out = int((W + padding[1] - kernel_size[1]) / stride[1] + 1)\n```\n\n"
                     "```python\ndef out(H_in, kernel_size, stride, pad):\n    kernel_H, kernel_W = kernel_size\n"
                     "    H_out = math.floor((H_in + 2 * pad - kernel_H) / stride) + 1\n    return H_out\n```\n")
    assert checks == {4: "verified", 5: "note_differs", 11: "verified"}


_STUB = """# Classifiers

```python
def g(x: Features) -> float:
    ...

def h(x):
    \"\"\"Only a docstring.\"\"\"
```

```python
def sigmoid(z):
    s = 1 / (1 + np.exp(-z))
    return s
```
"""


def test_a_function_whose_body_is_a_stub_states_nothing_and_the_note_is_built():
    """`def g(x) -> float: ...` (PEP 484's placeholder body) is a signature, no formula; the block after it is read."""
    found = _formula_blocks(_STUB)
    assert [(line, text) for line, text, _ in found] == [(14, "s = 1 / (1 + np.exp(-z)); return s")]
    assert parse_text(_STUB, "stub.md").diagnostics == ()


def test_a_block_the_formula_reader_fails_on_costs_only_its_formulas_with_a_warning(monkeypatch):
    import kb.parse.plain_formulas as plain_formulas

    def broken(block):
        raise ValueError("reader bug")

    monkeypatch.setattr(plain_formulas, "code_formulas", broken)
    note = parse_text("# Sigmoid\n\n```python\nout = (W - F + 2*P) // S + 1\n```\n\nThen σ(x) = 1/(1 + e^-x) here.\n",
                      "broken.md")
    assert [b.latex for s in note.sections for b in s.blocks if b.kind == "formula"] == \
        [r"\sigma(x) = \frac{1}{1 + e^{-x}}"]   # the paragraph after the failed code block is still read
    assert [(d.pos.file, d.pos.line, d.level) for d in note.diagnostics] == [("broken.md", 3, "warning")]
    assert "ValueError: reader bug" in note.diagnostics[0].message


# ---- piecewise values written in text -------------------------------------------------------------------------

@pytest.mark.parametrize("line, latex", [
    ("g'(z) = 0 [when z < 0]; 1 [when z >= 0]  # (A > 0)",
     r"g'(z) = \begin{cases} 0 & z < 0 \\ 1 & z \ge 0 \end{cases}"),
    ("g'(z) = 0 if z < 0, 1 otherwise", r"g'(z) = \begin{cases} 0 & z < 0 \\ 1 & \text{otherwise} \end{cases}"),
    ("g'(z) = 1 (z > 0), 0 (z <= 0)", r"g'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}"),
    ("relu'(x) = 1 if x > 0 else 0", r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}"),
    ("g'(z) = 0 si z < 0 ; 1 sinon", r"g'(z) = \begin{cases} 0 & z < 0 \\ 1 & \text{otherwise} \end{cases}"),
    ("relu'(x) = 0 wenn x < 0; 1 wenn x > 0", r"\mathrm{ReLU}'(x) = \begin{cases} 0 & x < 0 \\ 1 & x > 0 \end{cases}"),
    ("f(x) = 2*x + 1 for x > 0", r"f(x) = \begin{cases} 2 \cdot x + 1 & x > 0 \end{cases}"),
])
def test_a_value_followed_by_its_condition_is_read_as_a_piecewise_function(line, latex):
    found = _formula_blocks(f"# Activations\n\n{line}\n")
    assert [l for _, _, l in found] == [latex]


@pytest.mark.parametrize("line", [
    "The slope: g'(z) = 0 if z is negative",           # a condition in words kb does not read
    "g'(z) = 0 [when z < 0]; 1 [for the rest]",          # a row whose condition cannot be read
    "relu'(x) = 0 wenn x negativ ist",
])
def test_a_case_whose_rows_cannot_be_read_is_not_read_at_all(line):
    # `g'(z) = 0` cut from its piecewise statement would be checked as the whole derivative and called wrong
    assert _formula_blocks(f"# ReLU\n\n{line}\n") == []


def test_a_plain_text_piecewise_derivative_is_checked_whole():
    relu = "# ReLU\n\n```python\ng(z) = a = max(0, z)\ng'(z) = {} [when z < 0]; {} [when z >= 0]  # (A > 0)\n```\n"
    assert _checks(relu.format(0, 1)) == {4: "verified", 5: "verified"}
    assert _checks(relu.format(1, 0)) == {4: "verified", 5: "note_differs"}


def test_a_word_after_a_formula_that_is_no_condition_keeps_the_formula():
    assert [t for _, t, _ in _formula_blocks("# Loss\n\nL = -log(p) for each class\n")] == ["L = -log(p)"]


# ---- metric formulas that a list item names ---------------------------------------------------------------------

@pytest.mark.parametrize("item, entry", [
    ("- Précision = VP / (VP + FP)", "precision"),            # French counts VP, VN; a name with an accent
    ("- Rappel : VP / (VP + FN)", "recall"),
    ("- precisión = TP / \\(TP + FP\\)", "precision"),         # Markdown-escaped parentheses
    ("- exhaustividad (recall) = TP / \\(TP + FN\\)", "recall"),
    ("- 適合率 = TP / (TP + FP)", "precision"),
    ("- 재현율: TP / (TP + FN)", "recall"),
    ("* Spezifität: RN / (RN + FP)", "specificity"),            # German counts RP, RN
])
def test_a_metric_that_a_list_item_names_is_checked(item, entry):
    note = parse_text(f"# Metrics\n\n{item}\n- F1 = 2 * P * R / (P + R)\n", "note.md")
    checks = {c.source.line: c.check for c in attach_checks([note], make_cards(note)) if c.kind == "formula" and c.check}
    assert checks[3].status == "verified" and checks[3].formula_id == entry, checks[3].detail


def test_a_symbol_is_never_read_from_inside_a_word():
    # `precisión`: the reader's names are ASCII, so the n after ó was read as a symbol and `n = TP/(TP+FP)` as the
    # formula; the word names the expression instead
    assert [t for _, t, _ in _formula_blocks("# M\n\n- precisión = TP / (TP + FP)\n")] == ["TP / (TP + FP)"]
    assert [t for _, t, _ in _formula_blocks("# M\n\n精确率为TP/(TP+FP)。\n")] == ["TP/(TP+FP)"]   # CJK: no spaces


# ---- transposes and matrix products in code ------------------------------------------------------------------

@pytest.mark.parametrize("code, latex", [
    ("theta = np.linalg.inv(X.T @ X) @ X.T @ y", r"\theta = \left(X^{\top} X\right)^{-1} X^{\top} y"),
    ("w = np.dot(np.linalg.inv(np.dot(X.T, X)), np.dot(X.T, y))", r"w = \left(X^{\top} X\right)^{-1} X^{\top} y"),
    ("scores = Q @ K.T / np.sqrt(d_k)", r"\mathrm{scores} = \frac{Q K^{\top}}{\sqrt{d_{k}}}"),
    ("g = np.dot(A, B).T", r"g = \left(A B\right)^{\top}"),   # the transpose of the whole product
    ("z = X.dot(w) + b", r"z = X w + b"),
])
def test_numpy_transposes_and_matrix_products_read_as_latex_writes_them(code, latex):
    """X.T is the transpose (X^⊤), not an attribute T; @, np.dot and .dot are matrix products; linalg.inv the inverse."""
    assert to_latex(code, code=True) == latex


def test_a_code_normal_equation_is_checked():
    checks = _checks("# Normal equation\n\n```python\ntheta = np.linalg.inv(X.T @ X) @ X.T @ y\n```\n\n"
                     "```python\ntheta = X.T @ X @ X.T @ y\n```\n")
    assert checks == {4: "verified", 8: "note_differs"}
