//! ModelSerializer options and special fields (DRF's `tests/test_model_serializer.py`,
//! `test_fields.py` `HiddenField`/`SerializerMethodField`/`CurrentUserDefault` cases):
//! `fields = "__all__"`, `exclude`, `read_only_fields`, `extra_kwargs`, method and hidden fields,
//! and model validators, with every expected body recorded from Django 6.1 + DRF 3.18 running
//! the same model and serializers.

mod bookshelf;
mod bookshelf_views;
mod options;
mod special;
