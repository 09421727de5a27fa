//! A shop: decimal, date-time, time and choice fields, `RangeFilter` / `DateFromToRangeFilter`
//! parameters, and leaves typed through a foreign key (`maker__born`, `maker__rating`). The
//! expected answers are django-filter 26.2's (the REST framework `FilterSet`) on the same models
//! and data; SQLite and PostgreSQL answer alike.

use restframe::django_filters::{
    ChoiceFilter, DateFromToRangeFilter, DateTimeFilter, DjangoFilterBackend, FilterSet, FilterSetClass, FilterSetView,
    NumberFilter, RangeFilter, TimeFilter,
};
use restframe::filters::BaseFilterBackend;
use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::test::APIClient;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Schema, Select, Set};

pub(crate) mod maker {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "shop_maker")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub born: Option<Date>,
        pub premium: bool,
        // A `numeric` column read as a float (sqlx decodes no `numeric` into `f64`).
        #[sea_orm(column_type = "Decimal(Some((4, 2)))", select_as = "float8")]
        pub rating: f64,
        pub joined: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "shop_item")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        #[sea_orm(column_type = "Decimal(Some((6, 2)))", select_as = "float8")]
        pub price: Option<f64>,
        pub added: Option<DateTimeUtc>,
        pub opens: Option<Time>,
        #[restframe(choices("draft", "live", "gone"))]
        pub status: String,
        #[restframe(foreign_key = super::maker::Model)]
        pub maker_id: Option<i32>,
        pub stock: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = item::Model, fields(id))]
struct ItemSerializer;

/// `ItemList`: `filterset_fields`, or `filterset_class = ItemFilter` when `declared`.
struct Items {
    db: DatabaseConnection,
    declared: bool,
}

#[generic_view(ListAPIView)]
impl GenericAPIView for Items {
    type Serializer = ItemSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<item::Entity> {
        item::Entity::find().order_by_asc(item::Column::Id)
    }
    async fn filter_queryset(
        &self,
        request: &Request,
        queryset: Select<item::Entity>,
    ) -> Result<Select<item::Entity>, ApiError> {
        DjangoFilterBackend.filter_queryset(request, queryset, self).await
    }
}

impl FilterSetView for Items {
    fn filterset_fields(&self) -> &[&'static str] {
        &[
            "price",
            "added",
            "opens",
            "status",
            "maker__born",
            "maker__premium",
            "maker__rating",
            "maker__joined",
            "maker__name",
            "stock",
        ]
    }
    fn filterset_class(&self) -> Option<FilterSet> {
        self.declared.then(ItemFilter::filterset)
    }
}

/// ```python
/// class ItemFilter(FilterSet):
///     price_range = RangeFilter(field_name="price")
///     stock_range = RangeFilter(field_name="stock")
///     added_range = DateFromToRangeFilter(field_name="added")
///     born_range = DateFromToRangeFilter(field_name="maker__born")
///     added_after = DateTimeFilter(field_name="added", lookup_expr="gte")
///     opens_before = TimeFilter(field_name="opens", lookup_expr="lt")
///     state = ChoiceFilter(field_name="status", choices=[("draft", "Draft"), ("live", "Live")])
///     price_gt = NumberFilter(field_name="price", lookup_expr="gt")
///     class Meta: model = Item; fields = ["price"]
/// ```
#[derive(restframe::FilterSet)]
#[filterset(fields(price))]
struct ItemFilter {
    #[filter(field_name = "price")]
    price_range: RangeFilter,
    #[filter(field_name = "stock")]
    stock_range: RangeFilter,
    #[filter(field_name = "added")]
    added_range: DateFromToRangeFilter,
    #[filter(field_name = "maker__born")]
    born_range: DateFromToRangeFilter,
    #[filter(field_name = "added", lookup_expr = "gte")]
    added_after: DateTimeFilter,
    #[filter(field_name = "opens", lookup_expr = "lt")]
    opens_before: TimeFilter,
    #[filter(field_name = "status", choices("draft", "live"))]
    state: ChoiceFilter,
    #[filter(field_name = "price", lookup_expr = "gt")]
    price_gt: NumberFilter,
}

async fn client() -> APIClient {
    let db = restframe::db::test_database().await.expect("database");
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(maker::Entity)).await.expect("maker table");
    db.execute(&schema.create_table_from_entity(item::Entity)).await.expect("item table");
    let utc = |y, mo, d, h, mi, s, micro| {
        chrono::NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_micro_opt(h, mi, s, micro))
            .map(|dt| dt.and_utc())
    };
    let makers = [
        ("Ann", chrono::NaiveDate::from_ymd_opt(1960, 5, 1), true, 4.5, utc(2020, 1, 1, 9, 0, 0, 0)),
        ("Bob", None, false, 3.25, None),
    ];
    for (name, born, premium, rating, joined) in makers {
        let row = maker::ActiveModel {
            name: Set(name.into()),
            born: Set(born),
            premium: Set(premium),
            rating: Set(rating),
            joined: Set(joined),
            ..Default::default()
        };
        maker::Entity::insert(row).exec(&db).await.expect("maker");
    }
    let time = chrono::NaiveTime::from_hms_opt;
    let items = [
        ("Lamp", Some(12.5), utc(2026, 3, 1, 8, 30, 0, 0), time(9, 0, 0), "live", Some(1), 5),
        ("Desk", Some(1200.0), utc(2026, 3, 1, 8, 30, 0, 500_000), time(9, 30, 15), "draft", Some(2), 0),
        ("Pen", None, None, None, "gone", None, 100),
    ];
    for (name, price, added, opens, status, maker_id, stock) in items {
        let row = item::ActiveModel {
            name: Set(name.into()),
            price: Set(price),
            added: Set(added),
            opens: Set(opens),
            status: Set(status.into()),
            maker_id: Set(maker_id),
            stock: Set(stock),
            ..Default::default()
        };
        item::Entity::insert(row).exec(&db).await.expect("item");
    }
    let urls = urlpatterns![
        path("items/", Items { db: db.clone(), declared: false }),
        path("items2/", Items { db: db.clone(), declared: true }),
    ];
    APIClient::new(App::new(Settings::default(), urls).expect("urls"))
}

async fn assert_answers(cases: &[(&str, u16, &str)]) {
    let client = client().await;
    for (url, status, body) in cases {
        let response = client.get(url).await;
        assert_eq!((response.status().as_u16(), response.text().as_str()), (*status, *body), "{url}");
    }
}

/// `NumberFilter` on a `DecimalField` (a plain `forms.DecimalField`, plus `MaxValueValidator(1e50)`).
#[tokio::test]
async fn decimal_columns() {
    assert_answers(&[
        ("/items/?price=12.5", 200, r#"[{"id":1}]"#),
        ("/items/?price=1200", 200, r#"[{"id":2}]"#),
        ("/items/?price=1.2e3", 200, r#"[{"id":2}]"#),
        ("/items/?price=%2012.50%20", 200, r#"[{"id":1}]"#),
        ("/items/?price=-0", 200, r#"[]"#),
        ("/items/?price=12.555", 200, r#"[]"#),
        ("/items/?price=99999999", 200, r#"[]"#),
        ("/items/?price=1e50", 200, r#"[]"#),
        ("/items/?price=NaN", 400, r#"{"price":["Enter a number."]}"#),
        ("/items/?price=", 200, r#"[{"id":1},{"id":2},{"id":3}]"#),
        ("/items/?price=%2B12.5", 200, r#"[{"id":1}]"#),
        ("/items2/?price_gt=12.49", 200, r#"[{"id":1},{"id":2}]"#),
        ("/items2/?price_gt=1e40", 200, r#"[]"#),
        ("/items2/?price_gt=-1e40", 200, r#"[{"id":1},{"id":2}]"#),
        ("/items/?stock=4.9", 200, r#"[]"#),
    ])
    .await;
}

/// `IsoDateTimeFilter` (`filterset_fields`), `DateTimeFilter`, `TimeFilter`. Django on SQLite is a
/// 500 for `9999-12-31T23:59:59-01:00` (`OverflowError`); PostgreSQL's empty answer is kept.
#[tokio::test]
async fn dates_and_times() {
    assert_answers(&[
        ("/items/?added=2026-03-01%2008:30", 200, r#"[{"id":1}]"#),
        ("/items/?added=2026-03-01T08:30:00Z", 200, r#"[{"id":1}]"#),
        ("/items/?added=2026-03-01T09:30:00%2B01:00", 200, r#"[{"id":1}]"#),
        ("/items/?added=2026-03-01%2008:30:00.5", 200, r#"[{"id":2}]"#),
        ("/items/?added=03/01/2026%2008:30", 400, r#"{"added":["Enter a valid date/time."]}"#),
        ("/items/?added=Mar%201%202026", 400, r#"{"added":["Enter a valid date/time."]}"#),
        ("/items/?added=2026-03-01", 200, r#"[]"#),
        ("/items/?added=2026-3-1%208:30", 200, r#"[{"id":1}]"#),
        ("/items/?added=20260301T083000", 200, r#"[{"id":1}]"#),
        ("/items/?added=2026-03-01%2008", 200, r#"[]"#),
        ("/items/?added=2026-03-01%2025:00", 400, r#"{"added":["Enter a valid date/time."]}"#),
        ("/items/?added=2026-02-30%2008:30", 400, r#"{"added":["Enter a valid date/time."]}"#),
        ("/items/?added=abc", 400, r#"{"added":["Enter a valid date/time."]}"#),
        ("/items/?added=%20", 400, r#"{"added":["Enter a valid date/time."]}"#),
        ("/items/?added=2026-03-01T08:30:00%2B25:00", 400, r#"{"added":["Enter a valid date/time."]}"#),
        ("/items/?added=2026-03-01%2008:30:00%20%2B0100", 200, r#"[]"#),
        ("/items/?added=9999-12-31T23:59:59-01:00", 200, r#"[]"#),
        ("/items2/?added_after=2026-03-01%2008:30:00.1", 200, r#"[{"id":2}]"#),
        ("/items2/?added_after=2026-03-01", 200, r#"[{"id":1},{"id":2}]"#),
        ("/items2/?added_after=03/01/2026%2008:30:01", 200, r#"[]"#),
        ("/items2/?added_after=Mar%201%202026", 200, r#"[{"id":1},{"id":2}]"#),
        ("/items2/?added_after=x", 400, r#"{"added_after":["Enter a valid date/time."]}"#),
        ("/items/?opens=09:00", 200, r#"[{"id":1}]"#),
        ("/items/?opens=9:00", 200, r#"[{"id":1}]"#),
        ("/items/?opens=09:30:15.000", 200, r#"[{"id":2}]"#),
        ("/items/?opens=09:30:15.0000001", 400, r#"{"opens":["Enter a valid time."]}"#),
        ("/items/?opens=0930", 400, r#"{"opens":["Enter a valid time."]}"#),
        ("/items/?opens=09:30:15Z", 400, r#"{"opens":["Enter a valid time."]}"#),
        ("/items/?opens=25:00", 400, r#"{"opens":["Enter a valid time."]}"#),
        ("/items/?opens=%2009:00%20", 200, r#"[{"id":1}]"#),
        ("/items2/?opens_before=09:30", 200, r#"[{"id":1}]"#),
        ("/items2/?opens_before=09:30:16", 200, r#"[{"id":1},{"id":2}]"#),
        ("/items2/?opens_before=x", 400, r#"{"opens_before":["Enter a valid time."]}"#),
    ])
    .await;
}

/// `ChoiceFilter`: declared with its choices, or built by `filterset_fields` for a model field
/// with `choices`; the value as sent, not stripped.
#[tokio::test]
async fn choices() {
    assert_answers(&[
        ("/items/?status=live", 200, r#"[{"id":1}]"#),
        ("/items/?status=gone", 200, r#"[{"id":3}]"#),
        (
            "/items/?status=LIVE",
            400,
            r#"{"status":["Select a valid choice. LIVE is not one of the available choices."]}"#,
        ),
        (
            "/items/?status=nope",
            400,
            r#"{"status":["Select a valid choice. nope is not one of the available choices."]}"#,
        ),
        ("/items/?status=", 200, r#"[{"id":1},{"id":2},{"id":3}]"#),
        (
            "/items/?status=%20live%20",
            400,
            r#"{"status":["Select a valid choice.  live  is not one of the available choices."]}"#,
        ),
        (
            "/items/?status=a%00b",
            400,
            r#"{"status":["Select a valid choice. a\u0000b is not one of the available choices."]}"#,
        ),
        ("/items/?status=draft&status=live", 200, r#"[{"id":1}]"#),
        ("/items2/?state=draft", 200, r#"[{"id":2}]"#),
        (
            "/items2/?state=gone",
            400,
            r#"{"state":["Select a valid choice. gone is not one of the available choices."]}"#,
        ),
        ("/items2/?state=", 200, r#"[{"id":1},{"id":2},{"id":3}]"#),
        (
            "/items2/?state=null",
            400,
            r#"{"state":["Select a valid choice. null is not one of the available choices."]}"#,
        ),
        (
            "/items2/?state=%20live%20",
            400,
            r#"{"state":["Select a valid choice.  live  is not one of the available choices."]}"#,
        ),
        (
            "/items2/?state=a%00b",
            400,
            r#"{"state":["Select a valid choice. a\u0000b is not one of the available choices."]}"#,
        ),
    ])
    .await;
}

/// `RangeFilter` (`_min` / `_max`) and `DateFromToRangeFilter` (`_after` / `_before`).
#[tokio::test]
async fn ranges() {
    assert_answers(&[
        ("/items2/?price_range_min=12", 200, r#"[{"id":1},{"id":2}]"#),
        ("/items2/?price_range_max=12.5", 200, r#"[{"id":1}]"#),
        ("/items2/?price_range_min=12&price_range_max=13", 200, r#"[{"id":1}]"#),
        ("/items2/?price_range_min=13&price_range_max=12", 200, r#"[]"#),
        ("/items2/?price_range_min=abc", 400, r#"{"price_range":["Enter a number."]}"#),
        ("/items2/?price_range_min=abc&price_range_max=x", 400, r#"{"price_range":["Enter a number."]}"#),
        ("/items2/?price_range_min=1&price_range_max=x", 400, r#"{"price_range":["Enter a number."]}"#),
        ("/items2/?price_range_min=&price_range_max=", 200, r#"[{"id":1},{"id":2},{"id":3}]"#),
        ("/items2/?price_range=5", 200, r#"[{"id":1},{"id":2},{"id":3}]"#),
        ("/items2/?price_range_min=1e51", 200, r#"[]"#),
        ("/items2/?price_range_min=1&price_range_min=13", 200, r#"[{"id":2}]"#),
        ("/items2/?stock_range_min=1&stock_range_max=5", 200, r#"[{"id":1}]"#),
        ("/items2/?stock_range_max=1e40", 200, r#"[{"id":1},{"id":2},{"id":3}]"#),
        ("/items2/?stock_range_min=4.5", 200, r#"[{"id":1},{"id":3}]"#),
        ("/items2/?added_range_after=2026-03-01", 200, r#"[{"id":1},{"id":2}]"#),
        ("/items2/?added_range_before=2026-03-01", 200, r#"[{"id":1},{"id":2}]"#),
        ("/items2/?added_range_before=2026-02-28", 200, r#"[]"#),
        ("/items2/?added_range_after=2026-03-02", 200, r#"[]"#),
        ("/items2/?added_range_after=x", 400, r#"{"added_range":["Enter a valid date."]}"#),
        ("/items2/?added_range_after=03/01/2026", 200, r#"[{"id":1},{"id":2}]"#),
        ("/items2/?added_range_after=2026-03-01T00:00", 400, r#"{"added_range":["Enter a valid date."]}"#),
        ("/items2/?born_range_after=1960-05-01", 200, r#"[{"id":1}]"#),
        ("/items2/?born_range_before=1960-04-30", 200, r#"[]"#),
        ("/items2/?born_range_after=1960-05-01&born_range_before=1960-05-01", 200, r#"[{"id":1}]"#),
    ])
    .await;
}

/// A path through a foreign key filters with the class of the related model's field.
#[tokio::test]
async fn related_leaves_are_typed() {
    assert_answers(&[
        ("/items/?maker__born=1960-05-01", 200, r#"[{"id":1}]"#),
        ("/items/?maker__born=5/1/1960", 200, r#"[{"id":1}]"#),
        ("/items/?maker__born=x", 400, r#"{"maker__born":["Enter a valid date."]}"#),
        ("/items/?maker__premium=true", 200, r#"[{"id":1}]"#),
        ("/items/?maker__premium=false", 200, r#"[{"id":2}]"#),
        ("/items/?maker__premium=x", 200, r#"[{"id":1},{"id":2},{"id":3}]"#),
        ("/items/?maker__rating=4.5", 200, r#"[{"id":1}]"#),
        ("/items/?maker__rating=abc", 400, r#"{"maker__rating":["Enter a number."]}"#),
        ("/items/?maker__joined=2020-01-01T09:00Z", 200, r#"[{"id":1}]"#),
        ("/items/?maker__joined=2020-01-01%2009:00", 200, r#"[{"id":1}]"#),
        ("/items/?maker__joined=x", 400, r#"{"maker__joined":["Enter a valid date/time."]}"#),
        ("/items/?maker__name=Ann", 200, r#"[{"id":1}]"#),
    ])
    .await;
}

/// Every invalid parameter, in filter order (`Meta.fields` first, then the declared filters).
#[tokio::test]
async fn errors_in_filter_order() {
    assert_answers(&[
        (
            "/items/?opens=x&status=x&maker__born=x",
            400,
            r#"{"opens":["Enter a valid time."],"status":["Select a valid choice. x is not one of the available choices."],"maker__born":["Enter a valid date."]}"#,
        ),
            ("/items/?price=12.5&stock=abc&added=x&opens=y&maker__born=z", 400, r#"{"added":["Enter a valid date/time."],"opens":["Enter a valid time."],"maker__born":["Enter a valid date."],"stock":["Enter a number."]}"#),
            ("/items2/?price_range_min=x&state=y&added_range_before=z&price=w", 400, r#"{"price":["Enter a number."],"price_range":["Enter a number."],"added_range":["Enter a valid date."],"state":["Select a valid choice. y is not one of the available choices."]}"#),
    ])
    .await;
}
