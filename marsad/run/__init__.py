"""Running Marsad: what the command line and the web server are built from.

`runtime` opens the store, the fetcher and the enricher from the user's settings, so
neither door imports a backend or a network layer itself; `executors` run ingest's
extraction and enrichment in this process, in worker processes, or on a Dask
cluster, with the same results.
"""
