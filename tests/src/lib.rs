//! Shared pieces of restframe's workspace-level tests.

/// The model the trybuild cases in `tests/ui/model_serializer/` point their serializers at (each
/// case is compiled on its own, so the model lives here rather than in every file): a primary
/// key and one unique text column.
pub mod thing {
    use sea_orm::entity::prelude::*;

    /// A row of `thing`.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "thing")]
    pub struct Model {
        /// The primary key.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// A unique name.
        #[sea_orm(unique)]
        pub name: String,
    }

    /// `thing` has no relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
