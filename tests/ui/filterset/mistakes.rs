use restframe::django_filters::{CharFilter, NumberFilter};

#[derive(restframe::FilterSet)]
#[filterset(fields(title(exact, contain)))]
struct UnknownLookups {
    #[filter(field_name = "pages", lookup_expr = "greater")]
    min_pages: NumberFilter,
    #[filter(lookup = "icontains")]
    title: CharFilter,
}

#[derive(restframe::FilterSet)]
struct NotAFilterClass {
    title: String,
}

#[derive(restframe::FilterSet)]
#[filterset(model = Book)]
struct UnknownOption;

fn main() {}
