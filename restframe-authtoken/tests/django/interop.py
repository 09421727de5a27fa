"""Real Django + DRF side of restframe's interoperability test (see ../django_interop.rs).

Usage: DJANGO_DB_URL=sqlite:///abs/path.sqlite3 | postgres://user@host:port/db
       python interop.py setup            -> migrate, create users and tokens, print JSON
       python interop.py check USER PASSWORD TOKEN -> authenticate through Django/DRF, print JSON
"""

import json
import os
import sys
from urllib.parse import urlparse

import django
from django.conf import settings


def database_settings(url):
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parsed.path}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/"),
        "USER": parsed.username or "postgres",
        "PASSWORD": parsed.password or "",
        "HOST": parsed.hostname or "127.0.0.1",
        "PORT": str(parsed.port or 5432),
    }


settings.configure(
    SECRET_KEY="interop-test-only",
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
        "rest_framework.authtoken",
    ],
    DATABASES={"default": database_settings(os.environ["DJANGO_DB_URL"])},
    USE_TZ=True,
    TIME_ZONE="UTC",
)
django.setup()

from django.contrib.auth import authenticate  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.authentication import TokenAuthentication  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.exceptions import AuthenticationFailed  # noqa: E402


def setup():
    call_command("migrate", verbosity=0)
    alice = User.objects.create_user("alice", "Alice@Example.COM", "alice-pass-1", first_name="Alice")
    bob = User.objects.create_user("bob", "", "bob-pass-1", is_active=False)
    User.objects.create_user("carol", "carol@example.com", None)
    print(
        json.dumps(
            {
                "django": django.get_version(),
                "alice": {"hash": alice.password, "token": Token.objects.create(user=alice).key},
                "bob": {"hash": bob.password, "token": Token.objects.create(user=bob).key},
            }
        )
    )


def check(username, password, key):
    user = authenticate(username=username, password=password)
    try:
        token_user, token = TokenAuthentication().authenticate_credentials(key)
        token_result = token_user.username
    except AuthenticationFailed as exc:
        token_result = "error: %s" % exc.detail
    row = User.objects.get(username=username)
    print(
        json.dumps(
            {
                "authenticated": user.username if user else None,
                "token_user": token_result,
                "hash_after_login": row.password.split("$")[1] if "$" in row.password else row.password,
                "date_joined_year": row.date_joined.year,
                "last_login_set": row.last_login is not None,
                "token_created_year": Token.objects.get(key=key).created.year if token_result == username else None,
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup()
    else:
        check(*sys.argv[2:5])
