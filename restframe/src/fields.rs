//! DRF's `rest_framework.fields`: field kinds with DRF's coercion rules and messages.
