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
    prose = _LIQUID_COMMENT.sub(blank_keeping_lines, prose)
    prose = _LIQUID_TAG.sub(blank_keeping_lines, prose)
    prose = _SHORTCODE.sub(blank_keeping_lines, prose)
    prose = _LIQUID_OUTPUT.sub("", prose)
    return _KRAMDOWN_IAL.sub("", prose)
