use restframe::generics::GenericAPIView;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingViewSet {
    db: DatabaseConnection,
}

use restframe::exceptions::ApiError;
use restframe::permissions::Permissions;
use restframe::request::Request;

#[restframe::viewset(ModelViewSet)]
impl GenericAPIView for ThingViewSet {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_permission(&self, _action: Option<&str>, classes: Permissions) -> Permissions {
        classes
    }
    async fn perform_destory(&self, _request: &Request) -> Result<(), ApiError> {
        Ok(())
    }
    fn lookup_url_kwarg(&self) -> &str {
        "thing"
    }
}

fn main() {}
