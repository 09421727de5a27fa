use restframe::exceptions::ApiError;
use restframe::methods::MethodFilter;
use restframe::parsers::JSONParser;
use restframe::permissions::IsAuthenticated;
use restframe::renderers::JSONRenderer;
use restframe::request::Request;
use restframe::response::Response;
use restframe::throttling::ScopedRateThrottle;
use restframe::urls::path;
use restframe::views::{APIView, ViewMeta};

/// Every policy argument on a function view.
#[restframe::api_view(
    POST,
    PUT,
    GET,
    permission_classes = [IsAuthenticated],
    authentication_classes = [],
    throttle_classes = [ScopedRateThrottle],
    throttle_scope = "uploads",
    parser_classes = [JSONParser],
    renderer_classes = [JSONRenderer],
)]
pub async fn upload_file(request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(serde_json::json!({"method": request.method().as_str()})))
}

/// DRF's default: GET only. Raw identifiers lose their `r#`.
#[restframe::api_view]
async fn r#type(_request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(serde_json::json!({})))
}

/// The new arguments on an impl block too.
pub struct JsonView;

#[restframe::api_view(parser_classes = [JSONParser], throttle_scope = "json")]
impl APIView for JsonView {
    async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!({})))
    }
}

fn main() {
    let _ = restframe::urlpatterns![path("upload/", upload_file), path("type/", r#type), path("json/", JsonView)];
    assert_eq!(<upload_file as ViewMeta>::NAME, "Upload File");
    assert_eq!(<upload_file as ViewMeta>::DESCRIPTION, "Every policy argument on a function view.");
    let methods = MethodFilter::GET.or(MethodFilter::POST).or(MethodFilter::PUT);
    assert_eq!(<upload_file as ViewMeta>::HANDLERS, methods);
    assert_eq!(upload_file.throttle_scope(), Some("uploads"));
    assert_eq!(format!("{:?}", upload_file.authentication_classes()), "ClassList(0 classes)");
    assert_eq!(format!("{:?}", upload_file.parser_classes()), "ClassList(1 classes)");
    assert_eq!(format!("{:?}", upload_file.renderer_classes()), "ClassList(1 classes)");
    assert_eq!(<r#type as ViewMeta>::NAME, "Type");
    assert_eq!(<r#type as ViewMeta>::HANDLERS, MethodFilter::GET);
    assert_eq!(JsonView.throttle_scope(), Some("json"));
    assert_eq!(format!("{:?}", JsonView.parser_classes()), "ClassList(1 classes)");
}
