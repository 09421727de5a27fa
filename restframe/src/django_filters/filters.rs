//! django-filter's `filters`: one [`Filter`] per query parameter, with the model path it
//! filters on (`field_name`), its lookup (`lookup_expr`) and its class (which form field cleans
//! the value).

use std::borrow::Cow;

/// django-filter's filter classes: which Django form field cleans the parameter's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterClass {
    /// `CharFilter` (`forms.CharField`: stripped, empty skipped, no NUL characters).
    Char,
    /// `NumberFilter` (`forms.DecimalField`: `Enter a number.`, at most `1e+50`).
    Number,
    /// The REST framework `BooleanFilter`: `true`/`false`/`1`/`0` in any case, anything else
    /// skipped.
    Boolean,
    /// `DateFilter` (`forms.DateField` with the English `DATE_INPUT_FORMATS`).
    Date,
    /// `DateTimeFilter` (`forms.DateTimeField`: Django's `parse_datetime`, then the English
    /// `DATETIME_INPUT_FORMATS` and `DATE_INPUT_FORMATS`; naive values are UTC).
    DateTime,
    /// `IsoDateTimeFilter` (`parse_datetime` only): what the REST framework `FilterSet` builds
    /// for a model `DateTimeField`.
    IsoDateTime,
    /// `TimeFilter` (`forms.TimeField`: `%H:%M:%S`, `%H:%M:%S.%f`, `%H:%M`).
    Time,
    /// `ChoiceFilter`: the value must be one of these, `Select a valid choice. X is not one of
    /// the available choices.` otherwise (what `filterset_fields` builds for a model field with
    /// `choices`).
    Choice(&'static [&'static str]),
    /// `RangeFilter`: two numbers from `<name>_min` and `<name>_max` (`RangeWidget`), either
    /// optional: `range`, `gte` or `lte` on the field.
    Range,
    /// `DateFromToRangeFilter`: two dates from `<name>_after` and `<name>_before`, from the
    /// start of the first day to the end of the last.
    DateFromToRange,
    /// `ModelChoiceFilter` on a foreign key: the value must be the key of an existing related row,
    /// `Select a valid choice. That choice is not one of the available choices.` otherwise.
    ModelChoice,
    /// `ModelMultipleChoiceFilter` on a to-many relation (`?genres=1&genres=2`): every value
    /// must be the key of an existing related row; rows having any of them match, once each.
    ModelMultipleChoice,
}

/// The Django lookups a filter may use (`lookup_expr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupExpr {
    /// `exact` (`=`).
    Exact,
    /// `iexact`: case-insensitive equality as Django runs it on each backend.
    IExact,
    /// `contains` (`LIKE '%x%'`; case-insensitive for ASCII on SQLite, as in Django).
    Contains,
    /// `icontains`.
    IContains,
    /// `startswith`.
    StartsWith,
    /// `istartswith`.
    IStartsWith,
    /// `endswith`.
    EndsWith,
    /// `iendswith`.
    IEndsWith,
    /// `in`: comma-separated values (django-filter's `BaseInFilter`).
    In,
    /// `gt`.
    Gt,
    /// `gte`.
    Gte,
    /// `lt`.
    Lt,
    /// `lte`.
    Lte,
    /// `isnull`: a boolean value (django-filter makes the filter a `BooleanFilter`).
    IsNull,
    /// `range`: two comma-separated values (django-filter's `BaseRangeFilter`), `BETWEEN`.
    Range,
}

impl LookupExpr {
    /// Every lookup, for parsing.
    const ALL: [LookupExpr; 15] = [
        Self::Exact,
        Self::IExact,
        Self::Contains,
        Self::IContains,
        Self::StartsWith,
        Self::IStartsWith,
        Self::EndsWith,
        Self::IEndsWith,
        Self::In,
        Self::Gt,
        Self::Gte,
        Self::Lt,
        Self::Lte,
        Self::IsNull,
        Self::Range,
    ];

    /// Django's name of the lookup (`icontains`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::IExact => "iexact",
            Self::Contains => "contains",
            Self::IContains => "icontains",
            Self::StartsWith => "startswith",
            Self::IStartsWith => "istartswith",
            Self::EndsWith => "endswith",
            Self::IEndsWith => "iendswith",
            Self::In => "in",
            Self::Gt => "gt",
            Self::Gte => "gte",
            Self::Lt => "lt",
            Self::Lte => "lte",
            Self::IsNull => "isnull",
            Self::Range => "range",
        }
    }

    /// The lookup Django names `name`.
    ///
    /// ```
    /// use restframe::django_filters::LookupExpr;
    /// assert_eq!(LookupExpr::parse("icontains"), Some(LookupExpr::IContains));
    /// assert_eq!(LookupExpr::parse("regex"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|lookup| lookup.as_str() == name)
    }
}

/// One django-filter filter: `NumberFilter(field_name="pages", lookup_expr="gte")` is
/// `Filter::number("pages").lookup_expr(LookupExpr::Gte)`.
///
/// ```
/// use restframe::django_filters::{Filter, FilterClass, LookupExpr};
///
/// let filter = Filter::char("title").lookup_expr(LookupExpr::IContains);
/// assert_eq!((filter.field_name(), filter.get_lookup_expr()), ("title", LookupExpr::IContains));
/// assert_eq!(filter.class(), Some(FilterClass::Char));
/// assert_eq!(Filter::new("author__name").class(), None); // chosen from the model field
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    field_name: Cow<'static, str>,
    lookup_expr: LookupExpr,
    class: Option<FilterClass>,
    distinct: bool,
    choice_labels: &'static [&'static str],
}

impl Filter {
    /// An `exact` filter on `field_name` (a model field, or a path through relations such as
    /// `genres__slug`) whose class comes from the model field, as `filterset_fields` builds them.
    pub fn new(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self {
            field_name: field_name.into(),
            lookup_expr: LookupExpr::Exact,
            class: None,
            distinct: false,
            choice_labels: &[],
        }
    }

    /// `CharFilter(field_name=...)`.
    pub fn char(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::Char)
    }

    /// `NumberFilter(field_name=...)`.
    pub fn number(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::Number)
    }

    /// `BooleanFilter(field_name=...)`.
    pub fn boolean(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::Boolean)
    }

    /// `DateFilter(field_name=...)`.
    pub fn date(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::Date)
    }

    /// `DateTimeFilter(field_name=...)`.
    pub fn datetime(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::DateTime)
    }

    /// `TimeFilter(field_name=...)`.
    pub fn time(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::Time)
    }

    /// `ChoiceFilter(field_name=..., choices=...)` (the choices' values; each is its own label
    /// unless [`Filter::choice_labels`] gives them).
    pub fn choice(field_name: impl Into<Cow<'static, str>>, choices: &'static [&'static str]) -> Self {
        Self::new(field_name).with_class(FilterClass::Choice(choices))
    }

    /// `RangeFilter(field_name=...)`: the parameters `<name>_min` and `<name>_max`.
    pub fn range(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::Range)
    }

    /// `DateFromToRangeFilter(field_name=...)`: the parameters `<name>_after` and
    /// `<name>_before`.
    pub fn date_from_to_range(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::DateFromToRange)
    }

    /// `ModelMultipleChoiceFilter(field_name=...)` on a to-many relation.
    pub fn model_multiple_choice(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::ModelMultipleChoice)
    }

    /// `ModelChoiceFilter(field_name=...)` on a foreign key.
    pub fn model_choice(field_name: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field_name).with_class(FilterClass::ModelChoice)
    }

    /// The filter with another class.
    #[must_use]
    pub fn with_class(mut self, class: FilterClass) -> Self {
        self.class = Some(class);
        self
    }

    /// The filter with another lookup (`lookup_expr=`).
    #[must_use]
    pub fn lookup_expr(mut self, lookup_expr: LookupExpr) -> Self {
        self.lookup_expr = lookup_expr;
        self
    }

    /// `distinct=True`: the queryset becomes `SELECT DISTINCT` when the filter applies (a
    /// filter across a to-many relation otherwise repeats a row per matching related row).
    #[must_use]
    pub fn distinct(mut self, distinct: bool) -> Self {
        self.distinct = distinct;
        self
    }

    /// The labels of a [`FilterClass::Choice`] filter's choices, one per value, as Django's
    /// `choices=[("draft", "Draft"), ...]` pairs give them: spectacular lists them in the
    /// parameter's description.
    ///
    /// ```
    /// use restframe::django_filters::Filter;
    ///
    /// let filter = Filter::choice("status", &["draft", "done"]).choice_labels(&["Draft", "Done"]);
    /// assert_eq!(filter.get_choice_labels(), ["Draft", "Done"]);
    /// ```
    #[must_use]
    pub fn choice_labels(mut self, labels: &'static [&'static str]) -> Self {
        self.choice_labels = labels;
        self
    }

    /// The labels given by [`Filter::choice_labels`] (empty: each value is its own label).
    pub fn get_choice_labels(&self) -> &'static [&'static str] {
        self.choice_labels
    }

    /// Whether the filter makes the queryset distinct.
    pub fn is_distinct(&self) -> bool {
        self.distinct
    }

    /// The model path the filter reads (`field_name`).
    pub fn field_name(&self) -> &str {
        &self.field_name
    }

    /// The lookup.
    pub fn get_lookup_expr(&self) -> LookupExpr {
        self.lookup_expr
    }

    /// The declared class; `None` when it comes from the model field.
    pub fn class(&self) -> Option<FilterClass> {
        self.class
    }
}

/// A declared filter's class, as the type of its field in `#[derive(FilterSet)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a django-filter filter class",
    label = "a declared filter's type is its class",
    note = "use a filter class from `restframe::django_filters` (`CharFilter`, `NumberFilter`, `DateFilter`, `ChoiceFilter`, `RangeFilter`, ...)"
)]
pub trait FilterType {
    /// The class.
    const CLASS: FilterClass;
}

macro_rules! filter_types {
    ($($name:ident => $class:ident, $doc:literal;)+) => {$(
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name;

        impl FilterType for $name {
            const CLASS: FilterClass = FilterClass::$class;
        }
    )+};
}

filter_types! {
    CharFilter => Char, "`CharFilter` in `#[derive(FilterSet)]` ([`FilterClass::Char`]).";
    NumberFilter => Number, "`NumberFilter` in `#[derive(FilterSet)]` ([`FilterClass::Number`]).";
    BooleanFilter => Boolean, "`BooleanFilter` in `#[derive(FilterSet)]` ([`FilterClass::Boolean`]).";
    DateFilter => Date, "`DateFilter` in `#[derive(FilterSet)]` ([`FilterClass::Date`]).";
    DateTimeFilter => DateTime, "`DateTimeFilter` in `#[derive(FilterSet)]` ([`FilterClass::DateTime`]).";
    IsoDateTimeFilter => IsoDateTime, "`IsoDateTimeFilter` in `#[derive(FilterSet)]` ([`FilterClass::IsoDateTime`]).";
    TimeFilter => Time, "`TimeFilter` in `#[derive(FilterSet)]` ([`FilterClass::Time`]).";
    RangeFilter => Range, "`RangeFilter` in `#[derive(FilterSet)]` ([`FilterClass::Range`]).";
    DateFromToRangeFilter => DateFromToRange,
        "`DateFromToRangeFilter` in `#[derive(FilterSet)]` ([`FilterClass::DateFromToRange`]).";
    ModelChoiceFilter => ModelChoice, "`ModelChoiceFilter` in `#[derive(FilterSet)]` ([`FilterClass::ModelChoice`]).";
    ModelMultipleChoiceFilter => ModelMultipleChoice,
        "`ModelMultipleChoiceFilter` in `#[derive(FilterSet)]` ([`FilterClass::ModelMultipleChoice`]).";
}

/// `ChoiceFilter` in `#[derive(FilterSet)]`, with its choices as `#[filter(choices("draft",
/// "live"))]` ([`FilterClass::Choice`]; without them no value is valid).
#[derive(Clone, Copy, Debug, Default)]
pub struct ChoiceFilter;

impl FilterType for ChoiceFilter {
    const CLASS: FilterClass = FilterClass::Choice(&[]);
}
