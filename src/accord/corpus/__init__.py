"""Corpus pipeline: extraction over a JSONL, Parquet or directory corpus, partition by
partition on Dask workers, into Parquet partitions written atomically (resumable, idempotent).

``run_corpus`` is the entry point (``accord extract --corpus PATH --out DIR``); ``read_table``
reads an output table over the finished partitions.
"""

from accord.corpus.output import read_table
from accord.corpus.run import CorpusReport, run_corpus, run_partition
from accord.corpus.source import plan

__all__ = ["CorpusReport", "plan", "read_table", "run_corpus", "run_partition"]
