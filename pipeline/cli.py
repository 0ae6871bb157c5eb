"""Command line: `python -m pipeline extract INPUT... --out DIR`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.columns import COLUMNS_OPTION, ROLES, ColumnSpecError, parse_columns
from pipeline.export import FORMATS, TABLES, ExportError, export
from pipeline.labels import STAGE_ALL, STAGES
from pipeline.locations import exists, is_dir
from pipeline.nlp import ModelNotFound
from pipeline.parallel import ModelProcessFailed
from pipeline.partitions import PARTITION_COLUMNS
from pipeline.rerun import RerunError
from pipeline.runner import extract
from pipeline.runs import DEFAULT_BATCH_SIZE, Settings, StrictFailure
from pipeline.store import OutputError, has_table, unchanged_note

DEFAULT_OUT = "outputs"
DEFAULT_POLNEAR = "../shared/data/polnear"
DEFAULT_GAP = "../shared/data/gap"
DEFAULT_LEE = "../shared/data/lee"
GAP_SPLITS = {"development": ("development",), "validation": ("validation",), "both": ("development", "validation"), "none": ()}
EXIT_OK = 0
EXIT_NOTHING_PROCESSED = 1
EXIT_USAGE = 2
#: 128 + SIGINT, as a shell reports a command stopped by Ctrl-C.
EXIT_INTERRUPTED = 130


def _column_spec(value: str) -> dict[str, str]:
    try:
        return parse_columns(value)
    except ColumnSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="News entity and quote extraction: articles -> parquet tables.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract_cmd = commands.add_parser(
        "extract",
        help="analyse articles and write the tables",
        description=(
            "Analyse news articles and write documents, tokens, sentences, entities, quotes and errors "
            "tables as parquet, plus manifest.json. INPUT is a file or folder (searched recursively) of "
            ".txt articles (seed format or plain text) or .jsonl/.csv/.parquet corpora (see --columns)."
        ),
    )
    extract_cmd.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="article files, folders or corpora: paths or fsspec URLs (none with --stage quotes)",
    )
    extract_cmd.add_argument(
        "--out", default=DEFAULT_OUT, help=f"output folder or fsspec URL (s3://bucket/run) (default: {DEFAULT_OUT})"
    )
    extract_cmd.add_argument(
        "--cache",
        metavar="DIR",
        default=None,
        help="local parse cache folder (default: OUT/cache; for a URL OUT none is kept unless given)",
    )
    extract_cmd.add_argument("--model", default=None, help="spaCy model package (default: en_core_web_sm, else its PyPI copy)")
    extract_cmd.add_argument(
        "--attitudes", action="store_true", help="also attribute beliefs and stances ('X believes ...'), cue_type 'attitude'"
    )
    extract_cmd.add_argument("--batch-size", type=_positive_int, default=DEFAULT_BATCH_SIZE, help="docs per nlp.pipe batch")
    extract_cmd.add_argument(
        "--processes", type=_positive_int, default=None, help="model processes (default: every core for inputs over 2 MB, else 1)"
    )
    extract_cmd.add_argument("--no-progress", action="store_true", help="no progress bar")
    extract_cmd.add_argument("--strict", action="store_true", help="stop at the first bad input, writing nothing")
    extract_cmd.add_argument(
        "--stage",
        choices=STAGES,
        default=STAGE_ALL,
        help="'quotes': re-run quote attribution alone over the previous run in OUT (its parse cache and entities "
        "table), without the model; rewrites the quotes, documents and errors tables (default: all)",
    )
    extract_cmd.add_argument("--force", action="store_true", help="re-parse every article, ignoring the parse cache")
    extract_cmd.add_argument(
        COLUMNS_OPTION,
        type=_column_spec,
        default={},
        metavar="ROLE=COLUMN,...",
        help=f"which corpus column plays which role ({', '.join(ROLES)}), e.g. text=body,title=headline,"
        "date=published_at; roles not given are recognised by common names (body, content, headline, "
        "published_at, outlet, ...); every other column is kept in the documents table",
    )
    extract_cmd.add_argument(
        "--no-headlines",
        action="store_true",
        help="never take a plain-text article's first line as its title (by default a short first line "
        "without a sentence end is the headline)",
    )
    extract_cmd.add_argument(
        "--partition-by",
        choices=tuple(PARTITION_COLUMNS),
        help="split the documents, tokens, sentences, entities and quotes tables into hive-style folders by "
        "the documents' publication day (doc_date=2016-10-05/) or source (doc_source=.../), for corpora "
        "read by time or outlet",
    )
    where = extract_cmd.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster (tcp://host:8786); OUT must be shared")
    where.add_argument("--cluster", choices=("local",), help="run on a local dask.distributed cluster (one worker per core)")
    eval_cmd = commands.add_parser(
        "eval",
        help="score quote attribution on PolNeAR",
        description=(
            "Score quote attribution on the PolNeAR corpus (quote P/R/F1 at character overlap > 0.3 and > 0.8 "
            "and Jaccard > 0.5, speaker and cue accuracy, recall by kind), with textacy's direct_quotations "
            "side by side when the 'eval' extra is installed; on dev also the resolved speakers, the people of "
            "each article and their gender (the annotation shipped in pipeline/evaluation/annotations); "
            "quotes, speakers and people on 100 annotated articles of the Lee corpus (other news); and "
            "pronoun resolution on GAP."
        ),
    )
    eval_cmd.add_argument("--data", default=DEFAULT_POLNEAR, help=f"PolNeAR folder (default: {DEFAULT_POLNEAR})")
    eval_cmd.add_argument("--split", choices=("dev", "train", "both"), default="dev", help="split to score (default: dev)")
    eval_cmd.add_argument("--limit", type=_positive_int, default=None, help="score only the first N articles")
    eval_cmd.add_argument("--errors", type=Path, default=None, metavar="FILE", help="write every FP, FN and wrong speaker here")
    eval_cmd.add_argument("--no-textacy", action="store_true", help="skip the textacy baseline")
    eval_cmd.add_argument(
        "--gap",
        choices=("development", "validation", "both", "none"),
        default="development",
        help="also score pronoun resolution on GAP (default: development)",
    )
    eval_cmd.add_argument("--gap-data", default=DEFAULT_GAP, help=f"GAP folder (default: {DEFAULT_GAP})")
    eval_cmd.add_argument("--no-lee", action="store_true", help="skip the annotated Lee articles (other news)")
    eval_cmd.add_argument("--lee-data", default=DEFAULT_LEE, help=f"Lee corpus folder (default: {DEFAULT_LEE})")
    eval_cmd.add_argument(
        "--parse-cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the model's parses of the articles in DIR: a later eval runs only our own stages (for rule work)",
    )
    report_cmd = commands.add_parser(
        "report",
        help="write an HTML report of the tables",
        description="Write OUT/report.html (corpus overview: who is quoted and by gender, quote search with filters by "
        "outlet, date, kind and speaker type, article list) and, under OUT/report/, a page per article, a page per "
        "person quoted, the people index and quotes.csv; self-contained: open it in any browser, no network needed.",
    )
    report_cmd.add_argument("out", nargs="?", default=DEFAULT_OUT, help=f"folder holding the tables (default: {DEFAULT_OUT})")
    export_cmd = commands.add_parser(
        "export",
        help="write quotes, entities or people with their articles' metadata as csv, xlsx or parquet",
        description="Write one table as a flat file for spreadsheets and pandas: quotes and entities with their "
        "article's doc_id, title, date, published, outlet, author, source and context sentence, then the corpus's "
        "own columns; people as it is. In csv and xlsx a text cell starting with =, +, -, @, tab or carriage return "
        "gets a leading apostrophe so spreadsheets never run it as a formula; parquet keeps every value exact.",
    )
    export_cmd.add_argument("out", nargs="?", default=DEFAULT_OUT, help=f"folder holding the tables (default: {DEFAULT_OUT})")
    export_cmd.add_argument("--table", required=True, choices=TABLES, help="the table to export")
    export_cmd.add_argument("--format", required=True, choices=FORMATS, help="the file format")
    export_cmd.add_argument("--to", metavar="PATH", default=None, help="the file to write (default: OUT/export/TABLE.FORMAT)")
    return parser


def run_extract(args: argparse.Namespace) -> int:
    if (args.stage == STAGE_ALL) != bool(args.inputs):
        need = "needs at least one INPUT" if args.stage == STAGE_ALL else "re-runs the articles of the run in OUT: give no INPUT"
        print(f"error: extract --stage {args.stage} {need}", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for p in args.inputs if not exists(p)]
    if missing:
        print(f"error: input not found: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    out = args.out
    if exists(out) and not is_dir(out):
        print(f"error: output {out} exists and is not a folder", file=sys.stderr)
        return EXIT_USAGE
    settings = Settings(
        model=args.model,
        attitudes=args.attitudes,
        batch_size=args.batch_size,
        n_process=args.processes,
        progress=not args.no_progress and sys.stderr.isatty(),
        strict=args.strict,
        stage=args.stage,
        force=args.force,
        scheduler=args.scheduler or args.cluster,
        cache=args.cache,
        columns=args.columns,
        headlines=not args.no_headlines,
        partition_by=args.partition_by,
    )
    try:
        summary = extract(args.inputs, out, settings)
    except (ModelNotFound, OutputError, RerunError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ModelProcessFailed as exc:
        print(f"error: {exc}; {unchanged_note(out)}", file=sys.stderr)
        return EXIT_NOTHING_PROCESSED
    except StrictFailure as exc:
        print(f"error: bad input (--strict): {exc}; {unchanged_note(out)}", file=sys.stderr)
        return EXIT_NOTHING_PROCESSED
    except KeyboardInterrupt:
        print(f"interrupted; {unchanged_note(out)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(summary.format())  # lists the errors even when nothing was written
    if summary.out_dir is None:
        print(f"error: no article could be processed; {unchanged_note(out)}", file=sys.stderr)
        return EXIT_NOTHING_PROCESSED
    return EXIT_OK


def run_eval(args: argparse.Namespace) -> int:
    from pipeline.evaluation.command import evaluate_splits

    root = Path(args.data)
    if not (root / "dev" / "text").is_dir():
        print(f"error: no PolNeAR corpus at {root} (expected {root}/dev/text); pass --data", file=sys.stderr)
        return EXIT_USAGE
    splits = ("dev", "train") if args.split == "both" else (args.split,)
    blocks = evaluate_splits(
        root,
        splits,
        args.limit,
        args.errors,
        with_textacy=not args.no_textacy,
        gap=Path(args.gap_data),
        gap_splits=GAP_SPLITS[args.gap],
        parse_cache=args.parse_cache,
        lee=None if args.no_lee else Path(args.lee_data),
    )
    for block in blocks:
        print(block, flush=True)
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from pipeline.report import build_report

    out = Path(args.out)
    if not has_table(out, "documents"):
        print(f"error: no tables in {out} (run `extract ... --out {out}` first)", file=sys.stderr)
        return EXIT_USAGE
    path = build_report(out)
    pages = path.parent / "report"
    print(f"report written to {path} (article and person pages, people.html and quotes.csv in {pages}/)")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    try:
        frame, path = export(args.out, args.table, args.format, args.to)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{args.table}: {len(frame):,} rows, {len(frame.columns)} columns written to {path}")
    return EXIT_OK


COMMANDS = {"extract": run_extract, "eval": run_eval, "report": run_report, "export": run_export}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
