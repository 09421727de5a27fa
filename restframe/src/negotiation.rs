//! DRF's `DefaultContentNegotiation`: pick a renderer from `?format=` and the `Accept` header.
//!
//! ```
//! use std::sync::Arc;
//! use restframe::negotiation::select_renderer;
//! use restframe::renderers::{JSONRenderer, Renderer};
//!
//! let renderers: Vec<Arc<dyn Renderer>> = vec![Arc::new(JSONRenderer)];
//! let chosen = select_renderer(&renderers, Some("text/html, */*;indent=2"), None).unwrap();
//! assert_eq!(chosen.media_type, "application/json;indent=2");
//! assert_eq!(select_renderer(&renderers, Some("text/html"), None).unwrap_err().status(), 406);
//! assert_eq!(select_renderer(&renderers, None, Some("xml")).unwrap_err().status(), 404);
//! ```

use std::borrow::Cow;
use std::sync::Arc;

use crate::exceptions::ApiError;
use crate::renderers::Renderer;

pub use crate::util::media_type_param;

/// Longest `Accept` header considered; longer ones are cut at the last comma before this.
pub const MAX_ACCEPT_LENGTH: usize = 8192;
/// Most `Accept` entries considered; later ones are ignored.
pub const MAX_ACCEPT_ENTRIES: usize = 64;
/// Longest single `Accept` entry; longer entries are skipped.
pub const MAX_ACCEPT_ENTRY_LENGTH: usize = 256;

/// The chosen renderer (index into the view's renderers) and the accepted media type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negotiated<'a> {
    /// Index of the chosen renderer.
    pub renderer: usize,
    /// The media type that matched, with the client's parameters (`application/json; indent=4`).
    /// Borrowed from the renderer or the `Accept` header whenever possible.
    pub media_type: Cow<'a, str>,
}

/// Chooses a renderer like DRF: `?format=` filters the renderers (unknown format → 404), then
/// `Accept` entries grouped by specificity (`type/sub;params` > `type/sub` > `type/*` > `*/*`,
/// q-values ignored), renderer order deciding within a group. An absent `Accept` means `*/*`;
/// a present but empty or unsatisfiable one is 406. Allocation-free unless a wildcard entry
/// carries parameters.
pub fn select_renderer<'a>(
    renderers: &'a [Arc<dyn Renderer>],
    accept: Option<&'a str>,
    format: Option<&str>,
) -> Result<Negotiated<'a>, ApiError> {
    // The usual request (no `Accept` or `*/*`, no `?format=`): the first renderer, exactly
    // what the general search below returns, without scanning the header four times.
    if format.is_none()
        && accept.is_none_or(|a| a.trim() == "*/*")
        && let Some(first) = renderers.first()
    {
        return Ok(Negotiated { renderer: 0, media_type: Cow::Borrowed(first.media_type()) });
    }
    let candidate = |i: &usize| format.is_none_or(|f| renderers[*i].format() == f);
    if format.is_some() && !(0..renderers.len()).any(|i| candidate(&i)) {
        return Err(ApiError::not_found());
    }
    let header = bounded(accept.unwrap_or("*/*"));
    for precedence in (0..=3).rev() {
        for index in (0..renderers.len()).filter(candidate) {
            let renderer_type = renderers[index].media_type();
            for entry in entries(header).filter(|e| e.precedence == precedence) {
                if !entry.matches(renderer_type) {
                    continue;
                }
                // The renderer's type is more specific than a wildcard entry: answer with the
                // renderer's type plus the entry's parameters.
                let media_type = if precedence >= 2 {
                    Cow::Borrowed(entry.raw)
                } else if entry.raw.contains(';') {
                    Cow::Owned(std::iter::once(renderer_type).chain(entry.params()).collect::<Vec<_>>().join(";"))
                } else {
                    Cow::Borrowed(renderer_type)
                };
                return Ok(Negotiated { renderer: index, media_type });
            }
        }
    }
    Err(ApiError::not_acceptable())
}

struct AcceptEntry<'a> {
    raw: &'a str,
    main: &'a str,
    sub: &'a str,
    precedence: u8,
}

impl<'a> AcceptEntry<'a> {
    fn parse(raw: &'a str) -> Self {
        let base = raw.split(';').next().unwrap_or("").trim();
        let (main, sub) = base.split_once('/').map_or((base, ""), |(m, s)| (m.trim(), s.trim()));
        let has_params = raw.split(';').skip(1).any(|p| p.split('=').next().is_some_and(|k| k.trim() != "q"));
        let precedence = if main == "*" {
            0
        } else if sub == "*" {
            1
        } else if has_params {
            3
        } else {
            2
        };
        AcceptEntry { raw, main, sub, precedence }
    }

    fn params(&self) -> impl Iterator<Item = &'a str> {
        self.raw.split(';').skip(1).map(str::trim)
    }

    /// DRF's `media_type_matches(renderer.media_type, entry)` for parameter-less renderer types
    /// (types compare case-insensitively, as Django lower-cases them).
    fn matches(&self, renderer_type: &str) -> bool {
        let Some((main, sub)) = renderer_type.split_once('/') else {
            return false;
        };
        (self.sub == "*" || self.sub.eq_ignore_ascii_case(sub))
            && (self.main == "*" || self.main.eq_ignore_ascii_case(main))
    }
}

/// The header cut to [`MAX_ACCEPT_LENGTH`] at a comma.
fn bounded(header: &str) -> &str {
    if header.len() <= MAX_ACCEPT_LENGTH {
        return header;
    }
    let cut = header.get(..MAX_ACCEPT_LENGTH).unwrap_or("");
    cut.rfind(',').map_or("", |pos| &header[..pos])
}

fn entries(header: &str) -> impl Iterator<Item = AcceptEntry<'_>> {
    header
        .split(',')
        .take(MAX_ACCEPT_ENTRIES)
        .map(str::trim)
        .filter(|entry| entry.len() <= MAX_ACCEPT_ENTRY_LENGTH)
        .map(AcceptEntry::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for DRF's Browsable API renderer, to test ordering between two renderers.
    struct Html;
    impl Renderer for Html {
        fn media_type(&self) -> &'static str {
            "text/html"
        }
        fn format(&self) -> &'static str {
            "api"
        }
        fn render(&self, _: &serde_json::Value, _: &str) -> Result<bytes::Bytes, ApiError> {
            Ok(bytes::Bytes::new())
        }
    }

    fn two() -> Vec<Arc<dyn Renderer>> {
        vec![Arc::new(crate::renderers::JSONRenderer), Arc::new(Html)]
    }

    fn pick(accept: Option<&str>, format: Option<&str>) -> Result<(usize, String), u16> {
        select_renderer(&two(), accept, format)
            .map(|n| (n.renderer, n.media_type.into_owned()))
            .map_err(|e| e.status().as_u16())
    }

    #[test]
    fn drf_negotiation_table() {
        assert_eq!(pick(None, None), Ok((0, "application/json".into())));
        assert_eq!(pick(Some(""), None), Err(406));
        assert_eq!(pick(Some("text/html, application/json"), None), Ok((0, "application/json".into())));
        assert_eq!(pick(Some("application/json;q=0.1, text/html"), None), Ok((0, "application/json;q=0.1".into())));
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(pick(Some(browser), None), Ok((1, "text/html".into())));
        assert_eq!(pick(Some("text/*"), None), Ok((1, "text/html".into())));
        assert_eq!(pick(Some("application/json; indent=4"), None), Ok((0, "application/json; indent=4".into())));
        assert_eq!(pick(Some("image/png"), None), Err(406));
        assert_eq!(pick(Some("text/html"), Some("json")), Err(406));
        assert_eq!(pick(Some("text/html"), Some("api")), Ok((1, "text/html".into())));
        assert_eq!(pick(None, Some("xml")), Err(404));
        assert_eq!(pick(Some("*/*;indent=2"), None), Ok((0, "application/json;indent=2".into())));
    }

    #[test]
    fn hostile_accept_headers_are_bounded() {
        let long_entry = format!("application/{}", "x".repeat(300));
        assert_eq!(pick(Some(&format!("{long_entry}, text/html")), None), Ok((1, "text/html".into())));
        let many = vec!["image/png"; 64].join(",") + ",application/json";
        assert_eq!(pick(Some(&many), None), Err(406));
        let huge = "image/png,".repeat(2000) + "application/json";
        assert_eq!(pick(Some(&huge), None), Err(406));
    }
}
