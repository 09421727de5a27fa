use restframe::generics::GenericAPIView;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingDetail {
    db: DatabaseConnection,
}

use restframe::exceptions::ApiError;
use restframe::request::Request;
use restframe::serializers::Bound;

#[restframe::generic_view(ListCreateAPIView)]
impl GenericAPIView for ThingDetail {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    async fn perform_crate(&self, _request: &Request, serializer: &mut Bound<ThingSerializer>) -> Result<(), ApiError> {
        serializer.save().await?;
        Ok(())
    }
}

fn main() {}
