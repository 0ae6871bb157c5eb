"""The package as a user installs it: a wheel in a fresh virtual environment, outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pipeline import read_tables

ROOT = Path(__file__).resolve().parents[1]
#: Where the run differs by nature: the input path as given and the run's own time.
RUN_COLUMNS = frozenset({"source"})


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m build --wheel` of the checkout (no isolation: the build tools are installed, nothing downloads)."""
    out = tmp_path_factory.mktemp("dist")
    # setuptools copies a source into build/lib only when it is newer than the copy there: a file restored
    # with an older time would ship stale. The folder is the build's scratch (ignored by git).
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)], cwd=out)
    [built] = out.glob("news_quotes_pipeline-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; its dependencies are the ones this
    environment already has (seen through a .pth file, nothing downloads), never this checkout."""
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=env).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], cwd=env)
    return env


def test_the_wheel_holds_the_rule_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {"pipeline/resources/cue_verbs.txt", "pipeline/resources/cue_attitudes.txt", "pipeline/report/templates/article.html"}
    assert data <= names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[spacy_factories]" in entry_points and "quote_attribution = pipeline.quotes.component" in entry_points


def test_the_installed_console_script_gives_the_tables_of_make_extract(
    installed: Path, seed_path: Path, seed_tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    where = _run([str(installed / "bin" / "python"), "-c", "import pipeline; print(pipeline.__file__)"], cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(installed), "the checkout, not the wheel, was imported"
    _run([str(installed / "bin" / "news-pipeline"), "extract", str(seed_path), "--out", str(tmp_path / "out")], cwd=tmp_path)
    tables = read_tables(tmp_path / "out")
    assert set(tables) == set(seed_tables)
    assert len(tables["quotes"]) >= 6 and len(tables["people"]) >= 4
    for name, expected in seed_tables.items():
        columns = [c for c in expected.columns if c not in RUN_COLUMNS]
        pd.testing.assert_frame_equal(tables[name][columns], expected[columns], obj=name)
