use restframe::filters::{OrderingFilter, SearchFields, SearchFilter};
use restframe::generics::GenericAPIView;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingList {
    db: DatabaseConnection,
}

// `OrderingFilter` reads `ordering_fields` from the view, which has no `impl OrderingFields`.
#[restframe::generic_view(ListAPIView, filter_backends = [SearchFilter, OrderingFilter])]
impl GenericAPIView for ThingList {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

impl SearchFields for ThingList {
    const SEARCH_FIELDS: &'static [&'static str] = &["name"];
}

fn main() {}
