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
use restframe::response::Response;

#[restframe::generic_view(RetrieveAPIView, permision_classes = [restframe::permissions::IsAuthenticated])]
impl GenericAPIView for ThingDetail {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!({})))
    }
}

fn main() {}
