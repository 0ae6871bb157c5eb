"""Shared fixtures: the spaCy pipeline is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from spacy.language import Language

from pipeline import Settings, build_nlp, extract, read_tables

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_d2c0166b2a2dd97c.txt"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_nlp()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_out(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article extracted once, through the same `extract` the CLI uses."""
    out = tmp_path_factory.mktemp("seed_out")
    extract([SEED], out, Settings(progress=False), nlp=nlp)
    return out


@pytest.fixture(scope="session")
def seed_tables(seed_out: Path) -> dict[str, pd.DataFrame]:
    return read_tables(seed_out)
