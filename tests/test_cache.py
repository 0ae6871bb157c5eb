"""The parse cache: stage re-runs without the model, and incremental runs."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from pipeline import Article, Settings, analysis, extract, read_tables
from pipeline.cache import DocCache, ParseBin, cache_key
from pipeline.quotes.component import QuoteAttribution
from pipeline.rerun import RerunError
from pipeline.store import OutputStore, table_parts
from tests.test_store import snapshot

QUIET = Settings(progress=False)
STORIES = [
    '"We will appeal," the mayor said on Monday.\nCouncil member Ann Lee said the ruling was fair. '
    '"The roads come first," she said. The governor said he agreed.',
    "According to police, the suspect fled. Officials told Reuters that the talks had stalled.",
    "Sheila Smith spoke first.\nThe summit could be less startling, Smith said.\nThe senator believes the bill will pass.",
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for number, story in enumerate(STORIES):
        (folder / f"s{number}.txt").write_text(story, encoding="utf-8")
    return folder


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _parts_bytes(out: Path, table: str) -> dict[str, bytes]:
    """The bytes of each part the manifest lists for `table`, by its path relative to `out`."""
    return {part: (out / part).read_bytes() for part in table_parts(out, table)}


def test_cache_round_trip(nlp: Language, tmp_path: Path) -> None:
    cache = DocCache(tmp_path, nlp.vocab)
    doc = nlp("Mary Jones said the bridge would reopen.")
    cache.add("k", doc)
    cache.commit()
    again = DocCache(tmp_path, spacy.blank("en").vocab).get("k")
    assert again is not None and again.text == doc.text
    assert [(t.dep_, t.head.i, t.pos_, t.lemma_) for t in again] == [(t.dep_, t.head.i, t.pos_, t.lemma_) for t in doc]
    assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in doc.ents]
    assert cache_key("a", "m:1") != cache_key("a", "m:2") != cache_key("b", "m:2")


def test_the_cache_parts_carry_what_spacys_docbin_carries(nlp: Language) -> None:
    docs = [nlp(story) for story in STORIES]
    start = STORIES[0].index("Ann Lee")
    docs[0].spans["speakers"] = [docs[0].char_span(start, start + len("Ann Lee"), label="SPEAKER", kb_id="Q1")]
    ours, spacys = ParseBin(), DocBin(store_user_data=False)
    for doc in docs:
        ours.add(doc)
        spacys.add(doc)
    # '_' is the key of an empty morphological analysis, which str() shows as ''
    assert spacys.strings <= ours.strings <= spacys.strings | {"_"}
    again = list(ParseBin().from_bytes(ours.to_bytes()).get_docs(spacy.blank("en").vocab))
    annotations = lambda d: [(t.text, t.norm_, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in d]  # noqa: E731
    assert [annotations(d) for d in again] == [annotations(d) for d in docs]
    assert [(s.text, s.label_, s.kb_id_) for s in again[0].spans["speakers"]] == [("Ann Lee", "SPEAKER", "Q1")]


def test_quote_stage_from_the_cache_gives_the_same_tables_without_the_model(
    corpus: Path, nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    extract([corpus], out, QUIET, nlp=nlp)
    full = read_tables(out)

    def no_model(*args, **kwargs):
        raise AssertionError("the quote stage must not load the model nor resolve pronouns again")

    monkeypatch.setattr(spacy, "load", no_model)
    monkeypatch.setattr("pipeline.coref.resolve_pronouns", no_model)  # the antecedents come from tokens
    summary = extract([], out, Settings(progress=False, stage="quotes"))
    assert summary.parsed == 0 and summary.cached == summary.documents == len(STORIES)
    again = read_tables(out)
    for name in full:
        pd.testing.assert_frame_equal(full[name], again[name], obj=name)


def test_quote_stage_with_new_settings_matches_a_full_run_with_them(corpus: Path, nlp: Language, tmp_path: Path) -> None:
    out, reference = tmp_path / "out", tmp_path / "reference"
    extract([corpus], out, QUIET, nlp=nlp)
    tokens = _parts_bytes(out, "tokens")
    with_attitudes = Settings(progress=False, attitudes=True)
    extract([], out, replace(with_attitudes, stage="quotes"))
    extract([corpus], reference, with_attitudes)
    assert _parts_bytes(out, "tokens") == tokens  # the same parts, listed again, kept as they were, not rewritten
    assert sorted(p.relative_to(out).as_posix() for p in (out / "tokens").rglob("*.parquet")) == sorted(tokens)
    again, full = read_tables(out), read_tables(reference)
    assert "attitude" in set(full["quotes"]["cue_type"])
    for name in full:
        pd.testing.assert_frame_equal(full[name], again[name], obj=name)
    assert _manifest(out)["settings"]["attitudes"] is True


def test_only_new_or_changed_articles_are_parsed(corpus: Path, nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    extract([corpus], out, QUIET, nlp=nlp)
    assert _manifest(out)["parse_cache"] == {"parsed": 3, "reused": 0}
    extract([corpus], out, QUIET, nlp=nlp)
    assert _manifest(out)["parse_cache"] == {"parsed": 0, "reused": 3}
    (corpus / "s1.txt").write_text("The minister said the plan works.", encoding="utf-8")
    (corpus / "s3.txt").write_text("A new story, the editor said.", encoding="utf-8")
    summary = extract([corpus], out, QUIET, nlp=nlp)
    assert _manifest(out)["parse_cache"] == {"parsed": 2, "reused": 2}
    assert summary.documents == 4
    extract([corpus], out, Settings(progress=False, force=True), nlp=nlp)
    assert _manifest(out)["parse_cache"] == {"parsed": 4, "reused": 0}


def test_quote_stage_needs_a_previous_run_and_its_parses(corpus: Path, nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RerunError, match="no complete previous run"):
        extract([], out, Settings(progress=False, stage="quotes"), nlp=nlp)
    extract([corpus], out, QUIET, nlp=nlp)
    before = read_tables(out)
    shutil.rmtree(out / "cache")
    with pytest.raises(RerunError, match="no cached parse"):
        extract([], out, Settings(progress=False, stage="quotes"), nlp=nlp)
    after = read_tables(out)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)
    with pytest.raises(ValueError, match="give no inputs"):
        extract([corpus], out, Settings(progress=False, stage="quotes"), nlp=nlp)


def test_the_cache_keeps_the_model_output_not_later_changes(nlp: Language, tmp_path: Path) -> None:
    with nlp.select_pipes(disable=["entity_resolution", "quote_attribution"]):
        doc = nlp("Smith said it. Sheila Smith agreed.")
    before = [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    assert before and all(kb == "" for _, _, kb in before)
    cache = DocCache(tmp_path, nlp.vocab)
    cache.add("k", doc)
    nlp.get_pipe("entity_resolution")(doc)  # our stages change the doc after it is cached
    cache.commit()
    stored = DocCache(tmp_path, nlp.vocab).get("k")
    assert [e.kb_id_ for e in doc.ents] != [""] * len(doc.ents)  # resolution did change the live doc
    assert [(e.text, e.label_, e.kb_id_) for e in stored.ents] == before


def test_a_failing_quote_stage_keeps_the_article_and_a_re_run_recovers_it(
    corpus: Path, nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    find = QuoteAttribution.find

    def broken(self: QuoteAttribution, doc: Doc) -> list:
        if "Reuters" in doc.text:
            raise RuntimeError("a rule broke")
        return find(self, doc)

    monkeypatch.setattr(QuoteAttribution, "find", broken)
    extract([corpus], out, QUIET, nlp=nlp)
    tables = read_tables(out)
    failed = tables["documents"].set_index("doc_id")["n_quotes"]
    assert failed.isna().sum() == 1 and tables["documents"]["n_tokens"].gt(0).all()
    assert tables["errors"][["stage", "error"]].values.tolist() == [["quotes", "RuntimeError"]]
    assert tables["quotes"]["text"].str.contains("talks had stalled").sum() == 0

    monkeypatch.setattr(QuoteAttribution, "find", find)  # the rule is fixed: re-run the quote stage only
    summary = extract([], out, Settings(progress=False, stage="quotes"), nlp=nlp)
    again = read_tables(out)
    assert summary.errors == [] and again["errors"].empty
    assert len(again["documents"]) == len(STORIES) and again["documents"]["n_quotes"].notna().all()
    assert again["quotes"]["text"].str.contains("talks had stalled").sum() == 1


def test_deleted_cache_parts_are_parsed_again(corpus: Path, nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    extract([corpus], out, QUIET, nlp=nlp)
    before = read_tables(out)
    for part in (out / "cache" / "parts").iterdir():
        part.unlink()
    with (out / "cache" / "index.jsonl").open("a", encoding="utf-8") as index:
        index.write('{"key": "cut short')  # as a killed run leaves it
    summary = extract([corpus], out, QUIET, nlp=nlp)
    assert summary.parsed == len(STORIES) and summary.cached == 0
    after = read_tables(out)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)


def test_a_damaged_cache_part_is_an_error_row_not_a_traceback(corpus: Path, nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    extract([corpus], out, QUIET, nlp=nlp)
    for part in (out / "cache" / "parts").iterdir():
        part.write_bytes(b"not a DocBin")
    with pytest.raises(RerunError, match="unreadable"):
        extract([], out, Settings(progress=False, stage="quotes"), nlp=nlp)
    summary = extract([corpus], out, QUIET, nlp=nlp)
    assert summary.documents == 0 and {e.error for e in summary.errors} == {"CacheError"}
    assert "--force" in summary.errors[0].message
    assert extract([corpus], out, Settings(progress=False, force=True), nlp=nlp).documents == len(STORIES)


def test_quote_stage_over_tokens_without_antecedents_resolves_them_again(corpus: Path, nlp: Language, tmp_path: Path) -> None:
    """An output folder from before `tokens.coref_entity_id` still re-runs, to the same quotes."""
    out = tmp_path / "out"
    extract([corpus], out, QUIET, nlp=nlp)
    quotes = read_tables(out)["quotes"]
    for part in table_parts(out, "tokens"):
        pd.read_parquet(out / part).drop(columns=["coref_entity_id"]).to_parquet(out / part)
    assert "coref_entity_id" not in pd.read_parquet(out / "tokens").columns
    extract([], out, Settings(progress=False, stage="quotes"))
    pd.testing.assert_frame_equal(quotes, read_tables(out)["quotes"])


# Writes are a transaction of the run ------------------------------------------------------


@pytest.fixture
def one_doc_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A part per doc, so a run writes parts before it ends (as a long run does)."""
    monkeypatch.setattr("pipeline.cache.PART_DOCS", 1)


def _docs(nlp: Language) -> dict[str, Doc]:
    return {f"k{number}": nlp.make_doc(story) for number, story in enumerate(STORIES)}


def _dead_pid() -> int:
    """The id of a process that has ended, as a killed run's has."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.mark.usefixtures("one_doc_parts")
def test_cache_writes_are_seen_by_others_only_after_commit(nlp: Language, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = DocCache(root, nlp.vocab)
    assert not root.exists()  # opening a cache creates nothing
    for key, doc in _docs(nlp).items():
        cache.add(key, doc)
    assert cache.get("k1").text == STORIES[1]  # this run reads what it wrote
    assert DocCache(root, nlp.vocab).keys() == set()
    cache.commit()
    again = DocCache(root, nlp.vocab)
    assert again.keys() == {"k0", "k1", "k2"} and again.get("k2").text == STORIES[2]
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []  # no staging folder left


@pytest.mark.usefixtures("one_doc_parts")
def test_an_aborted_run_leaves_the_cache_byte_for_byte(nlp: Language, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    first = DocCache(root, nlp.vocab)
    first.add("kept", nlp.make_doc("The mayor said so."))
    first.commit()
    before = snapshot(root)
    cache = DocCache(root, nlp.vocab)
    for key, doc in _docs(nlp).items():
        cache.add(key, doc)
    cache.flush()
    cache.abort()
    assert snapshot(root) == before
    assert DocCache(root, nlp.vocab).keys() == {"kept"}


@pytest.mark.usefixtures("one_doc_parts")
def test_an_aborted_run_creates_no_cache_folder(nlp: Language, tmp_path: Path) -> None:
    cache = DocCache(tmp_path / "new" / "cache", nlp.vocab)
    for key, doc in _docs(nlp).items():
        cache.add(key, doc)
    cache.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_killed_runs_staged_parts_are_removed(nlp: Language, tmp_path: Path) -> None:
    cache = DocCache(tmp_path, nlp.vocab)
    cache.add("k", nlp.make_doc("The mayor said so."))
    cache.commit()
    staging = tmp_path / f".tmp-{_dead_pid()}-abc"
    staging.mkdir()
    (staging / "part-x.spacy").write_bytes(b"half a part")
    assert DocCache(tmp_path, nlp.vocab).keys() == {"k"}
    assert not staging.exists()


def test_entries_after_a_line_cut_short_are_kept(nlp: Language, tmp_path: Path) -> None:
    cache = DocCache(tmp_path, nlp.vocab)
    cache.add("first", nlp.make_doc("One."))
    cache.commit()
    with (tmp_path / "index.jsonl").open("a", encoding="utf-8") as index:
        index.write('{"key": "cut short')  # as a run killed while appending leaves it
    cache = DocCache(tmp_path, nlp.vocab)
    cache.add("second", nlp.make_doc("Two."))
    cache.commit()
    assert DocCache(tmp_path, nlp.vocab).keys() == {"first", "second"}


@pytest.mark.usefixtures("one_doc_parts")
def test_an_interrupted_run_leaves_tables_and_cache_as_they_were(
    corpus: Path, nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    extract([corpus], out, QUIET, nlp=nlp)
    before = snapshot(out)
    (corpus / "s3.txt").write_text("A new story, the editor said.", encoding="utf-8")
    tables = analysis.doc_tables

    def interrupted(article: Article, doc: Doc) -> dict:
        if article.doc_id == "s3":
            raise KeyboardInterrupt
        return tables(article, doc)

    monkeypatch.setattr(analysis, "doc_tables", interrupted)
    with pytest.raises(KeyboardInterrupt):
        extract([corpus], out, Settings(progress=False, force=True), nlp=nlp)  # every story parsed again
    assert snapshot(out) == before


def test_quote_stage_with_no_document_writes_nothing(nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    store = OutputStore(out)  # a run from before empty runs were kept from being written
    store.commit({"settings": {}, "rows": store.row_counts()})
    before = snapshot(out)
    summary = extract([], out, Settings(progress=False, stage="quotes"), nlp=nlp)
    assert summary.out_dir is None and summary.documents == 0
    assert snapshot(out) == before and not (out / "cache").exists()
