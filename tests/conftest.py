from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "notes"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def note_with(fragment: str) -> Path:
    """The note in notes/ whose text contains `fragment` (tests find notes by content, not by name)."""
    for path in sorted(NOTES.iterdir()):
        if fragment.encode("utf-8") in path.read_bytes():
            return path
    raise LookupError(fragment)


@pytest.fixture(scope="session")
def notes_dir() -> Path:
    return NOTES
