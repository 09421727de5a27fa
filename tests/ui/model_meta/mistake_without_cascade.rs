mod thing {
    use sea_orm::entity::prelude::*;

    // The unknown option is one error: the metadata is still generated from the rest.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "thing")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[restframe(blank, emial)]
        pub email: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn main() {
    use restframe::serializers::ModelMeta;
    assert!(thing::Model::FIELDS.email.meta.blank);
}
