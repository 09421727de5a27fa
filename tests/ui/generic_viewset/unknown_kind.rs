use restframe::generics::GenericAPIView;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingViewSet {
    db: DatabaseConnection,
}

#[restframe::viewset(ModelViewset, lookup_field = name)]
impl GenericAPIView for ThingViewSet {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

fn main() {}
