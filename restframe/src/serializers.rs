//! DRF's `rest_framework.serializers`: the runtime behind `#[derive(Serializer)]` and
//! `#[derive(ModelSerializer)]`.
