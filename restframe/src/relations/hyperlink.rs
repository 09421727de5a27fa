//! DRF's `HyperlinkedRelatedField(view_name, lookup_field, lookup_url_kwarg)` declared on a model
//! serializer: a related row is its URL, reversed as `HyperlinkedIdentityField` reverses an
//! object's own ([`crate::serializers::identity_url`]); an input URL is read back with the
//! resolver `reverse()` uses (the app's named routes), as DRF's `to_internal_value` does:
//!
//! | input | DRF's error |
//! |---|---|
//! | `5`, `true`, `[]` | `Incorrect type. Expected URL string, received int.` (`bool`, `list`) |
//! | `"/nope/"`, `"authors/1/"` (no leading `/`) | `Invalid hyperlink - No URL match.` |
//! | the URL of another route (`/books/1/` for `author-detail`) | `Invalid hyperlink - Incorrect URL match.` |
//! | `/authors/99/` (no such row, or outside the queryset) | `Invalid hyperlink - Object does not exist.` |
//!
//! `http://` and `https://` URLs are reduced to their path (any host, the query dropped, as
//! Python's `urlparse(data).path`), then percent-decoded.

use serde_json::Value;

use super::field::Wanted;
use super::primary_key::{is_integer, one};
use crate::fields::FieldSpec;
use crate::python::{int, type_name};
use crate::serializers::{Context, IdentityLink, ModelInfo};
use crate::util::percent_decode;

/// Python's `urlparse(url).path` of an `http:`/`https:` URL.
fn url_path(url: &str) -> &str {
    let rest = url.split_once(':').map_or(url, |(_, rest)| rest);
    let rest = match rest.strip_prefix("//") {
        Some(authority) => authority.find(['/', '?', '#']).map_or("", |at| &authority[at..]),
        None => rest,
    };
    rest.find(['?', '#']).map_or(rest, |at| &rest[..at])
}

/// The column and value the URL `raw` names for `link`, in related model `info`.
pub(super) fn hyperlink_lookup(
    raw: &Value,
    spec: &FieldSpec,
    ctx: &Context,
    link: &IdentityLink,
    info: &ModelInfo,
) -> Wanted {
    let Value::String(data) = raw else {
        let data_type = type_name(raw);
        return Err(one(spec.error(
            "incorrect_type",
            "Incorrect type. Expected URL string, received {data_type}.",
            &[("data_type", &data_type)],
        )));
    };
    let no_match = || one(spec.error("no_match", "Invalid hyperlink - No URL match.", &[]));
    let path = if data.starts_with("http:") || data.starts_with("https:") { url_path(data) } else { data };
    let path = percent_decode(path).ok_or_else(no_match)?;
    // Django's root resolver matches `^/`: a relative path resolves nowhere.
    let path = path.strip_prefix('/').ok_or_else(no_match)?;
    let urls = ctx.request().map(|request| request.settings().url_names());
    let (view_name, kwargs) = urls.and_then(|urls| urls.resolve(path)).ok_or_else(no_match)?;
    if view_name != link.view_name {
        return Err(one(spec.error("incorrect_match", "Invalid hyperlink - Incorrect URL match.", &[])));
    }
    let missing = one(spec.error("does_not_exist", "Invalid hyperlink - Object does not exist.", &[]));
    let lookup_field = link.lookup_field.unwrap_or("pk");
    let kwarg = link.lookup_url_kwarg.unwrap_or(lookup_field);
    let column = match link.lookup_field {
        None => info.pk_column,
        Some(field) => info.field(field).map_or(field, |f| f.column),
    };
    let Some((_, text)) = kwargs.iter().find(|(name, _)| name == kwarg) else {
        return Ok((column, None, missing));
    };
    // Django's `get_prep_value`: `int()` for an integer field (a `ValueError` is DRF's
    // "does not exist"), the text for any other.
    let value = if is_integer(info, column) {
        int(text, 10).and_then(|i| i64::try_from(i).ok()).map(sea_orm::Value::from)
    } else {
        Some(sea_orm::Value::from(text.clone()))
    };
    Ok((column, value, missing))
}

#[cfg(test)]
mod tests {
    use super::url_path;

    #[test]
    fn urls_reduce_to_their_path_as_pythons_urlparse() {
        assert_eq!(url_path("http://testserver/authors/1/"), "/authors/1/");
        assert_eq!(url_path("https://x/authors/1/?q=1#top"), "/authors/1/");
        assert_eq!(url_path("http:/authors/1/"), "/authors/1/");
        assert_eq!(url_path("http://host"), "");
    }
}
