//! DRF's `rest_framework.authtoken` for restframe.
