"""Notes written with other tools' conventions (front matter, Obsidian, Hugo, Typora, Jupyter exports...)
parse into clean sections and blocks: metadata is never text, titles are text, math in every delimiter is
a formula, embeds are images. Every note here is written for the test."""
from __future__ import annotations

import shutil
import zipfile

import pytest

from kb.build import build, default_emitters, read_inputs
from kb.cards import make_cards
from kb.parse.dialects import clean_source
from kb.parse.frontmatter import read_front_matter
from kb.parse.titles import title_from_file
from kb.read.kinds import detect_kind
from kb.read.media import is_attachment
from tests.conftest import FIXTURES
from tests.parse_helpers import parse_text

VAULT = FIXTURES / "dialects" / "vault" / "notes"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _blocks(note):
    return [block for section in note.sections for block in section.blocks]


# ---- front matter ----------------------------------------------------------------------------------

def test_yaml_front_matter_gives_title_tags_aliases_and_is_never_text():
    note = parse_text("---\ntitle: Dropout\ntags: [regularisation, nn]\naliases: [Inverted dropout]\n---\n"
                      "Dropout zeroes activations at random during training.\n", "a.md")
    assert (note.title, note.tags, note.aliases) == ("Dropout", ("regularisation", "nn"), ("Inverted dropout",))
    text = "\n".join(b.text for b in _blocks(note))
    assert "title:" not in text and "---" not in text
    assert note.sections[0].line == 1 and _blocks(note)[0].line == 6  # lines stay the file's


def test_a_yaml_title_written_as_a_list_is_its_parts_in_order():
    note = parse_text("---\ntitle:\n- Optimisers\n- Week 6\nauthor:\n- A. Tutor\n---\n\n# Overview\n\n- SGD\n", "a.md")
    assert note.title == "Optimisers Week 6"


def test_beamer_layout_divs_named_without_braces_are_markup_and_their_body_is_text():
    text = "## Why an epsilon?\n\nTo never divide by zero.\n\n::: columns\n:::: column\n- Train: batch\n::::\n:::\n"
    assert clean_source(text).split("\n")[4:] == ["", "", "- Train: batch", "", "", ""]


def test_toml_front_matter_is_read_like_yaml():
    note = parse_text('+++\ntitle = "Warmup"\ntags = ["lr"]\n+++\n\n## Linear warmup\n\nRamp the rate up.\n', "b.md")
    assert (note.title, note.tags) == ("Warmup", ("lr",))
    assert all("+++" not in b.text and "title =" not in b.text for b in _blocks(note))


def test_a_note_with_front_matter_but_no_title_is_named_by_its_first_heading():
    note = parse_text("---\ndate: 2024-01-02\n---\n# Batch norm\n\nNormalises each channel.\n", "c.md")
    assert note.title == "Batch norm"


def test_broken_front_matter_is_reported_with_its_line_and_still_not_text():
    note = parse_text("---\ntitle: [unclosed\n---\n# Heading\n\nBody text.\n", "d.md")
    assert note.title == "Heading"
    assert any(d.pos.line == 1 and "front matter" in d.message for d in note.diagnostics)
    assert all("unclosed" not in b.text for b in _blocks(note))


@pytest.mark.parametrize("block", [
    "---\nauthors:\nAna Ruiz\ntitle: Aprendizaje por refuerzo\n---",    # a value on the line under its key
    "---\ntitle: \"Aprendizaje por refuerzo\"\ndate:\t2024-03-01\n---",  # a tab YAML refuses
    '+++\ntitle = "Aprendizaje por refuerzo"\ndraft = yes\n+++',          # TOML without quotes
])
def test_a_front_matter_block_with_a_slip_elsewhere_still_gives_its_title_line(block):
    note = parse_text(block + "\n# Aprendizaje por refuerzo (RL)\n\nEl agente aprende de recompensas.\n", "e.md")
    assert note.title == "Aprendizaje por refuerzo"
    assert any(d.pos.line == 1 and "front matter cannot be read" in d.message for d in note.diagnostics)


def test_a_thematic_break_at_the_top_is_not_front_matter():
    assert read_front_matter("---\nJust a sentence between rules.\n---\n").lines == 0
    assert read_front_matter("---\ntitle: x\n---\n").lines == 3


def test_pandoc_title_block_names_the_note():
    assert parse_text("% Multi-head attention\n% A. Student\n\n## Heads\n\n- each head attends with $W^Q_i$\n", "mha.md").title == \
        "Multi-head attention"
    assert read_front_matter("% 50 percent\nof the text\n").lines == 0          # no blank line after it: text
    assert read_front_matter("% a TeX comment\n\n\\section{x}\n", markdown=False).lines == 0
    assert read_front_matter("% a TeX comment\n\n\\documentclass{article}\n").lines == 0
    assert parse_text("% MHA\n\n- $q_t = W^Q h_t$\n- $k_t = W^K h_t$\n", "mha.md").title == "MHA"  # pandoc slides


def test_front_matter_does_not_decide_the_kind():
    body = "# Title\n\n## Part\n\nText with $x=1$ and **bold**.\n"
    assert detect_kind("---\ntitle: t\ntags: [a]\n---\n" + body) == detect_kind(body) == "markdown"


def test_notion_page_properties_are_metadata_never_text_or_cards():
    text = ("# RNN & LSTM\n\nClass: Deep Learning\nTags: sequence models, exam\nLast edited time: May 2, 2024 9:15 AM\n\n"
            "## Vanilla RNN\n\nThe same weights are applied at every time step.\n")
    note = parse_text(text, "RNN & LSTM 7b3c9e1f2a4d4f8a9c0e6b5d3a2f1e0c.md")
    assert (note.title, note.tags) == ("RNN & LSTM", ("sequence models", "exam"))
    assert not [b for b in _blocks(note) if "Class" in b.text or "edited" in b.text]
    assert not [c for c in make_cards(note) if "Class" in c.front + c.back or "edited" in c.front + c.back]
    assert [(s.heading, s.line) for s in note.sections if s.blocks] == [("Vanilla RNN", 7)]


@pytest.mark.parametrize("lines", ["Learning rate: 0.001", "Idea: share weights across time.\nCost: one matrix."])
def test_lines_under_a_title_that_are_not_a_property_block_stay_text(lines):
    note = parse_text(f"# Adam\n\n{lines}\n\n## Bias correction\n\nDivide by one minus beta to the t.\n", "adam.md")
    assert lines.split("\n")[0] in "\n".join(b.text for b in _blocks(note))


def test_logseq_tags_of_several_words_are_tags_wherever_they_stand():
    note = parse_text("- ## What does Adam add to momentum?\n\t- Per-weight step sizes. #[[deep learning]]\n"
                      "- #[[exam prep]]\n- ## Warmup\n\t- Start with a small rate.\n", "pages/Adam.md")
    assert note.tags == ("deep learning", "exam prep")
    assert all("deep_learning" in c.tags and "exam_prep" in c.tags for c in make_cards(note))


# ---- titles ----------------------------------------------------------------------------------------

def test_a_title_is_never_a_rule_line_or_a_code_fence_or_markup():
    fenced = parse_text("```python\nimport numpy as np\nx = np.zeros(3)\n```\n\nA vector of three zeros.\n",
                        "notebooks/zeros-demo.md")
    assert fenced.title == "zeros-demo"
    marked = parse_text("# **Attention** is [all](https://example.org) you need\n\n## Part\n\nText.\n", "m.md")
    assert marked.title == "Attention is all you need"


def test_a_first_line_title_typed_without_the_space_after_the_hash_names_the_note():
    note = parse_text("#Lecture 3 - Pooling\n\n## Max pooling\n\nKeeps the largest value.\n", "l3.md")
    assert note.title == "Lecture 3 - Pooling"
    tagged = parse_text("#cnn #pooling\n\n## Max pooling\n\nKeeps the largest value.\n", "notes/pooling.md")
    assert (tagged.title, tagged.tags) == ("pooling", ("cnn", "pooling"))


def test_section_headings_without_a_level_one_heading_leave_the_note_named_by_its_file():
    note = parse_text("![[grid.png]]\n\n## Stride\n\nStep size.\n\n## Padding\n\nZeros around.\n", "vault/Conv layers.md")
    assert note.title == "Conv layers"
    single = parse_text("## Stride\n\nThe step between two positions of the kernel.\n", "vault/s.md")
    assert single.title == "Stride"


@pytest.mark.parametrize("text", ["MSE 损失定义：\n\n$$\nL = (y - \\hat y)^2\n$$\n\n其中 $y$ 是标签。\n",
                                  "精确率：预测为正中真正为正的比例\n召回率：真正为正中被找到的比例\n- 两者此消彼长\n"])
def test_a_lead_in_or_term_definition_line_is_no_title(text):
    assert parse_text(text, "vault/指标.md").title == "指标"


def test_titles_from_file_names_drop_ids_dates_and_separators():
    assert title_from_file("Export/Backprop notes 0123456789abcdef0123456789abcdef.md") == "Backprop notes"
    assert title_from_file("_posts/2021-03-04-gradient-clipping.md") == "gradient-clipping"
    assert title_from_file("journals/2024_03_12.md") == "2024_03_12"
    assert title_from_file("Week%203%20summary.txt") == "Week 3 summary"


# ---- tags ------------------------------------------------------------------------------------------

def test_tag_lines_become_note_tags_and_card_tags_but_sentences_keep_their_hashes():
    note = parse_text("# Norms\n\n#linear-algebra #math/basics\n\n## L2 norm\n\nThe L2 norm of a vector is the "
                      "square root of the sum of its squared entries, for all #dimensions.\n", "n.md")
    assert note.tags == ("linear-algebra", "math/basics")
    assert not any(b.text.startswith("#linear") for b in _blocks(note))
    cards = make_cards(note)
    assert cards and all({"linear-algebra", "math::basics"} <= set(c.tags) for c in cards)


# ---- math in every delimiter -----------------------------------------------------------------------

@pytest.mark.parametrize("text, latex, display", [
    ("Inline $a^2 + b^2$ here.", "a^2 + b^2", False),
    ("Inline \\(a^2 + b^2\\) here.", "a^2 + b^2", False),
    ("Display in a line $$a^2 + b^2$$ here.", "a^2 + b^2", True),
    ("Display in a line \\[a^2 + b^2\\] here.", "a^2 + b^2", True),
    ("$$\na^2 + b^2\n$$", "a^2 + b^2", True),
    ("\\[\na^2 + b^2\n\\]", "a^2 + b^2", True),
    ("\\begin{equation}\na^2 + b^2\n\\end{equation}", "a^2 + b^2", True),
])
def test_math_in_every_delimiter_is_a_formula_block(text, latex, display):
    note = parse_text(f"# Pythagoras\n\n## Sum of squares\n\n{text}\n", "p.md")
    formulas = [b for b in _blocks(note) if b.kind == "formula"]
    assert [(f.latex, f.display) for f in formulas] == [(latex, display)]
    assert formulas[0].line == 5


def test_an_align_environment_keeps_every_line_and_each_definition_is_a_formula_on_its_line():
    note = parse_text("# Losses\n\n## Two losses\n\n\\begin{align}\nL_1 &= |y - x| \\\\\nL_2 &= (y - x)^2\n"
                      "\\end{align}\n\nAfter.\n", "q.md")
    formulas = [(b.line, " ".join(b.latex.split())) for b in _blocks(note) if b.kind == "formula"]
    assert formulas == [(6, "L_1 = |y - x|"), (7, "L_2 = (y - x)^2")]


def test_an_align_chain_stays_one_formula_with_every_line():
    note = parse_text("# Conv\n\n## Size\n\n\\begin{align}\nO &= \\frac{W-F}{S}+1 \\\\\n&= 5\n"
                      "\\end{align}\n\nAfter.\n", "q.md")
    [formula] = [b for b in _blocks(note) if b.kind == "formula"]
    assert formula.text.startswith("\\begin{align}") and formula.text.endswith("\\end{align}")
    assert "= 5" in formula.latex and formula.line == 5


# ---- attachments -----------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [PNG, b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", b"\xff\xd8\xff\xe0\x00\x10JFIF",
                                  b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
                                  b'{"nodes": [], "edges": []}', b"PK\x03\x04\x14\x00\x06\x00", bytes(range(256))])
def test_attachments_are_told_from_notes_by_their_bytes(data):
    assert is_attachment(data)


@pytest.mark.parametrize("text", ["BM25 ranks documents by term frequency.", "ID3 grows a decision tree.",
                                  "# Notes\n\nplain", "{ this brace starts a note }"])
def test_notes_that_start_like_a_file_signature_are_still_notes(text):
    assert not is_attachment(text.encode("utf-8")) and not is_attachment(text.encode("utf-16"))


# ---- a folder of notes from several tools, with attachments ------------------------------------------

@pytest.fixture(scope="module")
def vault_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("vault")
    notes = root / "notes"
    shutil.copytree(VAULT, notes)
    (notes / "assets").mkdir()
    (notes / "assets" / "pool-grid.png").write_bytes(PNG)           # found by name (Obsidian embed)
    (notes / "figures").mkdir()
    (notes / "figures" / "warmup curve.png").write_bytes(PNG + b"2")  # percent-encoded relative path
    (notes / "figs").mkdir()
    (notes / "figs" / "gd.png").write_bytes(PNG + b"4")                # an Org-mode [[file:..]] image
    (notes / "slides.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\n")                  # linked from a card
    (notes / "handout.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\nunused\n")         # linked from nowhere
    (notes / "pasted image.png").write_bytes(PNG + b"3")             # attachments nothing references
    (notes / "board.canvas").write_text('{"nodes": []}', encoding="utf-8")
    result = build(notes, root / "out", emitters=default_emitters(), workers=1)
    return notes, root / "out", result


def test_attachments_are_neither_notes_nor_problems(vault_build):
    notes, _, result = vault_build
    assert sorted(rel for rel, *_ in read_inputs(notes)) == [
        "2023-05-01-jupyter-export.md", "obsidian.md", "sub/convex.org", "sub/hugo-post.md"]
    assert not [d for d in result.diagnostics if "png" in str(d) or "pdf" in str(d) or "canvas" in str(d)]


def test_every_note_gets_its_title_and_tags(vault_build):
    _, _, result = vault_build
    notes = {n.file: n for n in result.notes}
    assert notes["obsidian.md"].title == "Pooling layers"
    assert notes["obsidian.md"].tags == ("cnn", "vision/basics", "study", "exam-prep")
    assert notes["obsidian.md"].aliases == ("Subsampling",)
    assert notes["sub/hugo-post.md"].title == "Learning rate warmup"
    assert notes["2023-05-01-jupyter-export.md"].title == "jupyter-export"
    assert (notes["sub/convex.org"].kind, notes["sub/convex.org"].title) == ("org", "Convex optimisation")
    pooling = [c for c in result.cards if c.source.file == "obsidian.md"]
    assert pooling and all("vision::basics" in c.tags for c in pooling)


def test_referenced_images_are_packed_into_the_deck_and_the_site(vault_build):
    _, out, result = vault_build
    with zipfile.ZipFile(out / "kb.apkg") as package:
        packed = {package.read(name) for name in package.namelist() if name.isdigit()}
    assert PNG in packed and PNG + b"2" in packed and PNG + b"3" not in packed
    site_media = {p.read_bytes() for p in (out / "site" / "media").iterdir()}
    assert PNG in site_media and PNG + b"2" in site_media and PNG + b"3" not in site_media
    assert PNG + b"4" in packed and PNG + b"4" in site_media  # the Org note's figure, next to it in ../figs
    assert not [d for d in result.diagnostics if "image not found" in d.message]


def test_linked_attachments_are_packed_and_the_site_links_to_them(vault_build):
    _, out, _ = vault_build
    pdf = b"%PDF-1.7\n%\xe2\xe3\n"
    with zipfile.ZipFile(out / "kb.apkg") as package:
        packed = {package.read(name) for name in package.namelist() if name.isdigit()}
    site_media = {p.name: p.read_bytes() for p in (out / "site" / "media").iterdir()}
    assert pdf in packed and pdf in site_media.values()
    assert not any(b"unused" in data for data in [*packed, *site_media.values()])
    name = next(name for name, data in site_media.items() if data == pdf)
    page = next(p.read_text(encoding="utf-8") for p in (out / "site").glob("note-*.html") if "Max pooling" in p.read_text(encoding="utf-8"))
    assert f'href="media/{name}"' in page and "lecture slides" in page and "the deck" in page
    assert (out / "site" / "media" / name).is_file()


# ---- rendering dialect syntax ----------------------------------------------------------------------

def test_wikilinks_render_as_their_label_and_embeds_as_the_image():
    from kb.emit.html import render_markdown

    asked = []
    out = render_markdown("See [[Convolution|convolutions]] and [[Stride#Padding]].\n\n![[grid.png|300]]",
                          math="anki", resolve_media=lambda src, use: asked.append((src, use)) or (
                              "media/grid.png" if use == "image" else None))
    assert "convolutions" in out and "Stride &gt; Padding" in out and "[[" not in out and "<a" not in out
    assert asked == [("Convolution", "link"), ("Stride", "link"), ("grid.png", "image")]
    assert '<img src="media/grid.png"' in out


def test_highlights_render_as_mark_and_stay_sanitized():
    from kb.emit.html import render_markdown

    out = render_markdown("Keep the ==largest value== and ==<script>alert(1)</script>==.", math="anki")
    assert "<mark>largest value</mark>" in out and "<script" not in out


@pytest.mark.parametrize("text", ["\\(a^2\\)", "\\[a^2\\]", "\\begin{equation}\na^2\n\\end{equation}"])
def test_every_math_delimiter_renders_as_math(text):
    from kb.emit.html import render_markdown

    assert "<math" in render_markdown(text, math="mathml")


# ---- source rules: what other tools mark as not content ----------------------------------------------

def _texts(note):
    return "\n".join(b.text for b in _blocks(note))


def test_obsidian_comments_are_dropped_but_not_in_code():
    note = parse_text("# Adam\n\n## Moments\n\nKeeps two moments %% check the paper %% of the gradient.\n\n"
                      "%%\nTODO: add the\nbias correction\n%%\n\n```python\n%%time\nfit()\n```\n", "o.md")
    text = _texts(note)
    assert "check the paper" not in text and "TODO" not in text and "%%time" in text
    assert [b.line for b in _blocks(note) if b.kind == "code"] == [12]


def test_liquid_shortcodes_and_attribute_lists_are_dropped_but_cloze_stays():
    note = parse_text("---\nlayout: post\n---\n{% include toc.html %}\n\n## Anchors\n\nFiles under "
                      "{{ site.baseurl }}/img and {{ page.title | upcase }}.\n{: .notice--info}\n\n"
                      "{{< notice tip >}}\nAnchors are {{c1::prior box shapes}} and {{box priors}}.\n{{< /notice >}}\n\n"
                      "{% highlight python %}\nx = 1\n{% endhighlight %}\n\nFormat with `'{:.2f}'`.\n", "_posts/p.md")
    text = _texts(note)
    for gone in ("{%", "site.baseurl", "upcase", "{: .notice", "{{<"):
        assert gone not in text, gone
    assert "{{c1::prior box shapes}}" in text and "{{box priors}}" in text and "'{:.2f}'" in text
    [code] = [b for b in _blocks(note) if b.kind == "code"]
    assert code.text == "```python\nx = 1\n```" and code.line == 15


@pytest.mark.parametrize("text", [
    '??? question "Why warm up the learning rate?"\n    Early Adam statistics are noisy.\n\n    Keep steps small.\n',
    ":::tip Why warm up the learning rate?\nEarly Adam statistics are noisy.\n\nKeep steps small.\n:::\n",
    "> [!question] Why warm up the learning rate?\n> Early Adam statistics are noisy.\n>\n> Keep steps small.\n",
])
def test_admonitions_and_callouts_are_quotes_with_their_title_first(text):
    source = f"# Schedules\n\n## Warmup\n\n{text}\nAfter the aside.\n"
    cleaned = clean_source(source).split("\n")
    assert len(cleaned) == len(source.split("\n"))
    assert cleaned[4:6] == ["> Why warm up the learning rate?", "> Early Adam statistics are noisy."]
    assert "> Keep steps small." in cleaned
    note = parse_text(source, "s.md")
    question = next(s for s in note.sections if s.heading == "Why warm up the learning rate?")
    assert question.is_question and question.line == 5
    assert "Keep steps small." in _texts(note) and not any(b.kind == "code" for b in _blocks(note))


def test_an_untitled_admonition_is_titled_by_its_type_and_its_body_is_not_code():
    note = parse_text('# Norms\n\n## L1\n\n!!! warning\n    Not differentiable at zero.\n', "w.md")
    assert [(b.kind, b.text) for b in _blocks(note)] == [("quote", "> Warning\n> Not differentiable at zero.")]


def test_a_logseq_page_reads_properties_as_metadata_and_bullet_headings_as_headings():
    note = parse_text("title:: Optimisers\ntags:: [[deep learning]], training\n\n- ## Why momentum?\n"
                      "\t- It damps oscillations across a ravine.\n\t  id:: 65f1a2b3-0001\n"
                      "\t- Typical $\\rho = 0.9$.\n\t\t- sometimes $0.99$\n- ## Summary\n\t- collapsed:: true\n"
                      "\t- Adam combines momentum and RMSProp.\n", "pages/Optimisers.md")
    assert (note.title, note.tags) == ("Optimisers", ("deep learning", "training"))
    why = next(s for s in note.sections if s.heading == "Why momentum?")
    [listing] = [b for b in why.blocks if b.kind == "list"]
    assert listing.line == 5 and listing.text.startswith("- It damps") and "\t- sometimes" in listing.text
    assert "id::" not in _texts(note) and "collapsed::" not in _texts(note)


def test_one_line_cards_are_not_logseq_properties():
    note = parse_text("- ## Terms\n\t- Entropy:: expected surprise\n\t- What is KL divergence::a distance-like gap\n"
                      "\t- id:: 65f1\n", "j.md")
    assert "id::" not in _texts(note)
    cards = {c.front: c.back for c in make_cards(note) if c.kind == "qa"}
    assert cards == {"Entropy": "expected surprise", "What is KL divergence": "a distance-like gap"}



# ---- HTML-heavy notes (Typora, Notion exports, READMEs) and CommonMark's other spellings ---------------

def test_html_headings_are_headings_and_wrappers_and_entities_are_not_text():
    note = parse_text('<h1 align="center">Loss &amp; <b>risk</b></h1>\n\n<div align="center">\n\n'
                      "## Hinge&nbsp;loss\n\nIt is **zero** past the margin.\n\n</div>\n", "h.md")
    assert note.title == "Loss & risk"
    assert [s.path for s in note.sections] == [("Loss & risk",), ("Loss & risk", "Hinge loss")]
    assert _texts(note) == "It is **zero** past the margin."


def test_a_line_wrapped_whole_in_a_paragraph_tag_has_its_math_read():
    note = parse_text('# Ranges\n\n<p>Sigmoid range: $\\sigma(x) \\in (0, 1)$ for all $x$.</p>\n', "r.md")
    formulas = [b.latex for s in note.sections for b in s.blocks if b.kind == "formula"]
    assert "\\sigma(x) \\in (0, 1)" in formulas
    assert "<p>" not in _texts(note)


def test_a_paragraph_tag_that_no_tag_closes_opens_a_line_whose_math_is_read():
    """Anki's editor writes each line of a field as `<p>...` without `</p>` (HTML closes it at the next block)."""
    note = parse_text("# Sigmoid\n\n<p><b>Bounded:</b>\n<p>\\(\\sigma(a) = \\frac{1}{1 + e^{-a}}\\)\n", "s.md")
    formulas = [b.latex for s in note.sections for b in s.blocks if b.kind == "formula"]
    assert formulas == ["\\sigma(a) = \\frac{1}{1 + e^{-a}}"]
    assert "<p>" not in _texts(note)


def test_notion_asides_and_details_are_quotes_led_by_their_summary():
    source = ("# Metrics\n\n## Recall\n\n<aside>\n💡 Recall is the share of positives found.\n</aside>\n\n"
              "<details>\n<summary>Why not accuracy?</summary>\n\nClasses are imbalanced.\n\n</details>\n")
    cleaned = clean_source(source).split("\n")
    assert len(cleaned) == len(source.split("\n"))
    assert cleaned[4:7] == ["", "> Recall is the share of positives found.", ""]  # the icon is decoration
    assert cleaned[8] == "> **Why not accuracy?**" and "> Classes are imbalanced." in cleaned
    assert "<" not in _texts(parse_text(source, "n.md"))


def test_a_collapsed_answer_under_a_question_line_answers_it():
    """Interview repositories hide each answer in `<details><summary>Answer</summary>`: the line above asks, in
    whatever form (a quote, a numbered item, a heading, a bold line), mark or not; the lines stay where they were."""
    source = ("# Q\n\n> 1、过拟合的表现\n<details>\n  <summary>答案</summary>\n  验证集损失上升。\n</details>\n\n"
              "### 2、介绍一下 L1 正则化\n<details><summary>查看答案</summary>\n权重稀疏。\n</details>\n\n"
              "**Why is the validation set needed**\n<details><summary>Answer</summary>To tune it.</details>\n")
    assert len(clean_source(source).split("\n")) == len(source.split("\n"))
    cards = {c.front: c.back for c in make_cards(parse_text(source, "q.md")) if c.kind == "qa"}
    assert cards == {"过拟合的表现": "验证集损失上升。", "介绍一下 L1 正则化": "权重稀疏。",
                     "Why is the validation set needed": "To tune it."}


def test_a_collapsed_section_with_any_other_summary_stays_an_aside():
    source = "# Q\n\nSome text.\n<details><summary>Derivation</summary>\nThe steps.\n</details>\n"
    assert "> **Derivation**" in clean_source(source)
    assert not [c for c in make_cards(parse_text(source, "q.md")) if c.kind == "qa"]


def test_a_collapsed_sections_summary_is_its_title_and_asks_as_a_heading_does():
    """GitBook interview pages put each question in a `<summary>`, often as a prompt or with an interrogative at
    its end and no question mark; words set in `<strong>` stay words ("bias, variance", not "bias , variance")."""
    source = ("# Phỏng vấn\n\n<details>\n<summary>Bạn hãy giải thích <strong>bias</strong>, <strong>variance</strong></summary>\n\n"
              "Sai số do giả định và do dữ liệu.\n\n</details>\n\n<details>\n<summary>Dropout hoạt động như thế nào</summary>\n\n"
              "Tắt ngẫu nhiên một phần nơ-ron.\n\n</details>\n")
    cards = {c.front: c.back for c in make_cards(parse_text(source, "v.md")) if c.kind == "qa"}
    assert cards == {"Bạn hãy giải thích bias, variance": "Sai số do giả định và do dữ liệu.",
                     "Dropout hoạt động như thế nào": "Tắt ngẫu nhiên một phần nơ-ron."}


def test_logseq_cards_clozes_and_macros():
    """A `#card` block is a card whose back is its children (block properties aside); `{{cloze x}}` hides x;
    `{{embed [[P]]}}` shows P and `{{query ...}}` nothing."""
    source = ("- # Dropout\n- Zwei Arten der Regularisierung #card\n  card-repeats:: 2\n\t- L2\n\t- Dropout\n"
              "- Dropout schaltet {{cloze Neuronen}} ab. #card\n- Ohne Kinder #card\n- {{embed [[Weight Decay]]}}\n"
              "- {{query (task TODO)}}\n")
    cleaned = clean_source(source).split("\n")
    assert len(cleaned) == len(source.split("\n"))
    assert cleaned[1] == "- Q: Zwei Arten der Regularisierung" and cleaned[6] == "- Ohne Kinder"
    assert cleaned[5] == "- Dropout schaltet {{c1::Neuronen}} ab." and cleaned[7] == "- [[Weight Decay]]"
    assert cleaned[8] == "- "
    cards = make_cards(parse_text(source, "Dropout.md"))
    assert {c.front: c.back for c in cards if c.kind == "qa"} == {"Zwei Arten der Regularisierung": "- L2\n- Dropout"}
    assert [c.front for c in cards if c.kind == "cloze"] == ["Dropout schaltet {{c1::Neuronen}} ab."]


def test_setext_headings_tilde_fences_plus_bullets_and_parenthesis_lists():
    note = parse_text("Kernels\n=======\n\nGaussian kernel\n---------------\n\n+ smooth\n+ universal\n\n"
                      "1) pick a width\n2) fit\n\n~~~python\nk = rbf(x, y)\n~~~\n", "k.md")
    assert note.title == "Kernels"
    gaussian = next(s for s in note.sections if s.heading == "Gaussian kernel")
    assert [(b.kind, b.line) for b in gaussian.blocks] == [("list", 7), ("list", 10), ("code", 13)]


# ---- Org-mode --------------------------------------------------------------------------------------

def test_org_notes_are_read_as_the_markdown_they_mean():
    note = parse_text((VAULT / "sub" / "convex.org").read_text(encoding="utf-8"), "convex.org")
    assert (note.kind, note.title, note.tags) == ("org", "Convex optimisation", ("math", "optim"))
    assert [s.path for s in note.sections[1:]] == [("Convex optimisation", "Gradient descent"),
                                                   ("Convex optimisation", "Gradient descent", "Why does a small step size help?")]
    step = note.sections[2]
    assert [(b.kind, b.line) for b in step.blocks] == [("paragraph", 11), ("code", 12), ("quote", 17), ("image", 19)]
    assert step.blocks[0].text == "A **small** step keeps the *linear* model valid."
    assert step.blocks[1].text == "```python\nx = x - eta * grad(x)\n```" and step.blocks[3].src == "../figs/gd.png"
    assert "PROPERTIES" not in _texts(note) and "private comment" not in _texts(note)
    assert note.sections[1].blocks[0].text == "Step against the gradient with rate `eta`; see [the notes](https://example.org)."


def test_org_markup_leaves_latex_fragments_alone():
    # V^*(s) ... V^*(s') is two stars in a formula, not *bold*; a/b/c in a display block is no /italic/
    text = ("#+TITLE: RL\n\n* Optimal value\nIt solves \\(V^*(s) = \\max_a Q^*(s,a)\\) for *every* state.\n"
            "$$Q^*(s,a) = r + \\gamma V^*(s')$$\n\\[\nx = a/b/c + y^*z^*\n\\]\nand /then/ *done*.\n")
    blocks = parse_text(text, "rl.org").sections[1].blocks
    texts = "\n".join(b.text for b in blocks)
    assert "V^*(s) = \\max_a Q^*(s,a)" in texts and "**every**" in texts
    assert "$$Q^*(s,a) = r + \\gamma V^*(s')$$" in texts
    assert "x = a/b/c + y^*z^*" in texts and "*then* **done**" in texts


def test_markdown_star_lists_are_not_org():
    assert detect_kind("# Title\n\n## Part\n\n* one **x**\n* two\n") == "markdown"


def test_display_math_written_over_lines_inside_a_list_item_keeps_its_own_lines():
    """`* Sigmoid` then `$$` blocks continued lazily into the item: each `$$...$$` is one token over three
    lines, so counting rows gave every later formula the line of an earlier one."""
    note = parse_text("# Activations\n\n* Sigmoid\n$$\nf(x) = 1/(1+e^{-x})\n$$\nIts derivative:\n$$\n"
                      "f'(x) = f(x)(1-f(x))\n$$\n", "q.md")
    assert [(b.line, b.latex) for b in _blocks(note) if b.kind == "formula"] == [
        (4, "f(x) = 1/(1+e^{-x})"), (8, "f'(x) = f(x)(1-f(x))")]


# ---- Hugo math: shortcodes and Markdown-escaped LaTeX ---------------------------------------------------

def test_mdbook_doubled_delimiters_are_math_read_as_mathjax_gets_it_after_markdown():
    r"""mdBook hands MathJax `\\(..\\)` and `\\[..\\]` only after its Markdown pass, so its authors double the
    delimiters' backslashes and escape what Markdown would eat inside (`\\\\` a row break, `\\{` a brace, `\_`)."""
    source = ("# CNN\n\n## Size\n\nWith stride \\\\(S\\\\) the size is\n\n\\\\[\nO = \\lfloor (W - F)/S \\rfloor + 1\n\\\\]\n\n"
              "\\\\[ \\mu\\_B = \\frac{1}{m}\\sum\\_{i=1}^{m} x\\_i \\\\]\n\n"
              "\\\\[\nf(x) = \\begin{cases} x & x > 0 \\\\\\\\\n0 & x \\le 0 \\end{cases}\n\\\\]\n\n"
              "A set \\\\(B = \\\\{x\\_1, x\\_2\\\\}\\\\).\n")
    formulas = [(b.line, b.latex, b.display) for b in _blocks(parse_text(source, "src/cnn.md")) if b.kind == "formula"]
    assert formulas == [(5, "S", False), (7, "O = \\lfloor (W - F)/S \\rfloor + 1", True),
                        (11, "\\mu_B = \\frac{1}{m}\\sum_{i=1}^{m} x_i", True),
                        (13, "f(x) = \\begin{cases} x & x > 0 \\\\\n0 & x \\le 0 \\end{cases}", True),
                        (18, "B = \\{x_1, x_2\\}", False)]


def test_math_escaped_by_a_markdown_export_is_read_as_the_tex_it_escapes():
    r"""Google Docs' Markdown export escapes math as text: every backslash doubled, `= + - _ [` escaped. Its
    Markdown unescaping is the author's TeX: `\\frac` a fraction, `\=` an equals sign, `\\\\` a row break."""
    source = ("# **Units**\n\nThe score $z \\= w^T x \\+ b$ of a unit, squashed:\n\n"
              "$$\\\\sigma(z) \\= \\\\frac{1}{1 \\+ e^{\\-z}}$$\n\n"
              "$$\\\\begin{aligned} y\\_1 &\\= 2 \\\\\\\\ y\\_2 &\\= 3 \\\\end{aligned}$$\n\n"
              "A bracket: $\\\\lambda \\[w\\]$ and a price of \\$5.\n")
    formulas = [(b.line, " ".join(b.latex.split())) for b in _blocks(parse_text(source, "sheet.md")) if b.kind == "formula"]
    assert formulas == [(3, "z = w^T x + b"), (5, "\\sigma(z) = \\frac{1}{1 + e^{-z}}"),
                        (7, "y_1 = 2"), (7, "y_2 = 3"), (9, "\\lambda [w]")], formulas


@pytest.mark.parametrize("source", [
    # hand-written TeX with a row break typed right before a letter: one command is written with one backslash
    "$$\\begin{cases} 1 & x > 0 \\\\x & x \\le 0 \\end{cases}$$ and $a \\\\b$, $\\text{learning\\_rate} = 0.1$\n",
    # doubled backslashes only, but nothing of Markdown escaped: no export's work
    "$a \\\\quad b$ and $c \\\\quad d$\n",
    # code is never math
    "```\n$x \\\\= 1 \\\\+ \\\\alpha \\\\beta$\n```\n",
])
def test_notes_not_exported_through_a_markdown_escaper_keep_their_math_as_written(source):
    assert clean_source(source) == source


def test_a_pre_element_is_a_program_read_as_code_never_as_sentences():
    """Blogs and HTML exports write programs in `<pre>` (prettify's `class="prettyprint"`, `<pre><code
    class="language-python">`): Markdown passes them through as HTML, but their lines are code, so a step inside a
    function (`row_sum = np.sum(np.exp(x))`) is no formula, a top-level assignment is one on its own line, and a
    program in another language is not read."""
    source = ("## Softmax\n\n<pre class=\"prettyprint\">\ndef softmax(x):\n    row_sum = np.sum(np.exp(x))\n"
              "    return np.exp(x) / row_sum\n</pre>\n\n## Size\n\n<pre><code class=\"language-python\">out = (W - F) // S + 1\n"
              "</code></pre>\n\n## JS\n\n<pre class=\"prettyprint lang-js\">\nconst total = a &amp;&amp; b;\nconst p = x / total;\n</pre>\n")
    blocks = _blocks(parse_text(source, "post.md"))
    assert [b.text.split("\n")[0] for b in blocks if b.kind == "code"] == ["```", "```python", "```js"]
    assert "const total = a && b;" in [b for b in blocks if b.kind == "code"][2].text
    formulas = [(b.line, b.latex) for b in blocks if b.kind == "formula"]
    assert [line for line, _ in formulas] == [6, 11], formulas
    assert formulas[0][1].startswith("\\mathrm{softmax}") and formulas[1][1].startswith("\\mathrm{out} =")
    assert not any(b.kind == "paragraph" for b in blocks)


def test_a_bullet_at_the_margin_holding_only_a_heading_is_that_heading():
    """Blog authors put a bullet before a heading (`* #### Sigmoid`); the lines after it are the heading's
    section, not a list item, and an indented bullet heading in an ordinary list stays a list item."""
    source = ("# Activations\n\n* #### Sigmoid\n: squashes to $(0, 1)$: $\\sigma(x) = 1/(1+e^{-x})$\n\n"
              "- ### ReLU\nKeeps the positive part.\n\n- a list\n    - ## not a heading\n")
    note = parse_text(source, "post.md")
    assert [s.heading for s in note.sections] == ["Activations", "Sigmoid", "ReLU"]
    relu = note.sections[2]
    assert [b.kind for b in relu.blocks] == ["paragraph", "list"]

def test_emoji_shortcodes_around_a_heading_are_icons_and_a_sentence_set_as_a_heading_is_text():
    """GitHub READMEs decorate headings with emoji shortcodes (`## :seedling: What is a layer?`) and set answers
    as smaller headings (`### Largest unit that ... .`): the icon is no part of the heading's name, and a heading
    right under a question that is a sentence ending in a full stop is its answer, not a section of its own (under
    any other heading, a sentence heading, such as an article's title above its links, stays a heading)."""
    source = ("# Notes :fire:\n\n## :seedling: What is a layer?\n### The largest unit that stays the same across models.\n\n"
              "## Papers :zap:\nText.\n\n### An overview of one-stage and two-stage detectors in practice.\n- a link\n\n"
              "## Time 10:30:00 here\n")
    note = parse_text(source, "README.md")
    assert note.title == "Notes"
    assert [s.heading for s in note.sections] == ["Notes", "What is a layer?", "Papers",
                                                 "An overview of one-stage and two-stage detectors in practice.",
                                                 "Time 10:30:00 here"]
    assert [(b.kind, b.text) for b in note.sections[1].blocks] == [
        ("paragraph", "The largest unit that stays the same across models.")]

def test_an_indented_element_inside_html_stays_html_when_a_wrapper_line_is_dropped():
    """Blog posts lay out a figure's HTML with indentation; dropping its `<div>` line must not turn the indented
    caption into a code block (which cards would show as code)."""
    source = ("# Notes\n\n## Sigmoid\n: squashes values.<br>\nmore text here.\n<br>\n\n<figure class=\"Sigmoid\">\n"
              "    <img src = \"s.png\" width=\"90%\" height=\"90%\" alt=\"Alt text\">\n"
              "    <div style=\"text-align : center;\">\n        <figcaption> The sigmoid curve </figcaption>\n"
              "    </div>\n</figure>\n\n## Next\n\nText.\n\n    x = 1  # an indented code block after prose stays code\n")
    blocks = _blocks(parse_text(source, "post.md"))
    assert not any("figcaption" in b.text for b in blocks if b.kind == "code")
    assert any(b.kind == "code" and "x = 1" in b.text for b in blocks)

def test_hugo_math_shortcodes_are_formulas_on_their_own_lines():
    """Hugo Book's `{{< katex >}}` (inline; `display` for a display formula) and Hugo Blox's `{{< math >}}` /
    `{{% math %}}` (whose body keeps its own delimiters) hold math, not template instructions to drop."""
    source = ("+++\ntitle = \"Schedules\"\n+++\n\n## Decay\n\nThe rate {{< katex >}}\\eta_t = \\eta_0 / \\sqrt{t}"
              "{{< /katex >}} shrinks.\n\n{{< katex display >}}\n\\sigma(x) = \\frac{1}{1+e^{-x}}\n{{< /katex >}}\n\n"
              "{{< math >}}\n$$a = b + c$$\n{{< /math >}}\n\n{{% math %}}$y = 2x${{% /math %}}\n\n"
              "{{< katex display >}}z = x^2{{< /katex >}}\n")
    assert len(clean_source(source).split("\n")) == len(source.split("\n"))
    formulas = [(b.line, b.latex, b.display) for b in _blocks(parse_text(source, "content/posts/decay.md"))
                if b.kind == "formula"]
    assert formulas == [(7, "\\eta_t = \\eta_0 / \\sqrt{t}", False), (9, "\\sigma(x) = \\frac{1}{1+e^{-x}}", True),
                        (14, "a = b + c", True), (17, "y = 2x", False), (19, "z = x^2", True)]
    assert "{{<" not in _texts(parse_text(source, "content/posts/decay.md"))


def test_math_escaped_for_a_markdown_renderer_is_read_as_mathjax_reads_it():
    """Hugo and Jekyll read math as Markdown first, so their authors write `\\_` for `_`, `\\*` for `*` and
    `\\\\\\\\` for a row break. Once one formula escapes an underscore where LaTeX never has a literal one
    (`\\sum\\_{i=1}`), every formula of the note is unescaped; a note that only writes names with LaTeX's own
    escaped underscore (`\\text{weight\\_decay}`) keeps them."""
    hugo = ("---\ntitle: Batch statistics\ndraft: false\n---\n\n## Mean\n\n$$\n\\mu = \\frac{1}{M}\\sum\\_{i=1}^{M} x\\_i\n$$\n\n"
            "The optimal policy $\\pi^\\*$ and the step $x\\_i$.\n")
    latex = [b.latex for b in _blocks(parse_text(hugo, "content/bn.md")) if b.kind == "formula"]
    assert latex == ["\\mu = \\frac{1}{M}\\sum_{i=1}^{M} x_i", "\\pi^*", "x_i"]
    plain = "## Decay\n\n$$\\theta \\leftarrow \\theta - \\eta \\cdot \\text{weight\\_decay} \\cdot \\theta$$\n"
    assert [b.latex for b in _blocks(parse_text(plain, "wd.md")) if b.kind == "formula"] == [
        "\\theta \\leftarrow \\theta - \\eta \\cdot \\text{weight\\_decay} \\cdot \\theta"]


def test_a_short_collapsed_answer_in_a_plain_text_outline_is_no_heading():
    """An outline takes a short line with no full stop for a heading; after an answer label it is the answer."""
    source = ("> 1、什么是 dropout？\n<details>\n  <summary>答案</summary>\n  训练时随机丢弃神经元\n</details>\n\n"
              "> 2、为什么要归一化？\n<details>\n  <summary>答案</summary>\n  加快收敛\n</details>\n")
    cards = {c.front: c.back for c in make_cards(parse_text(source, "q.txt")) if c.kind == "qa"}
    assert cards == {"什么是 dropout？": "训练时随机丢弃神经元", "为什么要归一化？": "加快收敛"}


def test_a_collapsed_answer_in_a_plain_text_outline_stays_the_answer_of_the_line_above():
    """A note with no Markdown headings is read as an outline, where a line after a blank one may be a heading:
    the answer follows its label with no blank line, so it stays the answer."""
    source = ("> 1、过拟合的表现\n<details>\n  <summary>答案</summary>\n  训练集损失下降。\n  验证集损失上升。\n</details>\n\n"
              "> 2、Python 列表和元组的区别？\n<details>\n  <summary>答案</summary>\n  列表可变，元组不可变。\n</details>\n")
    cleaned = clean_source(source).split("\n")
    assert len(cleaned) == len(source.split("\n")) and cleaned[1:4] == ["A:", "训练集损失下降。", "验证集损失上升。"]
    cards = {c.front: c.back for c in make_cards(parse_text(source, "q.txt")) if c.kind == "qa"}
    assert cards["过拟合的表现"].startswith("训练集损失下降。") and cards["Python 列表和元组的区别？"].startswith("列表可变")


# ---- Hexo front matter; titles' icons and introducing colon --------------------------------------------

def test_hexo_front_matter_without_its_opening_line_is_metadata():
    matter = read_front_matter("title: 第三周笔记\ndate: 2019-03-10\ntags:\n- ml\n---\n正文。\n")
    assert (matter.lines, matter.title, matter.tags) == (5, "第三周笔记", ("ml",))
    assert read_front_matter("title: Notes\nThis line is prose, not YAML.\n---\n").lines == 0


@pytest.mark.parametrize(("heading", "title"), [("# 📘 Softmax regression", "Softmax regression"),
                                                ("# Interview prep 🧠🧱", "Interview prep"),
                                                ("# 👩‍🔧 Notes on tuning", "Notes on tuning"),
                                                ("# Ma trận Jacobi :", "Ma trận Jacobi")])
def test_a_titles_icons_and_introducing_colon_are_no_part_of_its_name(heading, title):
    assert parse_text(f"{heading}\n\nSome text about it.\n", "a.md").title == title


# ---- Pandoc / Quarto: fenced divs and heading attributes ------------------------------------------------

def test_pandoc_div_fences_are_no_text_and_a_callouts_title_is_a_bold_line():
    text = ("::: {.callout-tip title=\"Learning goals\" collapse=\"true\"}\n- Read a conv layer's shape.\n:::\n\n"
            ":::{#fig-kernel}\n![A kernel](k.png)\n:::\n\n::: {.callout-note}\n## Takeaway\nShapes first.\n:::")
    assert clean_source(text).split("\n") == [
        "**Learning goals**", "- Read a conv layer's shape.", "", "", "", "![A kernel](k.png)", "", "", "",
        "**Takeaway**", "Shapes first.", ""]


def test_a_callout_titled_by_a_question_label_alone_leaves_its_question_to_its_body():
    text = "::: {.callout-note title=\"Quiz: Pooling\"}\nWhy does pooling shrink the map?\n:::"
    assert clean_source(text).split("\n") == ["", "Why does pooling shrink the map?", ""]


def test_a_callouts_fences_pair_across_a_code_chunk_inside_it():
    text = "::: {.callout-note}\nWhat does this print?\n\n```{python}\nprint(':::')\n```\n:::\nAfter."
    assert clean_source(text).split("\n") == ["", "What does this print?", "", "```{python}", "print(':::')",
                                              "```", "", "After."]


def test_a_headings_pandoc_attributes_are_no_part_of_it():
    note = parse_text("# Conv\n\n## Why odd kernels? {#sec-odd}\n\nThey have a centre pixel.\n\n"
                      "## Padding {.unnumbered}\n\nZeros around the border.\n", "a.qmd")
    assert [s.heading for s in note.sections] == ["Conv", "Why odd kernels?", "Padding"]


def test_a_collapsed_answer_holding_code_answers_the_question_above_it():
    text = ("What does the loop print?\n\n<details>\n<summary>Click for result</summary>\n\n```python\n"
            "print(2 ** 3)\n```\n\nIt prints 8.\n\n</details>\n")
    qa = {c.front: c.back for c in make_cards(parse_text(text, "a.md")) if c.kind == "qa"}
    assert qa == {"What does the loop print?": "```python\nprint(2 ** 3)\n```\n\nIt prints 8."}


# ---- Typst slides (polylux, touying) -------------------------------------------------------------------------

def test_typst_reveal_steps_and_set_up_lines_are_no_text_and_the_title_slide_names_the_deck():
    text = ('#import "@preview/polylux:0.3.1": *\n#set text(size: 20pt)\n\n#title-slide(\n  title: [Dropout],\n)\n\n'
            "#slide[\n  *Question:* Why drop units? #pause\n\n  *Answer:* To stop co-adaptation. #meanwhile\n]\n")
    assert clean_source(text).split("\n")[:11] == [
        "", "", "", "", "# Dropout", ")", "", "#slide[", "  *Question:* Why drop units?", "",
        "  *Answer:* To stop co-adaptation."]


def test_pause_outside_a_typst_slides_document_is_left_as_written():
    assert clean_source("Break here #pause and go on.") == "Break here #pause and go on."


def test_an_equation_label_after_the_closing_dollars_still_closes_the_display():
    note = parse_text("# Conv\n\n$$\no = i - k + 1\n$$ {#eq-valid}\n\n## Why odd kernels?\n\nThey have a centre pixel.\n",
                      "a.qmd")
    assert [s.heading for s in note.sections] == ["Conv", "Why odd kernels?"]
    assert [b.latex for b in _blocks(note) if b.kind == "formula"] == ["o = i - k + 1"]


def test_kramdown_escaped_mathjax_delimiters_are_math_read_as_mathjax_gets_it():
    r"""Jekyll authors who configure MathJax's `\(..\)` write it `\\\(..\\\)` for kramdown (an escaped backslash, an
    escaped parenthesis), and `\\\[..\\\]` for a display: the formula between is what MathJax gets after the Markdown
    pass (`\_` an underscore). Plain TeX's row end `\cr` is read as the row break `\\`."""
    source = ("# Notes\n\n> \\\\\\(V_t = \\mu V_{t-1} - \\epsilon \\nabla E\\\\\\)<br>\n"
              "> \\\\\\(\\mu\\_B = \\frac{1}{m}\\sum\\_{i=1}^{m} x\\_i\\\\\\)\n\n"
              "\\\\\\[\\begin{aligned} y &= 2 \\cr z &= 3 \\end{aligned}\\\\\\]\n\n"
              "mdBook still: \\\\(S\\\\).\n")
    formulas = [(b.line, " ".join(b.latex.split())) for b in _blocks(parse_text(source, "post.md")) if b.kind == "formula"]
    assert formulas == [(3, "V_t = \\mu V_{t-1} - \\epsilon \\nabla E"), (4, "\\mu_B = \\frac{1}{m}\\sum_{i=1}^{m} x_i"),
                        (6, "y = 2"), (6, "z = 3"), (8, "S")], formulas
