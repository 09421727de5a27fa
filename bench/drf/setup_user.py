"""Creates the benchmark user (username and password from argv) and prints its token key.
Run with `manage.py shell < setup_user.py` is awkward, so it bootstraps Django itself."""
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

username, password = sys.argv[1], sys.argv[2]
user = User.objects.filter(username=username).first() or User.objects.create_user(username, password=password)
print(Token.objects.get_or_create(user=user)[0].key)
