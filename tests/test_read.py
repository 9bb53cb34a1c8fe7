"""Reading articles: every input format, stable ids, and bad input that never stops the stream."""

from __future__ import annotations

import io
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.errors import InputError
from quotes.model import Article
from quotes.read import ReadError, read_articles, read_items

TEXT = 'Kerry to visit Sochi\n\n"We expect a lot," the ministry said.\n'


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _tar(path: Path, members: dict[str, bytes], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_txt_file_title_and_id(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    [article] = read_articles(path)
    assert article == Article(
        id=path.as_posix(), text=TEXT, title="Kerry to visit Sochi", origin=path.as_posix()
    )


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\n\n  Headline here  \nBody.", "Headline here"),
        ("x" * 400 + "\nBody.", None),  # a first line this long is a paragraph, not a title
    ],
)
def test_txt_title_rule(tmp_path: Path, text: str, title: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    [article] = read_articles(path)
    assert article.title == title
    assert article.text == text  # the text is never trimmed: offsets point into it


def test_directory_tree_sorted_with_ids(tmp_path: Path) -> None:
    (tmp_path / "news" / "b").mkdir(parents=True)
    (tmp_path / "news" / "b" / "2.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / "news" / "1.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "news" / "c.jsonl").write_text('{"text": "Three.", "id": "x3"}\n', encoding="utf-8")
    (tmp_path / "news" / ".DS_Store").write_bytes(b"\x00\x01")
    root = (tmp_path / "news").as_posix()
    articles = list(read_articles(tmp_path / "news"))
    assert [a.id for a in articles] == [f"{root}/1.txt", f"{root}/b/2.txt", "x3"]
    assert articles[2].origin == f"{root}/c.jsonl#1"


def test_json_fields_and_fallback_keys(tmp_path: Path) -> None:
    records = [
        {
            "id": 7,
            "title": "T",
            "date": "2015-05-09",
            "outlet": "AFP",
            "url": "http://x",
            "text": "A.",
            "author": "Jo Li",
        },
        {"maintext": "B.", "source_domain": "reuters.com", "date_publish": "2015-05-10 10:00"},
        {"body": "C."},
    ]
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(record) for record in records) + b"\n")
    first, second, third = read_articles(path)
    assert first == Article(
        id="7",
        text="A.",
        title="T",
        date="2015-05-09",
        outlet="AFP",
        url="http://x",
        author="Jo Li",
        origin=f"{path.as_posix()}#1",
    )
    assert second.author is None and third.author is None
    assert (second.id, second.text, second.outlet, second.date) == (
        f"{path.as_posix()}#2",
        "B.",
        "reuters.com",
        "2015-05-10 10:00",
    )
    assert third.text == "C."


def test_json_object_and_array(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_bytes(orjson.dumps({"text": "A.", "title": "T"}))
    many = tmp_path / "many.json"
    many.write_bytes(orjson.dumps([{"text": "A."}, {"text": "B."}]))
    assert [a.id for a in read_articles(one)] == [one.as_posix()]
    assert [a.id for a in read_articles(many)] == [f"{many.as_posix()}#1", f"{many.as_posix()}#2"]


def test_csv_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('key,content,title\nk1,"First, with\na newline",T1\nk2,Second,\n', encoding="utf-8")
    articles = list(read_articles(path, text_column="content", id_column="key"))
    assert [(a.id, a.text, a.title) for a in articles] == [
        ("k1", "First, with\na newline", "T1"),
        ("k2", "Second", ""),
    ]


def test_csv_without_id_column_uses_line(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("\ufefftext\nOne.\nTwo.\n", encoding="utf-8")  # Excel's BOM is not part of the header
    assert [a.id for a in read_articles(path)] == [f"{path.as_posix()}#2", f"{path.as_posix()}#3"]


@pytest.mark.parametrize(("text_column", "id_column"), [("content", None), ("text", "nope")])
def test_csv_bad_column_is_input_error(tmp_path: Path, text_column: str, id_column: str | None) -> None:
    path = tmp_path / "a.csv"
    path.write_text("text,id\nOne.,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column"):
        read_items(path, text_column=text_column, id_column=id_column)


def test_csv_without_the_column_inside_a_directory_is_an_error_record(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("other\nx\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Fine.", encoding="utf-8")
    items = list(read_items(tmp_path))
    assert isinstance(items[0], ReadError) and "no column 'text'" in items[0].reason
    assert isinstance(items[1], Article)


def test_zip_tar_and_nested(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("deep.txt", "Deep.")
    zipped = _zip(
        tmp_path / "a.zip", {"x/1.txt": b"One.", "2.jsonl": b'{"text": "Two."}\n', "in.zip": inner.getvalue()}
    )
    tarred = _tar(tmp_path / "a.tar.gz", {"1.txt": b"One.", "sub/2.json": b'{"text": "Two.", "id": "t2"}'})
    plain = _tar(tmp_path / "b.tar", {"1.txt": b"One."}, mode="w")
    z, t, p = zipped.as_posix(), tarred.as_posix(), plain.as_posix()
    assert [a.id for a in read_articles(zipped)] == [f"{z}/x/1.txt", f"{z}/2.jsonl#1", f"{z}/in.zip/deep.txt"]
    assert [a.id for a in read_articles(tarred)] == [f"{t}/1.txt", "t2"]
    assert [a.id for a in read_articles(plain)] == [f"{p}/1.txt"]


def test_bad_input_is_reported_and_the_stream_goes_on(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "a.zip",
        {
            "good.txt": b"Good.",
            "binary.txt": b"\x89PNG\x00\x00\x01",
            "latin.txt": "Caf\xe9 said so.".encode("latin-1"),
            "empty.txt": b"  \n",
            "lines.jsonl": b'{"text": "One."}\n{broken\n[1]\n{"text": ""}\n{"text": "Five."}\n',
            "picture.png": b"\x89PNG",
            "last.txt": b"Last.",
        },
    )
    items = list(read_items(path))
    z = path.as_posix()
    articles = [item for item in items if isinstance(item, Article)]
    errors = {item.origin: item.reason for item in items if isinstance(item, ReadError)}
    assert [a.id for a in articles] == [
        f"{z}/good.txt",
        f"{z}/latin.txt",
        f"{z}/lines.jsonl#1",
        f"{z}/lines.jsonl#5",
        f"{z}/last.txt",
    ]
    latin = articles[1]
    assert latin.text == "Caf\ufffd said so."
    assert [d.code for d in latin.diagnostics] == ["decode"]
    assert set(errors) == {
        f"{z}/binary.txt",
        f"{z}/empty.txt",
        f"{z}/lines.jsonl#2",
        f"{z}/lines.jsonl#3",
        f"{z}/lines.jsonl#4",
        f"{z}/picture.png",
    }
    assert "binary" in errors[f"{z}/binary.txt"]
    assert "malformed JSON" in errors[f"{z}/lines.jsonl#2"]
    assert "empty" in errors[f"{z}/empty.txt"]


def test_corrupt_zip_member(tmp_path: Path) -> None:
    path = _zip(tmp_path / "a.zip", {"a.txt": b"First article. " * 20, "b.txt": b"Second article. " * 20})
    data = bytearray(path.read_bytes())
    # flip bytes inside the first member's compressed data: its CRC check fails on read
    offset = data.index(b"a.txt") + len(b"a.txt") + 5
    data[offset : offset + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    items = list(read_items(path))
    assert isinstance(items[0], ReadError) and "corrupt" in items[0].reason
    assert isinstance(items[1], Article) and items[1].text.startswith("Second")


def test_corrupt_archives_are_errors_not_crashes(tmp_path: Path) -> None:
    bad_zip = tmp_path / "bad.zip"
    bad_zip.write_bytes(b"PK\x03\x04 not really")
    bad_tar = tmp_path / "bad.tar.gz"
    bad_tar.write_bytes(b"\x1f\x8b\x08 truncated")
    for path in (bad_zip, bad_tar):
        [item] = list(read_items(path))
        assert isinstance(item, ReadError) and "corrupt" in item.reason


def test_stdin_text_and_jsonl() -> None:
    [text] = read_items("-", stdin=io.BytesIO(b"Headline\nBody."))
    assert isinstance(text, Article) and text.id.startswith("sha1:") and text.title == "Headline"
    again = list(read_items("-", stdin=io.BytesIO(b"Headline\nBody.")))
    assert again == [text]  # a content hash is stable
    lines = list(read_items("-", stdin=io.BytesIO(b'{"text": "A.", "id": "a"}\n{"text": "B."}\n')))
    assert [item.id for item in lines] == ["a", text_hash("B.")]


def text_hash(text: str) -> str:
    [article] = read_items("-", stdin=io.BytesIO(b'{"text": "' + text.encode() + b'"}'))
    assert isinstance(article, Article)
    return article.id


def test_missing_path_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_items(tmp_path / "nope.txt")
    other = tmp_path / "a.docx"
    other.write_bytes(b"x")
    with pytest.raises(InputError, match="unknown format"):
        read_items(other)


def test_read_articles_skips_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "A."}\nnot json\n{"text": "B."}\n', encoding="utf-8")
    assert [a.text for a in read_articles(path)] == ["A.", "B."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=300),
    suffix=st.sampled_from([".txt", ".json", ".jsonl", ".csv", ".zip", ".tar.gz"]),
)
def test_no_bytes_crash_the_reader(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        items = list(read_items(path))
    except InputError:
        assert suffix == ".csv"  # only a CSV given by name can be refused up front: no text column
        return
    assert all(isinstance(item, Article | ReadError) for item in items)
    for item in items:
        if isinstance(item, Article):
            assert item.text.strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=300),
    suffix=st.sampled_from([".txt", ".json", ".jsonl", ".csv", ".zip", ".tgz", ".bin"]),
)
def test_no_archive_member_crashes_the_reader(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = _zip(tmp_path / "a.zip", {f"member{suffix}": data, "last.txt": b"Last."})
    items = list(read_items(path))
    assert isinstance(items[-1], Article) and items[-1].text == "Last."


def test_jsonl_lines_end_at_newline_only(tmp_path: Path) -> None:
    # U+2028, U+2029 and U+0085 are valid raw inside a JSON string: str.splitlines() split the article
    text = "One\u2028two\u2029three\x85four."
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "' + text.encode("utf-8") + b'"}\r\n \t\r\n{"text": "Last."}\n')
    items = list(read_items(path))
    assert [(item.origin, item.text) for item in items if isinstance(item, Article)] == [
        (f"{path.as_posix()}#1", text),
        (f"{path.as_posix()}#3", "Last."),
    ]
    assert len(items) == 2


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": 12345}, "field 'text' is an integer, expected a string"),
        ({"text": True}, "field 'text' is a boolean, expected a string"),
        ({"text": ["A.", "B."]}, "field 'text' is an array, expected a string"),
        ({"maintext": 1.5}, "field 'maintext' is a number, expected a string"),
        ({"text": "A.", "id": True}, "field 'id' is a boolean, expected a string or an integer"),
        ({"text": "A.", "id": 1.5}, "field 'id' is a number, expected a string or an integer"),
        ({"text": "A.", "id": {"x": 1}}, "field 'id' is an object"),
        ({"text": "A.", "title": 2015}, "field 'title' is an integer, expected a string"),
        ({"text": "A.", "outlet": False}, "field 'outlet' is a boolean, expected a string"),
    ],
)
def test_json_fields_of_the_wrong_type_are_error_records(
    tmp_path: Path, record: dict[str, object], message: str
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(orjson.dumps(record) + b"\n" + orjson.dumps({"text": "Next."}) + b"\n")
    error, article = read_items(path)
    assert isinstance(error, ReadError) and error.origin == f"{path.as_posix()}#1"
    assert message in error.reason
    assert isinstance(article, Article) and article.text == "Next."


def test_json_fields_of_other_accepted_types(tmp_path: Path) -> None:
    record = {"id": 7, "text": "A.", "date": 1431129600, "source": {"id": None, "name": "BBC News"}}
    path = tmp_path / "a.json"
    path.write_bytes(orjson.dumps(record))  # NewsAPI's `source` is an object: passed over, not an error
    [article] = read_items(path)
    assert isinstance(article, Article)
    assert (article.id, article.date, article.outlet) == ("7", "1431129600", None)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_files_with_a_byte_order_mark_are_decoded_by_it(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16-be": "\ufeff", "utf-32-be": "\ufeff"}.get(encoding, "")  # the -be codecs write none
    for name, data in [
        ("a.txt", TEXT),
        ("a.jsonl", '{"text": "Caf\u00e9 \u2014 A.", "id": "j"}\n'),
        ("a.csv", "id,text\nc1,Caf\u00e9.\n"),
    ]:
        path = tmp_path / name
        path.write_bytes((bom + data).encode(encoding))
        [article] = read_items(path, id_column="id" if name == "a.csv" else None)
        assert isinstance(article, Article), (name, article)
        assert article.text in (TEXT, "Caf\u00e9 \u2014 A.", "Caf\u00e9.")
        assert not article.diagnostics
    [from_stdin] = read_items("-", stdin=io.BytesIO('{"text": "A.", "id": "s"}'.encode("utf-16")))
    assert isinstance(from_stdin, Article) and from_stdin.id == "s"  # sniffed as JSON after the mark


@pytest.mark.parametrize("where", [10, 9000, 100_000])
def test_a_nul_anywhere_makes_a_file_binary(tmp_path: Path, where: int) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * where + b"\x00" + b"y" * 10)
    [item] = read_items(path)
    assert isinstance(item, ReadError) and "binary" in item.reason


def test_author_column_of_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('id,text,author\nk1,"Body.",Ann Lee; Bo Park\nk2,Other.,\n', encoding="utf-8")
    first, second = read_articles(path)
    assert (first.id, first.author) == ("k1", "Ann Lee; Bo Park")
    assert (second.id, second.author) == ("k2", "")  # an empty cell, as for every other CSV field


def test_author_of_the_wrong_type_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(orjson.dumps({"text": "A.", "author": 3}) + b"\n")
    [error] = read_items(path)
    assert isinstance(error, ReadError) and "field 'author' is an integer, expected a string" in error.reason


BODY = ("The minister said the plan would cost less than expected. " * 30).strip()  # 1,800 characters


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_big_jsonl_or_csv_file_is_read_a_line_at_a_time(tmp_path: Path, suffix: str) -> None:
    """Memory stays flat in the file's size: 24,000 articles (about 45 MB) read with a few MB."""
    path = tmp_path / f"big{suffix}"
    count = 24_000
    with path.open("w", encoding="utf-8", newline="") as out:
        if suffix == ".csv":
            out.write("id,text\n")
        for n in range(count):
            out.write(f"a{n},{BODY}\n" if suffix == ".csv" else f'{{"id": "a{n}", "text": "{BODY}"}}\n')
    assert path.stat().st_size > 40_000_000
    tracemalloc.start()
    try:
        seen = 0
        for item in read_items(path, id_column="id"):
            assert isinstance(item, Article) and item.text == BODY
            seen += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB for a {path.stat().st_size / 1e6:.0f} MB file"


def test_a_streamed_file_notes_bad_bytes_from_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        b'{"id": "a", "text": "Fine."}',
        b'{"id": "b", "text": "Caf\xe9."}',
        b'{"id": "c", "text": "On."}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_items(path))
    assert [(i.id, i.text, [d.code for d in i.diagnostics]) for i in items if isinstance(i, Article)] == [
        ("a", "Fine.", []),
        ("b", "Caf\ufffd.", ["decode"]),
        ("c", "On.", ["decode"]),
    ]
    offset = len(lines[0]) + 1 + lines[1].index(b"\xe9")  # where the bad byte is in the file
    assert f"first bad byte at {offset})" in items[1].diagnostics[0].message


def test_a_nul_deep_in_a_streamed_file_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    good = b"".join(b'{"id": "a%d", "text": "%s"}\n' % (n, BODY.encode()) for n in range(60))
    path.write_bytes(good + b'{"id": "x", "text": "\x00"}\n' + b'{"id": "z", "text": "Never read."}\n')
    items = list(read_items(path))
    assert len(good) > 65_536  # past the first block, where a NUL makes the whole file binary
    assert [i.id for i in items if isinstance(i, Article)] == [f"a{n}" for n in range(60)]
    assert isinstance(items[-1], ReadError) and "binary data from byte" in items[-1].reason
    assert len(items) == 61


def test_a_csv_with_carriage_returns_alone_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b'id,text\rm1,First.\rm2,"Second,\rwith a line break."\r')
    items = list(read_items(path, id_column="id"))
    assert [(i.id, i.text) for i in items if isinstance(i, Article)] == [
        ("m1", "First."),
        ("m2", "Second,\rwith a line break."),
    ]
