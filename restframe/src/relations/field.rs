//! DRF's `RelatedField` declared on a model serializer: which relation it follows
//! ([`Related`]), how it reads and renders one related row ([`RelatedLookup`]: DRF's
//! `PrimaryKeyRelatedField`, `SlugRelatedField`, `HyperlinkedRelatedField`,
//! `StringRelatedField`), and which rows it may choose ([`Queryset`], DRF's `queryset=`).
//! `#[derive(ModelSerializer)]` builds one per `#[field(primary_key_related)]`,
//! `slug_related(...)`, `hyperlinked_related(...)` or `string_related` field.

use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, EntityTrait, FromQueryResult, ModelTrait, QueryFilter, Select};
use serde_json::Value;

use super::Related;
use crate::exceptions::{ApiError, Detail};
use crate::fields::FieldSpec;
use crate::serializers::hyperlink::pk_url;
use crate::serializers::model::ActiveOf;
use crate::serializers::pipeline::column;
use crate::serializers::{Context, IdentityLink, ModelMeta, RelationKind, identity_url};

type EntityOf<M> = <M as ModelTrait>::Entity;

/// What one input asks for: the column to look in and the value to find there (`None`: no row
/// can match), with the error when none does; or the input's own error.
pub(crate) type Wanted = Result<(&'static str, Option<sea_orm::Value>, Detail), Detail>;

/// DRF's `queryset=Author.objects.filter(...)` (or a `get_queryset()` override reading the
/// request): the rows a related field may choose, as a function of the serializer context.
///
/// ```
/// # mod author {
/// #     use sea_orm::entity::prelude::*;
/// #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
/// #     #[sea_orm(table_name = "library_author")]
/// #     pub struct Model { #[sea_orm(primary_key)] pub id: i32, pub name: String }
/// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
/// #     pub enum Relation {}
/// #     impl ActiveModelBehavior for ActiveModel {}
/// # }
/// use restframe::serializers::Context;
/// use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
///
/// // DRF: queryset=Author.objects.exclude(name="Bob")
/// fn authors_but_bob(_ctx: &Context) -> Select<author::Entity> {
///     author::Entity::find().filter(author::Column::Name.ne("Bob"))
/// }
/// ```
pub type Queryset<T> = fn(&Context) -> Select<EntityOf<T>>;

/// How a related field reads and renders one related row (the DRF field class).
pub enum RelatedLookup<T> {
    /// `PrimaryKeyRelatedField`: the primary key.
    PrimaryKey,
    /// `SlugRelatedField(slug_field=...)`: the model field named here.
    Slug(&'static str),
    /// `HyperlinkedRelatedField(view_name, lookup_field, lookup_url_kwarg)`: the row's URL.
    Hyperlink(IdentityLink),
    /// `StringRelatedField`: the row's `Display` (Django's `__str__`); read-only.
    Text(fn(&T) -> String),
}

impl<T> Clone for RelatedLookup<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for RelatedLookup<T> {}

impl<T> std::fmt::Debug for RelatedLookup<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RelatedLookup::PrimaryKey => f.write_str("PrimaryKey"),
            RelatedLookup::Slug(field) => f.debug_tuple("Slug").field(field).finish(),
            RelatedLookup::Hyperlink(link) => f.debug_tuple("Hyperlink").field(link).finish(),
            RelatedLookup::Text(_) => f.write_str("Text"),
        }
    }
}

/// One relational field of a model serializer (see the [module docs](self)).
pub struct RelatedField<P, T: ModelTrait> {
    related: Related<P, T>,
    lookup: RelatedLookup<T>,
    queryset: Option<Queryset<T>>,
}

impl<P, T: ModelTrait> Clone for RelatedField<P, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, T: ModelTrait> Copy for RelatedField<P, T> {}

impl<P, T: ModelTrait> std::fmt::Debug for RelatedField<P, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelatedField").field("related", &self.related).finish_non_exhaustive()
    }
}

impl<P, T: ModelTrait> RelatedField<P, T> {
    /// The field following `related`, reading and rendering rows with `lookup`, choosing among
    /// every row of the related table.
    pub const fn new(related: Related<P, T>, lookup: RelatedLookup<T>) -> Self {
        Self { related, lookup, queryset: None }
    }

    /// Limits the rows the field may choose (DRF's `queryset=`).
    #[must_use]
    pub const fn queryset(mut self, queryset: Queryset<T>) -> Self {
        self.queryset = Some(queryset);
        self
    }

    /// The relation followed.
    pub fn related(&self) -> Related<P, T> {
        self.related
    }

    /// The compile-time rules `#[derive(ModelSerializer)]` checks in a `const`: `many` exactly
    /// on many-to-many and reverse relations, writable only on foreign keys and many-to-many
    /// fields (Django saves a reverse relation from the other side), never writable as
    /// `StringRelatedField`.
    ///
    /// # Panics
    ///
    /// With the rule broken, which the `const` evaluation reports as a compile error.
    pub const fn check(self, many: bool, writable: bool) {
        let to_many = self.related.relation().kind.is_to_many();
        if many && !to_many {
            panic!("`many` needs a many-to-many or reverse relation; this relation is a foreign key");
        }
        if !many && to_many {
            panic!("this relation reaches many rows: add `many`");
        }
        if writable && matches!(self.related.relation().kind, RelationKind::ReverseForeignKey { .. }) {
            panic!("a reverse relation is saved from the other side: make the field `read_only`");
        }
        if writable && matches!(self.lookup, RelatedLookup::Text(_)) {
            panic!("`string_related` is read-only: add `read_only`");
        }
    }
}

impl<P, T> RelatedField<P, T>
where
    P: ModelMeta,
    T: ModelMeta + FromQueryResult + Clone,
    EntityOf<P>: EntityTrait<Model = P>,
    EntityOf<T>: EntityTrait<Model = T>,
{
    /// Whether rendering reads the instance alone: a primary key through a foreign key to it
    /// (DRF's `use_pk_only_optimization`).
    fn pk_only(&self) -> Option<&'static str> {
        let RelationKind::ForeignKey { column, target_column } = self.related.relation().kind else { return None };
        let by_pk = match self.lookup {
            RelatedLookup::PrimaryKey => true,
            // DRF's `HyperlinkedRelatedField.use_pk_only_optimization`: a link by primary key.
            RelatedLookup::Hyperlink(link) => link
                .lookup_field
                .is_none_or(|field| field == "pk" || T::info().field(field).is_some_and(|f| f.column == T::PK_COLUMN)),
            RelatedLookup::Slug(_) | RelatedLookup::Text(_) => false,
        };
        (by_pk && target_column == T::PK_COLUMN).then_some(column)
    }

    /// Loads what rendering `instances` reads (nothing for a primary key through a foreign key).
    pub async fn prefetch(&self, instances: &[&P], ctx: &Context) -> Result<(), ApiError> {
        if self.pk_only().is_none() {
            self.related.prefetch(instances, ctx).await?;
        }
        Ok(())
    }

    /// The field's representation for `instance`: one value (`null` without a related row), or
    /// a list with `many`.
    pub fn render(&self, instance: &P, ctx: &Context, many: bool) -> Value {
        if many {
            return self.related.render_all(instance, ctx, |row| self.represent(row, ctx));
        }
        let Some(fk) = self.pk_only() else {
            return self.related.render_one(instance, ctx, |row| self.represent(row, ctx));
        };
        let Ok(col) = column::<EntityOf<P>>(fk) else { return Value::Null };
        match self.lookup {
            RelatedLookup::Hyperlink(link) => pk_url(instance.get(col), ctx, &link),
            _ => json_of(instance.get(col)),
        }
    }

    /// The field as validated data renders it before `save()` (`.data` after `is_valid()`): a
    /// primary key through a foreign key, read from the `ActiveModel`; `None` (left out) for
    /// what would need the related rows.
    pub fn render_active(&self, active: &ActiveOf<P>) -> Option<Value>
    where
        ActiveOf<P>: ActiveModelTrait<Entity = EntityOf<P>>,
    {
        // A hyperlink needs the request, which validated data does not have.
        if !matches!(self.lookup, RelatedLookup::PrimaryKey) {
            return None;
        }
        let col = column::<EntityOf<P>>(self.pk_only()?).ok()?;
        active.get(col).into_value().map(json_of)
    }

    /// The name `OrderingFilter` may order by when the field is readable (DRF's
    /// `get_default_valid_fields`): a foreign key's Django name; `None` for other relations.
    pub fn ordering_source(&self, spec: &FieldSpec) -> Option<&'static str> {
        let relation = self.related.relation();
        (matches!(relation.kind, RelationKind::ForeignKey { .. }) && !spec.write_only).then_some(relation.name)
    }

    /// DRF's `to_representation(value)` of one related row.
    pub fn represent(&self, row: &T, ctx: &Context) -> Value {
        let field = |name: &str| {
            let info = T::info();
            let name = info.field(name).map_or(name, |f| f.column);
            column::<EntityOf<T>>(name).map_or(Value::Null, |col| json_of(row.get(col)))
        };
        match self.lookup {
            RelatedLookup::PrimaryKey => field(T::PK_COLUMN),
            RelatedLookup::Slug(slug_field) => field(slug_field),
            RelatedLookup::Hyperlink(link) => identity_url(row, ctx, &link),
            RelatedLookup::Text(display) => Value::String(display(row)),
        }
    }

    /// DRF's `to_internal_value(data)` of one item: the row `raw` names among the queryset's,
    /// or the field's error (a list of one message).
    pub(crate) async fn find(
        &self,
        raw: &Value,
        spec: &FieldSpec,
        ctx: &Context,
    ) -> Result<Result<T, Detail>, ApiError> {
        let wanted = match self.lookup {
            RelatedLookup::PrimaryKey => super::primary_key::declared_pk(raw, spec, T::info()),
            RelatedLookup::Slug(slug_field) => super::slug::slug_lookup(raw, spec, T::info(), slug_field),
            RelatedLookup::Hyperlink(link) => super::hyperlink::hyperlink_lookup(raw, spec, ctx, &link, T::info()),
            RelatedLookup::Text(_) => return Err(ApiError::internal("restframe: `string_related` is read-only")),
        };
        let (column_name, value, missing) = match wanted {
            Ok(wanted) => wanted,
            Err(detail) => return Ok(Err(detail)),
        };
        let Some(value) = value else { return Ok(Err(missing)) };
        let select = match self.queryset {
            Some(queryset) => queryset(ctx),
            None => EntityOf::<T>::find(),
        };
        let condition = Expr::col((Alias::new(T::info().table), Alias::new(column_name))).eq(value);
        Ok(crate::serializers::first(select.filter(condition), ctx.db()?).await?.ok_or(missing))
    }

    /// Stores the chosen row's referenced value (or `NULL`) in the foreign key column of the
    /// validated data.
    pub fn assign(&self, active: &mut ActiveOf<P>, row: Option<&T>) -> Result<(), ApiError>
    where
        ActiveOf<P>: ActiveModelTrait<Entity = EntityOf<P>>,
    {
        let RelationKind::ForeignKey { column: fk, target_column } = self.related.relation().kind else {
            return Err(ApiError::internal("restframe: only a foreign key is assigned"));
        };
        let fk = column::<EntityOf<P>>(fk)?;
        match row {
            Some(row) => Ok(active.try_set(fk, row.get(column::<EntityOf<T>>(target_column)?))?),
            // `allow_null` on a non-null column: the value stays unset and the database refuses
            // the row, as Django's `IntegrityError` does.
            None => {
                let _ = active.try_set(fk, null_of(sea_orm::ColumnTrait::def(&fk).get_column_type()));
                Ok(())
            }
        }
    }
}

/// The `NULL` of a foreign key column's type (what `try_set` accepts for a nullable key).
fn null_of(column_type: &sea_orm::ColumnType) -> sea_orm::Value {
    use sea_orm::ColumnType as C;
    use sea_orm::Value as V;
    match column_type {
        C::TinyInteger => V::TinyInt(None),
        C::SmallInteger => V::SmallInt(None),
        C::BigInteger => V::BigInt(None),
        C::TinyUnsigned => V::TinyUnsigned(None),
        C::SmallUnsigned => V::SmallUnsigned(None),
        C::Unsigned => V::Unsigned(None),
        C::BigUnsigned => V::BigUnsigned(None),
        C::Uuid => V::Uuid(None),
        C::String(_) | C::Char(_) | C::Text => V::String(None),
        _ => V::Int(None),
    }
}

/// A column value as JSON, as DRF renders a primary key or slug (numbers stay numbers).
pub(crate) fn json_of(value: sea_orm::Value) -> Value {
    use sea_orm::Value as V;
    match value {
        V::Bool(Some(b)) => Value::Bool(b),
        V::TinyInt(Some(n)) => n.into(),
        V::SmallInt(Some(n)) => n.into(),
        V::Int(Some(n)) => n.into(),
        V::BigInt(Some(n)) => n.into(),
        V::TinyUnsigned(Some(n)) => n.into(),
        V::SmallUnsigned(Some(n)) => n.into(),
        V::Unsigned(Some(n)) => n.into(),
        V::BigUnsigned(Some(n)) => n.into(),
        V::String(Some(s)) => Value::String(s),
        V::Char(Some(c)) => Value::String(c.to_string()),
        V::Uuid(Some(u)) => Value::String(u.to_string()),
        _ => Value::Null,
    }
}

/// DRF's `queryset=Model.objects.all()`: every row of the related table
/// (`#[field(primary_key_related, queryset = restframe::relations::all_rows)]`).
pub fn all_rows<E: EntityTrait>(_ctx: &Context) -> Select<E> {
    E::find()
}
