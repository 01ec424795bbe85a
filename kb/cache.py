"""The build cache: per-note results keyed by the note's bytes and by kb's own code.

A key covers everything a result depends on: the input bytes and the source of the stages that made it,
so editing kb invalidates exactly what that stage produced, and caching can never serve stale cards.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

import kb
from kb.atomic import write_text_atomic

KB_ROOT = Path(kb.__file__).resolve().parent


def user_cache_dir() -> Path:
    """kb's per-user cache ($XDG_CACHE_HOME/kb or ~/.cache/kb): results that depend only on kb's code and
    package data (formula checks, language-model tables), shared by every build and `kb verify`."""
    import os

    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kb"


@lru_cache(maxsize=None)
def code_fingerprint(*parts: str) -> str:
    """Hash of kb's version and every file (code, templates, static assets) under the given parts of kb."""
    digest = hashlib.sha256(kb.__version__.encode())
    for part in parts:
        path = KB_ROOT / part
        files = (sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
                 if path.is_dir() else [path.with_suffix(".py")])
        for file in files:
            digest.update(file.relative_to(KB_ROOT).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def package_versions(*names: str) -> str:
    """`name=version` of each package (`name=?` when it is not installed): the part of a cache key that
    makes results depending on those packages' code or data go stale when they are upgraded."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in names:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return "\n".join(found)


def key_for(*items: bytes | str) -> str:
    digest = hashlib.sha256()
    for item in items:
        data = item.encode("utf-8") if isinstance(item, str) else item
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def read_json(path: str | Path) -> Any | None:
    """A JSON file's data, or None when it cannot be read. Read with orjson (2.3 times json's speed on the
    kept pieces an edit's rebuild reads: one per note and output), or json where orjson refuses what json
    wrote (NaN)."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    try:
        return orjson.loads(data)
    except ValueError:
        pass
    try:
        return json.loads(data)
    except ValueError:
        return None


class JsonCache:
    """A folder of JSON files named by key. A corrupt or unreadable entry is a miss, never an error."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        return read_json(self._path(key))

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def put(self, key: str, value: Any) -> None:
        try:
            # No fsync for an object or a list: a build puts an entry per note and per formula decision (tens
            # of thousands in a large corpus, each fsync about 10 ms of waiting on a busy disk), and one that
            # a power failure cuts is no JSON, so it reads as a miss. A bare number cut short would not be.
            write_text_atomic(self._path(key), json.dumps(value, ensure_ascii=False),
                              durable=not isinstance(value, (dict, list)))
        except OSError:
            pass  # a read-only or full disk makes the next build slower, not wrong

    def keep_only(self, keys: set[str]) -> None:
        """Delete every entry but these: what an edited or deleted note left behind (the cache would
        otherwise grow with every edit for as long as the notes are kept)."""
        wanted = {self._path(key) for key in keys}
        for path in self.folder.glob("*/*.json"):
            if path not in wanted:
                try:
                    path.unlink()
                except OSError:
                    pass
