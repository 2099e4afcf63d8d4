"""Writing exports safely: a temporary file renamed into place, never over an existing file.

Used by the CLI and the browser alike. Nothing is ever written into an input.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from pystats_tui.core.errors import PystatsError


def safe_name(text: str) -> str:
    """A file-name-friendly form of a label: ``LOAD_ATTR / 3.14`` -> ``LOAD_ATTR-3.14``."""
    name = re.sub(r"[^A-Za-z0-9._+]+", "-", text).strip("-.")
    return name[:120] or "pystats"


def inside(path: Path, roots: list[Path]) -> Path | None:
    """The input root that ``path`` lies inside, if any."""
    target = path.resolve()
    for root in roots:
        r = root.resolve()
        base = r if r.is_dir() else r.parent
        if target == r or base in target.parents and r.is_dir():
            return root
    return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Read once, at import (single-threaded): exports get the mode any new file would get.
_FILE_MODE = 0o666 & ~_umask()


def check_target(path: Path, force: bool = False, inputs: list[Path] | None = None) -> None:
    """Raise unless ``path`` may be written: not inside an input, not a directory, new or ``force``."""
    if inputs and inside(path, inputs) is not None:
        if any(path.resolve() == Path(i).resolve() for i in inputs):
            raise PystatsError("refusing to overwrite an input (choose another path)", path)
        raise PystatsError("refusing to write inside an input directory (choose another path)", path)
    if path.is_dir():
        raise PystatsError("is a directory (give a file name to write)", path)
    if (path.exists() or path.is_symlink()) and not force:
        raise PystatsError("file exists (use --force to replace it)", path)


def write_new_file(path: Path, text: str, force: bool = False, inputs: list[Path] | None = None) -> Path:
    """Write ``text`` to ``path`` through a temporary file and an atomic rename.

    Refuses to replace an existing file unless ``force``, and refuses any path
    inside one of the ``inputs`` (the tool never writes into its data). The
    text goes to a hidden temporary file beside ``path`` first, so an
    interrupted or failed write leaves neither a partial file nor a damaged
    old one; the temporary file is removed whatever happens.
    """
    path = Path(path)
    check_target(path, force, inputs)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise PystatsError(f"cannot write here: {e.strerror or e}", folder) from None
    try:
        try:
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, _FILE_MODE)
        except OSError as e:
            raise PystatsError(f"cannot write: {e.strerror or e}", path) from None
        if force:
            try:
                os.replace(tmp, path)
            except OSError as e:
                raise PystatsError(f"cannot write: {e.strerror or e}", path) from None
        else:
            # link() fails if the name appeared meanwhile: never clobber a file.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise PystatsError("file exists (use --force to replace it)", path) from None
            except OSError:
                # No hard links on this filesystem: a plain rename, after one more check.
                if path.exists():
                    raise PystatsError("file exists (use --force to replace it)", path) from None
                try:
                    os.replace(tmp, path)
                except OSError as e:
                    raise PystatsError(f"cannot write: {e.strerror or e}", path) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def unique_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """``folder/stem.md``, or ``stem-2.md``, ``stem-3.md``... whichever does not exist yet."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def write_export(stem: str, text: str, inputs: list[Path]) -> Path:
    """Write a browser export under a new name in the working directory.

    When the working directory is inside an input (the tool never writes into
    its data) or cannot be written, the export goes to the home directory.
    """
    error: PystatsError | None = None
    for folder in (Path.cwd(), Path.home()):
        try:
            return write_new_file(unique_path(folder, stem), text, inputs=inputs)
        except PystatsError as e:
            error = error or e
    assert error is not None
    raise error
