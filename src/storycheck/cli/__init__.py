"""Command line: a thin shell over the Python API.

Exit codes: 0 when at least one document was analysed, 2 when none could be,
1 on usage errors. Each module registers its commands on the one group in `shell`.
"""
from . import analysis, database, spark  # noqa: F401  (registers the commands)
from .shell import cli, main

__all__ = ["cli", "main"]
