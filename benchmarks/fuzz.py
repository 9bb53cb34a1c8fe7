"""Fuzz the rules layer (hand-built docs, no models) and the whole pipeline (the real Stanza models).

    python benchmarks/fuzz.py [--seed S] [--rules N] [--first I] [--stanza N] [--case I]

Rules: N generated texts, each tokenised, split into sentences, tagged and parsed at random (every
parse a valid tree, tags partly guessed from the word and partly noise), with random entities, run
through `analyse_doc`. Stanza: N short generated texts (10-60 words) annotated by the bundled models
(one thread, `annotate_many` in chunks of 8) and run through `analyse_doc`. Each result must keep the
invariants of `check`: every span slices the text, quotes do not overlap, every source id a quote or
an event names exists, the JSON round-trips and validates against the schema.

Case I of a run depends on the seed and I alone (`--case I` replays it and prints its text). Prints
cases/s and the number of failures (with the first failures' inputs and tracebacks); exits 1 on any.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from quotes import contract
from quotes.model import AnnotatedDoc, Article, ArticleResult, Entity, Sentence, Span, Token
from quotes.pipeline import analyse_doc
from quotes.report import result_from_json, to_json, to_jsonl

if TYPE_CHECKING:
    from quotes.annotate import Annotator

# -- texts --------------------------------------------------------------------------------------

QUOTE_MARKS = ['"', "“", "”", "„", "«", "»", "‹", "›", "‚", "‘", "’", "'", "''", "``", "「", "」"]
VERBS = ["said", "says", "told", "added", "warned", "insisted", "claimed", "wrote", "tweeted", "noted"]
VERBS += ["saying", "adding", "denied", "asked", "quoted", "urged", "called", "reported", "stated"]
NAMES = ["John Smith", "Smith", "Kerry", "Vladimir Putin", "Mr. Peskov", "Dr. Jones", "Reuters", "AFP"]
NAMES += ["the ministry", "a source", "officials", "an official", "both sides", "analysts", "Interfax"]
NAMES += ["the White House", "the statement", "a spokesman", "Sen. Warren (D-Mass.)", "WALLACE"]
PRONOUNS = ["he", "she", "they", "He", "She", "It", "we", "I", "him", "her", "them"]
WORDS = ["the", "plan", "would", "work", "talks", "failed", "is", "was", "will", "not", "and", "but"]
WORDS += ["that", "to", "of", "in", "on", "according", "According", "as", "by", "comment", "respond"]
WORDS += ["declined", "did", "a", "visit", "next", "year", "very", "important", "for", "us", "it's"]
WORDS += ["don't", "Putin's", "U.S.", "Sept.", "3.5", "100", "%", "$", "#hashtag", "@handle", "e-mail"]
PUNCT = [",", ".", ":", ";", "?", "!", "...", "…", "(", ")", "[", "]", "/", "&", "*"]
DASHES = ["—", "–", "-", "―", "--", " - ", " — "]
BREAKS = ["\n", "\n\n", "\n\n\n", "\r\n", "\r", "\t", "  ", "\n \n"]
CONTROL = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]
CONTROL += ["\u200b", "\u200e", "\u202e", "\ufeff", "\u00ad", "\ufffd", "\u0301", "\U0001f600", "\ud7ff"]
TEMPLATES = [
    "{o}{q},{c} {n} {v}.",
    "{n} {v}: {o}{q}{c}",
    "{n} {v} that {q}.",
    "According to {n}, {q}.",
    "{q}, {n} {v}.",
    "{o}{q}{c} {d} {n}",
    "{N}: {q}",
    "{n} {v} {o}{q}{c} and {v} {o}{q}",
    "{n} declined to comment.",
    "{n} did not respond to a request for comment.",
    "{o}{q}",
    "{n} was quoted as saying {o}{q}{c}",
]


def _quote_pair(rng: random.Random) -> tuple[str, str]:
    """A matching pair of marks most of the time, any two marks otherwise."""
    pairs = [('"', '"'), ("“", "”"), ("„", "“"), ("«", "»"), ("»", "«"), ("‚", "‘"), ("‘", "’"), ("'", "'")]
    if rng.random() < 0.8:
        return rng.choice(pairs)
    return rng.choice(QUOTE_MARKS), rng.choice(QUOTE_MARKS)


def _long_token(rng: random.Random) -> str:
    size = rng.choice([50, 300, 1_000, 5_000])
    kind = rng.randrange(4)
    if kind == 0:
        return "x" * size
    if kind == 1:
        return "".join(rng.choice("abcXYZ0123'-.") for _ in range(size))
    if kind == 2:
        return rng.choice(QUOTE_MARKS) * (size // 10)
    return "Said" * (size // 4)


def _words(rng: random.Random, count: int) -> str:
    pool = WORDS + PRONOUNS + VERBS
    return " ".join(rng.choice(pool) for _ in range(count))


def _template(rng: random.Random) -> str:
    opening, closing = _quote_pair(rng)
    return rng.choice(TEMPLATES).format(
        o=opening,
        c=closing,
        q=_words(rng, rng.randint(0, 12)),
        n=rng.choice(NAMES + PRONOUNS),
        N=rng.choice(NAMES).upper(),
        v=rng.choice(VERBS),
        d=rng.choice(DASHES),
    )


_PIECES: list[tuple[float, Callable[[random.Random], str]]] = [
    (0.30, lambda rng: rng.choice(WORDS)),
    (0.10, lambda rng: rng.choice(VERBS)),
    (0.10, lambda rng: rng.choice(NAMES + PRONOUNS)),
    (0.12, lambda rng: rng.choice(QUOTE_MARKS)),
    (0.10, lambda rng: rng.choice(PUNCT)),
    (0.12, _template),
    (0.05, lambda rng: rng.choice(BREAKS)),
    (0.04, lambda rng: rng.choice(DASHES)),
    (0.03, lambda rng: rng.choice(CONTROL)),
    (0.02, lambda rng: chr(rng.randrange(0x20, 0x3000))),
    (0.02, lambda rng: _long_token(rng) if rng.random() < 0.2 else rng.choice(WORDS).upper()),
]


def make_text(rng: random.Random, *, pieces: int) -> str:
    """A text of about `pieces` pieces: words, names, reporting verbs, quote marks of every
    convention, whole attribution templates, line and paragraph breaks, dashes, control characters."""
    weights = [w for w, _ in _PIECES]
    makers = rng.choices([m for _, m in _PIECES], weights, k=pieces)
    out: list[str] = []
    for make in makers:
        out.append(make(rng))
        out.append(rng.choices([" ", "", "\n\n", "\n"], [0.82, 0.12, 0.04, 0.02])[0])
    return "".join(out).strip(" ") if rng.random() < 0.9 else "".join(out)


def stanza_text(rng: random.Random) -> str:
    """A short text (10-60 words) for the Stanza run: templates, words and a few odd pieces."""
    target = rng.randint(10, 60)
    out: list[str] = []
    while sum(len(p.split()) for p in out) < target:
        out.append(_template(rng) if rng.random() < 0.5 else make_text(rng, pieces=rng.randint(1, 6)))
    return " ".join(out)


# -- docs ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:[-.'’]\w+)*|[^\w\s]")
UPOS = ["NOUN", "PROPN", "VERB", "AUX", "PRON", "DET", "ADP", "ADJ", "ADV", "PUNCT", "CCONJ", "SCONJ"]
UPOS += ["PART", "NUM", "SYM", "INTJ", "X"]
DEPRELS = ["nsubj", "nsubj:pass", "obj", "iobj", "ccomp", "xcomp", "advcl", "mark", "punct", "compound"]
DEPRELS += ["flat", "appos", "nmod", "nmod:poss", "amod", "det", "case", "conj", "cc", "parataxis"]
DEPRELS += ["obl", "aux", "aux:pass", "cop", "advmod", "acl", "acl:relcl", "nummod", "dep", "discourse"]
_LEMMAS = {"said": "say", "says": "say", "saying": "say", "told": "tell", "wrote": "write", "is": "be"}
_LEMMAS |= {"was": "be", "did": "do", "quoted": "quote", "declined": "decline", "called": "call"}
_XPOS = {"VERB": "VBD", "AUX": "VBD", "NOUN": "NN", "PROPN": "NNP", "PRON": "PRP", "PUNCT": "."}
_XPOS |= {"DET": "DT", "ADP": "IN", "ADJ": "JJ", "ADV": "RB", "CCONJ": "CC", "SCONJ": "IN", "PART": "POS"}
_CLOSED = {w.lower() for w in PRONOUNS} | {"the", "a", "that", "to", "of", "in", "on", "and", "but"}


def _guess(word: str, rng: random.Random) -> str:
    """A plausible tag most of the time (so the rules fire), any tag otherwise (so they must cope)."""
    if rng.random() < 0.15:
        return rng.choice(UPOS)
    low = word.lower()
    if not word[0].isalnum():
        return "PUNCT"
    if low in {p.lower() for p in PRONOUNS}:
        return "PRON"
    if low in VERBS or low in _LEMMAS:
        return "VERB"
    if low in {"is", "was", "will", "would", "did"}:
        return "AUX"
    if low in _CLOSED:
        return rng.choice(["DET", "ADP", "SCONJ", "CCONJ"])
    return "PROPN" if word[0].isupper() else "NOUN"


def _spans(text: str, rng: random.Random) -> list[tuple[int, int]]:
    """Token offsets; sometimes a word is cut in two (a contraction, a possessive)."""
    spans: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if end - start > 3 and rng.random() < 0.05:
            cut = rng.randrange(start + 1, end)
            spans += [(start, cut), (cut, end)]
        else:
            spans.append((start, end))
    return spans


def _sentences(text: str, spans: list[tuple[int, int]], rng: random.Random) -> list[list[tuple[int, int]]]:
    """Sentences end at . ! ? or a line break most of the time, and anywhere now and then."""
    groups: list[list[tuple[int, int]]] = [[]]
    for i, (start, end) in enumerate(spans):
        groups[-1].append((start, end))
        gap = text[end : spans[i + 1][0]] if i + 1 < len(spans) else ""
        ends = text[start:end] in {".", "!", "?"} or "\n" in gap
        if (ends and rng.random() < 0.9) or rng.random() < 0.02:
            groups.append([])
    return [g for g in groups if g]


def _tree(tags: Sequence[str], rng: random.Random) -> list[tuple[int, str]]:
    """(head, deprel) for each word: a valid tree with one root, a verb as root when there is one."""
    n = len(tags)
    verbs = [i for i, tag in enumerate(tags) if tag == "VERB"]
    root = rng.choice(verbs) if verbs and rng.random() < 0.8 else rng.randrange(n)
    order = [i for i in range(n) if i != root]
    rng.shuffle(order)
    attached = [root]
    arcs: list[tuple[int, str]] = [(-1, "root")] * n
    for i in order:
        # near heads and the root most of the time: parsers make short arcs
        head = root if rng.random() < 0.3 else rng.choice(attached[-4:])
        arcs[i] = (head, _deprel(tags[i], i < head, rng))
        attached.append(i)
    return arcs


def _deprel(tag: str, before_head: bool, rng: random.Random) -> str:
    if rng.random() < 0.25:
        return rng.choice(DEPRELS)
    if tag == "PUNCT":
        return "punct"
    if tag in {"PROPN", "PRON", "NOUN"}:
        return "nsubj" if before_head else rng.choice(["obj", "nmod", "flat", "appos", "obl"])
    if tag == "VERB":
        return "ccomp" if not before_head else rng.choice(["advcl", "parataxis", "conj"])
    return rng.choice(["det", "case", "mark", "aux", "cc", "advmod", "amod"])


def _entities(text: str, spans: list[tuple[int, int]], rng: random.Random) -> tuple[Entity, ...]:
    """Runs of capitalised words as entities of a random type, never overlapping."""
    found: list[Entity] = []
    i = 0
    while i < len(spans):
        start = spans[i][0]
        if text[start].isupper() and rng.random() < 0.6:
            j = i
            while j + 1 < len(spans) and text[spans[j + 1][0]].isupper() and rng.random() < 0.7:
                j += 1
            kind = rng.choice(["PER", "PER", "ORG", "LOC", "MISC", "GPE"])
            found.append(Entity(start, spans[j][1], text[start : spans[j][1]], kind))
            i = j
        i += 1
    return tuple(found)


def make_doc(text: str, rng: random.Random) -> AnnotatedDoc:
    """`text` tokenised, split, tagged and parsed at random, every offset into `text`."""
    spans = _spans(text, rng)
    sentences = []
    for group in _sentences(text, spans, rng):
        words = [text[s:e] for s, e in group]
        tags = [_guess(w, rng) for w in words]
        arcs = _tree(tags, rng)
        tokens = []
        rows = zip(group, words, tags, arcs, strict=True)
        for index, ((start, end), word, tag, (head, deprel)) in enumerate(rows):
            lemma = _LEMMAS.get(word.lower(), word.lower())
            feats = "Tense=Past|VerbForm=Fin" if tag == "VERB" and rng.random() < 0.5 else ""
            xpos = _XPOS.get(tag, "XX")
            tokens.append(Token(index, word, start, end, tag, xpos, lemma, head, deprel, feats))
        sentences.append(Sentence(group[0][0], group[-1][1], tuple(tokens)))
    return AnnotatedDoc(text, tuple(sentences), _entities(text, spans, rng))


def make_article(text: str, case: int, rng: random.Random) -> Article | None:
    """An article around the text half the time, with a title that may hold odd characters."""
    if rng.random() < 0.5:
        return None
    title = make_text(rng, pieces=rng.randint(0, 6)) if rng.random() < 0.8 else None
    return Article(id=f"case-{case}", text=text, title=title, outlet=rng.choice([None, "Outlet\u2028X"]))


# -- invariants ---------------------------------------------------------------------------------


def check(result: ArticleResult, text: str) -> None:
    """Raise AssertionError (naming what broke) unless `result` keeps the output's invariants."""
    spans: list[tuple[str, Span]] = []
    for quote in result.quotes:
        spans.append((f"quote {quote.id}", Span(quote.start, quote.end, quote.text)))
        parts = (("cue", quote.cue), ("speaker", quote.speaker))
        spans += [(f"{quote.id} {what}", span) for what, span in parts if span]
    spans += [(f"source {s.id} mention", m) for s in result.sources for m in s.mentions]
    spans += [(f"event {e.type}", Span(e.start, e.end, e.text)) for e in result.events]
    for what, span in spans:
        if not 0 <= span.start <= span.end <= len(text) or text[span.start : span.end] != span.text:
            raise AssertionError(f"{what} {span.start}:{span.end} {span.text!r} does not slice the text")
    for a, b in itertools.pairwise(sorted(result.quotes, key=lambda q: (q.start, q.end))):
        if a.end > b.start:
            raise AssertionError(f"quotes {a.id} {a.start}:{a.end} and {b.id} {b.start}:{b.end} overlap")
    ids = {s.id for s in result.sources}
    missing = {q.source for q in result.quotes if q.source and q.source not in ids}
    missing |= {e.source for e in result.events if e.source and e.source not in ids}
    if missing or len(ids) != len(result.sources):
        raise AssertionError(f"source ids {sorted(missing)} missing or repeated among {sorted(ids)}")
    for data in (to_json(result), to_jsonl(result)):
        if result_from_json(data) != result:
            raise AssertionError("the JSON does not read back to the same result")
    if violations := contract.validate(orjson.loads(to_jsonl(result))):
        raise AssertionError(f"the JSON breaks the schema: {violations[0]}")


# -- runs ---------------------------------------------------------------------------------------


@dataclass
class Failure:
    case: int
    text: str
    error: str


def case_rng(seed: int, case: int) -> random.Random:
    return random.Random(f"{seed}:{case}")


def rules_case(seed: int, case: int) -> str:
    """Build, analyse and check rules case `case`; returns its text (raises on a failure)."""
    rng = case_rng(seed, case)
    text = _rules_text(rng)
    article = make_article(text, case, rng)
    check(analyse_doc(make_doc(text, rng), article=article), text)
    return text


def run_rules(seed: int, cases: Iterator[int], *, progress: bool = False) -> tuple[int, list[Failure]]:
    """Run the rules cases numbered by `cases`; with `progress`, a line every 5,000 cases."""
    failures: list[Failure] = []
    count = 0
    started = time.perf_counter()
    for case in cases:
        count += 1
        try:
            rules_case(seed, case)
        except Exception:
            text = _rules_text(case_rng(seed, case))
            failures.append(Failure(case, text, traceback.format_exc()))
        if progress and count % 5_000 == 0:
            rate = count / (time.perf_counter() - started)
            print(f"  rules {count} (case {case})  {rate:.1f} cases/s  failures {len(failures)}", flush=True)
    return count, failures


def _rules_text(rng: random.Random) -> str:
    """Mostly short texts, some of a few paragraphs, now and then a long one."""
    size = rng.choice([0, 1, 3, 10, 30, 60, 120]) if rng.random() < 0.97 else 600
    return make_text(rng, pieces=rng.randint(0, size))


def run_stanza(
    seed: int, cases: int, *, annotator: Annotator | None = None, chunk: int = 8, progress: bool = True
) -> tuple[int, list[Failure]]:
    """`cases` short texts through the Stanza models (default: the bundled ones, one thread) and the rules."""
    from quotes.annotate import Annotator

    annotator = annotator or Annotator(threads=1)
    failures: list[Failure] = []
    started = time.perf_counter()
    for first in range(0, cases, chunk):
        numbers = range(first, min(first + chunk, cases))
        texts = [stanza_text(case_rng(seed, -1 - n)) for n in numbers]
        try:
            docs = annotator.annotate_many(texts)
        except Exception:
            error = traceback.format_exc()
            failures += [Failure(-1 - n, t, error) for n, t in zip(numbers, texts, strict=True)]
            continue
        for n, text, doc in zip(numbers, texts, docs, strict=True):
            try:
                check(analyse_doc(doc), text)
            except Exception:
                failures.append(Failure(-1 - n, text, traceback.format_exc()))
        done = numbers.stop
        if progress and (done % 100 < chunk or done == cases):
            rate = done / (time.perf_counter() - started)
            print(f"  stanza {done}/{cases}  {rate:.2f} cases/s  failures {len(failures)}", flush=True)
    return cases, failures


def _report(name: str, count: int, failures: list[Failure], seconds: float) -> None:
    rate = count / seconds if seconds else 0.0
    print(f"{name}: {count} cases in {seconds:.1f} s ({rate:.1f} cases/s), {len(failures)} failures")
    for failure in failures[:5]:
        print(f"--- case {failure.case} (replay: --seed SEED --case {failure.case})")
        print(f"text: {failure.text[:2000]!r}")
        print(failure.error)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rules", type=int, default=100_000, help="rules cases (default 100,000)")
    parser.add_argument("--first", type=int, default=0, help="the first rules case (to split a run)")
    parser.add_argument("--stanza", type=int, default=3_000, help="Stanza cases (default 3,000)")
    parser.add_argument("--case", type=int, help="replay one case (< 0: a Stanza case)")
    args = parser.parse_args(argv)
    if args.case is not None:
        rng = case_rng(args.seed, args.case)
        print(repr(stanza_text(rng) if args.case < 0 else _rules_text(rng)))
        if args.case >= 0:
            rules_case(args.seed, args.case)
        return 0
    failures: list[Failure] = []
    if args.rules:
        start = time.perf_counter()
        count, found = run_rules(args.seed, iter(range(args.first, args.first + args.rules)), progress=True)
        _report("rules", count, found, time.perf_counter() - start)
        failures += found
    if args.stanza:
        start = time.perf_counter()
        count, found = run_stanza(args.seed, args.stanza)
        _report("stanza", count, found, time.perf_counter() - start)
        failures += found
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
