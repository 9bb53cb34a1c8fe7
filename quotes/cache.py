"""The annotation cache: an article's Stanza analysis kept on disk, so analysing it again skips Stanza.

Re-running a report, an evaluation or a batch after a rule change re-annotates nothing: the rules
run on the cached `AnnotatedDoc`s. An entry is keyed by the sha256 of the text and of everything
the annotation depends on (`context`): the model files (names, sizes, modification times), the
annotator's settings (max_chars, max_sentence_words, ...), the stanza version and the source of
the code that makes an `AnnotatedDoc` (annotate.py, speedups.py, models.py, model.py, ...). Change
any of them and every old entry simply misses.

One file an entry, `DIR/<2 hex>/<64 hex>`: a header (magic, format version, the key, the sha256 of
the body), then the doc as msgpack, zlib-compressed. An entry that is truncated, flipped, of another
version, under the wrong name or for another text is a miss, never trusted, and is overwritten.
Writes go to a temporary file renamed into place, so worker processes writing the same entry at
once leave one whole entry. Clearing the cache is deleting the folder (`quotes cache clear`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import msgspec

from quotes.errors import OutputError
from quotes.model import AnnotatedDoc

FORMAT = 1  # raise when the entry layout or the meaning of an AnnotatedDoc changes
MAGIC = b"QUOTES-AC"
HEADER = len(MAGIC) + 2 + 32 + 32  # magic, format (2 bytes), key, sha256 of the body
ENV = "QUOTES_CACHE_DIR"
# the code whose output is cached: any edit to it makes every entry stale
CODE = (
    "annotate.py",
    "speedups.py",
    "models.py",
    "model.py",
    "focus.py",
    "marks.py",
    "lexicon/quote_marks.txt",
)
_PLAIN = (str, int, float, bool, type(None))
_HEX = re.compile("[0-9a-f]+")
_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(AnnotatedDoc)


class Annotating(Protocol):
    """The annotator the cache wraps (flow.AnnotatorLike, restated here to keep flow out)."""

    def annotate_many(self, texts: Sequence[str]) -> list[AnnotatedDoc]: ...


def default_dir() -> Path:
    """$QUOTES_CACHE_DIR, else the user's cache folder: $XDG_CACHE_HOME/quotes/annotations
    (~/.cache/quotes/annotations when XDG_CACHE_HOME is not set)."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "quotes" / "annotations"


def context(annotator: object) -> bytes:
    """The digest of everything besides the text an annotation depends on."""
    parts: dict[str, Any] = {
        "format": FORMAT,
        "stanza": _version("stanza"),
        "torch": _version("torch"),
        "code": _code_digest(),
        "settings": settings(annotator),
        "models": models_fingerprint(annotator),
    }
    return hashlib.sha256(_ENCODER.encode(parts)).digest()


def settings(annotator: object) -> dict[str, Any]:
    """The annotator's public settings of plain types: max_chars, max_sentence_words, use_gpu and
    whatever a later version adds (a quantisation switch, say), so that it is in the key too.
    Torch threads change the speed, not the result: they are left out."""
    found = vars(annotator) if hasattr(annotator, "__dict__") else {}
    chosen: dict[str, Any] = {}
    for name, value in sorted(found.items()):
        if name.startswith("_") or name == "threads":
            continue
        if isinstance(value, _PLAIN):
            chosen[name] = value
        elif isinstance(value, tuple | list | set | frozenset) and all(isinstance(v, _PLAIN) for v in value):
            # a set of processors, say; a set's order is arbitrary, so it is sorted
            chosen[name] = sorted(value, key=repr) if isinstance(value, set | frozenset) else list(value)
    return chosen


def models_fingerprint(annotator: object) -> list[Any]:
    """The models' kind and directory, and each model file's name, size and modification time."""
    from quotes.models import ModelSource, model_paths

    source = getattr(annotator, "source", None)
    if not isinstance(source, ModelSource):
        return [repr(type(annotator))]
    files: list[Any] = [source.kind, str(source.directory)]
    paths = {"resources.json": source.directory / "resources.json", **model_paths(source)}
    for name, path in sorted(paths.items()):
        try:
            stat = path.stat()
        except OSError:
            files.append([name, str(path), None])
            continue
        files.append([name, str(path), stat.st_size, stat.st_mtime_ns])
    return files


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def _code_digest() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    return digest.hexdigest()


def key(context_digest: bytes, text: str) -> bytes:
    return hashlib.sha256(context_digest + text.encode("utf-8", "surrogatepass")).digest()


class Store:
    """Entries on disk under `directory`: `get` is None for anything but a whole, valid entry."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, entry_key: bytes) -> Path:
        name = entry_key.hex()
        return self.directory / name[:2] / name

    def get(self, entry_key: bytes, text: str) -> AnnotatedDoc | None:
        try:
            data = self.path(entry_key).read_bytes()
        except OSError:
            return None
        return decode(data, entry_key, text)

    def put(self, entry_key: bytes, doc: AnnotatedDoc) -> bool:
        """Write the entry atomically; False when it could not be written (a full disk, say): the
        cache is an optimisation, so the run goes on without it (`prepare` checks the folder first)."""
        target = self.path(entry_key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        except OSError:
            return False
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(encode(entry_key, doc))
            os.replace(temporary, target)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return False
        return True


def prepare(directory: Path) -> Path:
    """Create the cache folder if needed and check that it can be written; raise OutputError if not."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory, prefix=".tmp-"):
            pass
    except OSError as error:
        raise OutputError(f"cannot use {directory.as_posix()!r} as the annotation cache: {error}") from error
    return directory


def encode(entry_key: bytes, doc: AnnotatedDoc) -> bytes:
    body = zlib.compress(_ENCODER.encode(doc), 1)
    return MAGIC + FORMAT.to_bytes(2, "big") + entry_key + hashlib.sha256(body).digest() + body


def decode(data: bytes, entry_key: bytes, text: str) -> AnnotatedDoc | None:
    """The doc of a whole entry made for this key and this text; None for anything else."""
    if len(data) < HEADER or not data.startswith(MAGIC):
        return None
    at = len(MAGIC)
    if int.from_bytes(data[at : at + 2], "big") != FORMAT or data[at + 2 : at + 34] != entry_key:
        return None
    body = data[HEADER:]
    if hashlib.sha256(body).digest() != data[at + 34 : HEADER]:
        return None
    try:
        doc = _DECODER.decode(zlib.decompress(body))
    except (zlib.error, msgspec.DecodeError, ValueError, TypeError):
        return None
    return doc if doc.text == text else None


class CachedAnnotator:
    """An annotator that looks every text up in the cache and annotates only the misses, in one
    batched call to the annotator it wraps, storing what it annotated.

    `annotated` counts the texts sent to the wrapped annotator (the Stanza work done), `hits`
    the texts answered from the cache.
    """

    def __init__(self, annotator: Annotating, directory: Path) -> None:
        self.annotator = annotator
        self.store = Store(directory)
        self._context: bytes | None = None
        self.annotated = 0
        self.hits = 0
        self.unwritten = 0  # entries that could not be written

    @property
    def context(self) -> bytes:
        if self._context is None:  # computed on first use: stat and hash a few files
            self._context = context(self.annotator)
        return self._context

    def annotate(self, text: str) -> AnnotatedDoc:
        return self.annotate_many([text])[0]

    def cached(self, texts: Sequence[str]) -> list[AnnotatedDoc | None]:
        """Each text's annotation from the cache, None where there is none: nothing is annotated."""
        return self._lookup(texts)[1]

    def _lookup(self, texts: Sequence[str]) -> tuple[list[bytes], list[AnnotatedDoc | None]]:
        keys = [key(self.context, text) for text in texts]
        found = [self.store.get(entry_key, text) for entry_key, text in zip(keys, texts, strict=True)]
        self.hits += sum(doc is not None for doc in found)
        return keys, found

    def annotate_many(self, texts: Sequence[str]) -> list[AnnotatedDoc]:
        keys, found = self._lookup(texts)
        missing = [i for i, doc in enumerate(found) if doc is None]
        if missing:
            fresh = self.annotator.annotate_many([texts[i] for i in missing])
            self.annotated += len(missing)
            for i, doc in zip(missing, fresh, strict=True):
                found[i] = doc
                self.unwritten += not self.store.put(keys[i], doc)
        return [doc for doc in found if doc is not None]


def _entries(directory: Path) -> Iterator[Path]:
    """The entry files (and leftover temporary files) of a cache folder, and nothing else: a folder
    given by mistake (a home folder, say) loses nothing that is not an entry."""
    if not directory.is_dir():
        return
    for folder in directory.iterdir():
        if not (len(folder.name) == 2 and _HEX.fullmatch(folder.name) and folder.is_dir()):
            continue
        for path in folder.iterdir():
            name = path.name
            entry = len(name) == 64 and _HEX.fullmatch(name) and name[:2] == folder.name
            if (entry or name.startswith(".tmp-")) and path.is_file():
                yield path


def size(directory: Path) -> tuple[int, int]:
    """How many entries the cache folder holds and their bytes."""
    entries = total = 0
    for path in _entries(directory):
        if not path.name.startswith("."):
            entries += 1
            total += path.stat().st_size
    return entries, total


def clear(directory: Path) -> int:
    """Delete every entry (and leftover temporary file) of the cache folder; return how many entries."""
    removed = 0
    for path in list(_entries(directory)):
        removed += not path.name.startswith(".")
        path.unlink(missing_ok=True)
    for folder in directory.glob("??") if directory.is_dir() else ():
        if _HEX.fullmatch(folder.name) and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed
