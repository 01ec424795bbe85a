"""Write outputs so that a build killed at any moment leaves the previous outputs intact.

What is being written sits under a temporary name beside its target until it is complete. The name says
which process writes it (`.kbtmp-<pid>-...`), so the next build finds and removes what a killed build
left behind (remove_stale_temps), while a build still writing keeps its own."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path

_TEMP_NAME = re.compile(r"\.kbtmp-(\d+)-")


def temp_prefix(what: str) -> str:
    """The start of a temporary name for `what`, owned by this process."""
    return f".kbtmp-{os.getpid()}-{what}."


def make_temp_dir(parent: Path, what: str) -> Path:
    """A new empty folder in `parent` under a temporary name owned by this process."""
    return Path(tempfile.mkdtemp(prefix=temp_prefix(what), dir=parent))


def remove_stale_temps(folder: Path) -> None:
    """Remove the temporary files and folders in `folder` whose writer is gone (a build killed while
    writing); one whose process still runs is left to it."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for path in entries:
        found = _TEMP_NAME.match(path.name)
        if found is None or _running(int(found.group(1))):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, as another user's
    return True


def write_bytes_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary file in the same folder, fsync (when `durable`), then rename over the target.
    Without fsync the file is still whole or absent for every reader while the machine runs, but a power
    failure may leave it empty or cut: only for data whose reader takes a damaged file for a missing one."""
    write_chunks_atomic(path, [data], durable)


def write_chunks_atomic(path: Path, chunks: Iterable[bytes], durable: bool = True) -> None:
    """write_bytes_atomic for content made piece by piece (never held whole in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(chunks)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: Path, text: str, durable: bool = True) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), durable)


def replace_dir_atomic(built: Path, target: Path, version: str | None = None) -> None:
    """Swap a fully built folder into place in one step.

    `target` becomes a symlink to a hidden versioned folder beside it; replacing a symlink with
    os.replace is atomic, so at every instant `target` is the complete old or the complete new folder
    (renaming two real folders would leave a moment with neither). Old versions are removed afterwards.
    `version` names the versioned folder (a hash of its content makes the name reproducible); a folder
    of that name already in place has that content, and is kept.
    """
    target = target.absolute()
    version = target.with_name(f".{target.name}.{version or uuid.uuid4().hex[:12]}")
    if version.is_dir() and target.is_symlink() and target.resolve() == version.resolve():
        shutil.rmtree(built)
        return
    if version.exists():
        shutil.rmtree(version)  # left by an earlier build, not in use
    os.replace(built, version)
    link = target.with_name(f".{target.name}.link-{uuid.uuid4().hex[:8]}")
    os.symlink(version.name, link)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)  # a real folder from elsewhere: no atomic swap possible for this one build
    os.replace(link, target)
    for stale in target.parent.glob(f".{target.name}.*"):
        if stale != version and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        elif stale.is_symlink() and stale != target:
            stale.unlink(missing_ok=True)
