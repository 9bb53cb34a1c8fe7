"""Quotation marks and the sentences around them, read off the raw text.

Marks are paired in every common convention (straight and curly, „ “, « », single marks nested in
double ones, '' as a double mark); a quote left open at a paragraph end is reopened by news style's
opening mark or closed with a `Diagnostic`. Nothing here raises on unbalanced punctuation.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from quotes.lexicon import load_lexicon
from quotes.model import Diagnostic

_SENTENCE_END = ".!?"
_CLOSING_MARKS = "\"'”’»"


@dataclass(frozen=True, slots=True)
class Region:
    """Text between quotation marks: `start` is the opening mark, `end` is after the closing one."""

    start: int
    end: int
    closed: bool = True
    single: bool = False  # opened by a single mark at the top level
    open_len: int = 1  # a mark may be two characters: '' in older newspaper style
    close_len: int = 1

    @property
    def content_start(self) -> int:
        return self.start + self.open_len

    @property
    def content_end(self) -> int:
        return self.end - self.close_len if self.closed else self.end


_OPENERS = "\"“„«»‹‘‚'"
MARKS = "\"“”„«»‹›‘’‚'"
_SINGLES = "‘’‚'"
_CLOSER_OF = {
    "“": "”“",
    "„": "“”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "”": "”",
    '"': '"',
    "‘": "’",
    "‚": "‘’",
    "'": "'’",
}


def _looks_open(text: str, i: int, width: int = 1) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + width] if i + width < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/" or prev in MARKS) and not nxt.isspace()


def _looks_close(text: str, i: int, width: int = 1) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + width] if i + width < len(text) else " "
    return not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}—–-" or nxt in MARKS)


_LABEL = re.compile(r"([A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}):\s+(?=\S)")


def speaker_label(text: str, i: int, *, headline: bool = False) -> re.Match[str] | None:
    """ "WALLACE: ..." at `i`: a speaker's name before a colon, as in transcripts (capitals) or in a
    headline ("Pence: Flowers Won't Be at Debate")."""
    found = _LABEL.match(text, i)
    if found is None or found.group(1).lower() in load_lexicon().headings:
        return None
    label = found.group(1)
    # capitals mark a transcript; elsewhere only a headline names its speaker this way
    return found if (label.isupper() and len(label) > 1) or headline else None


def _paragraph_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    end = len(text) if end < 0 else end
    while end > i and text[end - 1].isspace():
        end -= 1
    return end


@dataclass(slots=True)
class _Scan:
    """The state of a left-to-right pass over the text's quotation marks."""

    text: str
    regions: list[Region] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    top: tuple[str, int] | None = None  # the open top-level mark and where it is
    top_len: int = 1
    inner: list[str] = field(default_factory=list)  # nested marks open inside it

    def open(self, mark: str, at: int, width: int) -> None:
        self.top, self.top_len, self.inner = (mark, at), width, []

    def unclosed(self) -> None:
        """The open quote runs to its paragraph's end, with a diagnostic (a single mark is an apostrophe)."""
        if self.top is not None and self.top[0] not in _SINGLES:
            start = self.top[1]
            self.diagnostics.append(Diagnostic("unclosed_quote", "a quotation mark is never closed", start))
            self.regions.append(
                Region(start, _paragraph_end(self.text, start), closed=False, open_len=self.top_len)
            )
        self.top, self.inner = None, []


def _paragraph_break(scan: _Scan, i: int) -> int:
    """At a newline inside an open quote: reopen it, end it, or leave it unclosed; where to go on."""
    text, top = scan.text, scan.top
    if top is None:
        return i + 1
    j = i
    while j < len(text) and text[j].isspace():
        j += 1
    reopen = 2 if text.startswith("''", j) else 1
    reopened = top[0] not in _SINGLES and j < len(text) and text[j] in _OPENERS
    # a transcript reopens the quote for each new speaker ("WALLACE: ..."): one quote each
    if reopened and speaker_label(text, j + reopen):
        end = i
        while end > top[1] and text[end - 1].isspace():
            end -= 1
        scan.regions.append(Region(top[1], end, open_len=scan.top_len, close_len=0))
        scan.open(text[j], j, reopen)
        return j + reopen
    # news style reopens the quote at each new paragraph without closing the previous one
    if reopened and j > i:
        scan.inner = []
        return j + reopen
    scan.unclosed()
    return i + 1


def _opening(scan: _Scan, c: str, i: int, width: int) -> None:
    """A mark with no quote open: it opens one, or it is a stray closing mark."""
    text = scan.text
    opens_single = c in "‘'‚" and _looks_open(text, i) and not text[i + 1 : i + 2].isdigit()
    # a closing-only mark opens nothing, except ” in the Nordic ”...” convention
    opens_double = c not in _SINGLES and (c not in "”›" or (c == "”" and _looks_open(text, i)))
    if opens_single or opens_double:
        scan.top, scan.top_len = (c, i), width
    elif c in "”›":
        scan.diagnostics.append(Diagnostic("unmatched_close", f"closing mark {c} with no opening mark", i))


def _inside(scan: _Scan, c: str, i: int, width: int) -> None:
    """A mark while a quote is open: a stray, a quote within the quote, or the closing mark."""
    text, top = scan.text, scan.top
    if top is None:
        return
    if top[0] == '"' and c == "“" and width == 1:
        # a curly quote opening inside a straight one: the straight mark was a stray
        scan.diagnostics.append(
            Diagnostic("stray_mark", "a straight quotation mark that closes nothing", top[1])
        )
        scan.open(c, i, 1)
    elif c in _SINGLES and top[0] not in _SINGLES:
        # single marks inside a double-quoted passage are a quote within the quote
        if c in "‘'‚" and _looks_open(text, i):
            scan.inner.append(c)
        elif scan.inner and _looks_close(text, i):
            scan.inner.pop()
    elif (c in _CLOSER_OF.get(top[0], "") and (top[0] != c or _looks_close(text, i, width) or c == '"')) or (
        _crossed_close(scan, c, i, width)
    ):
        single = top[0] in _SINGLES
        scan.regions.append(Region(top[1], i + width, single=single, open_len=scan.top_len, close_len=width))
        scan.top, scan.inner = None, []


def _crossed_close(scan: _Scan, c: str, i: int, width: int) -> bool:
    """A quote opened by a straight mark and closed by a curly one, or the other way round ('"But
    he won,” she said'), when its own closing mark never comes: the next straight mark in the
    paragraph opens another quote, or no curly closing mark comes before the next curly opening."""
    text, top = scan.text, scan.top
    if top is None or width != 1 or scan.top_len != 1 or not _looks_close(text, i):
        return False
    end = _paragraph_end(text, i)
    if top[0] == '"' and c == "”":
        j = text.find('"', i + 1, end)
        return j < 0 or (_looks_open(text, j) and not _looks_close(text, j))
    if top[0] == "“" and c == '"':
        closing, opening = text.find("”", i + 1, end), text.find("“", i + 1, end)
        return closing < 0 or 0 <= opening < closing
    return False


# the characters `find_regions` stops at: every other character is skipped in one regex search
_STOPS = re.compile("[" + re.escape(MARKS) + "\n]")


@functools.lru_cache(maxsize=4)  # detection, coreference and focus all pair the same article's marks
def find_regions(text: str) -> tuple[tuple[Region, ...], tuple[Diagnostic, ...]]:
    """Pair quotation marks in every common convention; never fails on unbalanced marks."""
    scan = _Scan(text)
    i = 0
    while (stop := _STOPS.search(text, i)) is not None:
        i = stop.start()
        # two apostrophes stand for a straight double mark in some newspapers' style ('' ... '')
        width = 2 if text.startswith("''", i) else 1
        c = '"' if width == 2 else text[i]
        if c == "\n" and scan.top is not None:
            i = _paragraph_break(scan, i)
            continue
        apostrophe = (
            c in _SINGLES and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
        )
        # an apostrophe inside a word (it's, Kerry's) is no quotation mark
        if c in MARKS and not apostrophe:
            (_opening if scan.top is None else _inside)(scan, c, i, width)
        i += width
    scan.unclosed()
    if (text.count('"') + text.count("''")) % 2:
        scan.diagnostics.append(
            Diagnostic("odd_quote_marks", "an odd number of straight quotation marks", None)
        )
    return tuple(r for r in scan.regions if r.content_end > r.content_start), tuple(scan.diagnostics)


# --------------------------------------------------------------------------- sentence frames


def _is_sentence_end(text: str, i: int) -> bool:
    """Whether text[i] ends a sentence: .!? then a space, and not an abbreviation like "Mr."."""
    if i + 1 < len(text) and not text[i + 1].isspace():
        return False
    # no sentence begins in lower case: "the A.F.L.-C.I.O. and its allies", "at 3 p.m. on Tuesday"
    after = text[i + 1 : i + 4].lstrip(" \t")
    if text[i] == "." and after[:1].islower():
        return False
    return _ends_words(text, i)


def _ends_words(text: str, i: int) -> bool:
    """Whether text[i] is a full stop, question or exclamation mark that ends its words (not the
    full stop of an abbreviation like "Mr." or an initial)."""
    if text[i] not in _SENTENCE_END:
        return False
    if text[i] != ".":
        return True
    word_start = i
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:i].lower().strip("\"“”‘’'(")
    return not (word in load_lexicon().abbreviations or (len(word) == 1 and word.isalpha()))


def frame_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence that `pos` is in, not before `floor` nor the paragraph start."""
    i = pos - 1
    while i >= floor:
        if text[i] == "\n" or _is_sentence_end(text, i):
            return i + 1
        i -= 1
    return floor


def frame_end(text: str, pos: int, ceiling: int) -> int:
    """End of the sentence that `pos` is in (after its final punctuation), not after `ceiling`."""
    i = pos
    while i < ceiling:
        if text[i] == "\n":
            return i
        if _is_sentence_end(text, i) and text[pos:i].strip(" ,"):
            return i + 1
        # a sentence may end inside the marks of a quote that closes it: “... saved the company.” Next
        if text[i] in _SENTENCE_END and text[pos:i].strip(" ,") and _ends_words(text, i):
            after = i + 1
            while after < ceiling and text[after] in _CLOSING_MARKS:
                after += 1
            if after > i + 1 and (after >= len(text) or text[after].isspace()):
                return after
        i += 1
    return ceiling


# "DUBLIN (Reuters) - ", "MOSCOW, May 5 (AFP) — ", "HARWICH, England (PA) - ", "PARIS -": a place in
# capitals, optional ", Region" / ", May 5" parts and the filing agency in brackets, then a dash
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+)*"  # the place, in capitals ("NEW YORK", "ST. LOUIS")
    r"(?:,[ \t]+[A-Z][\w.'’]*(?:[ \t]+[\w.'’]+){0,3}?)*"  # ", England", ", May 5"
    # "(Reuters) -": the article's own wire, not a conduit; without it, spaces around the dash keep
    # "US-China talks" out
    r"(?:[ \t]*\([^()\n]{1,40}\)[ \t]*[-–—]{1,2}[ \t]*|[ \t]+[-–—]{1,2}[ \t]+)"
)


@functools.cache
def _dated_dateline() -> re.Pattern[str]:
    """ "Dec 29 (Reuters) - ": a wire dateline with a date for its place (a month, in full or cut to
    its first three letters, and a day), then the agency in brackets and a dash."""
    months = sorted({m[:3] for m in load_lexicon().months} | {"may"})
    names = "|".join(m.capitalize() for m in months)
    wire = r"[ \t]*\([^()\n]{1,40}\)[ \t]*[-–—]{1,2}[ \t]*"  # "(Reuters) - "
    return re.compile(rf"(?:{names})[a-z]*\.?[ \t]+\d{{1,2}}" + wire)


def dateline_end(text: str, pos: int) -> int:
    """Where the text of `pos`'s paragraph begins after a wire dateline ("DUBLIN (Reuters) - ", "Dec
    29 (Reuters) - "), or the paragraph start when it has none. The dateline belongs to no speaker
    and no quote."""
    start, end = paragraph_of(text, pos)
    found = _DATELINE.match(text, start, end) or _dated_dateline().match(text, start, end)
    # the dateline must leave some text behind it: a paragraph that is all capitals is a heading
    if found is None or found.end() >= end:
        return start
    return found.end()


def paragraph_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and edge punctuation (not quotation marks) from a content span."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
        end -= 1
    return start, end
