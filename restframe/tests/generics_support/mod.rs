//! The models and serializers of `tests/generics.rs`: DRF's `BasicModel` and `SlugBasedModel`
//! from `tests/models.py` / `test_generics.py`, a model with a `url` field (for `Location`) and
//! a serializer over `auth_user` (bookshelf's `MeSerializer`).

use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use sea_orm::DatabaseConnection;

pub(crate) mod basic {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_basicmodel")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub text: String,
        #[sea_orm(nullable)]
        pub number: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod slug_based {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_slugbasedmodel")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub text: String,
        #[sea_orm(column_type = "String(StringLen::N(32))")]
        #[restframe(slug, editable = false)]
        pub slug: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod link {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_link")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub url: String,
        #[restframe(blank)]
        pub added_by: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = basic::Model, fields(id, text, number))]
pub(crate) struct BasicSerializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = slug_based::Model, fields(text, slug))]
pub(crate) struct SlugSerializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = link::Model, fields(id, url))]
pub(crate) struct LinkSerializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe::auth::user::Model, fields(id, username, email, first_name, last_name), read_only(username))]
pub(crate) struct MeSerializer;

macro_rules! concrete_views {
    ($($name:ident: $class:ident),* $(,)?) => {
        $(
            struct $name {
                db: DatabaseConnection,
            }
            #[generic_view($class, model_name = "BasicModel")]
            impl GenericAPIView for $name {
                type Serializer = BasicSerializer;
                fn db(&self) -> &DatabaseConnection {
                    &self.db
                }
            }
        )*
        /// The nine concrete views, each at `/c/<ClassName>/<pk>`.
        pub(crate) fn concrete_patterns(db: &DatabaseConnection) -> Vec<restframe::urls::UrlPattern> {
            urlpatterns![$(path(concat!("c/", stringify!($class), "/<str:pk>"), $name { db: db.clone() })),*]
        }
    };
}

concrete_views! {
    CreateView: CreateAPIView,
    ListView: ListAPIView,
    RetrieveView: RetrieveAPIView,
    DestroyView: DestroyAPIView,
    UpdateView: UpdateAPIView,
    ListCreateView: ListCreateAPIView,
    RetrieveUpdateView: RetrieveUpdateAPIView,
    RetrieveDestroyView: RetrieveDestroyAPIView,
    RetrieveUpdateDestroyView: RetrieveUpdateDestroyAPIView,
}
