//! django-filter's `DjangoFilterBackend` and `FilterSet` (django-filter 26's
//! `tests/rest_framework/test_backends.py` and `test_filterset.py` cases that apply, plus the
//! filters a bookshelf-like app uses), on SQLite and PostgreSQL. Every expected answer was
//! recorded from Django 6.1 + DRF 3.18.3 + django-filter 26.2 with the same models, data and
//! query strings.
//!
//! | django-filter | here |
//! |---|---|
//! | `filterset_fields` on a view (`GetFilterClassTests`, `test_filterset_fields`) | `library::filterset_fields` |
//! | `ValidationErrorTests` (400 with the form errors; several params in filter order) | `library::invalid_parameters` |
//! | declared filters and lookups (`filterset_class`) | `library::declared_filters` |
//! | `get_object` filtering first (DRF) | `library::detail_lookups_are_filtered` |
//! | related paths, `ModelChoiceFilter` on a foreign key, `ModelMultipleChoiceFilter`, `distinct` | `library::related_paths` |
//! | `GetFilterClassTests.test_filterset_fields_malformed` | `library::filterset_fields_malformed` |
//! | `filterset_class` wins over `filterset_fields` (`GetFilterClassTests`) | `library::declared_filters` (`books2` has both) |
//! | decimal, date-time, time and choice filters; `RangeFilter`, `DateFromToRangeFilter` | `kinds::*` |
//! | related leaves typed from the related model's field (`maker__born`) | `kinds::related_leaves_are_typed` |
//! | `TemplateTests`, `test_html_rendering` | n/a: no browsable API forms |

#[path = "django_filters/library.rs"]
mod library;

#[path = "django_filters/kinds.rs"]
mod kinds;
