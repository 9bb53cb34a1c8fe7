"""Score predicted quotes against attribution gold (PolNeAR converted to JSONL): pure functions, no models.

What is measured (see `score`):

- quoted material: gold and predicted quotes of kind direct or mixed; a predicted span and a gold span
  match when their overlap covers at least half of each, after trimming spaces, quote marks and edge
  punctuation; also exact-span matching after the same trimming;
- speaker accuracy on matched quoted material, at mention level (the predicted speaker mention overlaps
  the gold speaker span) and at entity level (any mention of the predicted source entity does);
- reported speech: recall over gold indirect attributions whose cue is a speech verb (a reporting verb
  of the engine's lexicon, or "according to"), precision of predicted indirect quotes against every
  gold attribution (PolNeAR also annotates beliefs and intentions, "X wants", "polls show", which the
  engine is not meant to find);
- all attributions: half-overlap F1 and exact content-span F1; speaker mentions: exact speaker-mention
  F1 (the "source exact" of published PolNeAR results);
- sources (predictions alone): the share typed `unknown` and the share "named" by a non-name (a pronoun
  or relative, a date word, a determiner alone, a clause; `non_name`).

The modules, in the order an evaluation runs:

- `gold`: reading the gold (`read_gold`, `GoldArticle`; gold kinds of content quoted with two
  apostrophes derived again, `gold_kind`) and saved predictions (`read_predictions`);
- `match`: trimming spans and matching them, by half overlap (`match`) and exactly (`exact_matches`);
- `sources`: source-level figures of the predictions (`source_figures`, `non_name`);
- `predicted`: predicted quotes grouped into attributions to score (`predicted_attributions`);
- `patterns`: precision by detection pattern and the calibration of confidence (`pattern_figures`);
- `score`: the figures and error examples (`score` -> `Scores`);
- `render`: the scores as a text table, JSON, or error examples by category.
"""

from quotes.evaluate.gold import (
    DIRECT_FRACTION,
    GoldArticle,
    GoldQuote,
    gold_from_dict,
    gold_kind,
    gold_to_result,
    read_gold,
    read_predictions,
)
from quotes.evaluate.match import (
    Pieces,
    Target,
    exact_matches,
    half_overlap,
    match,
    overlap,
    pieces,
    size,
    target,
    trim,
)
from quotes.evaluate.patterns import PatternFigures, confidence_table, pattern_figures
from quotes.evaluate.predicted import PredictedAttribution, pattern_key, predicted_attributions
from quotes.evaluate.render import (
    ERROR_TITLES,
    REFERENCE_F1,
    error_counts,
    render_errors,
    render_json,
    render_table,
    score_rows,
    scores_to_dict,
)
from quotes.evaluate.score import (
    CONTEXT_CHARS,
    ERROR_CATEGORIES,
    PRF,
    QUOTED_KINDS,
    SPEECH_PHRASES,
    Accuracy,
    ErrorCategory,
    ErrorExample,
    KindRecall,
    Scores,
    SpeechVerbs,
    context,
    load_speech_verbs,
    score,
)
from quotes.evaluate.sources import (
    CLAUSE_WORDS,
    NON_NAMES,
    NonName,
    SourceExample,
    SourceFigures,
    non_name,
    source_figures,
)

__all__ = [
    "CLAUSE_WORDS",
    "CONTEXT_CHARS",
    "DIRECT_FRACTION",
    "ERROR_CATEGORIES",
    "ERROR_TITLES",
    "NON_NAMES",
    "PRF",
    "QUOTED_KINDS",
    "REFERENCE_F1",
    "SPEECH_PHRASES",
    "Accuracy",
    "ErrorCategory",
    "ErrorExample",
    "GoldArticle",
    "GoldQuote",
    "KindRecall",
    "NonName",
    "PatternFigures",
    "Pieces",
    "PredictedAttribution",
    "Scores",
    "SourceExample",
    "SourceFigures",
    "SpeechVerbs",
    "Target",
    "confidence_table",
    "context",
    "error_counts",
    "exact_matches",
    "gold_from_dict",
    "gold_kind",
    "gold_to_result",
    "half_overlap",
    "load_speech_verbs",
    "match",
    "non_name",
    "overlap",
    "pattern_figures",
    "pattern_key",
    "pieces",
    "predicted_attributions",
    "read_gold",
    "read_predictions",
    "render_errors",
    "render_json",
    "render_table",
    "score",
    "score_rows",
    "scores_to_dict",
    "size",
    "source_figures",
    "target",
    "trim",
]
