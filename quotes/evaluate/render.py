"""The scores of an evaluation as a text table, as JSON, and as a list of error examples."""

from __future__ import annotations

from typing import Any

import orjson
from tabulate import tabulate

from quotes.confidence import smoothed
from quotes.evaluate.patterns import CONFIDENT, PatternFigures
from quotes.evaluate.score import ERROR_CATEGORIES, PRF, Accuracy, ErrorCategory, ErrorExample, Scores
from quotes.evaluate.sources import SourceFigures

ERROR_TITLES: dict[ErrorCategory, str] = {
    "missed_quoted": "missed quoted material",
    "spurious_quoted": "spurious quoted material",
    "wrong_speaker": "wrong speaker",
    "missed_reported": "missed reported speech",
    "spurious_reported": "spurious reported speech",
}

# Published exact-match F1 on PolNeAR (percent), for the "all attributions" rows: source is the speaker
# mention, content the attributed content. They come from sentence-level sequence taggers, so they are
# a point of reference, not a like-for-like comparison with a whole-article pipeline.
REFERENCE_F1: dict[str, dict[str, float]] = {
    "CofeNet (BERT tagger)": {"source": 83.2, "content": 72.9},
    "CoreNLP": {"source": 13.9, "content": 17.5},
}


def _prf_dict(prf: PRF) -> dict[str, Any]:
    return {
        "precision": prf.precision,
        "recall": prf.recall,
        "f1": prf.f1,
        "pred_correct": prf.pred_correct,
        "pred_total": prf.pred_total,
        "gold_found": prf.gold_found,
        "gold_total": prf.gold_total,
    }


def _acc_dict(acc: Accuracy) -> dict[str, Any]:
    return {"accuracy": acc.value, "correct": acc.correct, "total": acc.total}


def scores_to_dict(scores: Scores, *, errors: bool = True) -> dict[str, Any]:
    """The JSON form of `Scores`: ratios in [0, 1] (null when over nothing) next to their counts."""
    out: dict[str, Any] = {
        "articles": scores.articles,
        "missing_predictions": list(scores.missing),
        "predictions": _PREDICTIONS[scores.grouped],
        "gold_kinds": "as converted, except content quoted with two apostrophes (''...''): derived again",
        "quoted_material": {**_prf_dict(scores.quoted), "exact": _prf_dict(scores.quoted_exact)},
        "speaker": {
            "mention": _acc_dict(scores.speaker_mention),
            "entity": _acc_dict(scores.speaker_entity),
        },
        "reported_speech": {**_prf_dict(scores.reported), "speech_verbs": scores.speech_verbs},
        "attributions": {
            **_prf_dict(scores.attributions),
            "content_exact": _prf_dict(scores.attributions_exact),
            "recall_by_gold_kind": {k.kind: {"found": k.found, "gold": k.gold} for k in scores.by_kind},
        },
        "sources": _sources_dict(scores),
        "patterns": {
            p.key: {"quotes": p.total, "right": p.right, "precision": p.precision}
            for p in scores.patterns.patterns
        },
        "calibration": [
            {"min_confidence": c.threshold, "quotes": c.total, "right": c.right, "precision": c.precision}
            for c in scores.patterns.calibration
        ],
        "reference_exact_f1": REFERENCE_F1,
    }
    if errors:
        out["errors"] = [
            {
                "category": e.category,
                "article_id": e.article_id,
                "start": e.start,
                "end": e.end,
                "gold": e.gold,
                "pred": e.pred,
                "gold_speaker": e.gold_speaker,
                "pred_speaker": e.pred_speaker,
                "cue": e.cue,
                "pattern": e.pattern,
                "context": e.context,
            }
            for e in scores.errors
        ]
    return out


def _sources_dict(scores: Scores) -> dict[str, Any]:
    figures = scores.sources
    return {
        "total": figures.total,
        "typed_unknown": {"share": figures.unknown_share, "count": figures.unknown},
        "named_by_non_name": {
            "share": figures.non_name_share,
            "count": figures.non_name,
            "by_reason": dict(figures.by_reason),
        },
        "speaker_mention_exact": _prf_dict(scores.speaker_mentions_exact),
    }


_PREDICTIONS = {
    True: "grouped by attribution: a quote with its continuation paragraphs and the parts of a quote split"
    " by its cue are one predicted attribution with content in pieces",
    False: "each predicted quote scored on its own",
}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def score_rows(scores: Scores) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the scores table (percentages), for tabulate."""
    names = " / ".join(name.split(" ")[0] for name in REFERENCE_F1)
    header = ["measure", "P", "R", "F1", "acc", "counts", f"published F1 ({names})"]

    def reference(part: str) -> str:
        return " / ".join(f"{figures[part]:.1f}" for figures in REFERENCE_F1.values())

    def prf_row(name: str, prf: PRF, published: str = "") -> list[str]:
        if prf.pred_correct == prf.gold_found:
            counts = f"{prf.pred_correct} matched, {prf.pred_total} pred, {prf.gold_total} gold"
        else:
            right, found = f"{prf.pred_correct}/{prf.pred_total}", f"{prf.gold_found}/{prf.gold_total}"
            counts = f"{right} pred right, {found} gold found"
        return [name, _pct(prf.precision), _pct(prf.recall), _pct(prf.f1), "", counts, published]

    def acc_row(name: str, acc: Accuracy) -> list[str]:
        return [name, "", "", "", _pct(acc.value), f"{acc.correct} right of {acc.total}", ""]

    def share_row(name: str, count: int, total: int) -> list[str]:
        share = count / total if total else None
        return [name, "", "", "", _pct(share), f"{count} of {total} sources", ""]

    rows = [
        prf_row("quoted material", scores.quoted),
        prf_row("quoted material, exact span", scores.quoted_exact),
        acc_row("speaker of matched quoted: mention", scores.speaker_mention),
        acc_row("speaker of matched quoted: entity", scores.speaker_entity),
        prf_row("reported speech", scores.reported),
        prf_row("all attributions", scores.attributions),
        prf_row("all attributions, content exact", scores.attributions_exact, reference("content")),
        prf_row("speaker mentions, exact span", scores.speaker_mentions_exact, reference("source")),
        share_row("sources typed unknown", scores.sources.unknown, scores.sources.total),
        share_row("sources named by a non-name", scores.sources.non_name, scores.sources.total),
    ]
    confident = next((c for c in scores.patterns.calibration if c.threshold == CONFIDENT), None)
    if confident is not None:
        counts = f"{confident.right} right of {confident.total} quotes"
        rows.append(
            [f"quotes of confidence >= {CONFIDENT}", _pct(confident.precision), "", "", "", counts, ""]
        )
    return header, rows


def render_table(scores: Scores) -> str:
    """The scores as a plain-text table with a few lines saying what was measured."""
    header, rows = score_rows(scores)
    table = tabulate(rows, headers=header, disable_numparse=True, colalign=("left",) + ("right",) * 4)
    kinds = ", ".join(f"{k.kind} {k.found}/{k.gold}" for k in scores.by_kind)
    notes = [
        f"{scores.articles} articles"
        + (
            f", {len(scores.missing)} without a prediction (scored as finding nothing)"
            if scores.missing
            else ""
        ),
        "predictions " + _PREDICTIONS[scores.grouped],
        "gold kinds as converted, except content quoted with two apostrophes (''...''), which the"
        " converter did not read as quotation marks: its kind is derived again from the marks",
        "spans match when their overlap covers half of each, after trimming spaces, quote marks and"
        " edge punctuation; exact: equal after trimming",
        "reported speech: recall over gold indirect attributions with a speech-verb cue"
        f" ({scores.speech_verbs}), precision of predicted indirect quotes against any gold attribution",
        f"all attributions found, by gold kind: {kinds}",
        "speaker mentions, exact span: each predicted speaker mention once against each gold speaker span"
        " (the published 'source exact'); published figures come from sentence-level taggers and are a"
        " reference, not a like-for-like comparison",
        "sources: every predicted source; a non-name is a pronoun or relative, a weekday, month or other"
        " date word, a determiner alone, or a clause (a finite verb, or over eight words)"
        + _reasons(scores.sources),
    ]
    return table + "\n\n" + "\n".join(notes) + "\n\n" + render_patterns(scores.patterns)


def render_patterns(figures: PatternFigures) -> str:
    """Precision of each detection pattern (a quote is right when its content and speaker are), the
    confidence these counts would give, and the precision of quotes at each confidence threshold."""
    rows = [
        [p.key, str(p.total), str(p.right), _pct(p.precision), f"{smoothed(p.right, p.total):.3f}"]
        for p in figures.patterns
    ]
    table = tabulate(
        rows,
        headers=["pattern", "quotes", "right", "precision", "as confidence"],
        disable_numparse=True,
        colalign=("left",) + ("right",) * 4,
    )
    lines = [
        f"quotes of confidence >= {c.threshold}: {c.total}, {_pct(c.precision)}% right"
        for c in figures.calibration
    ]
    note = "right: content matches a gold attribution and, where gold names a speaker, so does the speaker"
    return "\n".join([table, "", note, *lines])


def _reasons(figures: SourceFigures) -> str:
    return ": " + ", ".join(f"{r} {n}" for r, n in figures.by_reason) if figures.by_reason else ""


def error_counts(scores: Scores) -> dict[ErrorCategory, int]:
    """How many errors of each category there were (the examples kept may be fewer)."""
    return {
        "missed_quoted": scores.quoted.gold_total - scores.quoted.gold_found,
        "spurious_quoted": scores.quoted.pred_total - scores.quoted.pred_correct,
        "wrong_speaker": scores.speaker_mention.total - scores.speaker_mention.correct,
        "missed_reported": scores.reported.gold_total - scores.reported.gold_found,
        "spurious_reported": scores.reported.pred_total - scores.reported.pred_correct,
    }


def render_errors(scores: Scores) -> str:
    """The error examples kept in `scores`, grouped by category and, within a category of predicted
    quotes, by the pattern that found them (the most frequent first), so the weakest pattern shows."""
    counts = error_counts(scores)
    blocks = []
    for category in ERROR_CATEGORIES:
        examples = [e for e in scores.errors if e.category == category]
        lines = [f"{ERROR_TITLES[category]}: {counts[category]} (showing {len(examples)})"]
        patterns = [e.pattern for e in examples]
        for pattern in sorted(set(patterns), key=lambda p: (-patterns.count(p), p or "")):
            if pattern is not None:
                lines.append(f" pattern {pattern}: {patterns.count(pattern)} shown")
            lines.extend(_example(e, category) for e in examples if e.pattern == pattern)
        blocks.append("\n".join(lines))
    return "\n\n".join([*blocks, _source_examples(scores.sources)])


def _example(e: ErrorExample, category: ErrorCategory) -> str:
    facts = [f"{'gold' if e.gold is not None else 'pred'} {e.start}-{e.end}"]
    if e.gold_speaker is not None or category == "wrong_speaker":
        facts.append(f"gold speaker: {e.gold_speaker!r}")
    if e.pred_speaker is not None or category == "wrong_speaker":
        facts.append(f"pred speaker: {e.pred_speaker!r}")
    if e.cue is not None:
        facts.append(f"cue: {e.cue!r}")
    return f"  {e.article_id}  " + "; ".join(facts) + f"\n    {e.context}"


def _source_examples(figures: SourceFigures) -> str:
    """The kept examples of sources typed unknown and of sources named by a non-name."""
    lines = [f"sources typed unknown: {figures.unknown}, named by a non-name: {figures.non_name}"]
    for e in figures.examples:
        reason = f" (non-name: {e.non_name})" if e.non_name else ""
        lines.append(f"  {e.article_id}  {e.type}: {e.name!r}{reason}")
    return "\n".join(lines)


def render_json(scores: Scores, *, errors: bool = False) -> bytes:
    """The scores as indented JSON (see `scores_to_dict`), newline included."""
    return orjson.dumps(
        scores_to_dict(scores, errors=errors), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    )
