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
