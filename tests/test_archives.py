"""Archives as untrusted input: usual tar layouts, size and ratio limits, unsafe members as error records."""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from quotes import archives
from quotes.archives import MemberError, bounded_read
from quotes.model import Article
from quotes.read import ReadError, read_items

MIB = 2**20


def _errors(items: list[Article | ReadError]) -> dict[str, str]:
    return {item.origin: item.reason for item in items if isinstance(item, ReadError)}


def _articles(items: list[Article | ReadError]) -> list[str]:
    return [item.id for item in items if isinstance(item, Article)]


def test_tar_made_the_usual_way_with_dot_members(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("First.", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Second.", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    path = tmp_path / "a.tgz"
    with tarfile.open(path, "w:gz") as archive:  # what `tar czf a.tgz -C news .` writes
        archive.add(folder, arcname=".")
    with tarfile.open(path) as archive:
        assert "./a.txt" in archive.getnames()
    items = list(read_items(path))
    t = path.as_posix()
    assert sorted(_articles(items)) == [f"{t}/a.txt", f"{t}/sub/b.txt"]  # ./ dropped from the ids
    assert _errors(items) == {}  # the hidden file is still passed over silently


def test_unsafe_tar_members_are_error_records(tmp_path: Path) -> None:
    path = tmp_path / "a.tar"
    with tarfile.open(path, "w") as archive:
        for name, kind in [
            ("../evil.txt", tarfile.REGTYPE),
            ("/abs.txt", tarfile.REGTYPE),
            ("link.txt", tarfile.SYMTYPE),
            ("hard.txt", tarfile.LNKTYPE),
            ("dev.txt", tarfile.CHRTYPE),
            ("good.txt", tarfile.REGTYPE),
        ]:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = "../../etc/passwd" if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
            data = b"Text." if kind == tarfile.REGTYPE else b""
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    items = list(read_items(path))
    t = path.as_posix()
    assert _articles(items) == [f"{t}/good.txt"]
    errors = _errors(items)
    assert set(errors) == {
        f"{t}/{name}" for name in ("../evil.txt", "abs.txt", "link.txt", "hard.txt", "dev.txt")
    }
    assert "'..'" in errors[f"{t}/../evil.txt"]  # the origin names the member as the archive does
    assert "absolute" in errors[f"{t}/abs.txt"]
    assert "symbolic link to '../../etc/passwd'" in errors[f"{t}/link.txt"]
    assert "hard link" in errors[f"{t}/hard.txt"]
    assert "device" in errors[f"{t}/dev.txt"]
    assert all(reason.startswith("unsafe member not read") for reason in errors.values())


def test_unsafe_zip_members_are_error_records(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../evil.txt", "Evil.")
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        fifo = zipfile.ZipInfo("fifo.txt")
        fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
        archive.writestr(fifo, "")
        archive.writestr("good.txt", "Good.")
    items = list(read_items(path))
    z = path.as_posix()
    assert _articles(items) == [f"{z}/good.txt"]
    errors = _errors(items)
    assert "'..'" in errors[f"{z}/../evil.txt"]
    assert "symbolic link" in errors[f"{z}/link.txt"]
    assert "special file" in errors[f"{z}/fifo.txt"]


def test_zip_member_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 1000)
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", "Long text. " * 200)
        archive.writestr("small.txt", "Short.")
    items = list(read_items(path))
    z = path.as_posix()
    assert _articles(items) == [f"{z}/small.txt"]
    assert "MAX_MEMBER_BYTES" in _errors(items)[f"{z}/big.txt"]


def test_zip_bomb_refused_by_its_ratio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "RATIO_FLOOR", MIB)
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", bytes(4 * MIB))  # about 4 KiB compressed: a ratio near 1000
        archive.writestr("after.txt", "After.")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("zeros.txt")
        assert info.file_size > archives.MAX_RATIO * info.compress_size  # a real bomb, not a declared one
    items = list(read_items(path))
    z = path.as_posix()
    assert _articles(items) == [f"{z}/after.txt"]
    reason = _errors(items)[f"{z}/zeros.txt"]
    assert "MAX_RATIO" in reason and "decompression bomb" in reason


class _Endless(io.RawIOBase):
    """A stream of zeros that never ends, counting what it gave: a member whose declared size lies."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        buffer[:] = bytes(len(buffer))
        self.given += len(buffer)
        return len(buffer)


def test_bounded_read_stops_at_the_limit_while_streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 3 * MIB)
    stream = _Endless()
    with pytest.raises(MemberError, match="MAX_MEMBER_BYTES"):
        bounded_read(stream)  # type: ignore[arg-type]
    assert stream.given <= 3 * MIB + archives.READ_BLOCK  # stopped one block past the limit at most
    monkeypatch.setattr(archives, "RATIO_FLOOR", MIB)
    stream = _Endless()
    with pytest.raises(MemberError, match="MAX_RATIO"):
        bounded_read(stream, compressed=1000)  # type: ignore[arg-type]
    assert stream.given <= 2 * MIB
    assert bounded_read(io.BytesIO(b"x" * 10), compressed=1) == b"x" * 10  # small: no ratio applies


def test_tar_gz_bomb_stops_the_archive_before_inflating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archives, "RATIO_FLOOR", MIB)
    path = tmp_path / "bomb.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in (("first.txt", b"First."), (".hidden", bytes(8 * MIB)), ("after.txt", b"After.")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    items = list(read_items(path))
    t = path.as_posix()
    # even a member that would be skipped (hidden) is refused: skipping it means inflating it
    assert _articles(items) == [f"{t}/first.txt"]
    reason = _errors(items)[f"{t}/.hidden"]
    assert "MAX_RATIO" in reason and "rest of the archive skipped" in reason


def test_tar_member_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 1000)
    path = tmp_path / "a.tar"
    with tarfile.open(path, "w") as archive:
        for name, data in (("big.txt", b"Long text. " * 200), ("small.txt", b"Short.")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    items = list(read_items(path))
    t = path.as_posix()
    assert _articles(items) == [f"{t}/small.txt"]
    assert "MAX_MEMBER_BYTES" in _errors(items)[f"{t}/big.txt"]


def test_archives_nested_too_deep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quotes.read.MAX_NESTING", 1)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("deep.txt", "Deep.")
    middle = io.BytesIO()
    with zipfile.ZipFile(middle, "w") as archive:
        archive.writestr("inner.zip", inner.getvalue())
        archive.writestr("one.txt", "One.")
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("middle.zip", middle.getvalue())
    items = list(read_items(path))
    z = path.as_posix()
    assert _articles(items) == [f"{z}/middle.zip/one.txt"]
    assert "MAX_NESTING" in _errors(items)[f"{z}/middle.zip/inner.zip"]
