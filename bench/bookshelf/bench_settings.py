"""The bookshelf original's settings for bench/run: its own settings module, with the database
from DATABASE_URL (sqlite:///path or postgres://user@host:port/name), persistent connections
(CONN_MAX_AGE, as bench/drf) and DEBUG off (DEBUG records every query in memory)."""
import os
from urllib.parse import urlparse

from bookshelf_site.settings import *  # noqa: F401,F403 -- the app's settings, as they are

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]


def _database(url):
    parsed = urlparse(url)
    if parsed.scheme.startswith("postgres"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/"),
            "USER": parsed.username or "postgres",
            "PASSWORD": parsed.password or "",
            "HOST": parsed.hostname or "127.0.0.1",
            "PORT": str(parsed.port or 5432),
            "CONN_MAX_AGE": 600,
            # The statement counter (bench/bookshelf/pgcount.py) reads the protocol in clear.
            "OPTIONS": {"sslmode": "disable"},
        }
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": parsed.path, "CONN_MAX_AGE": 600}


DATABASES = {"default": _database(os.environ["DATABASE_URL"])}
