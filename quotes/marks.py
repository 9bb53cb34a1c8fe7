"""Quotation marks and the sentences around them, read off the raw text.

Marks are paired in every common convention (straight and curly, „ “, « », single marks nested in
double ones, '' as a double mark); a quote left open at a paragraph end is reopened by news style's
opening mark or closed with a `Diagnostic`. Nothing here raises on unbalanced punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotes.model import Diagnostic

_SENTENCE_END = ".!?"
_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "st",
        "jr",
        "sr",
        "u.s",
        "u.k",
        "u.n",
        "no",
        "vs",
        "inc",
        "corp",
        "co",
        "ltd",
        "dept",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
    }
)
# a comma before one of these ends the reported clause: ", adding ...", ", though she ..."


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
_NOT_LABELS = frozenset(
    {"update", "note", "editor's note", "read more", "photo", "watch", "breaking", "related", "transcript"}
    | {"video", "audio", "exclusive", "opinion", "analysis", "live", "full text", "listen", "see also"}
)


def speaker_label(text: str, i: int, *, headline: bool = False) -> re.Match[str] | None:
    """ "WALLACE: ..." at `i`: a speaker's name before a colon, as in transcripts (capitals) or in a
    headline ("Pence: Flowers Won't Be at Debate")."""
    found = _LABEL.match(text, i)
    if found is None or found.group(1).lower() in _NOT_LABELS:
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


def find_regions(text: str) -> tuple[tuple[Region, ...], tuple[Diagnostic, ...]]:
    """Pair quotation marks in every common convention; never fails on unbalanced marks."""
    regions: list[Region] = []
    diagnostics: list[Diagnostic] = []
    top: tuple[str, int] | None = None  # the open top-level mark and where it is
    top_len = 1
    inner: list[str] = []  # nested marks open inside it
    i = 0
    while i < len(text):
        c = text[i]
        # two apostrophes stand for a straight double mark in some newspapers' style ('' ... '')
        width = 2 if text.startswith("''", i) else 1
        c = '"' if width == 2 else c
        if c == "\n" and top is not None:
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            reopen = 2 if text.startswith("''", j) else 1
            # a transcript reopens the quote for each new speaker ("WALLACE: ..."): one quote each
            if (
                top[0] not in _SINGLES
                and j < len(text)
                and text[j] in _OPENERS
                and speaker_label(text, j + reopen)
            ):
                end = i
                while end > top[1] and text[end - 1].isspace():
                    end -= 1
                regions.append(Region(top[1], end, open_len=top_len, close_len=0))
                top, top_len, inner = (text[j], j), reopen, []
                i = j + reopen
                continue
            # news style reopens the quote at each new paragraph without closing the previous one
            if top[0] not in _SINGLES and j < len(text) and text[j] in _OPENERS and j > i + 0:
                inner = []
                i = j + reopen
                continue
            if top[0] not in _SINGLES:
                diagnostics.append(Diagnostic("unclosed_quote", "a quotation mark is never closed", top[1]))
                regions.append(Region(top[1], _paragraph_end(text, top[1]), closed=False, open_len=top_len))
            top, inner = None, []
        elif c not in MARKS:
            pass
        elif (
            c in _SINGLES and i > 0 and i + 1 < len(text) and text[i - 1].isalnum() and text[i + 1].isalnum()
        ):
            pass  # an apostrophe inside a word: it's, Kerry's
        elif top is None:
            opens_single = c in "‘'‚" and _looks_open(text, i) and not text[i + 1 : i + 2].isdigit()
            # a closing-only mark opens nothing, except ” in the Nordic ”...” convention
            opens_double = c not in _SINGLES and (c not in "”›" or (c == "”" and _looks_open(text, i)))
            if opens_single or opens_double:
                top, top_len = (c, i), width
            elif c in "”›":
                diagnostics.append(Diagnostic("unmatched_close", f"closing mark {c} with no opening mark", i))
        elif top[0] == '"' and c == "“" and width == 1:
            # a curly quote opening inside a straight one: the straight mark was a stray
            diagnostics.append(
                Diagnostic("stray_mark", "a straight quotation mark that closes nothing", top[1])
            )
            top, top_len, inner = (c, i), 1, []
        elif c in _SINGLES and top[0] not in _SINGLES:
            # single marks inside a double-quoted passage are a quote within the quote
            if c in "‘'‚" and _looks_open(text, i):
                inner.append(c)
            elif inner and _looks_close(text, i):
                inner.pop()
        elif c in _CLOSER_OF.get(top[0], "") and (top[0] != c or _looks_close(text, i, width) or c == '"'):
            regions.append(
                Region(top[1], i + width, single=top[0] in _SINGLES, open_len=top_len, close_len=width)
            )
            top, inner = None, []
        i += width
    if top is not None and top[0] not in _SINGLES:
        diagnostics.append(Diagnostic("unclosed_quote", "a quotation mark is never closed", top[1]))
        regions.append(Region(top[1], _paragraph_end(text, top[1]), closed=False, open_len=top_len))
    if (text.count('"') + text.count("''")) % 2:
        diagnostics.append(Diagnostic("odd_quote_marks", "an odd number of straight quotation marks", None))
    return tuple(r for r in regions if r.content_end > r.content_start), tuple(diagnostics)


# --------------------------------------------------------------------------- sentence frames


def _is_sentence_end(text: str, i: int) -> bool:
    """Whether text[i] ends a sentence: .!? then a space, and not an abbreviation like "Mr."."""
    if text[i] not in _SENTENCE_END or (i + 1 < len(text) and not text[i + 1].isspace()):
        return False
    if text[i] != ".":
        return True
    word_start = i
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:i].lower().strip("\"“”‘’'(")
    return not (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()))


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


def dateline_end(text: str, pos: int) -> int:
    """Where the text of `pos`'s paragraph begins after a wire dateline ("DUBLIN (Reuters) - "), or
    the paragraph start when it has none. The dateline belongs to no speaker and no quote."""
    start, end = paragraph_of(text, pos)
    found = _DATELINE.match(text, start, end)
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
