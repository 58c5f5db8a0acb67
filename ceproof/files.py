"""Writing an export to a file: never over a user's file without --force, never half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import BadInput


def write_atomically(path: str, text: str | bytes, force: bool = False) -> None:
    """Write ``text`` (or the bytes of a picture) to ``path`` through a temporary file in the same folder and
    a rename."""
    if not path:
        raise BadInput("{output} is empty; give a file name")
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise BadInput(f"{path} is a folder; give a file name")
    if not folder.is_dir():
        raise BadInput(f"the folder {folder} does not exist")
    if target.exists() and not force:
        raise BadInput(f"{path} exists; use {{force}} to overwrite it")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise BadInput(f"cannot write in {folder}: {error.strerror}") from None
    try:
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as out:
                out.write(text)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # mkstemp's 0600 would surprise whoever shares the file
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise BadInput(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
