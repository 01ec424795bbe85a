"""The author's LaTeX macros (kb/macros): defined in a note, in kb.toml or in a tool's configuration, written out
where they are used, so that cards render and formulas written with them are checked."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.build import build, note_files
from kb.config import ConfigError
from kb.macros import Macro, expand
from kb.macros.folder import folder_macros, macros_for
from kb.macros.table_rules import drawable_rules
from kb.macros.undefined import undefined_macros
from kb.macros.tex_definitions import definitions, without_definitions

_TABLE = {"vx": Macro("vx", r"\mathbf{x}"), "norm": Macro("norm", r"\left\|#1\right\|", 1),
          "E": Macro("E", r"\mathbb{E}_{#1}\left[#2\right]", 2, ""), "sigm": Macro("sigm", r"\frac{1}{1+e^{-#1}}", 1)}


@pytest.mark.parametrize(("text", "written_out"), [
    (r"\vx_i", r"\mathbf{x}_i"),
    (r"\norm{\vx}^2", r"\left\|\mathbf{x}\right\|^2"),
    (r"\norm x", r"\left\|x\right\|"),                       # one token is an argument, as in TeX
    (r"\E[q]{\vx}", r"\mathbb{E}_{q}\left[\mathbf{x}\right]"),
    (r"\E{f}", r"\mathbb{E}_{}\left[f\right]"),               # the optional argument left out: its default
    (r"\sigm{z}", r"\frac{1}{1+e^{-z}}"),
    (r"\vxx + \Vx", r"\vxx + \Vx"),                           # other names are left alone
    (r"a \\ \vx", r"a \\ \mathbf{x}"),                        # a row break is no macro
])
def test_a_use_is_written_out_as_tex_would(text, written_out):
    assert expand(text, _TABLE) == written_out


def test_a_macro_that_uses_itself_stops():
    assert expand(r"\loop", {"loop": Macro("loop", r"\loop x")}).count("x") > 3


def test_tex_definitions_of_every_kind_are_read_and_taken_out():
    text = "\n".join([r"\newcommand{\vx}{\mathbf{x}}", r"\renewcommand\R{\mathbb{R}}",
                      r"\providecommand{\norm}[1]{\left\|#1\right\|}", r"\newcommand{\E}[2][]{\mathbb{E}_{#1}[#2]}",
                      r"\def\Loss#1{\mathcal{L}(#1)}", r"\DeclareMathOperator*{\argmax}{arg\,max}", "y = \\vx"])
    found = {macro.name: macro for macro, _, _ in definitions(text)}
    assert found["vx"] == Macro("vx", r"\mathbf{x}") and found["R"] == Macro("R", r"\mathbb{R}")
    assert found["norm"].arguments == 1 and found["E"] == Macro("E", r"\mathbb{E}_{#1}[#2]", 2, "")
    assert found["Loss"].arguments == 1 and found["argmax"].body == r"\operatorname*{arg\,max}"
    assert without_definitions(text).strip() == "y = \\vx"


_CONFIGS = {
    "kb.toml": '[macros]\nvx = "\\\\mathbf{x}"\nsigm = ["\\\\frac{1}{1+e^{-#1}}", 1]\n',
    "myst.yml": "project:\n  math:\n    '\\vx': '\\mathbf{x}'\n    '\\sigm': ['\\frac{1}{1+e^{-#1}}', 1]\n",
    "_config.yml": ("sphinx:\n  config:\n    mathjax3_config:\n      tex:\n        macros:\n"
                    "          vx: '\\mathbf{x}'\n          sigm: ['\\frac{1}{1+e^{-#1}}', 1]\n"),
    "conf.py": ("extensions = ['sphinx.ext.mathjax']\nmathjax3_config = {'tex': {'macros': "
                "{'vx': r'\\mathbf{x}', 'sigm': [r'\\frac{1}{1+e^{-#1}}', 1]}}}\n"),
    "_macros.tex": "\\newcommand{\\vx}{\\mathbf{x}}\n\\newcommand{\\sigm}[1]{\\frac{1}{1+e^{-#1}}}\n",
    "notation.sty": "\\ProvidesPackage{notation}\n\\newcommand{\\vx}{\\mathbf{x}}\n\\newcommand{\\sigm}[1]{\\frac{1}{1+e^{-#1}}}\n",
}
_NOTE = "# Sigmoid\n\nThe sigmoid of $\\vx$:\n\n$$\\sigma(x) = \\sigm{x}$$\n\nA slip:\n\n$$\\sigma(x) = \\sigm{(-x)}$$\n"


def _checks(result) -> dict[int, tuple[str, str]]:
    return {card.source.line: (card.check.status, card.check.note_latex) for card in result.cards
            if card.kind == "formula" and card.check}


@pytest.mark.parametrize("config", sorted(_CONFIGS))
def test_macros_from_each_tools_configuration_are_written_out_and_checked(tmp_path, config):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "sigmoid.md").write_text(_NOTE, encoding="utf-8")
    (notes / config).write_text(_CONFIGS[config], encoding="utf-8")
    result = build(notes, tmp_path / "out")
    assert _checks(result) == {5: ("verified", r"\sigma(x) = \frac{1}{1+e^{-x}}"),
                               9: ("note_differs", r"\sigma(x) = \frac{1}{1+e^{-(-x)}}")}
    assert [path.name for path in note_files(notes)] == ["sigmoid.md"]     # configuration, not a note
    assert r"\mathbf{x}" in (tmp_path / "out" / "cards.json").read_text(encoding="utf-8")


def test_a_notes_own_definitions_are_used_in_all_its_formulas_and_leave_no_card(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "relu.md").write_text("# ReLU\n\n$$\\newcommand{\\relu}{\\operatorname{ReLU}}$$\n\n"
                                   "$$\\relu(x) = \\max(0, x)$$\n\n```python\nprint(r'\\relu')\n```\n",
                                   encoding="utf-8")
    result = build(notes, tmp_path / "out", emitters=[])
    assert _checks(result) == {5: ("verified", r"\operatorname{ReLU}(x) = \max(0, x)")}
    assert not any("newcommand" in card.front + card.back for card in result.cards)
    code = [block.text for note in result.notes for section in note.sections for block in section.blocks
            if block.kind == "code"]
    assert code and "print(r'\\relu')" in code[0]    # code is left as written


def test_a_deeper_folders_macros_apply_below_it_and_override(tmp_path):
    notes = tmp_path / "notes"
    (notes / "book").mkdir(parents=True)
    (notes / "kb.toml").write_text('[macros]\nL = "\\\\mathcal{L}"\nvx = "x"\n', encoding="utf-8")
    (notes / "book" / "_macros.tex").write_text("\\newcommand{\\vx}{\\mathbf{x}}\n", encoding="utf-8")
    folders = folder_macros(notes)
    assert macros_for(folders, "top.md")["vx"].body == "x"
    assert macros_for(folders, "book/ch1/a.md")["vx"].body == r"\mathbf{x}"
    assert macros_for(folders, "book/a.md")["L"].body == r"\mathcal{L}"


def test_changing_a_configuration_rebuilds_the_notes_under_it(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "sigmoid.md").write_text(_NOTE, encoding="utf-8")
    (notes / "myst.yml").write_text(_CONFIGS["myst.yml"], encoding="utf-8")
    build(notes, tmp_path / "out")
    (notes / "myst.yml").write_text(_CONFIGS["myst.yml"].replace("\\mathbf{x}", "\\boldsymbol{x}"), encoding="utf-8")
    build(notes, tmp_path / "out")
    assert "\\\\boldsymbol{x}" in (tmp_path / "out" / "cards.json").read_text(encoding="utf-8")


def test_an_unreadable_configuration_stops_the_build_naming_the_file(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "sigmoid.md").write_text(_NOTE, encoding="utf-8")
    (notes / "myst.yml").write_text("project:\n  math:\n    '\\vx': [1, 2, 3, 4]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="myst.yml: error: cannot read its macros"):
        build(notes, tmp_path / "out")
    assert not (tmp_path / "out" / "cards.json").exists()


def test_kb_serve_sees_a_save_of_a_macro_configuration(tmp_path):
    from kb.serve import snapshot
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "myst.yml").write_text(_CONFIGS["myst.yml"], encoding="utf-8")
    (tmp_path / "a.md").write_text(_NOTE, encoding="utf-8")
    before = snapshot(tmp_path)
    (tmp_path / "book" / "myst.yml").write_text(_CONFIGS["myst.yml"] + "\n", encoding="utf-8")
    assert "book/myst.yml" in before and snapshot(tmp_path) != before


# ---------------------------------------------------------------- table rules (kb.macros.table_rules)

@pytest.mark.parametrize(("latex", "drawn"), [
    (r"\begin{aligned} a &= b \\ \hline c &= d \end{aligned}", r"\begin{aligned} a &= b \\   c &= d \end{aligned}"),
    (r"\begin{eqnarray} a &=& b \\ \hline c &=& d \end{eqnarray}", r"\begin{eqnarray} a &=& b \\   c &=& d \end{eqnarray}"),
    (r"a = b \hline", r"a = b  "),                                                 # outside any environment
    (r"\begin{array}{cc} a & b \\ \cline{1-2} c & d \end{array}", r"\begin{array}{cc} a & b \\   c & d \end{array}"),
    (r"\begin{array}{c|c} a & b \\ \hline c & d \end{array}", r"\begin{array}{c|c} a & b \\ \hline c & d \end{array}"),
    (r"\begin{align} a &= \begin{pmatrix} 1 \\ \hline 2 \end{pmatrix} \end{align}",   # the innermost environment rules
     r"\begin{align} a &= \begin{pmatrix} 1 \\ \hline 2 \end{pmatrix} \end{align}"),
    (r"\begin{gathered} \begin{array}{c} 1 \end{array} \\ \hline x \end{gathered}",
     r"\begin{gathered} \begin{array}{c} 1 \end{array} \\   x \end{gathered}"),
    (r"\hlinex = 1", r"\hlinex = 1"),                                              # another command's name
])
def test_a_rule_stays_only_where_both_renderers_draw_it(latex, drawn):
    assert drawable_rules(latex) == drawn


def test_rows_under_a_rule_are_checked_and_the_rule_is_gone_where_it_cannot_be_drawn(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "sigmoid.md").write_text("# Sigmoid\n\n$$\n\\begin{aligned}\n\\sigma(x) &= \\frac{1}{1+e^{-x}} \\\\ \\hline\n"
                                      "\\sigma'(x) &= \\sigma(x)(1+\\sigma(x))\n\\end{aligned}\n$$\n", encoding="utf-8")
    result = build(notes, tmp_path / "out")
    assert {line: status for line, (status, _) in _checks(result).items()} == {5: "verified", 6: "note_differs"}
    assert "hline" not in (tmp_path / "out" / "cards.json").read_text(encoding="utf-8")


# ---------------------------------------------------------------- undefined macros (kb.macros.undefined)

_UNDEFINED_NOTE = ("# Risk\n\n$$\\Loss(\\vw) = \\E[\\ell(y, f(x))] + \\norm{\\vw}$$\n\nThen $\\vw \\in \\R^d$, "
                   "$\\text{as \\cite{x}}$, $a \\\\R$.\n\n$$\n\\begin{aligned}\na &= \\Loss(b) \\\\\n\\vw &= 2\n"
                   "\\end{aligned}\n$$\n")


def test_the_macros_nobody_defines_are_named_in_one_warning_with_their_lines(tmp_path):
    assert undefined_macros(r"\Loss(\vw) + \E[x] + \norm{x} + \frac{a}{b} + \text{\cite{x}} + a \\R") == ["Loss", "vw"]
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "risk.md").write_text(_UNDEFINED_NOTE, encoding="utf-8")
    result = build(notes, tmp_path / "out")
    problems = [str(d) for d in result.diagnostics if "risk.md" in str(d)]
    assert problems == ["risk.md:3: warning: 2 undefined macros in risk.md: \\Loss (lines 3, 9), \\vw (lines 3, 5, 10); "
                        "define them in kb.toml [macros]"]   # and no warning per card or per rendered formula


def test_macros_defined_in_kb_toml_are_not_warned_of(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "risk.md").write_text(_UNDEFINED_NOTE, encoding="utf-8")
    (notes / "kb.toml").write_text('[macros]\nLoss = "\\\\mathcal{L}"\nvw = "\\\\mathbf{w}"\n', encoding="utf-8")
    result = build(notes, tmp_path / "out", emitters=[])
    assert not [d for d in result.diagnostics if "undefined" in d.message]
