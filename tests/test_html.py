from hypothesis import given, settings, strategies as st

from kb.emit.html import RenderReport, one_parse_per_text, render_markdown, sanitize


def test_inline_and_display_math_become_mathjax_delimiters_for_anki():
    out = render_markdown("size $O=\\lfloor x \\rfloor$ and\n\n$$a<b$$", math="anki")
    assert r"\(O=\lfloor x \rfloor\)" in out
    assert r"\[a&lt;b\]" in out


def test_math_becomes_mathml_for_the_site():
    out = render_markdown("$x=\\frac{a}{b}$", math="mathml")
    assert "<math" in out and "<mfrac>" in out and "$" not in out


def test_unrenderable_math_is_reported_and_shown_as_tex():
    report = RenderReport()
    out = render_markdown("$\\ce{H_2O}$", math="mathml", report=report)   # MathJax's mhchem, unknown to latex2mathml
    assert report.math_errors and 'class="tex"' in out and "\\ce" in out


def test_math_with_a_macro_nobody_defines_is_shown_as_tex_and_left_to_the_notes_warning():
    report = RenderReport()
    out = render_markdown("$\\notacommand{x}$", math="mathml", report=report)
    assert not report.math_errors and 'class="tex"' in out and "\\notacommand" in out   # kb.macros.undefined


def test_dollar_in_code_stays():
    out = render_markdown("`cost $5`\n\n```python\nx = '$y$'\n```", math="anki")
    assert "$5" in out and "$y$" in out and r"\(" not in out


def test_missing_local_image_shows_caption_and_remote_image_is_a_link():
    report = RenderReport()
    out = render_markdown("![fig one](Figures/x.png)\n\n![](https://e.com/a.png)", math="anki",
                          resolve_media=lambda src, alt: None, report=report)
    assert "<img" not in out and "fig one" in out and 'href="https://e.com/a.png"' in out
    assert report.missing_images == ["Figures/x.png"]


def test_a_text_parsed_once_renders_for_each_output_as_if_parsed_for_it():
    # the deck and the site resolve a linked file to different places: the first render must not leave its
    # URL in the tokens the second renders
    text = "See [the slides](lecture.pdf), $x^2$ and\n\n$$a<b$$"

    def both() -> list[str]:
        return [render_markdown(text, math=math, resolve_media=lambda src, role, at=at: at + src)
                for math, at in (("anki", "kb-"), ("mathml", "media/"))]

    alone = both()
    with one_parse_per_text():
        shared = both()
    assert shared == alone
    assert 'href="kb-lecture.pdf"' in alone[0] and r"\(x^2\)" in alone[0]
    assert 'href="media/lecture.pdf"' in alone[1] and "<math" in alone[1]


def test_raw_html_img_goes_through_the_resolver():
    out = render_markdown('<img src="a.png" onerror="alert(1)">', math="anki", resolve_media=lambda s, a: "media/" + s)
    assert '<img src="media/a.png"' in out and "onerror" not in out


def test_scripts_handlers_and_javascript_links_are_removed():
    payload = ('<script>alert(1)</script><u>ok</u><font color="red">r</font><center>c</center>'
               '<a href="javascript:alert(2)">x</a><img src=x onerror=alert(3)><svg onload=alert(4)>')
    out = render_markdown(payload, math="anki")
    for bad in ("<script", "alert(1)", "javascript:", "onerror", "onload", "<svg"):
        assert bad not in out
    assert "<u>ok</u>" in out and '<font color="red">' in out and "<center>" in out


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_sanitize_never_leaves_script(text):
    out = render_markdown(text + "<script>x</script>", math="mathml")
    assert "<script" not in out.lower()
    assert sanitize(out) == out


def test_unknown_tags_written_as_words_stay_visible_as_text():
    out = render_markdown("Tokens <start> and <end> mark the sequence; <pad> too.", math="anki")
    assert "&lt;start&gt;" in out and "&lt;end&gt;" in out and "&lt;pad&gt;" in out


def test_dangerous_tags_are_dropped_with_their_content():
    out = render_markdown("a <style>body{display:none}</style> b <svg><script>x()</script></svg> c", math="anki")
    assert "display:none" not in out and "x()" not in out and "<svg" not in out
