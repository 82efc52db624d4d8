"""Batch analysis of large inputs, on one machine or on a Dask cluster.

- :mod:`~claimgraph.batch.partitions` plans deterministic partitions of the
  inputs (JSONL by lines, WARC by records, Parquet by row groups,
  directories by sorted file lists) and reads one partition as a stream;
- :mod:`~claimgraph.batch.shards` flattens analysed articles into Arrow
  tables, writes one shard per partition atomically, and reads shards back
  into output-contract dicts (:func:`~claimgraph.batch.shards.iter_analyzed`);
- :mod:`~claimgraph.batch.manifest` records the run and every finished shard;
- :mod:`~claimgraph.batch.engine` runs the partitions locally or on Dask.

The shard layout and schema are documented in ``docs/batch.md``.
"""
