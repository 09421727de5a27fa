use restframe::generics::GenericAPIView;
use restframe::pagination::{BasePagination, LimitOffsetPagination, PageNumberPagination};
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingViewSet {
    db: DatabaseConnection,
}

// `pagination_class` writes the `paginator` hook: writing both is a mistake.
#[restframe::viewset(ReadOnlyModelViewSet, pagination_class = PageNumberPagination::new())]
impl GenericAPIView for ThingViewSet {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn paginator(&self) -> impl BasePagination {
        LimitOffsetPagination::new()
    }
}

fn main() {}
