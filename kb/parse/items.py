"""The stream every parser emits: headings and blocks in note order, with original file lines."""
from __future__ import annotations

from dataclasses import dataclass

from kb.model import Block


@dataclass(frozen=True)
class Heading:
    """A heading in the stream; `line` is already the original file's line."""
    text: str
    level: int
    line: int
    is_question: bool = False


@dataclass(frozen=True)
class Resume:
    """The section a question inside a list interrupted goes on here: the question's answer was its own list
    item, and the list's next items belong to the section again, not to the answer."""
    line: int


Item = Heading | Block | Resume
