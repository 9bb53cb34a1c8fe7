"""The output folder of a batch run: whose it is, who writes it, and writes that a crash cannot tear.

- A run folder is marked by its manifest, `inputs.jsonl`: one `{"id", "sha256"}` line per result,
  the hash of the article it was made from (`input_hash`). A later `--resume` compares it with the
  input to find articles that changed. `"sha256": null` withdraws an id's result: it is being
  analysed again. The last line of an id wins.
- `claim` refuses a folder that is a file, a non-empty folder without a manifest (someone's own
  files), and a folder that another run is writing (an exclusive `flock` on the folder itself, held
  for the whole run, so two runs never append the same articles twice).
- `append` writes one whole line and fsyncs it, or nothing: a write cut short by a full disk is
  truncated away, one that Ctrl-C or SIGTERM interrupts is finished first. `replace_lines` and
  `replace_text` write a temporary file in the folder and `os.replace` it, so a reader sees the
  old file or the new one, never half of one.
- Every OSError while writing becomes an `OutputError` naming the path (`guarded`).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

import orjson

from quotes.errors import OutputError
from quotes.model import Article

MANIFEST = "inputs.jsonl"
RESULTS = "results.jsonl"


def input_hash(article: Article) -> str:
    """What a result is made from: the article's id, text and metadata (not where it was read)."""
    fields: tuple[str | None, ...] = (article.id, article.text, article.title, article.date)
    fields += (article.outlet, article.url)
    # the author only where there is one: an article without one keeps the hash it had before authors
    fields += (article.author,) if article.author is not None else ()
    return hashlib.sha256(orjson.dumps([*fields, article.diagnostics])).hexdigest()[:32]


@contextmanager
def guarded(path: Path) -> Iterator[None]:
    """Turn an OSError (disk full, read-only, permission denied...) into a one-line OutputError."""
    try:
        yield
    except OSError as error:
        where = Path(error.filename).as_posix() if error.filename else path.as_posix()
        raise OutputError(f"cannot write {where!r}: {_reason(error)}") from error


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


@contextmanager
def claim(out: Path, *, resume: bool) -> Iterator[None]:
    """Make `out` ready and hold it for the run: see the module docstring for what is refused."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out.as_posix()!r} is a file, not a folder")
    with guarded(out):
        out.mkdir(parents=True, exist_ok=True)
        folder = os.open(out, os.O_RDONLY)
    try:
        _lock(folder, out)
        with guarded(out):
            names = {name for name in os.listdir(out) if not name.startswith(".")}
        _check(out, names, resume=resume)
        yield
    finally:
        os.close(folder)  # releases the lock


def _lock(folder: int, out: Path) -> None:
    if sys.platform == "win32":  # no flock there: runs on one folder are the user's to keep apart
        return
    import fcntl

    try:
        fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(
            f"{out.as_posix()!r} is in use by another quotes batch run: wait for it to finish"
        ) from None


def _check(out: Path, names: set[str], *, resume: bool) -> None:
    if RESULTS in names and not resume:
        raise OutputError(
            f"{(out / RESULTS).as_posix()!r} already exists: pass resume=True (--resume) to continue "
            "that run, or choose another output directory"
        )
    # results.jsonl without a manifest: a run made before manifests existed, resumable as it is
    if names and MANIFEST not in names and RESULTS not in names:
        raise OutputError(
            f"{out.as_posix()!r} is not empty and holds no quotes batch run: choose a new or empty folder"
        )


def append(handle: IO[bytes], line: bytes) -> None:
    """Append `line` whole and fsync it. A failed write is truncated away (OutputError); Ctrl-C or
    SIGTERM (raised as KeyboardInterrupt) while writing finishes the line, then goes on."""
    fd = handle.fileno()
    start = os.fstat(fd).st_size
    try:
        _write(fd, line)
    except OSError as error:
        with suppress(OSError):  # if this fails too, the torn tail stays and a resume drops it
            os.ftruncate(fd, start)
        where = Path(str(handle.name)).as_posix()
        raise OutputError(f"cannot write {where!r}: {_reason(error)}") from error
    except BaseException:
        # the file itself says how much of the line is in: the rest may not have been counted
        _write(fd, line[os.fstat(fd).st_size - start :])
        raise


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def recover(path: Path, key: str | None = None) -> dict[str, str | None] | None:
    """id -> `record[key]` (None without a key) for the whole lines of a JSON lines file, the last
    line of an id winning; None when there is no file. A line cut short by a crash is removed."""
    if not path.exists():
        return None
    found: dict[str, str | None] = {}
    complete = 0  # bytes up to the end of the last whole line
    damaged = False
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break  # the torn tail of a write that a kill interrupted
            complete += len(line)
            try:
                record = orjson.loads(line)
                found[str(record["id"])] = None if key is None else record.get(key)
            except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
                damaged = True  # only a torn write makes this; that article is analysed again
    if damaged:
        replace_lines(path, _whole_lines(path, complete))
    elif complete != path.stat().st_size:
        os.truncate(path, complete)
    return found


def _whole_lines(path: Path, limit: int) -> Iterator[bytes]:
    """The readable lines among the first `limit` bytes of a JSON lines file."""
    offset = 0
    with path.open("rb") as handle:
        for line in handle:
            offset += len(line)
            if offset > limit:
                return
            try:
                orjson.loads(line)["id"]
            except (orjson.JSONDecodeError, KeyError, TypeError):
                continue
            yield line


def replace_lines(path: Path, lines: Iterable[bytes]) -> None:
    """Write `lines` to a temporary file beside `path`, fsync it and move it over `path`."""
    with _temporary(path) as temporary, temporary.open("wb") as handle:
        for line in lines:
            handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def replace_text(path: Path, write: Callable[[IO[str]], None]) -> None:
    """`write` a UTF-8 text file at `path` through a temporary file, as `replace_lines` does."""
    with _temporary(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())


def replace_bytes(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """`write` a binary file at `path` through a temporary file, as `replace_lines` does."""
    with _temporary(path) as temporary, temporary.open("wb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def _temporary(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, moved over it when the block succeeds, removed if it fails."""
    temporary = path.with_name(path.name + ".tmp")
    with guarded(path):  # a failed write or flush names no file: name the one being written
        try:
            yield temporary
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        os.replace(temporary, path)
