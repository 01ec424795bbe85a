"""MyST directives (Jupyter Book): text directives are quoted asides, `{math}` a display formula, other
directives stay code (kb/parse/dialects/myst.py)."""
from __future__ import annotations

from kb.parse.dialects import clean_source
from tests.parse_helpers import parse_text

NOTE = """# Bellman

```{admonition} Expected return
:class: tip

$$G_t = R_{t+1} + \\gamma G_{t+1}$$
```

```{prf:algorithm} TD(0)
:label: td0

1. $V(S) \\leftarrow V(S) + \\alpha (R + \\gamma V(S') - V(S))$
```

```{math}
:label: sigmoid

\\sigma(x) = \\frac{1}{1 + e^{-x}}
```

:::{note}
The return is discounted.
:::

```{code-cell} python
x = 1
```
"""


def test_text_directives_are_quoted_asides_and_math_a_display_every_line_on_its_line():
    lines = clean_source(NOTE).split("\n")
    assert len(lines) == len(NOTE.split("\n"))
    assert lines[2:7] == ["> Expected return", ">", ">", "> $$G_t = R_{t+1} + \\gamma G_{t+1}$$", ""]
    assert lines[8:13] == ["> TD(0)", ">", ">", "> 1. $V(S) \\leftarrow V(S) + \\alpha (R + \\gamma V(S') - V(S))$", ""]
    assert lines[14:19] == ["", "", "", "$$\\sigma(x) = \\frac{1}{1 + e^{-x}}$$", ""]
    assert lines[20:23] == ["> Note", "> The return is discounted.", ""]
    assert lines[24:27] == ["```{code-cell} python", "x = 1", "```"]     # code stays code


def test_formulas_inside_directives_are_formula_blocks_on_their_lines():
    note = parse_text(NOTE, "bellman.md")
    formulas = [(b.line, b.latex) for s in note.sections for b in s.blocks if b.kind == "formula"]
    assert (6, "G_t = R_{t+1} + \\gamma G_{t+1}") in formulas
    assert (18, "\\sigma(x) = \\frac{1}{1 + e^{-x}}") in formulas
    assert any(line == 12 for line, _ in formulas)


def test_an_unclosed_directive_fence_is_left_as_written():
    text = "# T\n\n```{note}\nno closing fence\n"
    assert clean_source(text) == text
