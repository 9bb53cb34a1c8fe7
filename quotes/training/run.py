"""Train the bundled Stanza models with Stanza's own training code, score them on the test sets, ship them.

Each model is trained in a subprocess (`python -m stanza.models.<trainer>`) with a wall-clock limit:
Stanza saves the best-on-dev model at each evaluation, so a run stopped by the limit still leaves a
usable model, and a later run skips models already trained (delete one to retrain it).
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quotes.errors import TrainingError
from quotes.training.compact import compact_model
from quotes.training.data import SHORT, Layout, prepare
from quotes.training.recipes import PROCESSORS, QUICK, RECIPES

log = logging.getLogger(__name__)

TOKENIZER_FEATURES = (
    "space_before,capitalized,numeric,end_of_para,start_of_para,labeled_field,phone_id,date_pattern,currency"
)


@dataclass(slots=True)
class Job:
    processor: str
    command: list[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)


def _avg_sentence_length(labels: Path) -> float:
    text = labels.read_text(encoding="utf-8")
    sentences = max(1, sum(text.count(c) for c in "24"))
    return len(text) / sentences


def _tokenize_train_args(layout: Layout, models: Path) -> list[str]:
    tok = layout.tokenize
    seqlen = math.ceil(_avg_sentence_length(tok(f"{SHORT}-ud-train.toklabels")) * 3 / 100) * 100
    return [
        *("--label_file", str(tok(f"{SHORT}-ud-train.toklabels"))),
        *("--txt_file", str(tok(f"{SHORT}.train.txt"))),
        *("--lang", "en", "--shorthand", SHORT, "--max_seqlen", str(seqlen)),
        *("--mwt_json_file", str(tok(f"{SHORT}-ud-dev-mwt.json"))),
        *("--dev_txt_file", str(tok(f"{SHORT}.dev.txt"))),
        *("--dev_label_file", str(tok(f"{SHORT}-ud-dev.toklabels"))),
        *("--dev_conll_gold", str(tok(f"{SHORT}.dev.gold.conllu"))),
        *("--feat_funcs", TOKENIZER_FEATURES),
    ]


def _mwt_train_args(layout: Layout, models: Path) -> list[str]:
    return [
        *("--train_file", str(layout.mwt(f"{SHORT}.train.in.conllu"))),
        *("--eval_file", str(layout.mwt(f"{SHORT}.dev.in.conllu"))),
        *("--output_file", str(models / "mwt.dev.pred.conllu")),
        *("--gold_file", str(layout.mwt(f"{SHORT}.dev.gold.conllu"))),
        *("--lang", "en", "--shorthand", SHORT),
    ]


def _ner_train_args(layout: Layout, models: Path) -> list[str]:
    return [
        "--train_file",
        str(layout.ner("train")),
        "--eval_file",
        str(layout.ner("dev")),
        "--shorthand",
        "en_gumner",
    ]


def _conllu_train_args(processor: str, layout: Layout, models: Path) -> list[str]:
    return [
        *("--train_file", str(layout.conllu("train")), "--eval_file", str(layout.conllu("dev"))),
        *("--output_file", str(models / f"{processor}.dev.pred.conllu"), "--shorthand", SHORT),
    ]


def train_command(
    processor: str, layout: Layout, *, models: Path, pretrain: Path | None, quick: bool = False
) -> list[str]:
    """The full command line that trains one processor."""
    recipe = RECIPES[processor]
    save = ["--save_dir", str(models), "--save_name", f"{processor}.pt"]
    if processor == "tokenize":
        args = _tokenize_train_args(layout, models)
    elif processor == "mwt":
        args = _mwt_train_args(layout, models)
    elif processor == "ner":
        args = _ner_train_args(layout, models)
    else:
        args = _conllu_train_args(processor, layout, models)
    if recipe.uses_pretrain:
        if pretrain is None:
            raise TrainingError(f"{processor} needs word vectors: pass a pretrain file")
        args += ["--wordvec_pretrain_file", str(pretrain)]
    extra = QUICK[processor] if quick else ()
    return [sys.executable, "-m", recipe.module, "--mode", "train", *args, *save, *recipe.options, *extra]


def _stop(job: Job) -> None:
    if job.process is not None and job.process.poll() is None:
        job.process.send_signal(signal.SIGTERM)
        try:
            job.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            job.process.kill()
            job.process.wait()


def run_jobs(jobs: Sequence[Job], *, time_limit: float, parallel: bool) -> None:
    """Run the training commands, all at once or one by one, each stopped at `time_limit` seconds."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    groups = [list(jobs)] if parallel else [[job] for job in jobs]
    for group in groups:
        for job in group:
            job.log_path.parent.mkdir(parents=True, exist_ok=True)
            handle = job.log_path.open("ab")
            log.info("training %s: %s", job.processor, " ".join(job.command))
            job.process = subprocess.Popen(job.command, stdout=handle, stderr=subprocess.STDOUT, env=env)
            job.started = time.monotonic()
        for job in group:
            assert job.process is not None
            remaining = time_limit - (time.monotonic() - job.started)
            try:
                job.process.wait(timeout=max(1.0, remaining))
            except subprocess.TimeoutExpired:
                log.info(
                    "%s reached the time limit of %.0f s; keeping its best model so far",
                    job.processor,
                    time_limit,
                )
                _stop(job)
            log.info("%s finished with code %s", job.processor, job.process.returncode)


def _run(command: list[str], log_path: Path) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    with log_path.open("a", encoding="utf-8") as handle:
        handle.write(result.stdout + result.stderr)
    if result.returncode != 0:
        raise TrainingError(f"{' '.join(command[:4])} failed: {result.stderr[-1500:]}")
    return result.stdout + result.stderr


UD_SCORES = (
    "import json, sys; from stanza.models.common.utils import ud_scores; "
    "print(json.dumps({k: v.f1 * 100 for k, v in ud_scores(sys.argv[1], sys.argv[2]).items()}))"
)


def conll_scores(gold: Path, pred: Path, log_path: Path) -> dict[str, float]:
    """F1 per metric (Tokens, Sentences, UPOS, LAS, ...) from the CoNLL 2018 scorer that Stanza ships."""
    out = _run([sys.executable, "-c", UD_SCORES, str(gold), str(pred)], log_path)
    last = out.strip().splitlines()[-1]
    scores: dict[str, float] = json.loads(last)
    return scores


def per_treebank(
    gold: Path, pred: Path, *, first: int, metrics: dict[str, str], logs: Path
) -> dict[str, float]:
    """Scores on EWT and GUM separately: the combined test file is EWT's sentences, then GUM's."""
    result: dict[str, float] = {}
    gold_parts, pred_parts = (f.read_text(encoding="utf-8").strip().split("\n\n") for f in (gold, pred))
    if len(gold_parts) != len(pred_parts):
        return {}
    for name, part in (("ewt", slice(0, first)), ("gum", slice(first, None))):
        g, p = logs / f"{name}.gold.conllu", logs / f"{name}.pred.conllu"
        g.write_text("\n\n".join(gold_parts[part]) + "\n\n", encoding="utf-8")
        p.write_text("\n\n".join(pred_parts[part]) + "\n\n", encoding="utf-8")
        s = conll_scores(g, p, logs / "per_treebank.log")
        result |= {f"{key}_{name}": s[metric] for key, metric in metrics.items()}
    return result


def _score_tokenize(base: list[str], layout: Layout, pred: Path, log_path: Path) -> dict[str, float]:
    tok = layout.tokenize
    files = ["--txt_file", str(tok(f"{SHORT}.test.txt")), "--conll_file", str(pred)]
    mwt = ["--mwt_json_file", str(tok(f"{SHORT}-ud-test-mwt.json"))]
    _run([*base, *files, "--lang", "en", "--shorthand", SHORT, *mwt], log_path)
    s = conll_scores(tok(f"{SHORT}.test.gold.conllu"), pred, log_path)
    return {"tokens_f1": s["Tokens"], "sentences_f1": s["Sentences"]}


def _score_mwt(base: list[str], layout: Layout, pred: Path, log_path: Path) -> dict[str, float]:
    gold = layout.mwt(f"{SHORT}.test.gold.conllu")
    files = ["--eval_file", str(layout.mwt(f"{SHORT}.test.in.conllu")), "--output_file", str(pred)]
    _run([*base, *files, "--gold_file", str(gold), "--lang", "en", "--shorthand", SHORT], log_path)
    return {"words_f1": conll_scores(gold, pred, log_path)["Words"]}


def _score_ner(base: list[str], layout: Layout, log_path: Path) -> dict[str, float]:
    out = _run([*base, "--eval_file", str(layout.ner("test")), "--shorthand", "en_gumner"], log_path)
    found = re.findall(r"NER tagger score: .* ([0-9.]+)\s*$", out, flags=re.MULTILINE)
    if not found:
        raise TrainingError("the NER evaluation printed no score")
    # "  ORG: 58.03": the F1 of each entity type, printed after the overall score
    per_type = re.findall(r"^\s+(PER|LOC|ORG|MISC): ([0-9.]+)\s*$", out, flags=re.MULTILINE)
    return {"entity_f1": float(found[-1]), **{f"entity_f1_{kind}": float(f1) for kind, f1 in per_type}}


def _score_tagger(
    processor: str, base: list[str], gold: Path, pred: Path, *, first: int, logs: Path, log_path: Path
) -> dict[str, float]:
    _run([*base, "--eval_file", str(gold), "--output_file", str(pred), "--shorthand", SHORT], log_path)
    s = conll_scores(gold, pred, log_path)
    metric = {"upos": "UPOS"} if processor == "pos" else {"lemmas": "Lemmas"}
    split = per_treebank(gold, pred, first=first, metrics=metric, logs=logs) if first else {}
    if processor == "pos":
        return {"upos": s["UPOS"], "xpos": s["XPOS"], "ufeats": s["UFeats"], **split}
    return {"lemmas": s["Lemmas"], **split}


def _score_parser(
    base: list[str], gold: Path, pred: Path, *, models: Path, first: int, logs: Path, log_path: Path
) -> dict[str, float]:
    # the parser on gold tags (as it was trained), then on the tagger's predicted tags (as in the pipeline)
    _run([*base, "--eval_file", str(gold), "--output_file", str(pred), "--shorthand", SHORT], log_path)
    s = conll_scores(gold, pred, log_path)
    result = {"uas_gold_tags": s["UAS"], "las_gold_tags": s["LAS"]}
    tagged = models / "pos.test.pred.conllu"
    if tagged.exists():
        _run([*base, "--eval_file", str(tagged), "--output_file", str(pred), "--shorthand", SHORT], log_path)
        s = conll_scores(gold, pred, log_path)
        result |= {"uas": s["UAS"], "las": s["LAS"]}
        if first:
            result |= per_treebank(gold, pred, first=first, metrics={"las": "LAS"}, logs=logs)
    return result


def score(
    processor: str, layout: Layout, *, models: Path, pretrain: Path | None, logs: Path
) -> dict[str, float]:
    """Predict the test set with a trained model and score it."""
    recipe = RECIPES[processor]
    model = ["--save_dir", str(models), "--save_name", f"{processor}.pt"]
    vectors = ["--wordvec_pretrain_file", str(pretrain)] if recipe.uses_pretrain and pretrain else []
    log_path = logs / f"{processor}.test.log"
    pred = models / f"{processor}.test.pred.conllu"
    base = [sys.executable, "-m", recipe.module, "--mode", "predict", *model, *vectors]
    if processor == "tokenize":
        return _score_tokenize(base, layout, pred, log_path)
    if processor == "mwt":
        return _score_mwt(base, layout, pred, log_path)
    if processor == "ner":
        return _score_ner(base, layout, log_path)
    gold = layout.conllu("test")
    ewt = layout.ud / "UD_English-Quotes" / "ewt_sentences.txt"
    first = int(ewt.read_text()) if ewt.exists() else 0
    if processor in ("pos", "lemma"):
        return _score_tagger(processor, base, gold, pred, first=first, logs=logs, log_path=log_path)
    return _score_parser(base, gold, pred, models=models, first=first, logs=logs, log_path=log_path)


def train(
    *,
    data: Path,
    out: Path,
    work: Path,
    pretrain: Path | None,
    processors: Sequence[str] = PROCESSORS,
    time_limit: float = 3600.0,
    parallel: bool = False,
    quick: bool = False,
) -> dict[str, dict[str, float]]:
    """Prepare data, train what is not yet trained, score on test, and write the bundle to `out`."""
    unknown = [p for p in processors if p not in RECIPES]
    if unknown:
        raise TrainingError(f"unknown processor(s) {unknown}; expected some of {', '.join(PROCESSORS)}")
    layout = Layout(work)
    models = work / "models"
    logs = work / "logs"
    models.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    prepare(data, layout, processors=tuple(processors))
    jobs = [
        Job(
            p,
            train_command(p, layout, models=models, pretrain=pretrain, quick=quick),
            logs / f"{p}.train.log",
        )
        for p in processors
        if not (models / f"{p}.pt").exists()
    ]
    run_jobs(jobs, time_limit=time_limit, parallel=parallel)
    scores: dict[str, dict[str, float]] = {}
    order = sorted(processors, key=lambda p: p != "pos")  # the parser is scored on the tagger's output
    for processor in order:
        if not (models / f"{processor}.pt").exists():
            log.error("%s produced no model; see %s", processor, logs / f"{processor}.train.log")
            continue
        try:
            scores[processor] = score(processor, layout, models=models, pretrain=pretrain, logs=logs)
            log.info("%s test scores: %s", processor, scores[processor])
        except (
            TrainingError,
            KeyError,
            ValueError,
            IndexError,
        ) as error:  # a failed evaluation must not lose the trained model
            log.error("%s could not be scored: %s", processor, error)
        target = out / "en" / processor / "quotes.pt"
        before, after = compact_model(models / f"{processor}.pt", target)
        log.info("%s: %d -> %d bytes", processor, before, after)
    if pretrain is not None:
        (out / "en" / "pretrain").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pretrain, out / "en" / "pretrain" / "quotes.pt")
    existing = out / "scores.json"
    merged = json.loads(existing.read_text()) if existing.exists() else {}
    merged.update(scores)
    existing.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    return scores
