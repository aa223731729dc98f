"""Secrets for the settings: read from files (Docker secrets, ``*_FILE``) and a
database password put into a URL with every special character escaped.

A password is never pasted raw into a URL: ``@ : / ? # [ ] %`` and spaces would
change what the URL means. ``with_password`` percent-encodes it (URL form) or
quotes it (``key=value`` form), and psycopg decodes it again.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from psycopg import conninfo as pg_conninfo

# setting that receives the value -> setting that names the file
SECRET_FILES = {
    "database_url": "database_url_file",
    "database_read_url": "database_read_url_file",
    "database_password": "database_password_file",
    "auth_hs256_secret": "auth_hs256_secret_file",
    "audit_key": "audit_key_file",
}
SECRET_VALUES = frozenset({"database_password", "auth_hs256_secret", "audit_key"})
"""The settings of :data:`SECRET_FILES` that are kept as ``SecretStr`` (never printed)."""


def read_secret_file(path: Path, variable: str) -> str:
    """The file's text without one trailing newline (``echo`` adds one)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{variable}={path}: cannot read the secret ({type(exc).__name__})") from None
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if not text:
        raise ValueError(f"{variable}={path}: the secret file is empty")
    return text


def with_password(url: str, password: str, variable: str) -> str:
    """``url`` with ``password`` in it, escaped; refuses a URL that has one already."""
    if url.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(url)
        userinfo, at, hostport = parts.netloc.rpartition("@")
        if not at:
            userinfo, hostport = "", parts.netloc
        if ":" in userinfo and userinfo.split(":", 1)[1]:
            raise ValueError(f"{variable} already holds a password; give it there or in DATABASE_PASSWORD, not both")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{quote(password, safe='')}@{hostport}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    params = pg_conninfo.conninfo_to_dict(url)
    if params.get("password"):
        raise ValueError(f"{variable} already holds a password; give it there or in DATABASE_PASSWORD, not both")
    return pg_conninfo.make_conninfo(url, password=password)
