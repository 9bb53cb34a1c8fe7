"""Quote candidates and their cues: direct quotes, mixed quotes and reported speech.

Two kinds of evidence are combined so that one wrong arc does not lose a quote: the surface
(quotation marks, commas, a reporting verb next to the quote) and, where it helps, the dependency
parse (a reporting verb's complement clause). Nothing here raises on odd punctuation: an unclosed
quote or a stray mark becomes a `Diagnostic` and the rest of the article is still analysed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from quotes.lexicon import Lexicon
from quotes.model import AnnotatedDoc, Diagnostic, QuoteKind, Span, Token

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
_CLAUSE_CUT = frozenset(
    {
        "adding",
        "saying",
        "referring",
        "noting",
        "citing",
        "according",
        "while",
        "though",
        "although",
        "whereas",
        "but",
    }
)
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_DIRECTIVES = frozenset({"urge", "demand", "vow", "pledge", "promise", "threaten"})
_SUBORDINATORS = frozenset(
    {"when", "if", "although", "because", "while", "since", "unless", "after", "before", "as"}
)
_AUX_WORDS = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "could",
        "can",
        "should",
        "may",
        "might",
        "must",
        "has",
        "have",
        "had",
        "does",
        "did",
        "do",
        "'s",
        "’s",
        "'re",
        "’re",
        "'ll",
        "’ll",
    }
)
_NP_START = frozenset({"DET", "PROPN", "PRON", "NOUN", "NUM", "ADJ"})
_OBJECT_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind", "convince", "brief", "write"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you"})
_POSSESSIVES = frozenset({"his", "her", "its", "their", "our", "my", "your"})
_MAX_TRAILING_ATTRIBUTION = (
    10  # tokens between a quote's end and its cue ("the diplomatic source was quoted")
)
_MAX_LEADING_TAIL = 7  # tokens between a cue and the quote it introduces ("told the Interfax news agency:")
_SCARE_WORDS = 4  # a quoted phrase this short, with no cue, is a scare quote or a title


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


@dataclass(frozen=True, slots=True)
class Candidate:
    """A quote found in the text, before anyone knows who said it.

    `cue_at` is (sentence index, token index) of the cue word in `doc.sentences`; `pattern` names
    the rule that found the quote, which tells `attribute` where to look for the speaker.
    """

    kind: QuoteKind
    start: int
    end: int
    cue: Span | None = None
    cue_at: tuple[int, int] | None = None
    pattern: str = ""
    continuation: bool = False


@dataclass(frozen=True, slots=True)
class Detection:
    candidates: tuple[Candidate, ...]
    regions: tuple[Region, ...]
    diagnostics: tuple[Diagnostic, ...]


# --------------------------------------------------------------------------- token index


class TokenIndex:
    """The doc's tokens in text order, with fast look-up by character offset."""

    def __init__(self, doc: AnnotatedDoc) -> None:
        self.doc = doc
        self.refs: list[tuple[int, int]] = [
            (s, t) for s, sentence in enumerate(doc.sentences) for t in range(len(sentence.tokens))
        ]
        self.refs.sort(key=lambda ref: self.token(ref).start)
        self.starts = [self.token(ref).start for ref in self.refs]
        # without any VERB tag the doc was not tagged (or badly): trust word forms alone
        self.tagged = any(tok.upos == "VERB" for sentence in doc.sentences for tok in sentence.tokens)
        # each sentence's dependents by head, built once: rules ask for them per cue
        self.children: list[dict[int, list[int]]] = []
        for sentence in doc.sentences:
            kids: dict[int, list[int]] = {}
            for position, tok in enumerate(sentence.tokens):
                kids.setdefault(tok.head, []).append(position)
            self.children.append(kids)

    def dependents(self, s: int, t: int) -> list[Token]:
        """The tokens whose head is token `t` of sentence `s`."""
        tokens = self.doc.sentences[s].tokens
        return [tokens[i] for i in self.children[s].get(t, []) if i != t]

    def token(self, ref: tuple[int, int]) -> Token:
        return self.doc.sentences[ref[0]].tokens[ref[1]]

    def between(self, start: int, end: int) -> list[tuple[int, int]]:
        """Tokens lying entirely within [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [ref for ref in self.refs[lo:hi] if self.token(ref).end <= end]

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.doc.text[start:end])


def is_cue(index: TokenIndex, ref: tuple[int, int], lexicon: Lexicon) -> bool:
    """Whether a token is a reporting verb used as a verb."""
    tok = index.token(ref)
    if not lexicon.is_reporting(tok.text, tok.lemma):
        return False
    sentence = index.doc.sentences[ref[0]]
    previous = sentence.tokens[ref[1] - 1] if ref[1] > 0 else None
    # "the report", "a statement": a determiner before it makes it a noun, whatever the tagger says
    if previous is not None and previous.text.lower() in {"the", "a", "an", "this", "that", "his", "her"}:
        return False
    # "it is worth noting that", "having said that", "did not say": no one reports anything
    if previous is not None and previous.text.lower() in {"worth", "having", "not", "n't", "never"}:
        return False
    # "declined to say whether", "too early to say": an infinitive reports nothing, unless "that" follows
    following = sentence.tokens[ref[1] + 1] if ref[1] + 1 < len(sentence.tokens) else None
    if (
        previous is not None
        and previous.text.lower() == "to"
        and (following is None or following.text != "that")
    ):
        return False
    if not index.tagged:
        return True
    # a tagged doc: the tagger must agree it is a verb (participles tagged ADJ are still cues)
    if tok.upos in {"VERB", "AUX"} or tok.xpos.startswith("VB"):
        return True
    # "He notes that": after a subject pronoun it is a verb, whatever the tagger says
    if previous is not None and previous.text.lower() in _SUBJECT_PRONOUNS:
        return True
    # "Trump's claim that ...": a possessed reporting noun with its content clause
    possessed = previous is not None and previous.text in {"'s", "’s"}
    return possessed and following is not None and following.text.lower() == "that"


def subtree(
    tokens: Sequence[Token],
    root: int,
    *,
    skip: frozenset[str] = frozenset(),
    children: dict[int, list[int]] | None = None,
) -> list[Token]:
    """`root` and every token under it (arcs whose deprel is in `skip` are not followed)."""
    if children is None:
        children = {}
        for position, tok in enumerate(tokens):
            children.setdefault(tok.head, []).append(position)
    found, todo = [], [root]
    while todo:
        i = todo.pop()
        if not 0 <= i < len(tokens):
            continue
        found.append(tokens[i])
        todo += [c for c in children.get(i, []) if c != i and tokens[c].deprel not in skip and c not in todo]
        if len(found) > len(tokens):  # a cycle in a bad parse
            break
    return sorted(set(found), key=lambda tok: tok.index)


# --------------------------------------------------------------------------- quotation marks

_OPENERS = "\"“„«»‹‘‚'"
_MARKS = "\"“”„«»‹›‘’‚'"
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
    return (prev.isspace() or prev in "([{—–-/" or prev in _MARKS) and not nxt.isspace()


def _looks_close(text: str, i: int, width: int = 1) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + width] if i + width < len(text) else " "
    return not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}—–-" or nxt in _MARKS)


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
        elif c not in _MARKS:
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


def paragraph_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


# --------------------------------------------------------------------------- reported speech


@dataclass(frozen=True, slots=True)
class Clause:
    """A reporting verb and the content it reports (a complement clause, or the sentence it tags)."""

    cue_at: tuple[int, int]
    start: int
    end: int
    pattern: str


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and edge punctuation (not quotation marks) from a content span."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
        end -= 1
    return start, end


def _content_end(index: TokenIndex, sentence: int, first: int, lexicon: Lexicon) -> int:
    """Where a complement clause starting at token `first` stops: at the sentence end, or at a comma
    that opens a participial tag (", adding ...", ", referring to ...")."""
    tokens = index.doc.sentences[sentence].tokens
    para_end = paragraph_of(index.doc.text, tokens[first].start)[1] if first < len(tokens) else 0
    end = tokens[-1].end if tokens else 0
    for k in range(first, len(tokens)):
        tok = tokens[k]
        if tok.start >= para_end:
            return min(end, para_end)
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        # a closing mark may stand between the comma and the next word: “jobs, jobs,” but ...
        if nxt is not None and nxt.text in _MARKS and k + 2 < len(tokens):
            nxt = tokens[k + 2]
        if tok.text == "," and nxt is not None and nxt.text.lower() in _CLAUSE_CUT:
            return tok.start
        # ", arguing that ...", "... and warned against ...": the speaker goes on to another saying
        goes_on = nxt is not None and lexicon.is_reporting(nxt.text, nxt.lemma)
        if goes_on and (
            tok.text == "and" or (tok.text == "," and nxt is not None and nxt.text.endswith("ing"))
        ):
            return tok.start
        # "... for him.” She says": a quote closing after a full stop ends the sentence, split or not
        if k > first and tok.text in '”"»' and tokens[k - 1].text in {".", "!", "?"}:
            return tok.end
    return min(end, para_end) if para_end else end


def _looks_like_clause(tokens: Sequence[Token], first: int, tagged: bool) -> bool:
    """Whether a finite clause starts at `first`: a nominal start and a finite verb soon after."""
    if first >= len(tokens):
        return False
    head = tokens[first]
    if tagged and head.upos not in _NP_START:
        return False
    # "said it would", "noted his attorney offered": subject or possessive pronouns start clauses
    if head.upos == "PRON" and head.text.lower() not in _SUBJECT_PRONOUNS | _POSSESSIVES:
        return False
    for tok in tokens[first + 1 : first + 9]:
        if tok.text in {",", ".", ";", ":"} and tok.upos == "PUNCT":
            return False
        # a finite verb, or a past form that a tagger may have called a participle ("the campaign planned")
        if (
            tok.xpos in _FINITE
            or tok.text.lower() in _AUX_WORDS
            or (tok.xpos == "VBN" and tok.upos == "VERB")
        ):
            return True
    return False


def _parse_clause(index: TokenIndex, s: int, t: int) -> tuple[int, int] | None:
    """The complement clause the parse hangs on the cue (ccomp), without its "that"."""
    tokens = index.doc.sentences[s].tokens
    for child in index.dependents(s, t):
        if child.deprel == "ccomp" and child.index > t:
            part = subtree(tokens, child.index, children=index.children[s])
            part = [tok for tok in part if not (tok.deprel == "mark" and tok.head == child.index)]
            if len(part) >= 3:
                return part[0].start, max(tok.end for tok in part)
    return None


def _surface_clause(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int, str] | None:
    tokens = index.doc.sentences[s].tokens
    cue = tokens[t]
    lemma = lexicon.reporting_lemma(cue.text, cue.lemma) or cue.text.lower()
    nxt = t + 1
    # "told the Interfax news agency that", "said via email that": skip what stands before "that"
    k = nxt
    while k < len(tokens) and k < nxt + 10 and tokens[k].text.lower() != "that":
        if tokens[k].text in {".", ";", ":", "?", "!"} or (
            index.tagged and tokens[k].upos in {"VERB", "AUX"}
        ):
            break
        k += 1
    if k < len(tokens) and tokens[k].text.lower() == "that":
        nxt = k
    # "called for a moratorium", "urged Republicans to join", "vowed to punish": demands and promises
    # report what was asked or promised, whatever its form
    if lemma in _DIRECTIVES or (
        lemma == "call" and t + 1 < len(tokens) and tokens[t + 1].text in {"for", "on"}
    ):
        first = t + 2 if lemma == "call" else t + 1
        if first < len(tokens) and tokens[first].text.lower() != "that":
            return tokens[first].start, _content_end(index, s, first, lexicon), "directive"
    # "said that ...": the complementiser is the clearest sign of reported speech
    if nxt < len(tokens) and tokens[nxt].text.lower() == "that" and nxt + 1 < len(tokens):
        return tokens[nxt + 1].start, _content_end(index, s, nxt + 1, lexicon), "that"
    # "said Kerry would meet ...": a finite clause right after the verb
    # a verb with a subject of its own ("said", "says"), or a participle tagging a clause
    # (", saying it shows ..."); not "to say"
    before = tokens[t - 1].text.lower() if t > 0 else ""
    participle = cue.xpos == "VBG" and before == ","
    finite_cue = not index.tagged or (cue.xpos.startswith("VB") and (cue.xpos != "VBG" or participle))
    finite_cue = finite_cue and before != "to"
    if finite_cue and lemma not in _OBJECT_VERBS and _looks_like_clause(tokens, t + 1, index.tagged):
        return tokens[t + 1].start, _content_end(index, s, t + 1, lexicon), "bare"
    return None


def _trailing_clause(index: TokenIndex, s: int, t: int) -> tuple[int, int] | None:
    """ "CONTENT, both sides said." / "CONTENT, said the ministry.": the cue tags the sentence."""
    tokens = index.doc.sentences[s].tokens
    text = index.doc.text
    comma = next((k for k in range(t - 1, max(-1, t - 9), -1) if tokens[k].text == ","), None)
    if comma is None or comma < 1:
        return None
    # between the comma and the cue only a noun phrase (the speaker) may stand, not "which advocates"
    between = tokens[comma + 1 : t]
    if any(tok.upos == "VERB" and index.tagged for tok in between):
        return None
    if between and between[0].text.lower() in {"who", "which", "that", "as", "when", "if"}:
        return None
    first = 0
    para_start = paragraph_of(text, tokens[t].start)[0]
    while first < comma and tokens[first].start < para_start:
        first += 1
    rest = tokens[t + 2 :] if t + 1 < len(tokens) and tokens[t + 1].text == "," else []
    rest_words = [tok for tok in rest if tok.upos != "PUNCT"]
    finite = any(tok.xpos in _FINITE or tok.text.lower() in _AUX_WORDS for tok in rest[:12])
    if len(rest_words) >= 3 and (finite or not index.tagged) and comma - first >= 1:
        # "Acts of protest, Mr. Obama said, are acts of patriotism": the tag sits inside its content
        start, end = _trim(text, tokens[first].start, tokens[-1].end)
        quoted = any(c in text[start:end] for c in '"“”«»„')
        return None if quoted else (start, end)
    if comma < 3:
        return None
    # after the cue, only the speaker or a short tag ("said in a statement") before the end; a bare
    # noun there is an object ("declared bankruptcy"), not an inverted speaker
    tail = [tok for tok in tokens[t + 1 : t + 12] if tok.upos != "PUNCT"]
    if len(tail) > 8 or any(tok.xpos in _FINITE for tok in tail):
        return None
    if tail and index.tagged and tail[0].upos in {"NOUN", "ADJ", "VERB"} and tail[0].text.islower():
        return None
    start, end = _trim(text, tokens[first].start, tokens[comma].start)
    if end - start < 12 or any(c in text[start:end] for c in '"“”«»„'):
        return None
    content = [tok for tok in tokens[first:comma] if tok.start >= start]
    # "But when Congress cut funding, Mexico said enough": a subordinate clause is no content, and
    # content needs a finite verb of its own ("Campaigning in 2012, he barely mentioned it")
    opener = next((tok for tok in content if tok.text.lower() not in {"but", "and", "so", "yet"}), None)
    if opener is not None and opener.text.lower() in _SUBORDINATORS:
        return None
    if index.tagged and not any(tok.xpos in _FINITE or tok.text.lower() in _AUX_WORDS for tok in content):
        return None
    return start, end


def _according_clauses(index: TokenIndex) -> Iterator[Clause]:
    """ "According to X, CONTENT." and "CONTENT, according to X." """
    text = index.doc.text
    for s, sentence in enumerate(index.doc.sentences):
        tokens = sentence.tokens
        for t, tok in enumerate(tokens[:-1]):
            if tok.text.lower() != "according" or tokens[t + 1].text.lower() != "to":
                continue
            comma_after = next((k for k in range(t + 2, len(tokens)) if tokens[k].text == ","), None)
            comma_before = t - 1 if t > 0 and tokens[t - 1].text == "," else None
            if comma_before is not None and comma_before >= 3:
                start, end = _trim(text, tokens[0].start, tokens[comma_before].start)
            elif t <= 1 and comma_after is not None and comma_after + 1 < len(tokens):
                start, end = _trim(text, tokens[comma_after + 1].start, tokens[-1].end)
            else:
                continue
            if end - start >= 12:
                yield Clause((s, t), start, end, "according")


def find_clauses(index: TokenIndex, lexicon: Lexicon) -> list[Clause]:
    """Every reporting verb with the content it reports, one clause per cue."""
    clauses: list[Clause] = []
    text = index.doc.text
    for s, sentence in enumerate(index.doc.sentences):
        for t in range(len(sentence.tokens)):
            if not is_cue(index, (s, t), lexicon):
                continue
            # "what Trump says his plan would do", "as he said": the cue sits in a noun phrase or aside
            near = [tok.text.lower() for tok in sentence.tokens[max(0, t - 3) : t]]
            if {"what", "how"} & set(near) or "as" in near[:-1]:
                continue
            found = _parse_clause(index, s, t)
            pattern = "ccomp"
            if found is None:
                surface = _surface_clause(index, s, t, lexicon)
                found, pattern = (
                    (surface[:2], surface[2]) if surface else (_trailing_clause(index, s, t), "tag")
                )
            if found is not None:
                start, end = _trim(text, *found)
                # "ruled that out", "ask yourself that question": too short to report anything
                if len(re.findall(r"\w+", text[start:end])) >= 3:
                    clauses.append(Clause((s, t), start, end, pattern))
    clauses += _according_clauses(index)
    return clauses


# --------------------------------------------------------------------------- direct and mixed


def _cue_span(index: TokenIndex, ref: tuple[int, int]) -> Span:
    """The cue as written: one verb, or a fixed phrase ("according to", "quoted as saying")."""
    tokens = index.doc.sentences[ref[0]].tokens
    tok = tokens[ref[1]]
    end = tok.end
    words = [x.text.lower() for x in tokens[ref[1] : ref[1] + 3]]
    if words[:2] == ["according", "to"] or (words[0] == "quoted" and words[1:] == ["as", "saying"]):
        end = tokens[ref[1] + (1 if words[0] == "according" else 2)].end
    return index.span(tok.start, end)


def _cues_in(index: TokenIndex, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    refs = [ref for ref in index.between(start, end) if is_cue(index, ref, lexicon)]
    refs += [
        ref
        for ref in index.between(start, end)
        if index.token(ref).text.lower() == "according" and ref not in refs
    ]
    return sorted(refs, key=lambda ref: index.token(ref).start)


def _is_word(tok: Token) -> bool:
    return tok.upos != "PUNCT" and any(c.isalnum() for c in tok.text)


def _after_cue(index: TokenIndex, region: Region, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "Q," said X. / "Q," X said. : a cue within a few words after the closing mark."""
    text = index.doc.text
    para_end = paragraph_of(text, region.end - 1)[1] if region.closed else region.end
    end = frame_end(text, region.end, para_end)
    inside = text[region.content_start : region.content_end].rstrip()
    after = text[region.end : end].lstrip()
    # a quote that ends its own sentence with a full stop is not tagged by what follows it
    ended = inside.endswith(".") and not after.startswith(",") and after[:1].isupper()
    if ended or not after:
        return None
    words = [ref for ref in index.between(region.end, end) if _is_word(index.token(ref))]
    # "..." but he has also warned: a conjunction starts a new clause, not an attribution tag
    if words and index.token(words[0]).text.lower() in {"but", "and", "or", "yet", "so", "because", "while"}:
        return None
    for k, ref in enumerate(words[:_MAX_TRAILING_ATTRIBUTION]):
        if is_cue(index, ref, lexicon) or index.token(ref).text.lower() == "according":
            return ref
        # a finite verb before any cue means the sentence goes on about something else
        if index.tagged and index.token(ref).upos == "VERB" and k > 0:
            return None
    return None


def _before_cue(index: TokenIndex, region: Region, floor: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """X said: "Q" / X said, "Q" / X told reporters "Q": a cue just before the opening mark."""
    text = index.doc.text
    start = frame_start(text, region.start, floor)
    cues = _cues_in(index, start, region.start, lexicon)
    if not cues:
        return None
    cue = cues[-1]
    tail = [ref for ref in index.between(index.token(cue).end, region.start) if _is_word(index.token(ref))]
    before = text[start : region.start].rstrip()
    # a colon or comma right before the mark introduces the quote; so does a bare cue ("said "Q"")
    if before.endswith((":", ",")) and len(tail) <= _MAX_LEADING_TAIL:
        return cue
    if not tail or [index.token(r).text.lower() for r in tail] == ["that"]:
        return cue
    return None


def _standalone(text: str, region: Region, floor: int) -> bool:
    """Nothing but the quote in its sentence: a paragraph of quote, or a sentence after a quote."""
    para_end = paragraph_of(text, region.end - 1)[1] if region.closed else region.end
    before = text[frame_start(text, region.start, floor) : region.start]
    after = text[region.end : frame_end(text, region.end, para_end)]
    return not before.strip() and not "".join(c for c in after if c.isalnum())


def _mixed_span(
    index: TokenIndex, region: Region, clauses: Sequence[Clause], floor: int, lexicon: Lexicon
) -> tuple[int, int, tuple[int, int] | None] | None:
    """Reported speech with a quoted fragment: the whole reported content, with its cue."""
    for clause in clauses:
        if clause.start <= region.content_start and region.content_end <= clause.end + 1:
            return clause.start, max(clause.end, region.end), clause.cue_at
    text = index.doc.text
    start = frame_start(text, region.start, floor)
    quoted = text[region.content_start : region.content_end]
    # told MSNBC's "Morning Joe" that ...: a title before a reported clause is not part of it
    if _title_like(quoted) and any(
        region.end <= c.start < paragraph_of(text, region.end)[1] for c in clauses
    ):
        return None
    # a cue followed by a comma tags an earlier quote ("she said, but ..."), it introduces nothing here
    cues = [
        ref
        for ref in _cues_in(index, start, region.start, lexicon)
        if ref[1] + 1 >= len(index.doc.sentences[ref[0]].tokens)
        or index.doc.sentences[ref[0]].tokens[ref[1] + 1].text != ","
    ]
    if cues and _title_like(quoted) and len(index.between(index.token(cues[-1]).end, region.start)) > 3:
        cues = []  # a title quoted far from the cue: "sings to X in a clip of 'The 411'"
    if cues:
        # X called the visit "very symbolic": the content runs from after the cue to the sentence end
        cue = cues[-1]
        tokens = index.doc.sentences[cue[0]].tokens
        first = cue[1] + 1
        if first < len(tokens) and tokens[first].text.lower() == "that":
            first += 1
        begin = tokens[first].start if first < len(tokens) else region.start
        b, e = _trim(text, min(begin, region.start), _sentence_after(text, region))
        return b, max(e, region.end), cue
    after = _after_cue(index, region, lexicon)
    # a cue with its own complement after it reports that, not this quote; nor is a title a saying
    reports_other = any(c.cue_at == after and c.start > region.end for c in clauses)
    if after is not None and not reports_other and not _title_like(quoted):
        # the plan is "dead on arrival," he said: the content is the sentence up to the quote's end
        return _trim(text, start, region.end)[0], region.end, after
    return None


def _sentence_after(text: str, region: Region) -> int:
    """Where the sentence around a quote ends: at the quote when it closes on a full stop, else at
    the next sentence end or a comma before ", but ...", ", adding ..."."""
    if text[region.content_start : region.content_end].rstrip()[-1:] in {".", "!", "?"}:
        return region.end
    para_end = paragraph_of(text, region.end - 1)[1] if region.closed else region.end
    end = frame_end(text, region.end, para_end)
    words = "|".join(sorted(_CLAUSE_CUT))
    # the comma may close the quote itself: “jobs, jobs, jobs,” but he ...
    if text[region.content_start : region.content_end].rstrip().endswith(",") and re.match(
        rf"\s+(?:{words})\b", text[region.end : end]
    ):
        return region.end
    cut = re.search(rf",\s+(?:{words})\b", text[region.end : end])
    return region.end + cut.start() if cut else end


def _rest_of_sentence(text: str, region: Region) -> tuple[int, int]:
    """What follows a quote up to its sentence end, without edge punctuation."""
    return _trim(text, region.end, _sentence_after(text, region))


def _title_like(text: str) -> bool:
    """ "Fox News Sunday", "The 411": a short run of capitalised words names a work, not a saying."""
    words = re.findall(r"[\w'’]+", text)
    small = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with"}
    return 0 < len(words) <= 6 and all(w[0].isupper() or w[0].isdigit() or w in small for w in words)


def _trim_quote(text: str, region: Region) -> tuple[int, int]:
    start, end = region.content_start, region.content_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _classify(
    index: TokenIndex,
    region: Region,
    floor: int,
    clauses: Sequence[Clause],
    lexicon: Lexicon,
    diagnostics: list[Diagnostic],
) -> Candidate | None:
    text = index.doc.text
    start, end = _trim_quote(text, region)
    words = len(text[start:end].split())
    label = speaker_label(text, region.content_start)
    if label is not None:
        # a transcript turn: "WALLACE: Q" is Wallace's direct quote, introduced by the colon
        colon = label.end(1)
        return Candidate("direct", label.end(), end, index.span(colon, colon + 1), None, "label")
    after = _after_cue(index, region, lexicon)
    before = _before_cue(index, region, floor, lexicon)
    head = text[frame_start(text, region.start, floor) : region.start].strip()
    # the quote is the whole content of its sentence when nothing but an introduction precedes it;
    # a fronted phrase without a cue ("With thousands of systems, "Q," he said") is part of the content
    stands_alone = not head or head.endswith(":") or before is not None
    cue_ref = (after or before) if stands_alone else None
    if cue_ref is not None and not (region.single and words < _SCARE_WORDS):
        rest = _rest_of_sentence(text, region)
        # X reported "2,521 shootings" in the city: the sentence goes on, so the quote is a fragment
        if after is None and len(re.findall(r"\w+", text[rest[0] : rest[1]])) >= 2:
            return Candidate("mixed", region.start, rest[1], _cue_span(index, cue_ref), cue_ref, "mixed")
        return Candidate(
            "direct", start, end, _cue_span(index, cue_ref), cue_ref, "after" if after else "before"
        )
    if _standalone(text, region, floor):
        if words < _SCARE_WORDS:
            diagnostics.append(
                Diagnostic("scare_quote", f"short quoted phrase without a cue: {text[start:end]!r}", start)
            )
            return None
        return Candidate("direct", start, end, None, None, "standalone", continuation=True)
    if head.endswith(":") and words >= _SCARE_WORDS:
        # "Caddell: "Q"": a colon introduces the quote even without a reporting verb
        colon = text.rfind(":", 0, region.start)
        return Candidate("direct", start, end, index.span(colon, colon + 1), None, "colon")
    mixed = _mixed_span(index, region, clauses, floor, lexicon)
    if mixed is not None:
        m_start, m_end, cue_at = mixed
        cue = _cue_span(index, cue_at) if cue_at else None
        return Candidate("mixed", m_start, m_end, cue, cue_at, "mixed")
    diagnostics.append(
        Diagnostic("scare_quote", f"quoted phrase without a speech cue: {text[start:end][:60]!r}", start)
    )
    return None


def _merge_mixed(candidates: list[Candidate]) -> list[Candidate]:
    """Two fragments quoted in one reported clause make one mixed quote."""
    out: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if out and out[-1].kind == "mixed" and cand.kind == "mixed" and cand.start < out[-1].end:
            last = out[-1]
            out[-1] = Candidate("mixed", last.start, max(last.end, cand.end), last.cue, last.cue_at, "mixed")
        else:
            out.append(cand)
    return out


def _headline(index: TokenIndex, regions: Sequence[Region]) -> list[Candidate]:
    """ "Pence: Flowers Won't Be at Debate": a headline that names its speaker before a colon."""
    text = index.doc.text
    start = len(text) - len(text.lstrip())
    label = speaker_label(text, start, headline=True) if start < len(text) else None
    if label is None or any(r.start <= start < r.end for r in regions):
        return []
    begin, end = _trim(text, label.end(), paragraph_of(text, start)[1])
    # too short to say anything, or a quotation that the quote rules handle
    if len(text[begin:end].split()) < 3 or any(r.start == begin for r in regions):
        return []
    # quoted words inside make it a mixed quote, as with any reported content
    kind: QuoteKind = "mixed" if any(begin <= r.start < end for r in regions) else "indirect"
    colon = label.end(1)
    return [Candidate(kind, begin, end, index.span(colon, colon + 1), None, "label")]


def detect(doc: AnnotatedDoc, *, lexicon: Lexicon) -> Detection:
    """Find direct, mixed and reported-speech candidates in a doc, with their cues."""
    text = doc.text
    index = TokenIndex(doc)
    regions, marks = find_regions(text)
    diagnostics = list(marks)
    clauses = find_clauses(index, lexicon)
    candidates: list[Candidate] = []
    floor = 0
    for region in regions:
        para_start = paragraph_of(text, region.start)[0]
        found = _classify(index, region, max(floor, para_start), clauses, lexicon, diagnostics)
        if found is not None:
            candidates.append(found)
        floor = region.end
    candidates = _merge_mixed(candidates)
    candidates += _headline(index, regions)
    quoted = [(c.start, c.end) for c in candidates]
    used_cues = {c.cue_at for c in candidates if c.cue_at is not None}
    direct_regions = [
        r
        for r in regions
        if any(c.kind == "direct" and r.start < c.end and c.start < r.end for c in candidates)
    ]
    for clause in clauses:
        cue_tok = index.token(clause.cue_at)
        # a cue already used by a quote, or reported speech overlapping one, is not a second quote
        if clause.cue_at in used_cues or any(s < clause.end and clause.start < e for s, e in quoted):
            continue
        if any(r.start <= cue_tok.start < r.end for r in regions):
            continue  # the cue is inside someone's quote: the speaker's own reporting, not the article's
        if any(r.start < clause.end and clause.start < r.end for r in direct_regions):
            continue
        cue = _cue_span(index, clause.cue_at)
        candidates.append(Candidate("indirect", clause.start, clause.end, cue, clause.cue_at, clause.pattern))
        quoted.append((clause.start, clause.end))
    candidates.sort(key=lambda c: c.start)
    return Detection(tuple(candidates), regions, tuple(diagnostics))
