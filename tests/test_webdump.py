from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from kb.read import read_bytes
from kb.read.webdump import extract_webdump, looks_like_webdump

from tests.conftest import FIXTURES, NOTES, note_with

DUMP_FRAGMENT = "• Create new note"
EDITOR_UI = (FIXTURES / "webdump" / "editor_ui.txt").read_text(encoding="utf-8")
EXPECTED = (FIXTURES / "webdump" / "expected.md").read_text(encoding="utf-8")


def collapse(markdown: str) -> str:
    """What the editor page dump does to a note: every run of whitespace becomes one space."""
    return " ".join(markdown.split())


def dump_of(markdown: str) -> str:
    return EDITOR_UI.replace("{note}", collapse(markdown))


def parse(markdown: str):
    return MarkdownIt("commonmark").use(dollarmath_plugin).enable("table").parse(markdown)


def headings(markdown: str) -> list[str]:
    tokens = parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


@pytest.fixture(scope="module")
def real_dump() -> str:
    return note_with(DUMP_FRAGMENT).read_text(encoding="utf-8")


# --- the real dump ---------------------------------------------------------------------------------

def test_real_dump_is_recognised(real_dump):
    assert looks_like_webdump(real_dump)


def test_real_dump_extracts_the_reviewed_markdown(real_dump):
    text, _ = extract_webdump(real_dump)
    assert text + "\n" == EXPECTED


def test_real_dump_line_map_points_at_the_collapsed_note(real_dump):
    text, line_map = extract_webdump(real_dump)
    note_line = next(i for i, line in enumerate(real_dump.split("\n"), 1) if line.strip().startswith("# "))
    assert len(line_map) == len(text.split("\n")) > 300
    assert set(line_map) == {note_line}


def test_real_dump_sections_and_formulas(real_dump):
    text, _ = extract_webdump(real_dump)
    titles = headings(text)
    assert titles[:2] == ["CNN Note", "Overview"]
    for title in ("Output Size of Convolution", "SSD — Single Shot Detector", "Atrous Convolution", "MobileNetV2"):
        assert title in titles
    formulas = [t.content.strip() for t in parse(text) if t.type == "math_block"]
    assert formulas == [
        r"W_O = \frac{W_I - F + 2P}{S} + 1",
        r"H_O = \frac{H_I - F + 2P}{S} + 1",
        r"\# outputs = \# input filters",
    ]
    assert "- $W_I$ means input width" in text.split("\n")
    assert "$(c+4)kmn$" in text


def test_real_dump_keeps_images_captions_and_links(real_dump):
    text, _ = extract_webdump(real_dump)
    lines = text.split("\n")
    assert "![image alt](https://miro.medium.com/max/896/1*JFJtXP5ukd9T2JnZCcIrcQ.png)" in lines
    assert "<center>A standard 2D convolution kernel</center>" in lines
    assert "- first introduced by [Xception](https://arxiv.org/abs/1610.02357)" in lines
    # URL fragments are not headings
    assert any(line.endswith("#slide=id.p1") for line in lines)


def test_real_dump_numbered_items_keep_their_sub_bullets(real_dump):
    text, _ = extract_webdump(real_dump)
    lines = text.split("\n")
    start = lines.index("1. Hard Negative Mining")
    assert lines[start + 1].startswith("   - Instead of using all the negative examples")
    assert "2. Data Augmentation" in lines[start:]
    # "... for each level is 9. Therefore" is prose, not item 9
    assert not any(line.startswith("9. ") for line in lines)


@pytest.mark.parametrize("ui_text", [
    "Sign in via GitHub", "Import from Dropbox", "Create new note", "Unordered List", "Cheatsheet",
    "Owned this note", "Do you really want to delete this note?", "Push successfully", "•",
])
def test_real_dump_drops_the_editor_ui(real_dump, ui_text):
    text, _ = extract_webdump(real_dump)
    assert ui_text not in text


def test_pipeline_reads_the_dump_as_its_note():
    path = note_with(DUMP_FRAGMENT)
    source = read_bytes(path.read_bytes(), path.name)
    assert source.kind == "webdump"
    assert "#### SSD — Single Shot Detector" in source.text.split("\n")
    assert source.source_line(1) == source.source_line(len(source.line_map)) > 1


# --- negatives -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [p for p in sorted(NOTES.iterdir()) if DUMP_FRAGMENT.encode() not in p.read_bytes()],
                         ids=lambda p: p.name)
def test_other_notes_are_not_dumps(path: Path):
    assert not looks_like_webdump(path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.parametrize("text", [
    "# Title\n\n## Part\n\n- a - b - c\n- d\n\n$$\nx = 1\n$$\n",
    # a plain-text outline with bullets and prose dashes, but no collapsed Markdown
    "Plan\n" + "".join(f"  • point {i} - fast - cheap - simple\n" for i in range(10)),
    # menu bullets, but every Markdown construct sits on its own line
    "• a\n• b\n• c\n• d\n• e\n# Heading\n- item\n![x](y.png)\n",
    "What is a CNN?\nA network.\nWhy pool?\nTo shrink.\n",
    "",
])
def test_synthetic_negatives(text):
    assert not looks_like_webdump(text)


# --- synthetic dumps: a different note inside a similar editor ----------------------------------------

SHORT_NOTE = """\
# Optimiser Notes
## Momentum
- velocity $v_t = \\beta v_{t-1} - \\eta g_t$ keeps a running direction
- see [the #1 paper - PDF](https://example.org/paper.pdf#page=2)
* starred item with \\# escaped hash

$$
v_t = \\beta v_{t-1} + (1 - \\beta) g_t \\# step
$$

### Steps
1. Compute the gradient
   - use a minibatch
2. Update the velocity
   - keep $\\beta = 0.9$
3. Move the weights
## Picture
![update rule](https://example.org/a/b.png)
<center>The update rule - visualised</center>

| name | value |
| --- | :-: |
| beta | 0.9 |
| - | 1. x |

```python
w -= lr * v # not a heading - not an item
```

> Momentum damps oscillations
#### End
- last words"""


def test_synthetic_dump_is_recognised():
    assert looks_like_webdump(dump_of(SHORT_NOTE))


def test_synthetic_dump_recovers_the_note():
    dump = dump_of(SHORT_NOTE)
    text, line_map = extract_webdump(dump)
    assert text == SHORT_NOTE
    note_line = dump.split("\n").index("    " + collapse(SHORT_NOTE)) + 1
    assert line_map == (note_line,) * len(SHORT_NOTE.split("\n"))


def test_synthetic_dump_parses_into_the_same_structure():
    text, _ = extract_webdump(dump_of(SHORT_NOTE))
    kinds = [t.type for t in parse(text) if t.type.endswith("_open") or t.type in ("math_block", "fence")]
    assert kinds == [t.type for t in parse(SHORT_NOTE) if t.type.endswith("_open") or t.type in ("math_block", "fence")]
    assert headings(text) == ["Optimiser Notes", "Momentum", "Steps", "Picture", "End"]


def test_front_matter_gets_one_key_per_line():
    note = "---\ntitle: Week 3: Optimisers\ntags: ml, notes\n---\n\n# Week 3\n- first point"
    text, _ = extract_webdump(dump_of(note))
    assert text == note


def test_heading_followed_by_a_bare_url_ends_before_it():
    note = "# Links\n## Paper\nhttps://arxiv.org/abs/1512.03385\n## Code\n- https://github.com/x/y"
    text, _ = extract_webdump(dump_of(note))
    assert text == note


# --- properties ----------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_and_maps_every_line(text):
    out, line_map = extract_webdump(text)
    assert len(line_map) == len(out.split("\n")) == len(out.splitlines() or [""])
    assert all(1 <= line <= len(text.split("\n")) for line in line_map)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("#-*$`|>![]()<>:.1 \\\n\tab"), max_size=200))
def test_never_crashes_on_markdown_punctuation(text):
    out, line_map = extract_webdump(dump_of(text))
    assert len(line_map) == len(out.split("\n"))


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
WORDS = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    st.tuples(st.integers(1, 6), WORDS).map(lambda b: "#" * b[0] + " " + b[1]),
    WORDS.map(lambda w: "- " + w + " $a - b$"),
    WORDS.map(lambda w: "$$\n" + w + " \\# x\n$$"),
    st.tuples(WORD, WORD).map(lambda b: f"![{b[0]}](https://e.org/{b[1]}.png)\n<center>{b[0]} - {b[1]}</center>"),
    st.tuples(WORD, WORD).map(lambda b: f"| {b[0]} | {b[1]} |\n| --- | --- |\n| - | {b[1]} |"),
    WORDS.map(lambda w: "```\n" + w + " # - x\n```"),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=12).map(lambda blocks: "# Note\n" + "\n".join(blocks)))
def test_collapsed_blocks_come_back_line_for_line(note):
    text, _ = extract_webdump(dump_of(note))
    assert [line for line in text.split("\n") if line] == [line for line in note.split("\n") if line]


# --- a heading and the paragraph under it, collapsed onto one line -------------------------------------

@pytest.mark.parametrize("note", [
    "# Regularisation\n## Why regularise?\nA model that fits noise does badly on new data.\n"
    "### Weight Decay\nWeight decay pulls every weight a little towards zero at each step.\n"
    "### Early stopping in practice\nStopping when the validation loss rises keeps the best model.\n"
    "### Data Augmentation for Images\nThe training set grows when flipped and cropped copies are added.",
    "# 正则化\n## 为什么要正则化？\n模型把噪声也学进去时，在新数据上表现就会变差。\n"
    "### 权重衰减\n每一步都把权重往零拉一点。\n### 数据增强 Augmentation\n翻转和裁剪能让训练集变大，效果更稳。",
])
def test_heading_and_its_paragraph_come_apart(note):
    text, _ = extract_webdump(dump_of(note))
    assert text == note


@pytest.mark.parametrize("heading", [
    "## Understanding Loss Functions in Computer Vision!",   # a Title Case title, not a sentence
    "## Using Adam with a small learning rate",               # no sentence end: nothing to split
    "## 第一章 绪论",                                          # a space inside a Chinese heading, no sentence
    "## Fig. 3 Architecture of the network",
])
def test_a_heading_without_a_paragraph_stays_whole(heading):
    note = f"# Notes\n{heading}\n- first point"
    text, _ = extract_webdump(dump_of(note))
    assert text == note


@pytest.mark.parametrize("note", [
    "# Course\n# 1. Setup\n- install it\n# 2. Training\n- run it",
    "# 课程\n## 1. 环境准备\n- 安装依赖\n## 2. 训练\n1. 运行脚本\n2. 查看日志",
])
def test_numbered_headings_stay_one_heading(note):
    text, _ = extract_webdump(dump_of(note))
    assert text == note
