"""The Stanza layer: with `speedups.py`, the only module that imports stanza.

It runs Stanza's English pipeline (tokenize, mwt, pos, lemma, depparse, ner) and turns its output into
our own frozen `AnnotatedDoc`, with every offset fixed here, once: character offsets into the original
text, 0-based word indices, heads as indices in the sentence (-1 for the root).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from quotes.errors import ModelError
from quotes.focus import Focus, SentenceView, focus
from quotes.lexicon import load_lexicon
from quotes.model import AnnotatedDoc, Diagnostic, Entity, Sentence, Token
from quotes.models import ModelSource, pipeline_options, resolve, stanza_default_dir
from quotes.speedups import speed_up

log = logging.getLogger(__name__)

# Longer texts are annotated up to the last paragraph break before this many characters: a 5 MB
# "article" is almost always a scraping accident, and would hold a worker for an hour.
MAX_CHARS = 100_000
# The parser's memory grows with the square of a sentence's length (1,000 words without a full stop
# took 2.6 GB, 10,000 quotation marks over 22 GB), so no sentence longer than this many words reaches
# the taggers and the parser: a longer one is cut into windows of at most this many words. News
# sentences average 24 words; the longest of the 3,392 in the PolNeAR dev set has 97.
MAX_SENTENCE_WORDS = 200

# int8 dynamic quantisation (weights stored as int8, activations quantised on the fly) of the LSTM and
# Linear layers of these processors' models, on CPU. Off by default: on PolNeAR dev it kept the scores
# (quoted F1 -0.1, speaker and reported speech unchanged) but it moves a few close tagging and parsing
# decisions (0.1% of tags, 0.4% of heads), which changes a golden file's source title; and it gained
# only ~10% (the parser's time is mostly its pairwise relation scorer, an einsum that stays in float).
# See the README's "Speed and memory".
QUANTIZE = False
QUANTIZED_PROCESSORS = ("pos", "lemma", "depparse", "ner")
# Which sentences are parsed: "focus", only those whose arcs the rules read (see `quotes.focus`), or
# "all". On PolNeAR dev both give the same results (README, "Speed and memory").
PARSE = "focus"

_PIPELINES: dict[tuple[str, str, bool, bool], Any] = {}
_LOCK = threading.Lock()


def _quantize(nlp: Any) -> None:
    """Swap each quantised processor's model for its int8 dynamic quantisation, in place."""
    import warnings

    import torch
    from torch import nn

    quantize: Any = torch.ao.quantization.quantize_dynamic  # untyped in torch
    for name in QUANTIZED_PROCESSORS:
        processor = nlp.processors.get(name)
        # stanza keeps a processor's model on its trainer; NER may hold several trainers
        trainers = [getattr(processor, "_trainer", None), *(getattr(processor, "trainers", None) or ())]
        for trainer in {id(t): t for t in trainers if hasattr(t, "model")}.values():
            with warnings.catch_warnings():  # torch announces the API's move to torchao
                warnings.simplefilter("ignore")
                trainer.model = quantize(trainer.model, {nn.LSTM, nn.Linear}, dtype=torch.qint8)


@contextlib.contextmanager
def _trusted_loading() -> Iterator[None]:
    """Load the bundled models with torch's C unpickler. Stanza asks torch for its safe, weights-only
    unpickler, written in Python: it took 1-2.5 s of a cold start to read the models' vocabularies
    (0.3 s this way). The bundled files ship inside this package, as trusted as its code; models from
    any other directory keep the safe unpickler."""
    import torch

    real = torch.load

    def load(*args: Any, **kwargs: Any) -> Any:
        return real(*args, **{**kwargs, "weights_only": False})

    torch.load = load
    try:
        yield
    finally:
        torch.load = real


def _pipeline(source: ModelSource, *, use_gpu: bool, threads: int | None, quantize: bool = False) -> Any:
    """Build Stanza's pipeline once per process, model source and setting."""
    key = (source.kind, str(source.directory), use_gpu, quantize)
    with _LOCK:
        if key not in _PIPELINES:
            import stanza
            import torch

            if threads:
                torch.set_num_threads(threads)

            logging.getLogger("stanza").setLevel(logging.WARNING)
            trusted = _trusted_loading() if source.kind == "bundled" else contextlib.nullcontext()
            try:
                with trusted:
                    nlp = stanza.Pipeline(**pipeline_options(source), use_gpu=use_gpu, logging_level="WARN")
            except Exception as error:  # stanza raises many kinds; all mean the models cannot be used
                raise ModelError(f"cannot load the Stanza models from {source.directory}: {error}") from error
            if quantize and not use_gpu:  # torch's dynamic quantisation runs on CPU only
                _quantize(nlp)
            speed_up(nlp)  # the same trees, decoded faster
            _PIPELINES[key] = nlp
        return _PIPELINES[key]


def _cut(text: str, limit: int) -> int:
    """Where to stop annotating an over-long text: a paragraph or line break before `limit`."""
    if len(text) <= limit:
        return len(text)
    for sep in ("\n\n", "\n", ". "):
        at = text.rfind(sep, 0, limit)
        if at > limit // 2:
            return at + len(sep)
    return limit


def _renumbered(entries: list[dict[str, Any]], offset: int) -> list[dict[str, Any]]:
    """Token and word entries of one window, their ids counted from 1 again."""
    out = []
    for entry in entries:
        ident = entry["id"]
        new = tuple(i - offset for i in ident) if isinstance(ident, tuple) else ident - offset
        out.append({**entry, "id": new})
    return out


def _windows(entries: list[dict[str, Any]], limit: int) -> list[list[dict[str, Any]]]:
    """Cut one tokenised sentence (stanza's token and word entries) into windows of <= `limit` words,
    never inside a multi-word token."""
    windows: list[list[dict[str, Any]]] = [[]]
    words = offset = 0  # words in the current window; words before it
    i = 0
    while i < len(entries):
        ident = entries[i]["id"]
        width = ident[-1] - ident[0] + 1 if isinstance(ident, tuple) else 1
        group = entries[i : i + 1 + (width if isinstance(ident, tuple) else 0)]
        if words + width > limit and words:
            windows[-1] = _renumbered(windows[-1], offset)
            offset += words
            windows.append([])
            words = 0
        windows[-1].extend(group)
        words += width
        i += len(group)
    windows[-1] = _renumbered(windows[-1], offset)
    return windows


def _false_split(
    doc: Any, first: Any, second: Any, titles: frozenset[str], abbreviations: frozenset[str]
) -> bool:
    """Whether the tokenizer ended a sentence inside one line where the text goes on: after a title's
    full stop, before the name it introduces ("Texas Sen. | Ted Cruz said"); after an abbreviation,
    before a number ("Sept. | 9"); or after a word with no stop at all ("Karimi says | Ali's message
    ...", "The Affordable Care | Act"), which ends no sentence of news copy."""
    last, following = first.tokens[-1], second.tokens[0]
    if "\n" in doc.text[int(last.end_char) : int(following.start_char)]:
        return False
    word = str(last.text)
    if word == "." and len(first.tokens) > 1 and first.tokens[-2].end_char == last.start_char:
        word = first.tokens[-2].text + "."
    if word.endswith("."):
        stem = word[:-1].lower()
        return (stem in titles and following.text[:1].isupper()) or (
            stem in abbreviations and following.text[:1].isdigit()
        )
    return word[-1:].isalnum()


def _rejoined(doc: Any, titles: frozenset[str], abbreviations: frozenset[str]) -> Any:
    """A tokenised stanza Document with every sentence the tokenizer split by mistake joined again."""
    sentences = doc.sentences
    joins = [_false_split(doc, a, b, titles, abbreviations) for a, b in itertools.pairwise(sentences)]
    if not any(joins):
        return doc
    import stanza

    merged: list[list[dict[str, Any]]] = [sentences[0].to_dict()]
    for sentence, join in zip(sentences[1:], joins, strict=True):
        if join:
            _reattach_stop(merged[-1])
            merged[-1].extend(_renumbered(sentence.to_dict(), -_words(merged[-1])))
        else:
            merged.append(sentence.to_dict())
    return stanza.Document(merged, text=doc.text)


def _words(entries: list[dict[str, Any]]) -> int:
    """How many words a sentence's token and word entries hold."""
    last = entries[-1]["id"]
    return int(last[-1] if isinstance(last, tuple) else last)


def _reattach_stop(entries: list[dict[str, Any]]) -> None:
    """ "Sen" + "." split off as a sentence's end: one token "Sen." again, in place."""
    stop, word = entries[-1], entries[-2] if len(entries) > 1 else None
    if stop.get("text") != "." or word is None or isinstance(word["id"], tuple):
        return
    if word.get("end_char") != stop.get("start_char"):
        return
    entries.pop()
    word["text"] += "."
    word["end_char"] = stop["end_char"]


def _bounded(doc: Any, limit: int) -> tuple[Any, int]:
    """A tokenised stanza Document whose sentences have at most `limit` words, and how many were cut."""
    if all(len(sentence.words) <= limit for sentence in doc.sentences):
        return doc, 0
    import stanza

    sentences: list[list[dict[str, Any]]] = []
    cut = 0
    for sentence in doc.sentences:
        entries = sentence.to_dict()
        if len(sentence.words) <= limit:
            sentences.append(entries)
        else:
            cut += 1
            sentences.extend(_windows(entries, limit))
    return stanza.Document(sentences, text=doc.text), cut


def _convert(text: str, doc: Any) -> list[Sentence]:
    sentences = []
    for sent in doc.sentences:
        tokens = []
        for token in sent.tokens:
            start, end = int(token.start_char), int(token.end_char)
            for word in token.words:
                tokens.append(
                    Token(
                        index=int(word.id) - 1,
                        text=text[start:end],
                        start=start,
                        end=end,
                        upos=word.upos or "X",
                        xpos=word.xpos or "",
                        lemma=word.lemma if word.lemma is not None else word.text,
                        head=int(word.head or 0) - 1,
                        deprel=word.deprel or "dep",
                        feats=word.feats or "",
                    )
                )
        if tokens:
            sentences.append(Sentence(start=tokens[0].start, end=tokens[-1].end, tokens=tuple(tokens)))
    return sentences


class Annotator:
    """Stanza's English pipeline with the chosen models, loaded on first use, once per process."""

    def __init__(
        self,
        models: str | ModelSource = "bundled",
        *,
        use_gpu: bool = False,
        max_chars: int = MAX_CHARS,
        max_sentence_words: int = MAX_SENTENCE_WORDS,
        threads: int | None = None,
        quantize: bool | None = None,
        parse: str = PARSE,
    ) -> None:
        """`threads`: torch threads for this process (default: torch's own choice, one per core).
        `quantize`: int8 dynamic quantisation of the models on CPU (default: `QUANTIZE`).
        `parse`: "focus" parses only the sentences the rules read arcs from, "all" every sentence."""
        if parse not in {"focus", "all"}:
            raise ValueError(f"parse must be 'focus' or 'all', not {parse!r}")
        self.source = resolve(models)
        self.use_gpu = use_gpu
        self.max_chars = max_chars
        self.max_sentence_words = max_sentence_words
        self.threads = threads
        self.quantize = QUANTIZE if quantize is None else quantize
        # titles and abbreviations whose full stop the tokenizer may take for a sentence's end ("Sen.",
        # "Gov.", "Sept. 9"); part of the settings the annotation cache keys on
        self.title_abbreviations = tuple(sorted(load_lexicon().title_abbreviations))
        self.abbreviations = tuple(sorted(load_lexicon().abbreviations))
        self._focus: Focus | None = focus() if parse == "focus" else None
        # the choice's words are part of the settings the annotation cache keys on
        self.parse = parse if self._focus is None else f"focus:{self._focus.fingerprint}"

    def annotate(self, text: str) -> AnnotatedDoc:
        return self.annotate_many([text])[0]

    def annotate_many(self, texts: Sequence[str]) -> list[AnnotatedDoc]:
        """Annotate several articles in one batched Stanza call; blank texts give empty docs."""
        import stanza

        cuts = [_cut(text, self.max_chars) for text in texts]
        work = [i for i, text in enumerate(texts) if text[: cuts[i]].strip()]
        stanza_docs: dict[int, Any] = {}
        windowed: dict[int, int] = {}
        if work:
            nlp = _pipeline(self.source, use_gpu=self.use_gpu, threads=self.threads, quantize=self.quantize)
            batch = [stanza.Document([], text=texts[i][: cuts[i]]) for i in work]
            tokenised = nlp(batch, processors="tokenize,mwt")
            titles, abbreviations = frozenset(self.title_abbreviations), frozenset(self.abbreviations)
            bounded = [
                _bounded(_rejoined(doc, titles, abbreviations), self.max_sentence_words) for doc in tokenised
            ]
            windowed = {i: cut for i, (_, cut) in zip(work, bounded, strict=True) if cut}
            done = nlp([doc for doc, _ in bounded], processors="pos,lemma,ner")
            self._parse(nlp, done)
            stanza_docs = dict(zip(work, done, strict=True))
        return [
            self._result(text, stanza_docs.get(i), cut=cuts[i], windowed=windowed.get(i, 0))
            for i, text in enumerate(texts)
        ]

    def _parse(self, nlp: Any, docs: list[Any]) -> None:
        """Parse the chosen sentences of tagged stanza documents in one batch, in place."""
        import stanza

        chosen = [sentence for doc in docs for sentence in self._chosen(doc)]
        if not chosen:
            return
        batch = stanza.Document([sentence.to_dict() for sentence in chosen])
        parsed = nlp(batch, processors="depparse")
        for mine, theirs in zip(chosen, parsed.sentences, strict=True):
            for word, done in zip(mine.words, theirs.words, strict=True):
                word.head, word.deprel = done.head, done.deprel

    def _chosen(self, doc: Any) -> list[Any]:
        if self._focus is None:
            return list(doc.sentences)
        views = [
            SentenceView(
                int(sentence.tokens[0].start_char),
                int(sentence.tokens[-1].end_char),
                tuple(word.text for word in sentence.words),
                tuple(word.lemma or "" for word in sentence.words),
            )
            for sentence in doc.sentences
        ]
        picks = self._focus.chosen(doc.text, views)
        return [sentence for sentence, pick in zip(doc.sentences, picks, strict=True) if pick]

    def _result(self, text: str, doc: Any, *, cut: int, windowed: int) -> AnnotatedDoc:
        notes: tuple[Diagnostic, ...] = ()
        if cut < len(text):
            notes += (
                Diagnostic(
                    "text_truncated", f"only the first {cut} of {len(text)} characters were analysed", cut
                ),
            )
        if windowed:
            notes += (
                Diagnostic(
                    "sentence_split",
                    f"{windowed} sentence(s) longer than {self.max_sentence_words} words were cut into "
                    "windows before tagging and parsing",
                    None,
                ),
            )
        if doc is None:
            return AnnotatedDoc(text=text, sentences=(), entities=(), diagnostics=notes)
        entities = tuple(
            Entity(int(e.start_char), int(e.end_char), text[int(e.start_char) : int(e.end_char)], str(e.type))
            for e in doc.ents
        )
        return AnnotatedDoc(text, tuple(_convert(text, doc)), entities, notes)


def download_official(directory: Path | None = None) -> Path:
    """Fetch Stanza's official English package (needs network access); only on the user's request."""
    import stanza

    target = directory or stanza_default_dir()
    try:
        stanza.download("en", model_dir=str(target), processors="tokenize,mwt,pos,lemma,depparse,ner")
    except Exception as error:  # requests' errors, stanza's own: all mean "could not download"
        raise ModelError(f"could not download the official Stanza models into {target}: {error}") from error
    return target
