use restframe::generics::GenericAPIView;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingDetail {
    db: DatabaseConnection,
}

#[restframe::generic_view(RetrieveUpdateDestroyAPIView, lookup_field = nmae)]
impl GenericAPIView for ThingDetail {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

fn main() {}
