use restframe::filters::{OrderingFields, OrderingFilter};
use restframe::generics::GenericAPIView;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingViewSet {
    db: DatabaseConnection,
}

impl OrderingFields for ThingViewSet {}

// `filter_backends` as an argument writes the hook: writing both is a mistake.
#[restframe::viewset(ReadOnlyModelViewSet, filter_backends = [OrderingFilter])]
impl GenericAPIView for ThingViewSet {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn filter_backends(&self) -> impl restframe::filters::BaseFilterBackend<Self> {
        (OrderingFilter,)
    }
}

fn main() {}
