"""Which database an address names: a ``postgresql://`` (or ``postgres://``) URL
is a PostgreSQL database (the ``[postgres]`` extra), anything else an SQLite
file.  psycopg is imported only when a URL asks for it."""
from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import StoreError
from .repository_interface import Repository

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
MASK = "***"


def is_postgres_url(address: str | os.PathLike) -> bool:
    return str(address).lower().startswith(POSTGRES_SCHEMES)


def open_repository(address: str | os.PathLike, *, create: bool = True) -> Repository:
    """The repository at ``address``, created and migrated as needed (``create=False``:
    an error where there is no storycheck database yet)."""
    if not is_postgres_url(address):
        from .repository import SQLiteRepository

        return SQLiteRepository.open(address, create=create)
    try:
        from .repository_postgres import PostgresRepository
    except ImportError as exc:
        if not (exc.name or "").startswith("psycopg"):
            raise
        raise StoreError(f"cannot open {masked(address)}: PostgreSQL support is not "
                         "installed", "pip install 'storycheck[postgres]'") from exc
    return PostgresRepository.open(str(address), create=create)


def masked(address: str | os.PathLike) -> str:
    """The address as messages show it: a URL's password (in the user part or a
    ``password=`` parameter) masked."""
    if not is_postgres_url(address):
        return str(address)
    parts = urlsplit(str(address))
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        if ":" in user:
            netloc = f"{user.split(':', 1)[0]}:{MASK}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(key == "password" for key, _ in pairs):
            query = urlencode([(k, MASK if k == "password" else v) for k, v in pairs], safe="/*")
    return urlunsplit(parts._replace(netloc=netloc, query=query))
