"""Math that MathJax 2 reads from script elements: `<script type="math/tex">x</script>` inline and
`<script type="math/tex; mode=display">..</script>` for a display. kramdown (Jekyll's default converter) writes
every formula of a post so, the HTML of sites built with it and pages saved from MathJax 2 sites hold them, and
Jekyll authors type them into Markdown where kramdown would break the math.

Each becomes the math it shows, on the same lines: `$..$` inline, `$$..$$` for a display. kramdown wraps a
display holding `<` or `&` in `% <![CDATA[ .. %]]>` (TeX comments around the XML escape), which goes. The
`MathJax_Preview` span MathJax 2 puts before the script only stands in for the formula until it is drawn: it goes
too, or the formula would be read twice. A body holding a `$` is left alone (no dollar delimiter could hold it);
scripts of any other type are never math, and the site's sanitizer removes them.
"""
from __future__ import annotations

import re

from kb.parse.dialects.prose import blank_keeping_lines, rewrite_prose

_SCRIPT = re.compile(r"""<script\b[^>]*?\btype\s*=\s*["']math/tex\s*(;\s*mode\s*=\s*display\s*)?["'][^>]*>(.*?)</script\s*>""",
                     re.I | re.S)
_PREVIEW = re.compile(r"""<span\b[^>]*\bclass\s*=\s*["']MathJax_Preview["'][^>]*>[^<]*</span>[ \t]*(?=<script\b)""", re.I)
_CDATA = re.compile(r"^(\s*)%\s*<!\[CDATA\[|%\s*\]\]>(\s*)$")


def rewrite(text: str) -> str:
    if "math/tex" not in text:
        return text
    return rewrite_prose(text, _rewrite_prose)


def _rewrite_prose(prose: str) -> str:
    return _SCRIPT.sub(_as_math, _PREVIEW.sub(blank_keeping_lines, prose))


def _as_math(match: re.Match) -> str:
    body = _CDATA.sub(lambda m: m.group(1) or m.group(2) or "", match.group(2))
    if "$" in body or not body.strip():
        return match.group(0)
    if match.group(1):
        return f"$${body}$$"
    return "$" + body.strip(" \t") + "$"
