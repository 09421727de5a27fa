//! `ModelSerializer` against a real database (SQLite by default, PostgreSQL with a
//! `postgres://` `DATABASE_URL`): DRF's `tests/test_model_serializer.py` and
//! `tests/test_validators.py` scenarios with Django's messages.

use restframe::exceptions::ApiError;
use restframe::serializers::{Context, ModelMeta, Serializer, SerializerHooks};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Schema};
use serde_json::{Value, json};

#[path = "common/bookshelf.rs"]
mod bookshelf;
#[path = "serializer_model/mod.rs"]
mod options_and_special_fields;
mod serializer_context;

mod thing {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "thing")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique, column_type = "String(StringLen::N(20))")]
        pub name: String,
        #[restframe(blank)]
        pub note: String,
        #[sea_orm(nullable)]
        pub rank: Option<i32>,
        #[restframe(default = true)]
        pub active: bool,
        #[restframe(default = chrono::Utc::now(), editable = false)]
        pub created: DateTimeUtc,
        #[restframe(email, blank, max_length = 254)]
        pub email: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod member {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "member")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique_key = "team_number")]
        pub team: String,
        #[sea_orm(unique_key = "team_number")]
        pub number: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod account {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "account")]
    #[restframe(verbose_name = "user")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique)]
        #[restframe(
            max_length = 150,
            validators = [restframe::auth::validators::validate_username],
            unique_message = "A user with that username already exists."
        )]
        pub username: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, name, note, rank, active, created, email))]
struct ThingSerializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = member::Model, fields(id, team, number), unique_together(team, number))]
struct MemberSerializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = account::Model, fields(id, username))]
struct AccountSerializer;

async fn database() -> Result<DatabaseConnection, ApiError> {
    let db = restframe::db::test_database().await?;
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(thing::Entity)).await?;
    db.execute(&schema.create_table_from_entity(member::Entity)).await?;
    db.execute(&schema.create_table_from_entity(account::Entity)).await?;
    Ok(db)
}

async fn create<S: SerializerHooks<Instance = M>, M>(db: &DatabaseConnection, data: Value) -> Result<M, ApiError>
where
    M: Clone,
{
    let mut s = S::with_data(data).context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    Ok(s.save().await?.clone())
}

async fn errors<S: SerializerHooks>(db: &DatabaseConnection, data: Value) -> Result<Value, ApiError> {
    let mut s = S::with_data(data).context(Context::with_db(db.clone()));
    assert!(!s.is_valid().await?, "expected invalid");
    Ok(s.errors()?.to_json())
}

#[test]
fn model_metadata_follows_djangos_mapping() {
    let f = thing::Model::FIELDS;
    assert!(f.id.meta.primary_key);
    assert_eq!(f.name.meta.max_length, Some(20));
    assert!(f.name.meta.unique && !f.name.meta.has_default);
    assert!(f.note.meta.blank && !f.note.meta.has_default && f.note.meta.default.is_some(), "strings default to \"\"");
    assert!(f.rank.meta.nullable);
    assert!(!f.created.meta.editable);
    assert_eq!(f.name.meta.unique_message, "thing with this name already exists.");
    assert_eq!(account::Model::FIELDS.username.meta.unique_message, "A user with that username already exists.");
    assert_eq!(thing::Model::ALL.len(), 7);
}

#[tokio::test]
async fn create_renders_like_drf() -> Result<(), ApiError> {
    let db = database().await?;
    let mut s = ThingSerializer::with_data(json!({"id": 999, "name": " widget ", "created": "2001-01-01T00:00Z"}))
        .context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    let saved = s.save().await?.clone();
    assert_ne!(saved.id, 999, "the primary key is read-only");
    let data = s.data().await?;
    assert_eq!(data["id"], json!(saved.id), "ids render as numbers");
    assert_eq!(data["name"], json!("widget"));
    assert_eq!(
        (data["note"].clone(), data["rank"].clone(), data["active"].clone()),
        (json!(""), json!(null), json!(true))
    );
    let created = data["created"].as_str().expect("created is a string");
    assert!(created.ends_with('Z') && created.len() >= 20, "ISO 8601 in UTC with Z: {created}");
    assert_ne!(created, "2001-01-01T00:00:00Z", "editable=False fields ignore input");
    let stored = thing::Entity::find_by_id(saved.id).one(&db).await?.expect("row exists");
    assert_eq!(stored, saved);
    Ok(())
}

#[tokio::test]
async fn model_constraints_become_field_options() -> Result<(), ApiError> {
    let db = database().await?;
    assert_eq!(
        errors::<ThingSerializer>(&db, json!({"note": null, "rank": "x", "email": "nope"})).await?,
        json!({
            "name": ["This field is required."],
            "note": ["This field may not be null."],
            "rank": ["A valid integer is required."],
            "email": ["Enter a valid email address."],
        })
    );
    assert_eq!(
        errors::<ThingSerializer>(&db, json!({"name": "x".repeat(21)})).await?,
        json!({"name": ["Ensure this field has no more than 20 characters."]})
    );
    let thing = create::<ThingSerializer, _>(&db, json!({"name": "a", "rank": null, "email": ""})).await?;
    assert_eq!((thing.rank, thing.email.as_str()), (None, ""));
    Ok(())
}

#[tokio::test]
async fn unique_validator_uses_djangos_message_and_excludes_the_instance() -> Result<(), ApiError> {
    let db = database().await?;
    let first = create::<ThingSerializer, _>(&db, json!({"name": "a"})).await?;
    assert_eq!(
        errors::<ThingSerializer>(&db, json!({"name": "a"})).await?,
        json!({"name": ["thing with this name already exists."]})
    );
    // Case-sensitive, exact lookup.
    create::<ThingSerializer, _>(&db, json!({"name": "A"})).await?;
    // Updating with its own value passes.
    let mut s = ThingSerializer::for_update(first.clone(), json!({"name": "a", "rank": 3}))
        .context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    let updated = s.save().await?.clone();
    assert_eq!((updated.id, updated.rank), (first.id, Some(3)));
    // ...but taking another row's value does not.
    let mut s = ThingSerializer::for_update(first, json!({"name": "A"})).context(Context::with_db(db.clone()));
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.to_json(), json!({"name": ["thing with this name already exists."]}));
    Ok(())
}

#[tokio::test]
async fn partial_update_changes_only_given_fields() -> Result<(), ApiError> {
    let db = database().await?;
    let thing = create::<ThingSerializer, _>(&db, json!({"name": "a", "note": "keep", "rank": 1})).await?;
    let mut s = ThingSerializer::for_update(thing.clone(), json!({"rank": 2}))
        .partial(true)
        .context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    assert_eq!(s.data().await?["rank"], json!(1), "before save, .data renders the instance");
    let mut s = ThingSerializer::for_update(thing.clone(), json!({"rank": 2}))
        .partial(true)
        .context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    let updated = s.save().await?.clone();
    assert_eq!((updated.name.as_str(), updated.note.as_str(), updated.rank), ("a", "keep", Some(2)));
    let mut s = ThingSerializer::for_update(thing, json!({})).partial(true).context(Context::with_db(db.clone()));
    assert!(s.is_valid().await?, "an empty partial update is valid");
    assert_eq!(s.validated_data().map(|_| ()).ok(), Some(()));
    Ok(())
}

#[tokio::test]
async fn a_duplicate_that_slips_past_the_check_is_still_a_400() -> Result<(), ApiError> {
    let db = database().await?;
    // Both pass validation before either is saved, as two concurrent requests would.
    let mut a = ThingSerializer::with_data(json!({"name": "race"})).context(Context::with_db(db.clone()));
    let mut b = ThingSerializer::with_data(json!({"name": "race"})).context(Context::with_db(db.clone()));
    a.is_valid_or_raise().await?;
    b.is_valid_or_raise().await?;
    a.save().await?;
    let err = b.save().await.expect_err("the unique constraint fires");
    assert_eq!(err.status(), 400);
    assert_eq!(err.body(), json!({"name": ["thing with this name already exists."]}));
    assert_eq!(thing::Entity::find().all(&db).await?.len(), 1, "nothing half-written");
    Ok(())
}

#[tokio::test]
async fn concurrent_duplicate_requests_never_500() -> Result<(), ApiError> {
    let db = database().await?;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move { create::<ThingSerializer, _>(&db, json!({"name": "same"})).await.map(|_| ()) })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        match task.await.expect("task ran") {
            Ok(()) => created += 1,
            Err(err) => {
                assert_eq!(err.status(), 400, "{err}");
                assert_eq!(err.body(), json!({"name": ["thing with this name already exists."]}));
            }
        }
    }
    assert_eq!(created, 1);
    Ok(())
}

#[tokio::test]
async fn unique_together_validator() -> Result<(), ApiError> {
    let db = database().await?;
    let member = create::<MemberSerializer, _>(&db, json!({"team": "red", "number": 1})).await?;
    create::<MemberSerializer, _>(&db, json!({"team": "red", "number": 2})).await?;
    assert_eq!(
        errors::<MemberSerializer>(&db, json!({"team": "red", "number": 1})).await?,
        json!({"non_field_errors": ["The fields team, number must make a unique set."]})
    );
    assert_eq!(
        errors::<MemberSerializer>(&db, json!({"team": "red"})).await?,
        json!({"number": ["This field is required."]})
    );
    // Partial update: the missing value comes from the instance.
    let mut s = MemberSerializer::for_update(member.clone(), json!({"number": 2}))
        .partial(true)
        .context(Context::with_db(db.clone()));
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.to_json(), json!({"non_field_errors": ["The fields team, number must make a unique set."]}));
    let mut s =
        MemberSerializer::for_update(member, json!({"number": 1})).partial(true).context(Context::with_db(db.clone()));
    assert!(s.is_valid().await?, "its own values are fine");
    Ok(())
}

#[tokio::test]
async fn username_validators_run_in_drf_order() -> Result<(), ApiError> {
    let db = database().await?;
    create::<AccountSerializer, _>(&db, json!({"username": "alice"})).await?;
    assert_eq!(
        errors::<AccountSerializer>(&db, json!({"username": "alice"})).await?,
        json!({"username": ["A user with that username already exists."]})
    );
    assert_eq!(
        errors::<AccountSerializer>(&db, json!({"username": format!("{}!", "a".repeat(150))})).await?,
        json!({"username": [
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
            "Ensure this field has no more than 150 characters.",
        ]})
    );
    create::<AccountSerializer, _>(&db, json!({"username": "zoë.o+b@x-y_z"})).await?;
    Ok(())
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, name, label, rank), read_only(rank), validate_fields(name), hooks)]
struct CustomThing {
    #[field(source = "note", max_length = 4, write_only)]
    label: String,
}

impl CustomThing {
    async fn validate_name(value: String, _ctx: &Context) -> Result<String, ApiError> {
        if value.starts_with('_') { Err(ApiError::validation_message("No leading underscore.")) } else { Ok(value) }
    }
}

impl SerializerHooks for CustomThing {
    async fn validate(mut attrs: thing::ActiveModel, ctx: &Context) -> Result<thing::ActiveModel, ApiError> {
        // Hooks may query the database.
        let count = thing::Entity::find().all(ctx.db()?).await?.len();
        attrs.rank = sea_orm::ActiveValue::Set(Some(count as i32 + 100));
        Ok(attrs)
    }

    async fn create(mut data: thing::ActiveModel, ctx: &Context) -> Result<thing::Model, ApiError> {
        data.email = sea_orm::ActiveValue::Set("made@example.com".into());
        Self::default_create(data, ctx).await
    }
}

#[tokio::test]
async fn source_read_only_hooks_and_custom_create() -> Result<(), ApiError> {
    let db = database().await?;
    assert_eq!(
        errors::<CustomThing>(&db, json!({"name": "_x", "label": "toolong"})).await?,
        json!({"name": ["No leading underscore."], "label": ["Ensure this field has no more than 4 characters."]})
    );
    let mut s =
        CustomThing::with_data(json!({"name": "x", "label": "abc", "rank": 5})).context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    let saved = s.save().await?.clone();
    assert_eq!((saved.note.as_str(), saved.rank, saved.email.as_str()), ("abc", Some(100), "made@example.com"));
    assert_eq!(s.data().await?, json!({"id": saved.id, "name": "x", "rank": 100}), "write_only label is not rendered");
    Ok(())
}

#[tokio::test]
async fn validated_data_renders_set_fields_only() -> Result<(), ApiError> {
    let db = database().await?;
    let mut s = ThingSerializer::with_data(json!({"name": "n", "rank": "4"})).context(Context::with_db(db));
    s.is_valid_or_raise().await?;
    assert_eq!(s.data().await?, json!({"name": "n", "rank": 4}));
    Ok(())
}
