import os, sys
import django
from django.conf import settings
pg = os.environ.get("PG")
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "library", "kinds"],
    DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "h_schema", "USER": "postgres", "HOST": "127.0.0.1"} if pg else {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/schema-django/db.sqlite3"}},
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    USE_TZ=True,
)
django.setup()
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
