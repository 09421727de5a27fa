//! DRF's `rest_framework.validators`: `UniqueValidator`, `UniqueTogetherValidator`.
