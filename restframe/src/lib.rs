#![doc = include_str!("../README.md")]

// Lets the derives' `::restframe::...` paths resolve inside this crate's own tests and docs.
extern crate self as restframe;

#[doc(hidden)] // derive helpers
pub mod __private;
pub mod app;
pub mod auth;
pub mod authentication;
pub mod classes;
pub mod db;
pub mod django_filters;
pub mod exceptions;
pub mod fields;
pub mod filters;
mod finalize;
pub mod generics;
#[cfg(feature = "management")]
pub mod management;
pub mod metadata;
pub mod methods;
pub mod mixins;
pub mod negotiation;
pub mod pagination;
pub mod parsers;
pub mod permissions;
pub mod python;
pub mod relations;
pub mod renderers;
pub mod request;
pub mod resolver;
pub mod response;
pub mod reverse;
pub mod routers;
pub mod schemas;
pub mod serializers;
pub mod server;
pub mod settings;
mod sqlite;
pub mod status;
pub mod test;
pub mod throttling;
pub mod urls;
pub mod user;
mod util;
pub mod views;
pub mod viewsets;

pub use app::App;
pub use restframe_derive::{
    FilterSet, ModelMeta, ModelSerializer, Serializer, action, api_view, generic_view, mapping, viewset,
};
/// DRF's `rest_framework.validators` (the module lives at [`serializers::validators`]).
pub use serializers::validators;
pub use server::serve;

/// Everything a view module needs: `use restframe::prelude::*;`.
pub mod prelude {
    pub use crate::app::App;
    pub use crate::authentication::{Authenticated, Authentication, Authenticators};
    pub use crate::exceptions::{ApiError, Detail, ErrorDetail};
    pub use crate::generics::GenericAPIView;
    pub use crate::parsers::{FormParser, JSONParser, MultiPartParser, Parser, Parsers};
    pub use crate::permissions::{
        AllowAny, IsAdminUser, IsAuthenticated, IsAuthenticatedOrReadOnly, Perm, Permission, Permissions,
    };
    pub use crate::renderers::{JSONRenderer, Renderer, Renderers};
    pub use crate::request::Request;
    pub use crate::response::Response;
    pub use crate::reverse::reverse;
    pub use crate::routers::{DefaultRouter, SimpleRouter};
    pub use crate::settings::Settings;
    pub use crate::status;
    pub use crate::throttling::{AnonRateThrottle, ScopedRateThrottle, Throttle, Throttles, UserRateThrottle};
    pub use crate::urls::{include, path, re_include, re_path};
    pub use crate::views::{APIView, ViewMeta};
    pub use crate::viewsets::{ViewSet, ViewSetMeta};
    pub use crate::{
        action, api_view, authentication, generic_view, mapping, parsers, permission_operators, permissions, renderers,
        throttles, urlpatterns, viewset,
    };
}
