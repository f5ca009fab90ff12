"""Ingestion: read files, directories, feeds and URLs into Article values (no storage here).

Main entry points: ``iter_articles`` (stream of IngestItem: article or one-line error),
``read_file``, ``check_readable``; dates in ``accord.ingest.dates``; near-duplicates
(MinHash + LSH) in ``accord.ingest.dedup``.
"""

from accord.ingest.dates import find_date, parse_date
from accord.ingest.dedup import (
    NearDupIndex,
    from_bytes,
    jaccard_estimate,
    link_near_duplicates,
    signature,
    to_bytes,
)
from accord.ingest.readers import (
    DEFAULT_MAX_BYTES,
    IngestCounts,
    IngestItem,
    check_readable,
    count,
    iter_articles,
    max_bytes_limit,
    read_articles,
    read_file,
    read_file_strict,
    read_url,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "IngestCounts",
    "IngestItem",
    "NearDupIndex",
    "check_readable",
    "count",
    "find_date",
    "from_bytes",
    "iter_articles",
    "jaccard_estimate",
    "link_near_duplicates",
    "max_bytes_limit",
    "parse_date",
    "read_articles",
    "read_file",
    "read_file_strict",
    "read_url",
    "signature",
    "to_bytes",
]
