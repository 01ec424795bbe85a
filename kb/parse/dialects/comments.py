"""Obsidian comments, `%% hidden %%` (inline or over several lines): never shown, so never content."""
from __future__ import annotations

import re

from kb.parse.dialects.prose import blank_keeping_lines, rewrite_prose

_COMMENT = re.compile(r"%%.*?%%", re.S)


def rewrite(text: str) -> str:
    return rewrite_prose(text, lambda prose: _COMMENT.sub(blank_keeping_lines, prose)) if "%%" in text else text
