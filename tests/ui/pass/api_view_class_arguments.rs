use restframe::authentication::Authenticators;
use restframe::exceptions::ApiError;
use restframe::permissions::IsAuthenticated;
use restframe::request::Request;
use restframe::response::Response;
use restframe::throttling::{AnonRateThrottle, UserRateThrottle};
use restframe::views::{APIView, ViewMeta};

/// DRF's `permission_classes = [IsAuthenticated]` and `throttle_classes = [...]` as arguments.
pub struct HelloView;

#[restframe::api_view(
    permission_classes = [IsAuthenticated],
    throttle_classes = [AnonRateThrottle::new(), UserRateThrottle::new()],
    authentication_classes = [],
)]
impl APIView for HelloView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!({"message": "Hello, World!"})))
    }
}

/// Without arguments the view inherits the settings' classes.
pub struct OpenView;

#[restframe::api_view]
impl APIView for OpenView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!({})))
    }
}

fn main() {
    let view = HelloView;
    assert_eq!(format!("{:?}", view.permission_classes()), "ClassList(1 classes)");
    assert_eq!(format!("{:?}", view.throttle_classes()), "ClassList(2 classes)");
    let none: Authenticators = view.authentication_classes();
    assert_eq!(format!("{none:?}"), "ClassList(0 classes)");
    assert_eq!(format!("{:?}", OpenView.permission_classes()), "ClassList(<settings default>)");
    assert_eq!(<HelloView as ViewMeta>::HANDLERS, restframe::methods::MethodFilter::GET);
    assert_eq!(<HelloView as ViewMeta>::DESCRIPTION, "");
}
