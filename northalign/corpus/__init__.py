"""Many documents: pair lists, profiling in parallel or on Dask, and stored profiles.

:mod:`.pairs` says which documents to compare; :mod:`.parallel` profiles each
once, on local processes, and compares the pairs; :mod:`.dask` does the same
on a cluster; :mod:`.profiles` and :mod:`.cache` read and write profiles.
"""
