"""A formula whose TeX is kept in an HTML comment right before the image that draws it (`<!-- $v_t = \\gamma v_{t-1}$
--> <img src="svg/v.svg">`) is that formula.

Tools that turn a note's math into images for renderers without math keep the TeX source beside the image so
that the author can edit it again: VS Code's "Math to Image" extension writes exactly this pair (the image a local
SVG or a `render.githubusercontent.com/render/math` URL, for GitHub READMEs before 2022), `$..$` in a line and
`$$..$$` over lines with the image below. A reader sees the image, which shows the comment's formula, so the pair
is read as the math the comment holds and the image is dropped (it draws that formula and nothing else).

Only a comment that is math and nothing else, followed by an image with nothing but spaces, blank lines and
layout tags between them, is read: any other comment (a formula the author struck out, a remark) stays hidden.
"""
from __future__ import annotations

import re

from kb.parse.dialects.prose import rewrite_prose

_IMAGE = r"""(?:<img\b[^<>]*>|!\[[^\[\]\n]*\]\([^()\s]*(?:\s+"[^"\n]*")?\))"""
# layout that may wrap the image (`<div align="center"><img ...></div>`, `<p>`), as the extension's display form writes it
_OPEN_LAYOUT = r"(?:<(?:div|p|center|span)\b[^<>]*>[ \t]*)*"
_CLOSE_LAYOUT = r"(?:[ \t]*</(?:div|p|center|span)>)*"
_PAIR = re.compile(
    r"<!--[ \t]*(?P<math>\$\$(?:(?!-->).)+?\$\$|\$(?:(?!-->)[^$\n])+\$)[ \t]*-->"
    r"(?P<gap>[ \t]*(?:\n[ \t]*)*)" + _OPEN_LAYOUT + _IMAGE + _CLOSE_LAYOUT,
    re.S)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def rewrite(text: str) -> str:
    return rewrite_prose(text, _rewrite_prose) if "<!--" in text else text


def _rewrite_prose(prose: str) -> str:
    return _PAIR.sub(_as_math, prose)


def _as_math(pair: re.Match[str]) -> str:
    """The comment's math in the comment's place, then as many line breaks as the comment, the gap and the image
    spanned, so every later line keeps its number. An inline formula stays in its paragraph: an image a blank line
    below it is another paragraph's (a display formula stands alone, so a blank line between them is layout)."""
    math, gap = pair.group("math"), pair.group("gap")
    if not math.startswith("$$") and _PARAGRAPH_BREAK.search(gap):
        return pair.group(0)
    return math + "\n" * (pair.group(0).count("\n") - math.count("\n"))
