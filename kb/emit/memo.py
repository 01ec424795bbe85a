"""Rendered card HTML kept between builds, so a build re-renders only the cards whose text changed.

Entries are grouped by note (one file per note under OUT/.kb-cache/render/<output>/) and keyed by the
Markdown and a salt covering kb's emit code and the rendering packages' versions. Images are replayed:
every (src, alt) the rendering resolved is resolved again, and the entry is used only when each gives the
same URL as before. That repeats the resolver's side effects (copying a figure into the output) and
re-renders a card whose figure appeared, vanished or changed.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kb.atomic import write_bytes_atomic
from kb.cache import JsonCache, code_fingerprint, key_for, package_versions, read_json
from kb.emit.html import MediaResolver, MediaRole
from kb.emit.media import MEDIA_SUFFIXES


def media_under(notes_dir: Path) -> list[str]:
    """Every image or attachment under the notes folder with its size and modification time: what a kept
    piece's figures and linked files were looked up among (one appearing, going or changing makes the
    pieces stale)."""
    return sorted(f"{p.relative_to(notes_dir).as_posix()}\0{p.stat().st_size}\0{p.stat().st_mtime_ns}"
                  for p in notes_dir.rglob("*") if p.suffix.lower() in MEDIA_SUFFIXES and p.is_file())


def render_salt() -> str:
    return key_for(code_fingerprint("emit", "model"),
                   package_versions("markdown-it-py", "mdit-py-plugins", "latex2mathml", "nh3", "pygments"))


class RenderMemo:
    def __init__(self, folder: Path | None) -> None:
        self.store = JsonCache(folder) if folder is not None else None
        self.salt = render_salt() if folder is not None else ""
        self._old: dict[str, dict[str, Any]] = {}
        self._new: dict[str, dict[str, Any]] = {}
        self._kept: set[str] = set()
        self._saved: set[str] = set()  # groups written by save_group already

    def get(self, group: str, text: str, make: Callable[[MediaResolver | None], Any],
            resolve: MediaResolver | None = None) -> Any:
        """make(resolver) for this text, or what it returned last time. The value must be JSON data."""
        if self.store is None:
            return make(resolve)
        key = key_for(self.salt, text)
        entry = self._previous(group).get(key)
        if entry is None or not _replays(entry["images"], resolve):
            calls: list[list[Any]] = []

            def recording(src: str, role: MediaRole) -> str | None:
                url = resolve(src, role) if resolve is not None else None
                calls.append([src, role, url])
                return url

            entry = {"value": make(recording if resolve is not None else None), "images": calls}
        self._new.setdefault(group, {})[key] = entry
        return entry["value"]

    def keep(self, group: str) -> None:
        """Keep a group's entries as they are: its output was assembled from a kept piece this time."""
        self._kept.add(group)

    def save_group(self, group: str) -> None:
        """Keep a group's entries now and let go of them: its note is rendered, so an output holds one
        note's renderings at a time, not every note's until save()."""
        if self.store is None or group not in self._new:
            return
        self._write(group, self._new.pop(group))
        self._old.pop(group, None)
        self._saved.add(group)

    def save(self) -> None:
        """Keep this build's entries, and only those: a deleted note's renderings go with it."""
        if self.store is None:
            return
        for group, entries in self._new.items():
            self._write(group, entries)
        self.store.keep_only({key_for("group", group) for group in {*self._new, *self._kept, *self._saved}})

    def _write(self, group: str, entries: dict[str, Any]) -> None:
        if group in self._saved:  # a retired card of a note saved already: that note's entries stay too
            found = self.store.get(key_for("group", group)) if self.store is not None else None
            entries = {**(found if isinstance(found, dict) else {}), **entries}
        elif group in self._kept:  # a kept note's retired card rendered: the note's own entries stay too
            entries = {**self._previous(group), **entries}
        if entries != self._old.get(group) and self.store is not None:
            self.store.put(key_for("group", group), entries)

    def _previous(self, group: str) -> dict[str, Any]:
        if group not in self._old:
            assert self.store is not None
            found = self.store.get(key_for("group", group))
            self._old[group] = found if isinstance(found, dict) else {}
        return self._old[group]


def _replays(images: list[list[Any]], resolve: MediaResolver | None) -> bool:
    if not images:
        return True
    if resolve is None:
        return False
    return all(resolve(src, role) == url for src, role, url in images)


class PieceStore:
    """What each note contributes to one output (its page, its rows), kept between builds.

    A piece is a JSON summary plus named files (a rendered page), under OUT/.kb-cache/pieces/<output>/,
    named by a key the emitter makes from the note's cache key, its own code and whatever else the piece
    depends on. An output is assembled from the pieces, so an edit renders one note's piece again.
    Files are written before the summary, each atomically, so a summary found means a complete piece."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        # paths are built as strings: pathlib's objects for every piece's files took a tenth of a second
        # of an edit's rebuild at 500 notes, per output
        self._root = os.fspath(folder) if folder is not None else ""
        self._used: set[str] = set()

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def path(self, key: str, name: str) -> str:
        assert self.folder is not None
        return f"{self._root}/{key[:2]}/{key}.{name}"

    def file(self, key: str, name: str) -> Path:
        return Path(self.path(key, name))

    def load(self, key: str) -> dict[str, Any] | None:
        """The piece's summary, if it is kept (and then it is kept again by save())."""
        if self.folder is None:
            return None
        found = read_json(self.path(key, "json"))
        if not isinstance(found, dict) or not all(os.path.isfile(self.path(key, name)) for name in found.get("files", ())):
            return None
        self._used.add(key)
        return found

    def has(self, key: str) -> bool:
        """Whether a piece's summary is kept under `key` (what load() reads first)."""
        return self.folder is not None and os.path.isfile(self.path(key, "json"))

    def put(self, key: str, summary: dict[str, Any], files: dict[str, bytes]) -> None:
        """Keep a piece; its summary also records each file's SHA-256 (`digests`), so an output that hashes
        its content need not read a kept file again."""
        if self.folder is None:
            return
        try:
            for name, data in files.items():
                write_bytes_atomic(self.file(key, name), data)
        except OSError:
            return  # a read-only or full disk makes the next build slower, not wrong
        digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        JsonCache(self.folder).put(key, {**summary, "files": sorted(files), "digests": digests})
        self._used.add(key)

    def save(self) -> None:
        """Keep the pieces this build used, and only those: an edited note's old piece goes."""
        if self.folder is None or not os.path.isdir(self._root):
            return
        for group in os.scandir(self._root):
            if not group.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(group.path):
                if entry.name.split(".", 1)[0] not in self._used:
                    try:
                        os.unlink(entry.path)
                    except FileNotFoundError:
                        pass

