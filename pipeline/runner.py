"""The public entry points: `extract` (tables written to a folder) and `extract_tables` (DataFrames).

`extract` chooses the engine: the local one (`pipeline.local`), a Dask cluster (`pipeline.cluster`)
or the quote stage alone over a previous run (`pipeline.rerun`). The run types are re-exported from
`pipeline.runs`, where they live, so `from pipeline.runner import Settings` keeps working.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline.articles import Inputs, as_inputs
from pipeline.cluster import extract_on_cluster
from pipeline.labels import STAGE_ALL, STAGE_QUOTES, STAGES
from pipeline.local import default_processes, tables_in_memory, write_tables
from pipeline.nlp import build_nlp
from pipeline.rerun import rerun_quotes
from pipeline.runs import DEFAULT_BATCH_SIZE, RunSummary, Settings, StrictFailure, own_folder

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "STAGES",
    "STAGE_ALL",
    "STAGE_QUOTES",
    "RunSummary",
    "Settings",
    "StrictFailure",
    "extract",
    "extract_tables",
]


def extract_tables(
    inputs: Inputs, settings: Settings = Settings(progress=False), nlp: Language | None = None
) -> dict[str, pd.DataFrame]:
    """Analyse inputs and return every table as a DataFrame, writing nothing.

    `inputs` are paths (files or folders) or `Article` records; build an `Article` to analyse
    a string: `Article(doc_id="a1", text="...", source="notebook")`.
    """
    inputs = as_inputs(inputs)
    settings = replace(settings, n_process=settings.n_process or default_processes(inputs))
    nlp = nlp or build_nlp(settings.model, attitudes=settings.attitudes)
    return tables_in_memory(inputs, nlp, settings)


def extract(inputs: Inputs, out_dir: str | Path, settings: Settings = Settings(), nlp: Language | None = None) -> RunSummary:
    """Analyse inputs and write all tables plus `manifest.json` to `out_dir`, atomically.

    A run that processes no article, fails (`StrictFailure` with `settings.strict`) or is
    interrupted writes nothing: the tables, manifest and parse cache in `out_dir` stay exactly as
    they were, and the returned summary (listing the errors) has no `out_dir`.
    With `settings.stage == "quotes"` there are no inputs: the quote stage alone is re-run over
    the previous run in `out_dir` (see `pipeline.rerun`).
    """
    inputs = as_inputs(inputs)
    if settings.stage == STAGE_QUOTES:
        if inputs:
            raise ValueError("--stage quotes re-runs the articles of the previous run in the output folder: give no inputs")
        return rerun_quotes(out_dir, settings, nlp)
    settings = replace(settings, exclude=(*settings.exclude, *own_folder(out_dir)))
    if settings.scheduler:
        return extract_on_cluster(inputs, out_dir, settings)  # dask is imported only there
    settings = replace(settings, n_process=settings.n_process or default_processes(inputs))
    nlp = nlp or build_nlp(settings.model, attitudes=settings.attitudes)
    return write_tables(inputs, out_dir, nlp, settings)
