"""Stage 2: SourceText -> Note (sections with heading paths, blocks with original file lines)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kb.model import Note, SourceText

__all__ = ["parse_note"]


def parse_note(source: SourceText) -> Note:
    """Parse a note with the parser for its kind (a web dump is Markdown once extracted), after taking
    off its front matter and what other tools' dialects mark as not content."""
    from kb.parse.dialects import clean_source
    from kb.parse.frontmatter import blank_front_matter, read_front_matter
    from kb.parse.metadata import with_metadata
    from kb.parse.plain_formulas import with_plain_formulas
    from kb.parse.stated_conditions import with_stated_conditions

    matter = read_front_matter(source.text, markdown=source.kind in ("markdown", "webdump", "slides"))
    body = replace(source, text=clean_source(blank_front_matter(source.text, matter)))
    return with_metadata(with_stated_conditions(with_plain_formulas(_parser(source.kind)(body))), matter, source)


def _parser(kind: str) -> Callable[[SourceText], Note]:
    # Imported here so that kb.read (which uses kb.parse.code) can import this package cheaply.
    from kb.parse.markdown import parse_markdown
    from kb.parse.org import parse_org
    from kb.parse.outline import parse_outline
    from kb.parse.qa import parse_qa
    from kb.parse.rst import parse_rst
    from kb.parse.slides import parse_slides

    parsers = {"markdown": parse_markdown, "webdump": parse_markdown, "outline": parse_outline,
               "slides": parse_slides, "qa": parse_qa, "org": parse_org,
               "rst": parse_rst}
    return parsers.get(kind, parse_outline)
