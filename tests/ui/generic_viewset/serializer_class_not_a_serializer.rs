use restframe::generics::GenericAPIView;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingViewSet {
    db: DatabaseConnection,
}

use restframe::exceptions::ApiError;
use restframe::request::Request;
use restframe::response::Response;

pub struct NotASerializer;

#[restframe::viewset(GenericViewSet)]
impl GenericAPIView for ThingViewSet {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    #[action(detail = true, methods = [POST], serializer_class = NotASerializer)]
    async fn rename(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!({})))
    }
}

fn main() {}
