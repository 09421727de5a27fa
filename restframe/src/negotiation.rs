//! DRF's `DefaultContentNegotiation`: pick a renderer from `?format=` and the `Accept` header.

use std::sync::Arc;

use crate::exceptions::ApiError;
use crate::renderers::Renderer;

/// The chosen renderer (index into the view's renderers) and the accepted media type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negotiated {
    /// Index of the chosen renderer.
    pub renderer: usize,
    /// The media type that matched, with the client's parameters (`application/json; indent=4`).
    pub media_type: String,
}

/// Chooses a renderer like DRF: `?format=` filters the renderers (unknown format → 404), then
/// `Accept` entries grouped by specificity (q-values ignored), renderer order deciding within a
/// group. An absent `Accept` means `*/*`; an unsatisfiable one is 406.
pub fn select_renderer(
    renderers: &[Arc<dyn Renderer>],
    accept: Option<&str>,
    format: Option<&str>,
) -> Result<Negotiated, ApiError> {
    let candidates: Vec<usize> = match format {
        Some(f) => {
            let c: Vec<usize> = (0..renderers.len()).filter(|&i| renderers[i].format() == f).collect();
            if c.is_empty() {
                return Err(ApiError::not_found());
            }
            c
        }
        None => (0..renderers.len()).collect(),
    };
    // The common case: nothing to negotiate, the first renderer wins (what the general
    // algorithm below also returns), without building the precedence groups.
    if format.is_none()
        && accept.is_none_or(|a| a.trim() == "*/*")
        && let Some(first) = renderers.first()
    {
        return Ok(Negotiated { renderer: 0, media_type: first.media_type().to_owned() });
    }
    let accept = accept.unwrap_or("*/*");
    let entries: Vec<&str> = accept.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    let mut groups: [Vec<&str>; 4] = Default::default();
    for entry in &entries {
        groups[3 - precedence(entry)].push(entry);
    }
    for group in &groups {
        for &index in &candidates {
            let renderer_type = renderers[index].media_type();
            for entry in group {
                if media_type_matches(renderer_type, entry) {
                    let base = entry.split(';').next().unwrap_or("").trim();
                    let media_type = if base == "*/*" || base.ends_with("/*") {
                        renderer_type.to_owned()
                    } else {
                        (*entry).to_owned()
                    };
                    return Ok(Negotiated { renderer: index, media_type });
                }
            }
        }
    }
    Err(ApiError::not_acceptable())
}

fn params_without_q(entry: &str) -> usize {
    entry.split(';').skip(1).filter(|p| !p.trim().starts_with("q=")).count()
}

fn precedence(entry: &str) -> usize {
    let base = entry.split(';').next().unwrap_or("").trim();
    if base == "*/*" {
        0
    } else if base.ends_with("/*") {
        1
    } else if params_without_q(entry) == 0 {
        2
    } else {
        3
    }
}

fn media_type_matches(renderer_type: &str, accepted: &str) -> bool {
    let base = accepted.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (Some((at, asub)), Some((rt, rsub))) = (base.split_once('/'), renderer_type.split_once('/')) else {
        return false;
    };
    (at == "*" || at == rt) && (asub == "*" || asub == rsub)
}
