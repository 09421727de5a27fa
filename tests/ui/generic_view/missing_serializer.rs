use restframe::generics::GenericAPIView;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingDetail {
    db: DatabaseConnection,
}

#[restframe::generic_view(ListAPIView)]
impl GenericAPIView for ThingDetail {
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

fn main() {}
