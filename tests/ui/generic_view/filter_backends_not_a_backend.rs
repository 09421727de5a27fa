use restframe::filters::SearchFilter;
use restframe::generics::GenericAPIView;
use restframe::pagination::PageNumberPagination;
use sea_orm::DatabaseConnection;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe_tests::thing::Model, fields(id, name))]
pub struct ThingSerializer;

pub struct ThingList {
    db: DatabaseConnection,
}

impl restframe::filters::SearchFields for ThingList {
    const SEARCH_FIELDS: &'static [&'static str] = &["name"];
}

// A paginator where a filter backend belongs.
#[restframe::generic_view(ListAPIView, filter_backends = [SearchFilter, PageNumberPagination::new()])]
impl GenericAPIView for ThingList {
    type Serializer = ThingSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

fn main() {}
