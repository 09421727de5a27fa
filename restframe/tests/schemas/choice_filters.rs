//! Model fields with `choices` in the document: a model serializer's `ChoiceField`s (`blank`
//! and `null` as `BlankEnum`/`NullEnum`, the model's `help_text` before the labels) and
//! django-filter `ChoiceFilter` parameters, whose description lists the labels. Expected:
//! drf-spectacular 0.30's `spectacular/items.json` for the same Django code
//! (`spectacular/README.md`).

use restframe::django_filters::{ChoiceFilter, DjangoFilterBackend, FilterSetView};
use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::schemas::SchemaGenerator;
use sea_orm::DatabaseConnection;
use serde_json::json;

use super::choices::{assert_same_document, settings, spectacular};

mod item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "shop_item")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[restframe(max_length = 50)]
        pub name: String,
        #[restframe(max_length = 10, choices(("draft", "Draft"), ("done", "Done")))]
        pub status: String,
        #[sea_orm(nullable)]
        #[restframe(max_length = 1, choices(("s", "Small"), ("l", "Large")), blank, help_text = "The size.")]
        pub size: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = item::Model, fields(id, name, status, size))]
struct ItemSerializer;

#[derive(restframe::FilterSet)]
#[filterset(fields(status, size))]
struct ItemFilter {
    #[filter(field_name = "status", choices(("draft", "Draft"), ("done", "Done")))]
    state: ChoiceFilter,
    #[filter(field_name = "name", choices(("b", "Bright"), ("a", "Ash")))]
    tone: ChoiceFilter,
}

struct ItemList {
    db: DatabaseConnection,
}

#[generic_view(ListCreateAPIView, filter_backends = [DjangoFilterBackend])]
impl GenericAPIView for ItemList {
    type Serializer = ItemSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

impl FilterSetView for ItemList {
    fn filterset_class(&self) -> Option<restframe::django_filters::FilterSet> {
        Some(<ItemFilter as restframe::django_filters::FilterSetClass>::filterset())
    }
}

#[tokio::test]
async fn model_choices_and_choice_filters_are_spectaculars() {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".to_owned());
    let db = sea_orm::Database::connect(url.as_str()).await.expect("connect to the test database");
    let app = App::new(settings(), urlpatterns![path("items/", ItemList { db })]).expect("app");
    let doc = SchemaGenerator::new(&app).get_schema();
    assert_same_document(&doc, &spectacular("items"));
    let parameters = &doc["paths"]["/items/"]["get"]["parameters"];
    assert_eq!(
        parameters[0],
        json!({"in": "query", "name": "size", "schema": {"type": "string", "nullable": true, "enum": ["l", "s"]},
               "description": "The size.\n\n* `s` - Small\n* `l` - Large"})
    );
    assert_eq!(parameters[3]["description"], "* `b` - Bright\n* `a` - Ash");
}

#[test]
fn options_metadata_shows_the_models_labels_and_no_max_length() {
    // DRF 3.18's `SimpleMetadata` for the Django `ItemSerializer`: a model field with choices
    // is a `ChoiceField`, without the column's `max_length`.
    let info = restframe::metadata::serializer_info::<ItemSerializer>();
    assert_eq!(
        info["status"],
        json!({"type": "choice", "required": true, "read_only": false, "label": "Status",
               "choices": [{"value": "draft", "display_name": "Draft"}, {"value": "done", "display_name": "Done"}]})
    );
    assert_eq!(
        info["size"],
        json!({"type": "choice", "required": false, "read_only": false, "label": "Size", "help_text": "The size.",
               "choices": [{"value": "s", "display_name": "Small"}, {"value": "l", "display_name": "Large"}]})
    );
}
