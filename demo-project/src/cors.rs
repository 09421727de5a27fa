//! CORS, configured like django-cors-headers' `CORS_ALLOWED_ORIGINS`: the environment variable
//! `CORS_ALLOWED_ORIGINS` lists the allowed origins, comma-separated
//! (`https://app.example.com,http://localhost:3000`); unset or empty, the server sends no CORS
//! headers, as in the tutorial. The rest is django-cors-headers' defaults, through tower-http's
//! `CorsLayer` around the app:
//!
//! - an allowed `Origin` is echoed in `Access-Control-Allow-Origin`; every response gets
//!   `Vary: origin`;
//! - a preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered by the layer
//!   with an empty 200, `Access-Control-Allow-Methods: DELETE,GET,OPTIONS,PATCH,POST,PUT`,
//!   `Access-Control-Allow-Headers: accept,authorization,content-type,user-agent,x-csrftoken,x-requested-with`
//!   and `Access-Control-Max-Age: 86400`;
//! - a plain `OPTIONS` (no `Access-Control-Request-Method`) still reaches the view (tower-http
//!   would answer every `OPTIONS` as a preflight).

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use restframe::App;
use restframe::server::{AppService, serve_listener, serve_listener_with};
use tokio::net::TcpListener;
use tower_http::cors::{AllowOrigin, Cors, CorsLayer};
use tower_layer::Layer;
use tower_service::Service;

use restframe::management::CommandError;

/// The environment variable with the allowed origins.
const ENV: &str = "CORS_ALLOWED_ORIGINS";

/// django-cors-headers' `default_methods`.
const ALLOW_METHODS: [http::Method; 6] = [
    http::Method::DELETE,
    http::Method::GET,
    http::Method::OPTIONS,
    http::Method::PATCH,
    http::Method::POST,
    http::Method::PUT,
];

/// django-cors-headers' `default_headers`.
const ALLOW_HEADERS: [&str; 6] =
    ["accept", "authorization", "content-type", "user-agent", "x-csrftoken", "x-requested-with"];

/// django-cors-headers' `CORS_PREFLIGHT_MAX_AGE` default: one day.
const MAX_AGE: Duration = Duration::from_secs(86_400);

/// Serves `app` with CORS when `CORS_ALLOWED_ORIGINS` is set, without it otherwise (the
/// layer-free path). An origin that is not `scheme://host[:port]` fails with
/// django-cors-headers' system-check message.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), CommandError> {
    let origins = allowed_origins(std::env::var(ENV).ok().as_deref()).map_err(CommandError::new)?;
    let served = match origins {
        None => serve_listener(listener, app, shutdown).await,
        Some(origins) => serve_listener_with(listener, app, layer(origins), shutdown).await,
    };
    served.map_err(CommandError::error)
}

/// The origins of `CORS_ALLOWED_ORIGINS`, `None` when unset or empty.
fn allowed_origins(value: Option<&str>) -> Result<Option<Vec<http::HeaderValue>>, String> {
    let origins: Vec<&str> = value.unwrap_or("").split(',').map(str::trim).filter(|o| !o.is_empty()).collect();
    if origins.is_empty() {
        return Ok(None);
    }
    origins.into_iter().map(origin).collect::<Result<Vec<_>, _>>().map(Some)
}

/// One origin, checked as django-cors-headers' `corsheaders.E013`/`E014` check it.
fn origin(text: &str) -> Result<http::HeaderValue, String> {
    let missing = || format!("Origin '{text}' in {ENV} is missing scheme or netloc");
    let (scheme, rest) = text.split_once("://").ok_or_else(missing)?;
    let netloc_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if scheme.is_empty() || netloc_end == 0 {
        return Err(missing());
    }
    let part = match rest[netloc_end..].chars().next() {
        None => return http::HeaderValue::from_str(text).map_err(|_| missing()),
        Some('/') => "path",
        Some('?') => "query",
        _ => "fragment",
    };
    Err(format!("Origin '{text}' in {ENV} should not have {part}"))
}

/// The CORS layer for `origins`, with django-cors-headers' defaults.
fn layer(origins: Vec<http::HeaderValue>) -> DemoCors {
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods(ALLOW_METHODS.to_vec())
        .allow_headers(ALLOW_HEADERS.map(http::HeaderName::from_static))
        .max_age(MAX_AGE)
        .vary([http::header::ORIGIN]);
    DemoCors { cors }
}

/// tower-http's CORS with plain `OPTIONS` requests passed through to the view.
#[derive(Clone, Debug)]
struct DemoCors {
    cors: CorsLayer,
}

impl Layer<AppService> for DemoCors {
    type Service = PlainOptions<Cors<RestoreOptions>>;

    fn layer(&self, app: AppService) -> Self::Service {
        PlainOptions(self.cors.layer(RestoreOptions(app)))
    }
}

/// Marks a plain `OPTIONS` that travels through the CORS layer as a `GET`.
#[derive(Clone, Copy, Debug)]
struct WasOptions;

/// Outside the CORS layer: a plain `OPTIONS` (not a preflight) goes through it as a `GET`, so
/// the layer adds the simple-request headers and lets it reach the view.
#[derive(Clone, Debug)]
struct PlainOptions<S>(S);

impl<S, B> Service<http::Request<B>> for PlainOptions<S>
where
    S: Service<http::Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        let preflight = request.headers().contains_key(http::header::ACCESS_CONTROL_REQUEST_METHOD);
        if request.method() == http::Method::OPTIONS && !preflight {
            *request.method_mut() = http::Method::GET;
            request.extensions_mut().insert(WasOptions);
        }
        self.0.call(request)
    }
}

/// Inside the CORS layer: the plain `OPTIONS` is an `OPTIONS` again for the view.
#[derive(Clone, Debug)]
struct RestoreOptions(AppService);

impl<B> Service<http::Request<B>> for RestoreOptions
where
    AppService: Service<http::Request<B>, Response = restframe::app::HttpResponse, Error = Infallible>,
{
    type Response = restframe::app::HttpResponse;
    type Error = Infallible;
    type Future = <AppService as Service<http::Request<B>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Service::<http::Request<B>>::poll_ready(&mut self.0, cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        if request.extensions_mut().remove::<WasOptions>().is_some() {
            *request.method_mut() = http::Method::OPTIONS;
        }
        self.0.call(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_read_like_cors_allowed_origins() {
        assert_eq!(allowed_origins(None), Ok(None));
        assert_eq!(allowed_origins(Some(" , ")), Ok(None));
        assert_eq!(
            allowed_origins(Some("https://app.example.com, http://localhost:3000")),
            Ok(Some(vec![
                http::HeaderValue::from_static("https://app.example.com"),
                http::HeaderValue::from_static("http://localhost:3000")
            ]))
        );
        assert_eq!(
            allowed_origins(Some("app.example.com")),
            Err("Origin 'app.example.com' in CORS_ALLOWED_ORIGINS is missing scheme or netloc".to_owned())
        );
        assert_eq!(
            allowed_origins(Some("https://app.example.com/")),
            Err("Origin 'https://app.example.com/' in CORS_ALLOWED_ORIGINS should not have path".to_owned())
        );
        assert_eq!(
            allowed_origins(Some("https://a.example?x")),
            Err("Origin 'https://a.example?x' in CORS_ALLOWED_ORIGINS should not have query".to_owned())
        );
    }
}
