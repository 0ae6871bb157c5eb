"""Doc ids repeated across a cluster run's shares, dropped as a local run drops them.

A local run keeps the first article with an id and reports the later ones (`DuplicateId`). A
share's worker sees only its share, so the run finds the ids repeated across shares afterwards,
with a Dask DataFrame groupby over the doc_id column of the documents parts (the client receives
only the repeated ids), and worker tasks rewrite the later shares' parts without those articles,
with their people parts again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.errors import InputError
from pipeline.locations import filesystem, join
from pipeline.people import DOCUMENT_COLUMNS, ENTITY_COLUMNS, QUOTE_COLUMNS, parts_location, people_parts

DUPLICATE = "DuplicateId"
MESSAGE = "doc_id already used by an earlier article; the first is kept"
_SHARE_NUMBER = re.compile(r"part-(\d+)\.parquet$")


def _share_ids(part: tuple[str, int]) -> pd.DataFrame:
    """The doc ids of one documents part, with its share's number (one partition of the frame)."""
    path, share = part
    fs, root = filesystem(path)
    ids = pq.read_table(root, columns=["doc_id"], filesystem=fs).column("doc_id").cast(pa.string()).to_pandas()
    return pd.DataFrame({"doc_id": ids.astype(object), "share": share})


def later_repeats(staging: str, documents_parts: list[str]) -> dict[int, list[str]]:
    """Share number -> the doc ids it holds that an earlier share holds too (run from the client, computed on
    the cluster: only the repeated ids come back)."""
    import dask.dataframe as dd

    parts = [(join(staging, part), int(_SHARE_NUMBER.search(part).group(1))) for part in documents_parts]
    meta = pd.DataFrame({"doc_id": pd.Series(dtype=object), "share": pd.Series(dtype="int64")})
    frame = dd.from_map(_share_ids, parts, meta=meta)
    counts = frame.groupby("doc_id")["share"].count(split_out=True)  # hash-partitioned: no one task holds every id
    repeated = counts[counts > 1].index.compute().tolist()
    if not repeated:
        return {}
    hits = frame[frame["doc_id"].isin(repeated)].compute()
    later: dict[int, list[str]] = {}
    for doc_id, shares in hits.groupby("doc_id")["share"]:
        for share in sorted(shares)[1:]:
            later.setdefault(int(share), []).append(str(doc_id))
    return later


@dataclass
class Dropped:
    """What dropping articles from a share's parts left: its new row counts and the errors of the dropped."""

    rows: dict[str, int]
    errors: list[InputError]


def drop_articles(staging: str, number: int, parts: dict[str, list[str]], doc_ids: list[str]) -> Dropped:
    """Run on a worker: rewrite one share's parts without the articles `doc_ids`, and its people parts."""
    fs, root = filesystem(staging)
    gone_ids = pa.array(doc_ids, pa.string())
    rows, errors, kept = {}, [], {}
    for table, files in parts.items():
        rows[table], kept[table] = 0, []
        for part in files:
            path = join(root, part)
            data = pq.read_table(path, filesystem=fs)
            gone = pc.is_in(data["doc_id"].cast(pa.string()), value_set=gone_ids)
            if table == "documents":
                dropped = data.filter(gone)
                pairs = zip(dropped["source"].to_pylist(), dropped["doc_id"].to_pylist(), strict=True)
                errors += [InputError(source, doc_id, DUPLICATE, MESSAGE) for source, doc_id in pairs]
            data = data.filter(pc.invert(gone))
            pq.write_table(data, path, filesystem=fs, compression="zstd")
            rows[table] += data.num_rows
            kept[table].append(data)
    columns = {"entities": ENTITY_COLUMNS, "quotes": QUOTE_COLUMNS, "documents": DOCUMENT_COLUMNS}
    tables = {name: pa.concat_tables([t.select(cols) for t in kept[name]]) for name, cols in columns.items()}
    people_parts(tables["entities"], tables["quotes"], tables["documents"]).write(parts_location(staging, number))
    return Dropped(rows, errors)
