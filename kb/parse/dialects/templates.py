"""Static-site template syntax inside posts (Jekyll/Liquid, Hugo shortcodes, kramdown attribute lists, MDX
imports in Docusaurus pages):
instructions to the site generator, not text. `{% highlight py %}..{% endhighlight %}` is a code fence.

Cloze cards are written `{{c1::text}}` or `{{text}}`, so a `{{ .. }}` is Liquid only when it reads a
variable (`{{ site.baseurl }}`, `{{ page.title | upcase }}`), never when it holds words.
"""
from __future__ import annotations

import re

from kb.parse.dialects.prose import blank_keeping_lines, rewrite_prose

_HIGHLIGHT = re.compile(r"^[ \t]*\{%-?\s*highlight\s+([\w+-]+)[^%\n]*-?%\}[ \t]*$", re.M)
_END_HIGHLIGHT = re.compile(r"^[ \t]*\{%-?\s*endhighlight\s*-?%\}[ \t]*$", re.M)
_MDX_IMPORT = re.compile(r"^(?:import|export)\s+[\w{}\s,*]+\s+from\s+['\"][^'\"\n]+['\"];?[ \t]*$", re.M)
_LIQUID_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)
_LIQUID_TAG = re.compile(r"\{%-?.*?-?%\}", re.S)
_LIQUID_OUTPUT = re.compile(r"\{\{-?\s*[A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]\n]*\])+\s*(?:\|[^}\n]*)?-?\}\}"
                            r"|\{\{-?\s*[^{}\n]*?\|\s*[a-z_]+[^{}\n]*?-?\}\}")
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.S)
# Hugo themes' math shortcodes: `{{< katex >}}x^2{{< /katex >}}` (Hugo Book; `display` makes it a display
# formula), `{{< math >}}` / `{{% math %}}` (Hugo Blox, whose body keeps its own `$$` delimiters). Their body is
# math, not a template instruction to drop.
_MATH_SHORTCODE = re.compile(
    r"\{\{([<%])\s*(katex|math)\b([^}]*?)\s*[>%]\}\}(.*?)\{\{[<%]\s*/\s*\2\s*[>%]\}\}", re.S)
_DELIMITED = re.compile(r"^\s*(?:\$|\\\[|\\\(|\\begin\{)")
# `{: .notice}`, `{:toc}`, `{: #id key="v"}`; not a format spec such as `{:.2f}` or `{:>10}`.
_KRAMDOWN_IAL = re.compile(r"\{:\s*(?:(?:[.#][A-Za-z_][\w-]*|[A-Za-z_][\w-]*(?:=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))?)\s*)+\}")


def rewrite(text: str) -> str:
    if "{" not in text and "import" not in text:
        return text
    text = _HIGHLIGHT.sub(lambda m: f"```{m.group(1)}", text)
    text = _END_HIGHLIGHT.sub("```", text)
    return rewrite_prose(text, _strip)


def _strip(prose: str) -> str:
    prose = _MDX_IMPORT.sub("", prose)
    prose = _MATH_SHORTCODE.sub(_shortcode_math, prose)   # before `{% .. %}` tags: `{{% math %}}` holds one
    prose = _LIQUID_COMMENT.sub(blank_keeping_lines, prose)
    prose = _LIQUID_TAG.sub(blank_keeping_lines, prose)
    prose = _SHORTCODE.sub(blank_keeping_lines, prose)
    prose = _LIQUID_OUTPUT.sub("", prose)
    return _KRAMDOWN_IAL.sub("", prose)


def _shortcode_math(match: re.Match) -> str:
    """A math shortcode as the math it shows, on the same lines: `$..$` inline, `$$..$$` when it says `display`
    or stands on lines of its own; a body that has its own delimiters is kept as it is."""
    body = match.group(4)
    if _DELIMITED.match(body):
        return body
    display = "display" in match.group(3).split() or "\n" in body
    delimiter = "$$" if display else "$"
    if not display:
        return f"{delimiter}{body.strip()}{delimiter}"
    return f"{delimiter}{body}{delimiter}"
