from tests.parse_helpers import parse_full, parse_text, section

EXCERPT = """---
date: 2020-02-20
---
# Deep Learning Related Topics

## 卷积大小

$O=\\lfloor\\frac{W-F+2P}{S}\\rfloor+1$

把传统卷积变成depth-wise卷积，参数 $D_K\\times D_K$ 更少
![示意图](Figures/a.png)
👆解释

$$
y = \\gamma x + \\beta
$$

- 项目 $a=b+c$
- other

> 引用

```python
x = 1
```
"""


def test_blocks_kinds_lines_and_sources():
    note = parse_text(EXCERPT)
    assert note.kind == "markdown" and note.title == "Deep Learning Related Topics"
    conv = section(note, "卷积大小")
    assert conv.path == ("Deep Learning Related Topics", "卷积大小") and conv.lang == "zh" and conv.line == 6
    kinds = [(b.kind, b.line) for b in conv.blocks]
    assert kinds == [
        ("formula", 8), ("paragraph", 10), ("formula", 10), ("image", 11), ("paragraph", 12),
        ("formula", 14), ("list", 18), ("formula", 18), ("quote", 21), ("code", 23),
    ]
    lone, _, inline, image, _, display, lst, in_list, _, _ = conv.blocks
    assert not lone.display and lone.latex == "O=\\lfloor\\frac{W-F+2P}{S}\\rfloor+1"
    assert inline.latex == "D_K\\times D_K" and not inline.display
    assert image.src == "Figures/a.png" and image.alt == "示意图" and image.text == "![示意图](Figures/a.png)"
    assert display.display and display.latex == "y = \\gamma x + \\beta"
    assert lst.text == "- 项目 $a=b+c$\n- other" and in_list.latex == "a=b+c"


def test_paragraph_text_is_the_authors_source():
    note = parse_text("# T\n\nSome <u>**bold**</u> text\nsecond line\n")
    block = note.sections[0].blocks[0]
    assert block.text == "Some <u>**bold**</u> text\nsecond line"


def test_full_markdown_headings_point_at_their_lines():
    note = parse_full("Deep Learning Related Topics")
    lines = note.source.text.split("\n")
    for s in note.sections:
        assert lines[s.line - 1].lstrip("#").strip() == s.heading
    images = [b for s in note.sections for b in s.blocks if b.kind == "image"]
    assert images and all(b.src for b in images)


def _formulas(text: str) -> list[tuple[int, str]]:
    note = parse_text(text, "n.md")
    return [(b.line, b.latex) for s in note.sections for b in s.blocks if b.kind == "formula"]


def test_a_list_item_that_is_one_display_formula_keeps_its_formula():
    """GitBook and Typora exports write `* $$m_t = ...$$`: markdown-it makes it a math block inside the list."""
    text = "# Adam\n\n* $$m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t$$\n* $$m_t$$ is the first moment\n"
    assert (3, "m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t") in _formulas(text)


def test_each_row_of_a_system_of_definitions_is_a_formula_on_its_own_line():
    text = ("# BN\n\n$$\n\\begin{align}\n&\\mu = \\frac{1}{B}\\sum_{i=1}^{B}x_{i} \\quad x_{i} \\text{ - vector}\\\\\n"
            "&\\sigma^{2} = \\frac{1}{B}\\sum_{i=1}^{B}(x_{i}-\\mu)^{2}\n\\end{align}\n$$\n")
    assert _formulas(text) == [(5, "\\mu = \\frac{1}{B}\\sum_{i=1}^{B}x_{i}"),
                               (6, "\\sigma^{2} = \\frac{1}{B}\\sum_{i=1}^{B}(x_{i}-\\mu)^{2}")]


def test_groups_of_rows_in_invisible_delimiters_are_one_formula_per_row_on_its_own_line():
    """`\\left.\\begin{aligned} .. \\end{aligned}\\right. \\\\ \\left.\\begin{aligned} ..`: formula editors brace groups of
    equations with delimiters that draw nothing; each group is a system, each row a statement on its line, and two
    rows that start alike (softplus, softplus') are each found on their own line."""
    text = ("# Act\n\n$$\n\\left.\\begin{aligned} \\sigma(x) & = \\frac{1}{1 + e^{-x}} \\\\\n"
            "\\tanh(x) & = 2\\sigma(2x) - 1 \\end{aligned} \\right. \\\\\n"
            "\\left.\\begin{aligned} \\mathrm{softplus}(x) & = \\log(1 + e^{x}) \\\\\n"
            "\\mathrm{softplus}'(x) & = \\sigma(x) \\end{aligned} \\right.\n$$\n")
    assert [(line, " ".join(latex.split())) for line, latex in _formulas(text)] == [
        (4, "\\sigma(x) = \\frac{1}{1 + e^{-x}}"), (5, "\\tanh(x) = 2\\sigma(2x) - 1"),
        (6, "\\mathrm{softplus}(x) = \\log(1 + e^{x})"), (7, "\\mathrm{softplus}'(x) = \\sigma(x)")]
    # text between the groups, or anything but groups, keeps the display whole
    whole = "# Act\n\n$$\\left.\\begin{aligned} a & = 1 \\end{aligned}\\right\\} \\text{so} \\\\ b = 2$$\n"
    assert len(_formulas(whole)) == 1


def test_two_statements_separated_by_a_quad_are_two_formulas():
    text = "# Adam\n\n$$\\hat{m}_t = \\frac{m_t}{1 - \\beta_1^t}, \\quad \\hat{v}_t = \\frac{v_t}{1 - \\beta_2^t}$$\n"
    assert [latex for _, latex in _formulas(text)] == ["\\hat{m}_t = \\frac{m_t}{1 - \\beta_1^t}",
                                                       "\\hat{v}_t = \\frac{v_t}{1 - \\beta_2^t}"]


def test_a_system_in_display_math_inside_a_list_item_is_one_formula_per_statement_on_its_own_line():
    """`- Compute: $$\\begin{aligned} .. \\\\ .. \\end{aligned}$$` inside a list item is inline display math: its rows,
    and two equations a gap of space commands apart on one row, are separate statements, each on its line."""
    text = ("# Adam\n\n- Compute: $$\\begin{aligned}\n"
            "V_{dw} = \\beta_1 V_{dw} + (1 - \\beta_1) dw \\ \\ \\ \\ V_{db} = \\beta_1 V_{db} + (1 - \\beta_1) db \\\\\n"
            "S_{dw} = \\beta_2 S_{dw} + (1 - \\beta_2) dw^2 \\;\\;\\; S_{db} = \\beta_2 S_{db} + (1 - \\beta_2) db^2\n"
            "\\end{aligned}$$\n- then the step\n")
    assert _formulas(text) == [
        (4, "V_{dw} = \\beta_1 V_{dw} + (1 - \\beta_1) dw"), (4, "V_{db} = \\beta_1 V_{db} + (1 - \\beta_1) db"),
        (5, "S_{dw} = \\beta_2 S_{dw} + (1 - \\beta_2) dw^2"), (5, "S_{db} = \\beta_2 S_{db} + (1 - \\beta_2) db^2")]
    sentence = "# Adam\n\nFor the bias: $$v = \\beta v + (1-\\beta) g \\qquad s = \\beta s + (1-\\beta) g^2$$ each step.\n"
    assert [latex for _, latex in _formulas(sentence)] == ["v = \\beta v + (1-\\beta) g", "s = \\beta s + (1-\\beta) g^2"]


def test_a_space_command_typed_after_a_row_break_is_no_part_of_the_next_row():
    text = "# GD\n\n$$\n\\begin{aligned}\nw &= w - \\alpha g_w \\\\\\ \nb &= b - \\alpha g_b\n\\end{aligned}\n$$\n"
    assert _formulas(text) == [(5, "w  = w - \\alpha g_w"), (6, "b  = b - \\alpha g_b")]


def test_one_space_command_is_spacing_inside_a_formula_not_a_gap_between_two():
    latex = "\\text{sample}\\ 1\\ \\text{loss} = -\\log 0.4"
    assert [got for _, got in _formulas(f"# T\n\n- worked: $${latex}$$\n")] == [latex]


def test_a_chain_an_optimisation_problem_and_a_side_condition_stay_whole():
    chain = "\\begin{aligned} O &= \\frac{W-F}{S}+1 \\\\ &= 5 \\end{aligned}"
    problem = "\\begin{aligned} &\\text{maximize}_m \\quad ACC(m) \\\\ \\text{subject to} \\quad &LAT(m) \\leq T \\end{aligned}"
    side = "x = \\frac{a}{b} \\quad \\text{for } b \\neq 0"
    for latex in (chain, problem, side):
        assert [got for _, got in _formulas(f"# T\n\n$${latex}$$\n")] == [latex]


_TABLE = """# Cheat sheet

| Name | Formula | Range |
|------|---------|-------|
| **ReLU** | $\\max(0, z)$ | $[0, \\infty)$ |
| Sigmoid | see above | $(0, 1)$ |

| Function | Derivative |
|----------|------------|
| Tanh | $1-\\tanh^2(z)$ |
"""


def test_a_table_cell_that_is_one_formula_is_a_formula_named_by_its_row():
    blocks = [b for b in section(parse_text(_TABLE, "t.md"), "Cheat sheet").blocks if b.kind == "formula"]
    # the range cells stand right of the formula (nothing labels them); a derivative column adds its header
    assert [(b.line, b.latex, b.alt) for b in blocks] == [
        (5, "\\max(0, z)", "ReLU"), (10, "1-\\tanh^2(z)", "Tanh (Derivative)")]


def test_a_display_that_opens_with_a_relation_continues_the_left_side_of_the_display_above():
    """A derivation written one `$$...$$` per step: `$$= B$$` right after `$$f'(x) = A$$` states f'(x) = B, a
    formula of its own on its own line; after prose (`The loss $$= ...$$`) or after a display without a relation
    it stays as written."""
    text = ("# Sigmoid\n\n$$\\sigma'(x) = \\frac{e^{-x}}{(1+e^{-x})^2}$$\n$$ = \\sigma(x)(1-\\sigma(x)) $$\n"
            "$$= \\sigma(x) - \\sigma(x)^2$$\n\nThe loss\n$$= -\\log p$$\n\n$$\\frac{a}{b}$$\n$$= c$$\n")
    assert _formulas(text) == [
        (3, "\\sigma'(x) = \\frac{e^{-x}}{(1+e^{-x})^2}"), (4, "\\sigma'(x) = \\sigma(x)(1-\\sigma(x))"),
        (5, "\\sigma'(x) = \\sigma(x) - \\sigma(x)^2"), (8, "= -\\log p"), (10, "\\frac{a}{b}"), (11, "= c")]
