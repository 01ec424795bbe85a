"""kb.emit.tex_macros: common note macros become TeX that MathJax (Anki) and latex2mathml (site) know."""
import pytest

from kb.emit.html import math_html
from kb.emit.tex_macros import expand_macros


@pytest.mark.parametrize("note,expanded", [
    (r"x\in\R^n", r"x\in\mathbb{R}^n"),
    (r"\bm{x}^\T W", r"\boldsymbol{x}^{\top} W"),
    (r"\norm{x-\abs{y}}_2", r"\left\| x-\left| y \right| \right\|_2"),
    (r"\norm*{x}", r"\left\| x \right\|"),
    (r"\argmax_a Q(s,a)", r"\mathop{\mathrm{arg\,max}}_a Q(s,a)"),
    (r"x=1\label{eq:one}", "x=1"),
    # KaTeX's names, as KaTeX defines them
    (r"\Zeta\neq\Nu, a \isin \reals", r"\mathrm{Z}\neq\mathrm{N}, a \in \mathbb{R}"),
    # the physics package
    (r"\pdv{L}{c} = \pdv{L}{e}\pdv{e}{c}", r"\frac{\partial L}{\partial c} = \frac{\partial L}{\partial e}\frac{\partial e}{\partial c}"),
    (r"\pdv[2]{f}{x} + \pdv{x}", r"\frac{\partial^{2} f}{\partial x^{2}} + \frac{\partial}{\partial x}"),
    (r"\pdv{f}{x}{y}", r"\frac{\partial^{2} f}{\partial x\, \partial y}"),
    (r"\dv x \sum_i x_i", r"\frac{\mathrm{d}}{\mathrm{d} x} \sum_i x_i"),
    (r"\dv{\theta}{t}", r"\frac{\mathrm{d} \theta}{\mathrm{d} t}"),
    (r"\sigma\qty[\sum_i x_i (w_i)]^2", r"\sigma\left[ \sum_i x_i (w_i) \right]^2"),
    (r"\qty(\frac{a}{b}) + \qty{a, b} + \qty|x|", r"\left( \frac{a}{b} \right) + \left\{ a, b \right\} + \left| x \right|"),
    (r"\vb{x}\cdot\grad f", r"\mathbf{x}\cdot\nabla f"),
    # beamer overlays show everything at once
    (r"\alert{\text{train: }} o = D x \pause", r"\text{train: } o = D x "),
    (r"\only<3->{y = 1}", "y = 1"),
    # Markdown escapes typed inside math, and \hspace* whose star MathJax reads as the length
    (r"v_{\*}(s) = 0.2, \-0.5", r"v_{*}(s) = 0.2, -0.5"),
    (r"\hspace*{-5cm} t", r"\hspace{-5cm} t"),
])
def test_known_macros_are_expanded(note, expanded):
    assert expand_macros(note) == expanded


@pytest.mark.parametrize("latex", [
    r"a\Rightarrow b", r"\Theta\text{ and }\top", r"a\\R", r"a \\* b", r"\qty(a", r"\pdv", r"\norm x", r"\abs{x",
    r"\left\{ \abs \right\}", r"\mathbb{R}",
])
def test_longer_commands_escaped_backslashes_and_unbraced_uses_are_kept(latex):
    # \Rightarrow starts with \R, `\\R` is a line break then R, \norm without braces has no argument to wrap.
    assert expand_macros(latex) == latex


def test_braces_escaped_inside_an_argument_do_not_end_it():
    assert expand_macros(r"\abs{\{x\}}+1") == r"\left| \{x\} \right|+1"


@pytest.mark.parametrize("mode", ["anki", "mathml"])
def test_both_outputs_render_the_expanded_formula(mode):
    out = math_html(r"x\in\R^n", display=False, mode=mode)
    assert r"\R" not in out and ("mathbb{R}" in out if mode == "anki" else "&#x0211D;" in out)   # ℝ
