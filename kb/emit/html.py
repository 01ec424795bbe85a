"""Card Markdown -> safe HTML, shared by the Anki decks and the site.

Notes contain raw HTML (<u>, <font color>, <center>, <img>) and may contain hostile markup. Everything
rendered here passes through one allow-list sanitizer (nh3) last, so no text from a note can run as
script in any output, whatever the renderer upstream produced.
"""
from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from kb.emit.tex_macros import expand_macros
from kb.macros.undefined import undefined_macros

MathMode = Literal["anki", "mathml"]
# What a reference to a file is used for: an image shown in place, or an attachment a link opens (a PDF,
# slides, a data file, or an image).
MediaRole = Literal["image", "link"]
# (src, role) -> URL to use in the output, or None when the file cannot be shown or opened.
MediaResolver = Callable[[str, MediaRole], "str | None"]

_MATHML_TAGS = {
    "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt",
    "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom",
    "menclose", "semantics", "annotation", "merror", "mmultiscripts", "mprescripts", "none",
}
_HTML_TAGS = {
    "p", "br", "hr", "div", "span", "b", "strong", "i", "em", "u", "s", "del", "ins", "sub", "sup", "mark",
    "small", "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
    "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a", "img", "center", "font", "figure",
    "figcaption",
}
_MATHML_ATTRS = {"display", "mathvariant", "stretchy", "fence", "separator", "accent", "accentunder",
                 "columnalign", "rowspacing", "columnspacing", "width", "height", "depth", "lspace", "rspace",
                 "linethickness", "notation", "encoding", "xmlns", "minsize", "maxsize", "movablelimits",
                 "symmetric", "largeop", "form", "scriptlevel", "displaystyle", "columnlines", "rowlines"}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "font": {"color"},
    "span": {"style", "class", "title"},
    "div": {"class"},
    "pre": {"style", "class"},
    "code": {"class"},
    "td": {"align", "style"},
    "th": {"align", "style"},
    "ol": {"start"},
    **{tag: _MATHML_ATTRS for tag in _MATHML_TAGS},
}
_STYLE_PROPERTIES = {"color", "background-color", "font-weight", "font-style", "text-decoration", "text-align"}


@dataclass
class RenderReport:
    """Problems met while rendering one piece of Markdown (the caller adds file and line)."""
    math_errors: list[str] = field(default_factory=list)
    missing_images: list[str] = field(default_factory=list)


def sanitize(fragment: str) -> str:
    """Allow-list sanitizer: harmless formatting and MathML stay, scripts, handlers and javascript: go."""
    return _cleaner().clean(fragment)


@lru_cache(maxsize=1)
def _cleaner():
    """One nh3 Cleaner: building the allow-lists for every call cost more than the cleaning itself."""
    import nh3

    return nh3.Cleaner(
        tags=_HTML_TAGS | _MATHML_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties=_STYLE_PROPERTIES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags=_DROPPED_WITH_CONTENT,
    )


# Commands MathJax (and TeX) know that latex2mathml does not: rewritten to what it does know.
_MATHJAX_EQUIVALENT = {r"\arg": r"\operatorname{arg}", r"\nolimits": ""}
_MATHJAX_ONLY = re.compile(r"\\(?:arg|nolimits)(?![A-Za-z])")


@lru_cache(maxsize=16384)
def tex_to_mathml(latex: str, display: bool) -> str:
    """MathML for one formula; raises ValueError when latex2mathml cannot render it faithfully.
    Cached: cards repeat their note's formulas (a formula card, its cloze, the formulas page)."""
    from latex2mathml.converter import convert

    latex = _MATHJAX_ONLY.sub(lambda m: _MATHJAX_EQUIVALENT[m.group(0)], latex)
    mathml = convert(latex, display="block" if display else "inline")
    unknown = re.findall(r"<mi>(\\[A-Za-z]+)</mi>", mathml)
    if unknown:  # latex2mathml passes unknown commands through silently as <mi>\cmd</mi>
        raise ValueError(f"unknown LaTeX command {unknown[0]}")
    return mathml


def math_html(latex: str, display: bool, mode: MathMode, report: RenderReport | None = None) -> str:
    latex = expand_macros(latex)   # \R, \bm, \norm{...}: neither MathJax in Anki nor latex2mathml defines them
    if mode == "anki":
        # MathJax delimiters Anki understands; escaping keeps <, > and & in formulas literal.
        return (r"\[" if display else r"\(") + html.escape(latex, quote=False) + (r"\]" if display else r"\)")
    try:
        mathml = tex_to_mathml(latex, display)
    except Exception as exc:  # noqa: BLE001 - any converter failure falls back to showing the TeX
        if report is not None and not undefined_macros(latex):   # those the note's own warning names
            report.math_errors.append(f"cannot render formula {latex[:60]!r}: {exc}")
        cls = "tex tex-block" if display else "tex"
        return f'<code class="{cls}">{html.escape(latex)}</code>'
    return mathml


@lru_cache(maxsize=1024)
def highlight_code(code: str, lang: str) -> str:
    """Offline syntax highlighting with inline styles (works in Anki and on the site without CSS). Cached:
    the deck and the site render the same code blocks, and guessing the language of one written without
    a name runs every lexer's guess."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name, guess_lexer
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(lang) if lang else guess_lexer(code)
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(code, lexer, HtmlFormatter(noclasses=True, nowrap=False, style="friendly"))


def _is_remote(src: str) -> bool:
    return bool(re.match(r"(?i)^https?://", src))


def image_html(src: str, alt: str, resolve: MediaResolver | None, report: RenderReport | None) -> str:
    """An image that exists, a link to a remote one, a link to an embedded attachment (`![[slides.pdf]]`),
    or its caption: never a broken image."""
    label = alt.strip() or src.rsplit("/", 1)[-1]
    if _is_remote(src):
        return f'<a class="remote-image" href="{html.escape(src)}">🖼 {html.escape(label)}</a>'
    url = resolve(src, "image") if resolve else None
    if url is None and resolve and (attachment := resolve(src, "link")) is not None:
        return f'<a href="{html.escape(attachment)}">📎 {html.escape(label)}</a>'
    if url is None:
        if report is not None:
            report.missing_images.append(src)
        return f'<span class="missing-image" title="{html.escape(src)}">[🖼 {html.escape(label)}]</span>'
    return f'<img src="{html.escape(url)}" alt="{html.escape(alt)}">'


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = r"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"""


def _attr(tag: str, name: str) -> str:
    match = re.search(_ATTR.format(name=name), tag, re.I)
    return html.unescape(next((g for g in match.groups() if g is not None), "")) if match else ""


def _raw_html_images(fragment: str, env: dict) -> str:
    """Raw <img> tags in notes go through the same resolver as Markdown images."""
    return _IMG_TAG.sub(lambda m: image_html(_attr(m.group(0), "src"), _attr(m.group(0), "alt"),
                                             env.get("resolve_media"), env.get("report")), fragment)


def _math_rule(display: bool):
    def rule(tokens, idx, options, env):
        return math_html(tokens[idx].content.strip(), display, env["math"], env.get("report"))
    return rule


def _image_rule(tokens, idx, options, env):
    token = tokens[idx]
    return image_html(str(token.attrGet("src") or ""), token.content or "", env.get("resolve_media"), env.get("report"))


_LOCAL_HREF = re.compile(r"(?i)^(?![a-z][a-z0-9+.-]*:|//|#)\S")  # no scheme, not protocol-relative, no anchor


def _link_open_rule(tokens, idx, options, env):
    """A link to a file under the notes folder (`[slides](lecture7.pdf)`) points at its packed copy."""
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    resolve = env.get("resolve_media")
    if resolve and _LOCAL_HREF.match(href) and (url := resolve(href, "link")) is not None:
        # a copy: the tokens may be rendered again for another output (one_parse_per_text), with the note's href
        token = copy.copy(token)
        token.attrs = {**token.attrs, "href": url}
        tokens = [*tokens[:idx], token, *tokens[idx + 1:]]
    return _parser().renderer.renderToken(tokens, idx, options, env)


def _fence_rule(tokens, idx, options, env):
    token = tokens[idx]
    return highlight_code(token.content, token.info.strip().split(" ")[0] if token.info else "")


def _code_block_rule(tokens, idx, options, env):
    return highlight_code(tokens[idx].content, "")


_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b[^>]*>")
# Tags whose content is code or a foreign document: dropped with everything in them by the sanitizer.
_DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "svg", "noscript", "template",
                         "textarea", "select", "frame", "frameset", "applet", "title", "xmp", "noembed"}


def escape_unknown_tags(fragment: str) -> str:
    """Notes write things like `<start>` or `<pad>` as words: show them as text instead of letting the
    sanitizer drop them; harmless known tags stay markup, dangerous ones are left for nh3 to remove."""
    def fix(match: re.Match) -> str:
        name = match.group(2).lower()
        if name in _HTML_TAGS or name in _DROPPED_WITH_CONTENT:
            return match.group(0)
        return html.escape(match.group(0))
    return _TAG.sub(fix, fragment)


def _html_rule(tokens, idx, options, env):
    return _raw_html_images(escape_unknown_tags(tokens[idx].content), env)


def _wikilink_rule(tokens, idx, options, env):
    """A wikilink reads as its label; one to an attachment (`[[lecture7.pdf]]`) links to its packed copy."""
    token = tokens[idx]
    resolve = env.get("resolve_media")
    url = resolve(target, "link") if resolve and (target := str(token.attrGet("href") or "")) else None
    label = html.escape(token.content)
    return f'<a href="{html.escape(url)}">{label}</a>' if url else label


def _amsmath_rule(tokens, idx, options, env):
    return math_html(tokens[idx].content.strip(), True, env["math"], env.get("report"))


@lru_cache(maxsize=1)
def _parser():
    from kb.parse.dialects import new_markdown_parser

    md = new_markdown_parser()
    rules = md.renderer.rules
    rules["math_inline"] = _math_rule(False)
    rules["math_inline_double"] = _math_rule(True)
    rules["math_block"] = _math_rule(True)
    rules["math_block_label"] = _math_rule(True)
    rules["amsmath"] = _amsmath_rule
    rules["image"] = _image_rule
    rules["wikiembed"] = _image_rule
    rules["wikilink"] = _wikilink_rule
    rules["link_open"] = _link_open_rule
    rules["fence"] = _fence_rule
    rules["code_block"] = _code_block_rule
    rules["html_inline"] = _html_rule
    rules["html_block"] = _html_rule
    return md


def render_markdown(text: str, *, math: MathMode, resolve_media: MediaResolver | None = None,
                    report: RenderReport | None = None) -> str:
    """Render card Markdown to sanitized HTML. Math becomes MathJax delimiters (anki) or MathML (site)."""
    md = _parser()
    env = {"math": math, "resolve_media": resolve_media, "report": report}
    return sanitize(md.renderer.render(_tokens(md, text), md.options, env))


# text -> its tokens, while one_parse_per_text is active (None: every text is parsed where it is rendered)
_parsed: dict[str, list] | None = None


@contextmanager
def one_parse_per_text() -> Iterator[None]:
    """Within it, a Markdown text rendered again reuses the tokens of its first parse. The deck and the site
    render the same cards, and their HTML differs only in how math is written (env["math"], read when
    rendering), while parsing is half of what rendering a card costs. Rendering never changes the tokens
    (_link_open_rule renders a copy). Held for one note's outputs at a time, so it keeps one note's tokens."""
    global _parsed
    outer, _parsed = _parsed, {}
    try:
        yield
    finally:
        _parsed = outer


def _tokens(md, text: str) -> list:
    if _parsed is None:
        return md.parse(text, {})
    if text not in _parsed:
        _parsed[text] = md.parse(text, {})
    return _parsed[text]
