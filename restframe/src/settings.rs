//! DRF's `api_settings`: project-wide defaults that each view may override.
//!
//! ```
//! use restframe::prelude::*;
//!
//! let settings = Settings::default()
//!     .default_permission_classes(permissions![IsAuthenticated])
//!     .default_throttle_rate("anon", "100/day");
//! assert_eq!(settings.data_upload_max_memory_size, 2_621_440);
//! ```

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::authentication::Authenticators;
use crate::exceptions::ApiError;
use crate::parsers::{FormParser, JSONParser, MultiPartParser, Parsers};
use crate::permissions::{AllowAny, Permissions};
use crate::renderers::{JSONRenderer, Renderers};
use crate::request::Request;
use crate::response::Response;
use crate::throttling::{Clock, InMemoryThrottleStore, SystemClock, ThrottleStore, Throttles};
use crate::views::exception_handler;

/// DRF's `EXCEPTION_HANDLER`: turns an error into a response, or `None` to let it become a 500.
pub type ExceptionHandler = Arc<dyn Fn(&ApiError, &Request) -> Option<Response> + Send + Sync>;

/// The project settings (DRF's `REST_FRAMEWORK` dict plus the few Django settings we honour).
#[derive(Clone)]
pub struct Settings {
    /// `DEFAULT_AUTHENTICATION_CLASSES` (default: none, so requests are anonymous; DRF's
    /// Session/Basic defaults need a user backend that the project supplies).
    pub authentication_classes: Authenticators,
    /// `DEFAULT_PERMISSION_CLASSES` (default `[AllowAny]`).
    pub permission_classes: Permissions,
    /// `DEFAULT_THROTTLE_CLASSES` (default none).
    pub throttle_classes: Throttles,
    /// `DEFAULT_THROTTLE_RATES`: scope to rate string (`"100/day"`), `None` meaning unlimited.
    pub throttle_rates: HashMap<String, Option<String>>,
    /// The cache throttles keep their histories in (Django's default cache): an in-memory store
    /// per [`Settings`] value unless replaced by a shared one.
    pub throttle_store: Arc<dyn ThrottleStore>,
    /// The clock throttles read (replaceable in tests).
    pub clock: Arc<dyn Clock>,
    /// `DEFAULT_PARSER_CLASSES` (default JSON, form, multipart).
    pub parser_classes: Parsers,
    /// `DEFAULT_RENDERER_CLASSES` (default JSON; restframe has no Browsable API).
    pub renderer_classes: Renderers,
    /// `EXCEPTION_HANDLER`.
    pub exception_handler: ExceptionHandler,
    /// `NON_FIELD_ERRORS_KEY` (default `non_field_errors`).
    pub non_field_errors_key: String,
    /// `NUM_PROXIES` for client IP detection in throttles (default `None`).
    pub num_proxies: Option<usize>,
    /// Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` (default 2,621,440 bytes). restframe applies it to
    /// every request body, file uploads included, and answers 413.
    pub data_upload_max_memory_size: usize,
    /// Django's `DATA_UPLOAD_MAX_NUMBER_FIELDS` (default 1000).
    pub data_upload_max_number_fields: usize,
    /// Django's `DATA_UPLOAD_MAX_NUMBER_FILES` (default 100).
    pub data_upload_max_number_files: usize,
    /// `URL_FORMAT_OVERRIDE`: the query parameter that picks a renderer by format (default
    /// `format`; `None` disables it).
    pub url_format_override: Option<String>,
    /// Where [`crate::serve`] listens (default `127.0.0.1:8000`, like `runserver`).
    pub bind_address: SocketAddr,
    /// How long a client may take to send request headers before the connection is closed.
    pub header_read_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            authentication_classes: Authenticators::new(Vec::new()),
            permission_classes: crate::permissions![AllowAny],
            throttle_classes: Throttles::new(Vec::new()),
            throttle_rates: HashMap::from([("user".to_owned(), None), ("anon".to_owned(), None)]),
            throttle_store: Arc::new(InMemoryThrottleStore::new()),
            clock: Arc::new(SystemClock),
            parser_classes: crate::parsers![JSONParser, FormParser, MultiPartParser],
            renderer_classes: crate::renderers![JSONRenderer],
            exception_handler: Arc::new(exception_handler),
            non_field_errors_key: "non_field_errors".to_owned(),
            num_proxies: None,
            data_upload_max_memory_size: 2_621_440,
            data_upload_max_number_fields: 1000,
            data_upload_max_number_files: 100,
            url_format_override: Some("format".to_owned()),
            bind_address: SocketAddr::from(([127, 0, 0, 1], 8000)),
            header_read_timeout: Duration::from_secs(30),
        }
    }
}

impl Settings {
    /// Sets `DEFAULT_AUTHENTICATION_CLASSES`.
    pub fn default_authentication_classes(mut self, classes: Authenticators) -> Self {
        self.authentication_classes = classes;
        self
    }
    /// Sets `DEFAULT_PERMISSION_CLASSES`.
    pub fn default_permission_classes(mut self, classes: Permissions) -> Self {
        self.permission_classes = classes;
        self
    }
    /// Sets `DEFAULT_THROTTLE_CLASSES`.
    pub fn default_throttle_classes(mut self, classes: Throttles) -> Self {
        self.throttle_classes = classes;
        self
    }
    /// Sets one entry of `DEFAULT_THROTTLE_RATES`.
    pub fn default_throttle_rate(mut self, scope: &str, rate: &str) -> Self {
        self.throttle_rates.insert(scope.to_owned(), Some(rate.to_owned()));
        self
    }
    /// Sets `DEFAULT_PARSER_CLASSES`.
    pub fn default_parser_classes(mut self, classes: Parsers) -> Self {
        self.parser_classes = classes;
        self
    }
    /// Sets `DEFAULT_RENDERER_CLASSES`.
    pub fn default_renderer_classes(mut self, classes: Renderers) -> Self {
        self.renderer_classes = classes;
        self
    }
    /// Sets `EXCEPTION_HANDLER`.
    pub fn exception_handler(
        mut self,
        handler: impl Fn(&ApiError, &Request) -> Option<Response> + Send + Sync + 'static,
    ) -> Self {
        self.exception_handler = Arc::new(handler);
        self
    }
    /// Sets `NUM_PROXIES`.
    pub fn num_proxies(mut self, proxies: Option<usize>) -> Self {
        self.num_proxies = proxies;
        self
    }
    /// Sets the throttle store (a shared cache for several server processes).
    pub fn throttle_store(mut self, store: impl ThrottleStore) -> Self {
        self.throttle_store = Arc::new(store);
        self
    }
    /// Sets the clock throttles read (tests use [`crate::throttling::ManualClock`]).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }
    /// Sets `DATA_UPLOAD_MAX_MEMORY_SIZE`.
    pub fn data_upload_max_memory_size(mut self, bytes: usize) -> Self {
        self.data_upload_max_memory_size = bytes;
        self
    }
    /// Sets the header-read timeout (slow clients are disconnected after it).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }
    /// Sets the address [`crate::serve`] binds.
    pub fn bind_address(mut self, addr: SocketAddr) -> Self {
        self.bind_address = addr;
        self
    }
}

/// Django's `ImproperlyConfigured`: a configuration mistake found when the app is built (a bad
/// route, a route declared twice, an invalid throttle rate).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImproperlyConfigured(pub String);

impl std::fmt::Display for ImproperlyConfigured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImproperlyConfigured {}

impl From<crate::urls::RouteError> for ImproperlyConfigured {
    fn from(err: crate::urls::RouteError) -> Self {
        ImproperlyConfigured(err.0)
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("throttle_rates", &self.throttle_rates)
            .field("data_upload_max_memory_size", &self.data_upload_max_memory_size)
            .field("bind_address", &self.bind_address)
            .finish_non_exhaustive()
    }
}
