from kb.read.kinds import detect_kind
from tests.conftest import note_with

OUTLINE = """Background
MobileDrive
Backbone: extracts features

Pruning
Channel Pruning
Goal: remove channels

# Get the weights of a layer
weights = model.layers[1].get_weights()[0]
# Compute norms
norms = np.linalg.norm(weights, axis=(0, 1, 2))
"""

QA = "\n".join(["Course notes", "Unit 1 - Basics"] + [f"What is thing {i}?\nIt is answer {i}." for i in range(8)])

SLIDES = "Deck title\n\n\n\nSlide one\n\nSome text\n\n$$x = y + 1$$\n\n\nSlide two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"

MARKDOWN = "# Title\n\n## Part\n\nText with $x=1$ and **bold**.\n\n## Other\n\n![](Figures/a.png)\n"


def _kind_of(fragment: str) -> str:
    return detect_kind(note_with(fragment).read_text(encoding="utf-8"))


def test_the_five_notes_by_content():
    assert _kind_of("MobileDrive") == "outline"
    assert _kind_of("EECS498 Computer Vision with Justin") == "qa"
    assert _kind_of("Глобальные дескрипторы") == "slides"
    assert _kind_of("Deep Learning Related Topics") == "markdown"
    assert _kind_of("Sign in") == "webdump"


def test_python_comments_are_not_markdown_headings():
    assert detect_kind(OUTLINE) == "outline"


def test_new_notes_of_each_kind():
    assert detect_kind(QA) == "qa"
    assert detect_kind(SLIDES) == "slides"
    assert detect_kind(MARKDOWN) == "markdown"
    assert detect_kind("") == "outline"


def test_a_few_headings_with_list_items_is_markdown():
    text = "# Deep lists\n\n## Nesting\n\n- level 0\n  - level 1\n    - level 2\n"
    assert detect_kind(text) == "markdown"


def test_the_final_newline_does_not_make_a_two_line_note_look_like_slides():
    assert detect_kind("Label Smoothing\nLabel smoothing mixes the target with a uniform distribution.\n") == "outline"


def test_a_markdown_note_without_headings_is_markdown_by_its_own_markup():
    # An Obsidian or Typora note is named by its file; it writes math in dollars and code spans.
    text = ("We start from $v_{dW} = 0$ before the first step.\nOn iteration `t` :\n"
            " - Average the gradients: $$v_{dW} = \\beta v_{dW} + (1 - \\beta) dW$$\n")
    assert detect_kind(text) == "markdown"
    # A plain-text outline writes none of it, however many list items it has.
    assert detect_kind("Metrics\nPrecision: share of predicted positives that are right\n- rises with the threshold\n") == "outline"


def test_a_few_headings_with_raw_html_is_markdown():
    """Blogs and editors embed HTML in Markdown (`<br>`, `<img …>`, `<figure>`): with a heading, that is Markdown,
    whose headings must open sections (a plain-text outline reads `## Sigmoid` as a line of text)."""
    text = "# Notes\n\n## Sigmoid\nIt squashes values.<br>\nMore text.\n"
    assert detect_kind(text) == "markdown"
    assert detect_kind("# Notes\n\n## Sigmoid\n\n<img src=\"s.png\" alt=\"curve\">\n") == "markdown"
    assert detect_kind("Notes\nA size < 3 and > 1 is fine\n") == "outline"
