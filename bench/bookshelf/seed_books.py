"""Seeds the bookshelf's benchmark data through the Django app's own models: 30 books by the
three seeded authors, each with one to three genres and up to three reviews (alice, bob, carol).
Run after `manage.py migrate` and seed.sql, with DJANGO_SETTINGS_MODULE=bench_settings; the
database is then copied for the restframe port (it serves Django's schema), so both answer from
the same rows. Deterministic: the same titles, prices, genres and ratings every run."""
import datetime
import decimal

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from library.models import Author, Book, Genre, Review  # noqa: E402

WORDS = ["Wind", "Shadow", "River", "Tower", "Garden", "Harbour", "Lantern", "Mirror", "Winter", "Orchard"]


def main():
    authors = list(Author.objects.order_by("id"))
    genres = list(Genre.objects.order_by("id"))
    users = list(User.objects.filter(username__in=["alice", "bob", "carol"]).order_by("id"))
    with transaction.atomic():
        for n in range(1, 31):
            book = Book.objects.create(
                title=f"The {WORDS[n % 10]} of {WORDS[(n * 7) % 10]} {n}",
                isbn=f"978000000{n:04d}",
                author=authors[n % len(authors)],
                published=datetime.date(1950 + n, 1 + n % 12, 1 + n % 28),
                pages=100 + 13 * n,
                price=decimal.Decimal(f"{5 + (n * 37) % 40}.{(n * 19) % 100:02d}"),
                in_stock=n % 4 != 0,
                added_by=users[n % len(users)],
            )
            book.genres.set(genres[(n + k) % len(genres)] for k in range(1 + n % 3))
            for k, user in enumerate(users[: n % 4]):
                Review.objects.create(book=book, user=user, rating=1 + (n + k) % 5, text=f"Review {k} of book {n}.")
    print(f"seeded {Book.objects.count()} books, {Review.objects.count()} reviews on {connection.vendor}")


main()
