//! Django's `django.contrib.auth` for restframe: the `auth_user` model, password hashing,
//! `authenticate`, user management and password validators.
