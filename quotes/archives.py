"""Zip and tar archives read as untrusted input: the members `read.py` may parse, and why others are not.

A member is read in blocks and refused once it passes `MAX_MEMBER_BYTES` or decompresses to more than
`MAX_RATIO` times its compressed size, so a decompression bomb costs a few blocks, never the memory
it declares. Links, devices and paths that are absolute or hold `..` are reported, never followed.
The limits are module constants read at call time (tests lower them).
"""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

from quotes.errors import InputError

MAX_MEMBER_BYTES = 512 * 2**20
"""An archive member larger than this once decompressed is an error record, not an article."""
MAX_RATIO = 100
"""Decompressed over compressed size past which a zip member or a tar.gz/.bz2/.xz stream is a bomb."""
RATIO_FLOOR = 16 * 2**20
"""MAX_RATIO applies past this many decompressed bytes only: short repetitive texts compress far better."""
READ_BLOCK = 2**20
CORRUPT = (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, zlib.error, ValueError)


class MemberError(InputError):
    """An archive member could not be read: corrupt, or over a limit (the message names it)."""


@dataclass(frozen=True, slots=True)
class Member:
    """A regular file in an archive. Call `load` before asking for the next member: a tar is a stream."""

    name: str
    load: Callable[[], bytes]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A member not read (`name`), or the whole archive or its rest (`name` None), and why."""

    name: str | None
    reason: str


Entry = Member | Skipped


def members(kind: str, target: Path | io.BytesIO) -> Iterator[Entry]:
    """The regular members of the zip or tar `target` in archive order, and what was not read."""
    return _zip_members(target) if kind == "zip" else _tar_members(target)


def _size_limit(size: int) -> str | None:
    if size > MAX_MEMBER_BYTES:
        return f"larger than the limit of {MAX_MEMBER_BYTES} bytes once decompressed (MAX_MEMBER_BYTES)"
    return None


def _ratio_limit(size: int, compressed: int) -> str | None:
    if size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
        return (
            f"decompresses to more than {MAX_RATIO} times its compressed size of {compressed} bytes "
            "(MAX_RATIO): a decompression bomb"
        )
    return None


def _limit(size: int, compressed: int | None) -> str | None:
    """Why `size` decompressed bytes (from `compressed` bytes, when known) are too many, or None."""
    return _size_limit(size) or (_ratio_limit(size, compressed) if compressed is not None else None)


def bounded_read(handle: IO[bytes], *, compressed: int | None = None) -> bytes:
    """Read `handle` in blocks; raise `MemberError` naming the limit as soon as one is passed."""
    data = bytearray()
    while block := handle.read(READ_BLOCK):
        data += block
        reason = _limit(len(data), compressed)
        if reason is not None:
            raise MemberError(f"member refused: {reason}")
    return bytes(data)


def _path(name: str) -> tuple[str, str | None]:
    """The name without `.` parts (`tar -C dir .` writes `./a.txt`), and why it is unsafe, if it is."""
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if name.startswith("/"):
        return "/".join(parts), "unsafe member not read: absolute path"
    if ".." in parts:
        return "/".join(parts), "unsafe member not read: '..' in its path"
    return "/".join(parts), None


def _zip_unsafe(info: zipfile.ZipInfo) -> str | None:
    mode = info.external_attr >> 16  # Unix mode bits, when the zip was made on Unix; else 0
    if stat.S_ISLNK(mode):
        return "unsafe member not read: symbolic link"
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "unsafe member not read: device or other special file"
    return None


def _tar_unsafe(info: tarfile.TarInfo) -> str | None:
    if info.issym():
        return f"unsafe member not read: symbolic link to {info.linkname!r}"
    if info.islnk():
        return f"unsafe member not read: hard link to {info.linkname!r}"
    if info.isdev():
        return "unsafe member not read: device or FIFO"
    return None


def _zip_members(target: Path | io.BytesIO) -> Iterator[Entry]:
    try:
        archive = zipfile.ZipFile(target)
    except (zipfile.BadZipFile, OSError) as error:
        yield Skipped(None, f"corrupt zip archive: {error}")
        return
    with archive:
        for info in archive.infolist():
            name, unsafe = _path(info.filename)
            unsafe = unsafe or _zip_unsafe(info)
            if unsafe is not None:
                yield Skipped(name, unsafe)
            elif not info.is_dir():
                yield Member(name, partial(_zip_bytes, archive, info))


def _zip_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # the declared sizes refuse an honest bomb before a byte is inflated; the counted ones, a lying one
    reason = _limit(info.file_size, info.compress_size)
    if reason is not None:
        raise MemberError(f"member refused: {reason}")
    try:
        with archive.open(info) as handle:
            return bounded_read(handle, compressed=info.compress_size)
    except CORRUPT as error:
        raise MemberError(f"corrupt archive member: {error}") from error


def _tar_members(target: Path | io.BytesIO) -> Iterator[Entry]:
    try:
        archive = _open_tar(target)
        packed = target.stat().st_size if isinstance(target, Path) else len(target.getbuffer())
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        yield Skipped(None, f"corrupt tar archive: {error}")
        return
    with archive:
        while True:
            try:
                info = archive.next()
            except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
                # a tar stream cannot be resynchronised after a damaged header: report and stop
                yield Skipped(None, f"corrupt tar archive, rest skipped: {error}")
                return
            if info is None:
                return
            name, unsafe = _path(info.name)
            # tar sizes are exact, so the stream's ratio is known before a member is inflated or skipped
            bomb = _ratio_limit(info.offset_data + info.size, packed)
            if bomb is not None:
                yield Skipped(name, f"member refused: {bomb}; rest of the archive skipped")
                return
            unsafe = unsafe or _tar_unsafe(info)
            if unsafe is not None:
                yield Skipped(name, unsafe)
            elif info.isfile():
                yield Member(name, partial(_tar_bytes, archive, info))


def _open_tar(target: Path | io.BytesIO) -> tarfile.TarFile:
    if isinstance(target, Path):
        return tarfile.open(target, mode="r:*")
    return tarfile.open(fileobj=target, mode="r:*")


def _tar_bytes(archive: tarfile.TarFile, info: tarfile.TarInfo) -> bytes:
    reason = _size_limit(info.size)
    if reason is not None:
        raise MemberError(f"member refused: {reason}")
    try:
        handle = archive.extractfile(info)
        if handle is None:
            raise MemberError("corrupt archive member: member has no data")
        with handle:
            return bounded_read(handle)
    except CORRUPT as error:
        raise MemberError(f"corrupt archive member: {error}") from error
