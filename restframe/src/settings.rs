//! DRF's `api_settings`: project-wide defaults that each view may override.
//!
//! [`Settings`] is what [`App::new`](crate::App::new) is built from: the class lists, the
//! exception handler, the server's address and limits, and the per-request
//! [`RequestConfig`] every [`Request`] carries.
//!
//! ```
//! use restframe::prelude::*;
//!
//! let settings = Settings::default()
//!     .default_permission_classes(permissions![IsAuthenticated])
//!     .default_throttle_rate("anon", "100/day");
//! assert_eq!(settings.server_limits().data_upload_max_memory_size, 2_621_440);
//! ```

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::authentication::Authenticators;
use crate::exceptions::{ApiError, ImproperlyConfigured};
use crate::parsers::{FormParser, JSONParser, MultiPartParser, Parsers};
use crate::permissions::{AllowAny, Permissions};
use crate::renderers::{JSONRenderer, Renderers};
use crate::request::{Request, RequestConfig};
use crate::response::Response;
use crate::throttling::{Clock, Rate, ThrottleStore, Throttles};

/// DRF's `EXCEPTION_HANDLER`: turns an error into a response, or `None` to let it become a 500.
pub type ExceptionHandler = Arc<dyn Fn(&ApiError, &Request) -> Option<Response> + Send + Sync>;

/// The project settings (DRF's `REST_FRAMEWORK` dict plus the few Django settings we honour),
/// set through the builder methods and read through the getters.
#[derive(Clone)]
pub struct Settings {
    authentication_classes: Authenticators,
    permission_classes: Permissions,
    throttle_classes: Throttles,
    parser_classes: Parsers,
    renderer_classes: Renderers,
    /// `None` is DRF's default handler ([`crate::views::exception_handler`]).
    exception_handler: Option<ExceptionHandler>,
    server: ServerLimits,
    request: RequestConfig,
    /// The first throttle rate that did not parse, reported by `App::new`.
    rate_error: Option<ImproperlyConfigured>,
    /// Unknown URLs answer DRF's JSON 404 instead of Django's HTML page.
    json_404: bool,
}

/// The settings the server reads (Django's `runserver` address, the header and body timeouts,
/// `DATA_UPLOAD_MAX_MEMORY_SIZE` and the connection limits), as one copyable value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerLimits {
    /// Where [`crate::serve`] listens (default `127.0.0.1:8000`, like `runserver`).
    pub bind_address: SocketAddr,
    /// How long a client may take to send request headers before the connection is closed
    /// (default 30 s). A connection silent for one to two such periods with no request in
    /// flight is closed too.
    pub header_read_timeout: Duration,
    /// Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` (default 2,621,440 bytes). restframe applies it to
    /// every request body, file uploads included, and answers 413.
    pub data_upload_max_memory_size: usize,
    /// The longest gap allowed between two reads of a request body once its headers are in
    /// (default 30 s, like `header_read_timeout`; nginx's `client_body_timeout` is 60 s, Apache's
    /// mod_reqtimeout 20 s). A client that stops sending gets
    /// `408 {"detail":"Timed out reading the request body."}` with `Connection: close`.
    pub body_read_timeout: Duration,
    /// The slowest average rate, in bytes per second, at which a body may arrive (default 500,
    /// Apache mod_reqtimeout's `MinRate`; 0 turns the rule off). Every body has
    /// `body_read_timeout` plus one second per `body_min_rate` bytes received to arrive in
    /// full; a slower one gets the same 408.
    pub body_min_rate: u32,
    /// How many connections the server holds open at once (default 1,000, gunicorn's
    /// `worker_connections`). At the cap it stops accepting: new clients wait in the
    /// listen backlog until a connection ends.
    pub max_connections: usize,
    /// The most request bodies, in bytes, one connection may hold in memory at once (default
    /// 10,485,760 = four full-size bodies; never less than `data_upload_max_memory_size`).
    /// Matters for HTTP/2, where one connection carries many requests: a stream whose body
    /// does not fit waits (its flow-control window stays shut) until another finishes, within
    /// the body timeouts.
    pub connection_body_memory: usize,
    /// HTTP/2 `SETTINGS_MAX_CONCURRENT_STREAMS` (default 100, the minimum RFC 9113
    /// recommends; nginx uses 128): requests one HTTP/2 connection may have in flight.
    pub http2_max_concurrent_streams: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            authentication_classes: Authenticators::new(Vec::new()),
            permission_classes: crate::permissions![AllowAny],
            throttle_classes: Throttles::new(Vec::new()),
            parser_classes: crate::parsers![JSONParser, FormParser, MultiPartParser],
            renderer_classes: crate::renderers![JSONRenderer],
            exception_handler: None,
            json_404: false,
            server: ServerLimits {
                bind_address: SocketAddr::from(([127, 0, 0, 1], 8000)),
                header_read_timeout: Duration::from_secs(30),
                data_upload_max_memory_size: 2_621_440,
                body_read_timeout: Duration::from_secs(30),
                body_min_rate: 500,
                max_connections: 1_000,
                connection_body_memory: 10 * 1024 * 1024,
                http2_max_concurrent_streams: 100,
            },
            request: RequestConfig::default(),
            rate_error: None,
        }
    }
}

impl Settings {
    /// Sets `DEFAULT_AUTHENTICATION_CLASSES` (default: none, so requests are anonymous; DRF's
    /// Session/Basic defaults need a user backend that the project supplies).
    #[must_use]
    pub fn default_authentication_classes(mut self, classes: Authenticators) -> Self {
        self.authentication_classes = classes;
        self
    }
    /// Sets `DEFAULT_PERMISSION_CLASSES` (default `[AllowAny]`).
    #[must_use]
    pub fn default_permission_classes(mut self, classes: Permissions) -> Self {
        self.permission_classes = classes;
        self
    }
    /// Sets `DEFAULT_THROTTLE_CLASSES` (default none).
    #[must_use]
    pub fn default_throttle_classes(mut self, classes: Throttles) -> Self {
        self.throttle_classes = classes;
        self
    }
    /// Sets one entry of `DEFAULT_THROTTLE_RATES` (`"100/day"`), parsed here, once. A rate that
    /// does not parse makes [`App::new`](crate::App::new) fail with `ImproperlyConfigured`.
    #[must_use]
    pub fn default_throttle_rate(mut self, scope: &str, rate: &str) -> Self {
        match Rate::parse(rate) {
            Ok(rate) => self.request.set_throttle_rate(scope, Some(rate)),
            Err(err) => {
                let err = ImproperlyConfigured(format!("DEFAULT_THROTTLE_RATES[{scope:?}]: {err}"));
                self.rate_error.get_or_insert(err);
            }
        }
        self
    }
    /// Sets `DEFAULT_PARSER_CLASSES` (default JSON, form, multipart).
    #[must_use]
    pub fn default_parser_classes(mut self, classes: Parsers) -> Self {
        self.parser_classes = classes;
        self
    }
    /// Sets `DEFAULT_RENDERER_CLASSES` (default JSON; restframe has no Browsable API).
    #[must_use]
    pub fn default_renderer_classes(mut self, classes: Renderers) -> Self {
        self.renderer_classes = classes;
        self
    }
    /// Sets `EXCEPTION_HANDLER` (default [`crate::views::exception_handler`]).
    #[must_use]
    pub fn exception_handler(
        mut self,
        handler: impl Fn(&ApiError, &Request) -> Option<Response> + Send + Sync + 'static,
    ) -> Self {
        self.exception_handler = Some(Arc::new(handler));
        self
    }
    /// Sets `NON_FIELD_ERRORS_KEY` (default `non_field_errors`).
    #[must_use]
    pub fn non_field_errors_key(mut self, key: &str) -> Self {
        self.request.non_field_errors_key = key.to_owned();
        self
    }
    /// Sets `SEARCH_PARAM` (default `search`), the query parameter of
    /// [`SearchFilter`](crate::filters::SearchFilter).
    #[must_use]
    pub fn search_param(mut self, name: &str) -> Self {
        self.request.search_param = name.to_owned();
        self
    }
    /// Sets `URL_FIELD_NAME` (default `url`): the field whose value a created object's
    /// `Location` header carries (DRF's `get_success_headers`). A hyperlinked serializer names
    /// its identity field with `#[serializer(hyperlinked, url_field_name = "...")]`.
    #[must_use]
    pub fn url_field_name(mut self, name: &str) -> Self {
        self.request.url_field_name = name.to_owned();
        self
    }
    /// Sets `ORDERING_PARAM` (default `ordering`), the query parameter of
    /// [`OrderingFilter`](crate::filters::OrderingFilter).
    #[must_use]
    pub fn ordering_param(mut self, name: &str) -> Self {
        self.request.ordering_param = name.to_owned();
        self
    }
    /// Sets Django's `APPEND_SLASH` (default `true`): a path that matches no route but would
    /// with a trailing `/` gets `CommonMiddleware`'s `301` redirect.
    #[must_use]
    pub fn append_slash(mut self, append_slash: bool) -> Self {
        self.request.append_slash = append_slash;
        self
    }
    /// Answers a URL no route matches with DRF's `404 {"detail":"Not found."}` (JSON) instead
    /// of Django's default `page_not_found` HTML page (the default, as Django with
    /// `DEBUG=False`), for clients that parse every answer as JSON.
    #[must_use]
    pub fn json_404(mut self, json: bool) -> Self {
        self.json_404 = json;
        self
    }
    /// Whether unknown URLs get the JSON 404 (see [`Settings::json_404`]).
    pub(crate) fn uses_json_404(&self) -> bool {
        self.json_404
    }
    /// Sets Django's `ALLOWED_HOSTS` (`["api.example.com", ".example.com", "*"]`): a request
    /// with another `Host` gets Django's `400` page. Unset (the default), any host is accepted.
    #[must_use]
    pub fn allowed_hosts(mut self, hosts: &[&str]) -> Self {
        self.request.allowed_hosts = Some(hosts.iter().map(|h| (*h).to_owned()).collect());
        self
    }
    /// Sets DRF's `PAGE_SIZE` (default `None`): the page size of the paginators whose own
    /// `page_size` / `default_limit` is `None`. Lists are paginated only by a paginator (see
    /// [`Settings::default_pagination_class`]).
    #[must_use]
    pub fn page_size(mut self, page_size: u64) -> Self {
        self.request.page_size = Some(page_size);
        self
    }
    /// Sets DRF's `DEFAULT_PAGINATION_CLASS` (default none): the paginator of generic views
    /// that do not override [`GenericAPIView::paginator`](crate::generics::GenericAPIView::paginator).
    ///
    /// ```
    /// use restframe::pagination::PageNumberPagination;
    /// use restframe::prelude::*;
    ///
    /// // 'DEFAULT_PAGINATION_CLASS': 'rest_framework.pagination.PageNumberPagination', 'PAGE_SIZE': 3
    /// let settings = Settings::default().default_pagination_class(PageNumberPagination::new()).page_size(3);
    /// assert_eq!(settings.request_config().page_size(), Some(3));
    /// ```
    #[must_use]
    pub fn default_pagination_class(mut self, class: impl Into<crate::pagination::PaginationClass>) -> Self {
        let class: crate::pagination::PaginationClass = class.into();
        self.request.pagination_class = Some(Arc::new(class));
        self
    }
    /// Sets `NUM_PROXIES` for client IP detection in throttles (default `None`).
    #[must_use]
    pub fn num_proxies(mut self, proxies: Option<usize>) -> Self {
        self.request.num_proxies = proxies;
        self
    }
    /// Sets the cache throttles keep their histories in (Django's default cache): an
    /// [`InMemoryThrottleStore`](crate::throttling::InMemoryThrottleStore) per [`Settings`] value
    /// (300 histories at most, like Django's `LocMemCache`) unless replaced, for example by the
    /// `RedisThrottleStore` of the `redis` feature that several instances share.
    #[must_use]
    pub fn throttle_store(mut self, store: impl ThrottleStore) -> Self {
        self.request.throttle_store = Arc::new(store);
        self
    }
    /// Sets the clock throttles read (tests use [`crate::throttling::ManualClock`]).
    #[must_use]
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.request.clock = Arc::new(clock);
        self
    }
    /// Sets `DATA_UPLOAD_MAX_MEMORY_SIZE`.
    #[must_use]
    pub fn data_upload_max_memory_size(mut self, bytes: usize) -> Self {
        self.server.data_upload_max_memory_size = bytes;
        self.request.upload_limits.max_memory_size = bytes;
        self
    }
    /// Sets `DATA_UPLOAD_MAX_NUMBER_FIELDS` (default 1000).
    #[must_use]
    pub fn data_upload_max_number_fields(mut self, fields: usize) -> Self {
        self.request.upload_limits.max_fields = fields;
        self
    }
    /// Sets `DATA_UPLOAD_MAX_NUMBER_FILES` (default 100).
    #[must_use]
    pub fn data_upload_max_number_files(mut self, files: usize) -> Self {
        self.request.upload_limits.max_files = files;
        self
    }
    /// Sets `URL_FORMAT_OVERRIDE`: the query parameter that picks a renderer by format (default
    /// `format`; `None` disables it).
    #[must_use]
    pub fn url_format_override(mut self, name: Option<&str>) -> Self {
        self.request.url_format_override = name.map(str::to_owned);
        self
    }
    /// Sets the header-read timeout (slow clients are disconnected after it).
    #[must_use]
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.server.header_read_timeout = timeout;
        self
    }
    /// Sets the longest gap between two reads of a request body (default 30 s); see
    /// [`ServerLimits::body_read_timeout`].
    #[must_use]
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.server.body_read_timeout = timeout;
        self
    }
    /// Sets the slowest average body rate in bytes per second (default 500; 0 turns the rule
    /// off); see [`ServerLimits::body_min_rate`].
    #[must_use]
    pub fn body_min_rate(mut self, bytes_per_second: u32) -> Self {
        self.server.body_min_rate = bytes_per_second;
        self
    }
    /// Sets how many connections the server holds open at once (default 1,000; at least 1).
    #[must_use]
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.server.max_connections = connections.max(1);
        self
    }
    /// Sets how many body bytes one connection may hold at once (default 10 MiB); see
    /// [`ServerLimits::connection_body_memory`].
    #[must_use]
    pub fn connection_body_memory(mut self, bytes: usize) -> Self {
        self.server.connection_body_memory = bytes;
        self
    }
    /// Sets HTTP/2's `SETTINGS_MAX_CONCURRENT_STREAMS` (default 100; at least 1).
    #[must_use]
    pub fn http2_max_concurrent_streams(mut self, streams: u32) -> Self {
        self.server.http2_max_concurrent_streams = streams.max(1);
        self
    }
    /// Sets the address [`crate::serve`] binds.
    #[must_use]
    pub fn bind_address(mut self, addr: SocketAddr) -> Self {
        self.server.bind_address = addr;
        self
    }

    /// `DEFAULT_AUTHENTICATION_CLASSES`.
    pub fn authentication_classes(&self) -> &Authenticators {
        &self.authentication_classes
    }
    /// `DEFAULT_PERMISSION_CLASSES`.
    pub fn permission_classes(&self) -> &Permissions {
        &self.permission_classes
    }
    /// `DEFAULT_THROTTLE_CLASSES`.
    pub fn throttle_classes(&self) -> &Throttles {
        &self.throttle_classes
    }
    /// `DEFAULT_PARSER_CLASSES`.
    pub fn parser_classes(&self) -> &Parsers {
        &self.parser_classes
    }
    /// `DEFAULT_RENDERER_CLASSES`.
    pub fn renderer_classes(&self) -> &Renderers {
        &self.renderer_classes
    }
    /// The address, timeouts and size and connection limits the server reads.
    pub fn server_limits(&self) -> ServerLimits {
        self.server
    }
    /// What every request carries: `NON_FIELD_ERRORS_KEY`, `NUM_PROXIES`, the throttle rates,
    /// store and clock, the upload limits and `URL_FORMAT_OVERRIDE`.
    pub fn request_config(&self) -> &RequestConfig {
        &self.request
    }

    /// The configured `EXCEPTION_HANDLER`, `None` for DRF's default.
    pub(crate) fn custom_exception_handler(&self) -> Option<&ExceptionHandler> {
        self.exception_handler.as_ref()
    }
    /// The first throttle rate that did not parse.
    pub(crate) fn rate_error(&self) -> Option<&ImproperlyConfigured> {
        self.rate_error.as_ref()
    }
}

impl AsRef<RequestConfig> for Settings {
    fn as_ref(&self) -> &RequestConfig {
        &self.request
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings").field("server", &self.server).field("request", &self.request).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_rates_are_parsed_when_set() {
        let settings = Settings::default().default_throttle_rate("burst", "5/minute");
        let config = settings.request_config();
        assert_eq!(config.throttle_rate("burst"), Some(Some(Rate { num_requests: 5, duration: 60.0 })));
        assert_eq!(config.throttle_rate("anon"), Some(None), "DRF's defaults: unlimited");
        assert_eq!(config.throttle_rate("missing"), None);
        assert_eq!(settings.rate_error(), None);
    }

    #[test]
    fn the_first_bad_rate_is_kept_for_app_new() {
        let settings = Settings::default()
            .default_throttle_rate("a", "5/30s")
            .default_throttle_rate("b", "x/min")
            .default_throttle_rate("c", "1/day");
        assert_eq!(
            settings.rate_error().map(ToString::to_string).as_deref(),
            Some(r#"DEFAULT_THROTTLE_RATES["a"]: Invalid throttle rate "5/30s": expected "<number>/<s|m|h|d>""#)
        );
        assert_eq!(settings.request_config().throttle_rate("a"), None, "a bad rate is not stored");
        assert_eq!(
            settings.request_config().throttle_rate("c"),
            Some(Some(Rate { num_requests: 1, duration: 86400.0 }))
        );
    }
}
