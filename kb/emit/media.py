"""Finding the files cards show or link to, for both outputs. A reference is resolved as the note's tool
would: relative to the note's folder (percent-encoded paths such as Notion's `Untitled%203.png` decoded),
else by file name anywhere under the notes folder (Obsidian's `![[figure.png]]`, figures moved to another
folder), the copy nearest the note first. Nothing outside the notes folder is ever read. An image is
packed only when its bytes are the image its name says; a linked file only when it is an attachment
(a PDF, slides, audio, an image...), never another note."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import unquote, urlsplit

from kb.read.media import is_attachment

_MAGIC: dict[str, Callable[[bytes], bool]] = {
    ".png": lambda d: d.startswith(b"\x89PNG\r\n\x1a\n"),
    ".jpg": lambda d: d.startswith(b"\xff\xd8\xff"),
    ".jpeg": lambda d: d.startswith(b"\xff\xd8\xff"),
    ".gif": lambda d: d[:6] in (b"GIF87a", b"GIF89a"),
    ".webp": lambda d: d[:4] == b"RIFF" and d[8:12] == b"WEBP",
    ".bmp": lambda d: d.startswith(b"BM"),
    ".avif": lambda d: d[4:8] == b"ftyp",
    ".svg": lambda d: b"<svg" in d[:4096].lower(),
}
IMAGE_SUFFIXES = frozenset(_MAGIC)
# Files a card may link to, by name: what a kept rendering depends on besides the note (a linked file of
# another type is still packed, but changing it alone does not refresh the kept rendering).
MEDIA_SUFFIXES = IMAGE_SUFFIXES | frozenset((
    ".pdf", ".ppt", ".pptx", ".key", ".doc", ".docx", ".odt", ".odp", ".xls", ".xlsx", ".ods", ".epub",
    ".zip", ".mp3", ".m4a", ".wav", ".ogg", ".flac", ".mp4", ".mov", ".webm", ".avi", ".tif", ".tiff",
))
_SCHEME = re.compile(r"(?i)^[a-z][a-z0-9+.-]*:")


def looks_like_image(data: bytes, suffix: str) -> bool:
    """A cheap check that the file is the image its name says, so a card never shows a broken image."""
    check = _MAGIC.get(suffix.lower())
    return bool(check and check(data))


@dataclass
class MediaFinder:
    """Locates the file a note's reference names, inside notes_dir only."""
    notes_dir: Path
    _by_name: dict[str, list[Path]] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._root = self.notes_dir.resolve()

    def media(self, note_file: str, src: str, role: Literal["image", "link"]) -> tuple[Path, bytes] | None:
        """The file and bytes `src` refers to when they can serve as `role`, else None."""
        path = self.locate(note_file, src)
        if path is None:
            return None
        data = path.read_bytes()
        usable = looks_like_image(data, path.suffix) if role == "image" else is_attachment(data)
        return (path, data) if usable else None

    def locate(self, note_file: str, src: str) -> Path | None:
        """The file `src` in note `note_file` (a path relative to the notes folder) refers to, or None."""
        src = src.strip()
        if not src or "\x00" in src or _SCHEME.match(src) or src.startswith("//"):
            return None
        path = urlsplit(src).path
        note_dir = (self._root / note_file).parent
        for candidate in dict.fromkeys((unquote(path), path)):
            if candidate and (found := self._inside(note_dir / candidate)) is not None:
                return found
        return self._by_file_name(PurePosixPath(unquote(path)).name, note_file)

    def _inside(self, path: Path) -> Path | None:
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        return resolved if resolved.is_relative_to(self._root) and resolved.is_file() else None

    def _by_file_name(self, name: str, note_file: str) -> Path | None:
        if not name:
            return None
        candidates = self._index().get(name.casefold(), [])
        note_parts = PurePosixPath(note_file).parent.parts

        def nearness(path: Path) -> tuple[int, int, str]:
            parts = path.relative_to(self._root).parent.parts
            shared = next((i for i, (a, b) in enumerate(zip(parts, note_parts)) if a != b), min(len(parts), len(note_parts)))
            return -shared, len(parts), str(path)
        for path in sorted(candidates, key=nearness):
            if (found := self._inside(path)) is not None:
                return found
        return None

    def _index(self) -> dict[str, list[Path]]:
        """Every visible file under the notes folder by lower-cased name (built on first use)."""
        if self._by_name is None:
            index: dict[str, list[Path]] = defaultdict(list)
            for path in self._root.rglob("*"):
                rel = path.relative_to(self._root)
                if not any(part.startswith(".") for part in rel.parts) and not path.is_symlink() and path.is_file():
                    index[path.name.casefold()].append(path)
            self._by_name = dict(index)
        return self._by_name
