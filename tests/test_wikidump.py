"""A MediaWiki page saved as text: the article is found among the site's chrome and read as Markdown."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.read import read_bytes
from kb.read.wikidump import extract_wikidump, looks_like_wikidump

PAGE = Path(__file__).resolve().parent / "corpus" / "dumps" / "dropout_wiki_page.txt"


def test_a_saved_wiki_page_is_read_as_its_article():
    source = read_bytes(PAGE.read_bytes(), PAGE.name)
    assert source.kind == "webdump"
    lines = source.text.split("\n")
    assert lines[0] == "# Dropout (neural networks)"
    assert [line for line in lines if line.startswith("#")] == [
        "# Dropout (neural networks)", "## Motivation", "## Method", "### Training", "### Inference", "## Variants",
        "## See also", "## References"]
    for chrome in ("Jump to content", "View history", "free encyclopedia", "Retrieved from", "Privacy policy",
                   "[edit]", "Personal tools", "\\displaystyle", "^ "):
        assert chrome not in source.text
    assert "kept with probability $p$ and" in source.text
    # each output line points at the line of the page it came from
    page = PAGE.read_text(encoding="utf-8").split("\n")
    training = lines.index("### Training")
    assert page[source.source_line(training + 1) - 1] == "Training[edit]"


def test_a_page_address_urllib_refuses_is_no_crash():
    # urlparse raises ValueError for a bracketed host that is no IP address; the page is read all the same
    text = re.sub(r"Retrieved from \S+", "Retrieved from http://[x]/wiki/Dropout", PAGE.read_text(encoding="utf-8"))
    source = read_bytes(text.encode("utf-8"), PAGE.name)
    assert source.kind == "webdump" and "## Motivation" in source.text.split("\n")


def test_footnote_markers_go_and_levels_default_to_two_without_a_contents_list():
    text = ("Some Wiki\nTools\nCaching[edit]\nA cache keeps recent results.[1] It is fast.[citation needed]\n"
            "Eviction[edit]\nThe oldest entry goes first.\n")
    assert looks_like_wikidump(text)
    out, line_map = extract_wikidump(text)
    assert out.split("\n") == ["Some Wiki", "", "Tools", "", "## Caching", "", "A cache keeps recent results. It is fast.",
                               "", "## Eviction", "", "The oldest entry goes first."]
    assert len(line_map) == len(out.split("\n"))


@pytest.mark.parametrize("label, lang_line", [("[编辑]", "维基百科，自由的百科全书"), ("[править | править код]",
                                                                             "Материал из Википедии — свободной энциклопедии")])
def test_other_interface_languages_are_data(label, lang_line):
    text = f"菜单\n{lang_line}\n引言。\n历史{label}\n正文一。\n用途{label}\n正文二。\n"
    out, _ = extract_wikidump(text)
    assert "菜单" not in out and out.split("\n")[0] == "引言。" and "## 历史" in out and "## 用途" in out


@pytest.mark.parametrize("text", [
    "# Notes\nClick [edit] to change a page.\n## Part\ntext\n",
    "Menu\n[edit]\n[edit]\n",
    "",
])
def test_notes_that_mention_edit_links_are_not_wiki_pages(text):
    assert not looks_like_wikidump(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), st.sampled_from(["A[edit]", "1 A", "2.1 B", "Retrieved from x",
                                                                  "{\\displaystyle {a}", "[1]", "^ a b"])), max_size=20))
def test_never_crashes_and_maps_every_line(lines):
    text = "\n".join(lines)
    out, line_map = extract_wikidump(text)
    assert len(line_map) == len(out.split("\n")) == len(out.splitlines() or [""])
    assert all(1 <= n <= len(text.split("\n")) for n in line_map)
