use restframe::generics::GenericAPIView;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingList {
    db: DatabaseConnection,
}

// DRF's `filter_backends` is a list: one backend is still `[SearchFilter]`.
#[restframe::generic_view(ListAPIView, filter_backends = restframe::filters::SearchFilter)]
impl GenericAPIView for ThingList {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

fn main() {}
