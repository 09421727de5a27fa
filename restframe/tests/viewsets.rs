//! DRF's `tests/test_viewsets.py` for plain `ViewSet`s: actions per method, `request.action()`
//! (DRF's `self.action`) for every method including `HEAD`, `OPTIONS` (`metadata`) and an
//! unmapped method (`None`), extra actions in DRF's order, `reverse_action`, and class lists
//! that vary per action. Expected answers come from DRF 3.18.
//!
//! Not ported: `test_args_kwargs_request_action_map_on_self` (Python instance attributes, no
//! Rust counterpart). Generic viewsets (the `queryset`-derived default basename of
//! `ReverseActionTests`, `ModelViewSet` actions) are in `tests/generic_viewsets.rs`.
//! `test_initialize_view_set_with_both_name_and_suffix` and the misspelled-action cases are
//! compile errors here: see `tests/ui/viewset/`. DRF's action-mapping cases of test_routers.py
//! (`@action3.mapping.delete`) are `a_mapped_method_shares_the_actions_route` here; its two
//! `MethodMapper` assertions are `tests/ui/viewset/mapping_mistakes.rs`.

use std::sync::{Arc, Mutex};

use restframe::prelude::*;
use restframe::reverse::reverse_action;
use restframe::test::APIClient;
use restframe::viewsets::{ViewSetMeta, get_extra_action_url_map};
use serde_json::json;

/// Records the action every request reached the permission check with.
#[derive(Debug)]
struct Recorder(Arc<Mutex<Vec<Option<&'static str>>>>);

impl Permission for Recorder {
    fn has_permission(&self, request: &Request) -> bool {
        self.0.lock().expect("lock").push(request.action());
        true
    }
}

/// `ActionViewSet` of test_viewsets.py, with the actions answering instead of raising.
#[derive(Debug, Default)]
pub struct ActionViewSet {
    seen: Arc<Mutex<Vec<Option<&'static str>>>>,
}

#[viewset]
impl ViewSet for ActionViewSet {
    /// DRF's `[Rec()] + super().get_permissions() + ([IsAuthenticated()] if self.action ==
    /// 'create' else [])`.
    fn get_permissions(&self, action: Option<&str>, classes: Permissions) -> Permissions {
        let mut list: Vec<Arc<dyn Permission>> = vec![Arc::new(Recorder(self.seen.clone()))];
        list.extend(classes.items().iter().cloned());
        if action == Some("create") {
            list.push(Arc::new(IsAuthenticated));
        }
        Permissions::new(list)
    }
    async fn list(&self, request: &Request) -> Result<Response, ApiError> {
        let extra: serde_json::Map<String, serde_json::Value> =
            get_extra_action_url_map::<Self>(request)?.into_iter().map(|(k, v)| (k, v.into())).collect();
        Ok(Response::json(
            json!({"ACTION": "LIST", "action": request.action(), "detail": request.detail(), "extra": extra}),
        ))
    }
    async fn create(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::empty(status::HTTP_201_CREATED))
    }
    async fn retrieve(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(
            json!({"action": request.action(), "detail": request.detail(), "basename": request.basename()}),
        ))
    }
    #[action(detail = false)]
    async fn list_action(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({
            "action": request.action(),
            "list": reverse_action(request, "list", &[])?,
            "list-action": reverse_action(request, "list-action", &[])?,
            "list-custom": reverse_action(request, "list-custom", &[])?,
            "detail": reverse_action(request, "detail", &[("pk", "1")])?,
            "detail-action": reverse_action(request, "detail-action", &[("pk", "1")])?,
            "detail-custom": reverse_action(request, "detail-custom", &[("pk", "1")])?,
        })))
    }
    #[action(detail = false, url_name = "list-custom")]
    async fn custom_list_action(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"action": request.action()})))
    }
    #[action(detail = true)]
    async fn detail_action(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"action": request.action(), "pk": request.kwarg("pk")})))
    }
    #[action(detail = true, url_name = "detail-custom")]
    async fn custom_detail_action(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"action": request.action()})))
    }
    #[action(detail = true, methods = [DELETE, post], permission_classes = [IsAdminUser])]
    async fn admin_only(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"action": request.action()})))
    }
}

/// `ActionNamesViewSet` of test_viewsets.py.
#[derive(Debug)]
pub struct ActionNamesViewSet;

#[viewset]
impl ViewSet for ActionNamesViewSet {
    /// Answers `get_extra_action_url_map()`.
    async fn retrieve(&self, request: &Request) -> Result<Response, ApiError> {
        url_map::<Self>(request)
    }
    #[action(detail = true)]
    async fn unnamed_action(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    #[action(detail = true, name = "Custom Name")]
    async fn named_action(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    #[action(detail = true, suffix = "Custom Suffix")]
    async fn suffixed_action(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

/// `get_extra_action_url_map()` as a JSON object, in its order.
fn url_map<V: ViewSet>(request: &Request) -> Result<Response, ApiError> {
    let map = get_extra_action_url_map::<V>(request)?;
    Ok(Response::json(serde_json::Value::Object(map.into_iter().map(|(k, v)| (k, v.into())).collect())))
}

fn app(viewset: ActionViewSet) -> APIClient {
    let mut router = SimpleRouter::new();
    router.register_as("actions", viewset, "actions");
    router.register_as("names", ActionNamesViewSet, "names");
    APIClient::new(App::new(Settings::default(), urlpatterns![include("api/", router.urls())]).expect("urls"))
}

#[tokio::test]
async fn initialize_view_set_with_actions() {
    let response = app(ActionViewSet::default()).get("/api/actions/").await;
    assert_eq!(response.status(), 200);
    assert!(response.text().starts_with(r#"{"ACTION":"LIST","action":"list","detail":false,"extra":{"#));
}

#[tokio::test]
async fn head_request_against_viewset() {
    let response = app(ActionViewSet::default()).head("/api/actions/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "");
}

#[tokio::test]
async fn viewset_action_attr_for_every_method() {
    let viewset = ActionViewSet::default();
    let seen = viewset.seen.clone();
    let c = app(viewset);
    c.get("/api/actions/").await;
    c.head("/api/actions/").await;
    c.get("/api/actions/list_action/").await;
    c.head("/api/actions/list_action/").await;
    let options = c.options("/api/actions/").await;
    assert_eq!(options.status().as_u16(), 200);
    // PUT is not mapped on the list route: `self.action` is None, then 405.
    let put = c.put("/api/actions/", &json!({})).await;
    assert_eq!(put.status(), 405);
    assert_eq!(put.text(), r#"{"detail":"Method \"PUT\" not allowed."}"#);
    c.post("/api/actions/", &json!({})).await;
    c.get("/api/actions/5/").await;
    for method in ["POST", "GET", "DELETE", "OPTIONS"] {
        c.request(method.parse().expect("method"), "/api/actions/1/admin_only/", &[], Default::default()).await;
    }
    // What DRF's recording permission saw for the same requests.
    assert_eq!(
        *seen.lock().expect("lock"),
        [
            Some("list"),
            Some("list"),
            Some("list_action"),
            Some("list_action"),
            Some("metadata"),
            None,
            Some("create"),
            Some("retrieve"),
            Some("admin_only"),
            None,
            Some("admin_only"),
            Some("metadata"),
        ]
    );
}

#[tokio::test]
async fn detail_routes_know_their_initkwargs() {
    let c = app(ActionViewSet::default());
    assert_eq!(c.get("/api/actions/5/").await.text(), r#"{"action":"retrieve","detail":true,"basename":"actions"}"#);
    assert_eq!(c.get("/api/actions/5/detail_action/").await.text(), r#"{"action":"detail_action","pk":"5"}"#);
    assert_eq!(c.get("/api/actions/5/detail_action/").await.header("allow"), Some("GET, HEAD, OPTIONS"));
    assert_eq!(c.get("/api/actions/5/custom_detail_action/").await.status(), 200);
}

#[tokio::test]
async fn permissions_vary_per_action() {
    let c = app(ActionViewSet::default());
    // `create` requires authentication; `list` on the same route does not.
    let create = c.post("/api/actions/", &json!({})).await;
    assert_eq!(create.status(), 403);
    assert_eq!(create.text(), r#"{"detail":"You do not have permission to perform this action."}"#);
    assert_eq!(c.get("/api/actions/").await.status(), 200);
    // An action's `permission_classes` cover every method of its route, OPTIONS and
    // unmapped methods included (DRF passes them as initkwargs to the route's view).
    for method in ["POST", "DELETE", "OPTIONS", "GET"] {
        let response =
            c.request(method.parse().expect("method"), "/api/actions/1/admin_only/", &[], Default::default()).await;
        assert_eq!(response.status(), 403, "{method}");
        assert_eq!(response.header("allow"), Some("POST, DELETE, OPTIONS"), "{method}");
        assert_eq!(response.text(), r#"{"detail":"You do not have permission to perform this action."}"#, "{method}");
    }
}

#[test]
fn extra_actions_in_drf_order() {
    let names: Vec<&str> = ActionViewSet::EXTRA_ACTIONS.iter().map(|a| a.name).collect();
    assert_eq!(names, ["admin_only", "custom_detail_action", "custom_list_action", "detail_action", "list_action"]);
    assert_eq!(ActionViewSet::ACTIONS, ["list", "create", "retrieve"]);
    let custom = &ActionViewSet::EXTRA_ACTIONS[2];
    assert_eq!((custom.url_path, custom.url_name, custom.detail), ("custom_list_action", "list-custom", false));
}

#[tokio::test]
async fn reverse_action_uses_the_basename() {
    let response = app(ActionViewSet::default()).get("/api/actions/list_action/").await;
    assert_eq!(
        response.json(),
        json!({
            "action": "list_action",
            "list": "http://testserver/api/actions/",
            "list-action": "http://testserver/api/actions/list_action/",
            "list-custom": "http://testserver/api/actions/custom_list_action/",
            "detail": "http://testserver/api/actions/1/",
            "detail-action": "http://testserver/api/actions/1/detail_action/",
            "detail-custom": "http://testserver/api/actions/1/custom_detail_action/",
        })
    );
}

#[tokio::test]
async fn action_names_and_suffixes() {
    // test_action_names: `name` and `suffix` are respected, else `pretty_name(func.__name__)`.
    let c = app(ActionViewSet::default());
    for (path, name) in [
        ("/api/names/1/", "Action Names Instance"),
        ("/api/names/1/unnamed_action/", "Unnamed action"),
        ("/api/names/1/named_action/", "Custom Name"),
        ("/api/names/1/suffixed_action/", "Action Names Custom Suffix"),
    ] {
        assert_eq!(c.options(path).await.json()["name"], name, "{path}");
    }
}

#[tokio::test]
async fn action_clashing_with_a_standard_route_is_refused() {
    // DRF's `ImproperlyConfigured` for `@action def list(...)` is a compile error here
    // (tests/ui/viewset/standard_action.rs); the runtime check still guards hand-written
    // `ViewSetMeta` impls.
    #[derive(Debug)]
    struct Handwritten;
    impl ViewSetMeta for Handwritten {
        const NAME: &'static str = "Handwritten";
        const DESCRIPTION: &'static str = "";
        const ACTIONS: &'static [&'static str] = &[];
        const EXTRA_ACTIONS: &'static [restframe::viewsets::ExtraAction] = &[restframe::viewsets::ExtraAction {
            name: "list",
            detail: false,
            methods: restframe::methods::MethodFilter::GET,
            url_path: "list",
            url_name: "list",
            view_name: None,
            suffix: None,
            description: None,
            mapped: &[],
            authentication_classes: None,
            permission_classes: None,
            throttle_classes: None,
        }];
        fn call_extra<'a>(&'a self, _index: usize, _request: &'a Request) -> restframe::viewsets::ActionFuture<'a> {
            Box::pin(async { Err(ApiError::not_found()) })
        }
    }
    impl ViewSet for Handwritten {}
    let mut router = SimpleRouter::new();
    router.register_as("x", Handwritten, "x");
    let err = App::new(Settings::default(), router.urls()).expect_err("clash");
    assert_eq!(
        err.to_string(),
        "Cannot use the @action decorator on the following methods, as they are existing routes: list"
    );
}

/// test_viewsets.py's `GetExtraActionUrlMapTests`: DRF's expected maps (`test_list_view` without
/// its `wrapped_list_action`, which only exists to test Python decorators; `test_action_names`
/// as is; `test_detail_view`'s unresolvable action: an `url_path` with its own keyword
/// arguments, see routers.rs).
#[tokio::test]
async fn get_extra_action_url_map_lists_the_route_level_actions() {
    let c = app(ActionViewSet::default());
    assert_eq!(
        c.get("/api/names/1/").await.text(),
        r#"{"Custom Name":"http://testserver/api/names/1/named_action/","Action Names Custom Suffix":"http://testserver/api/names/1/suffixed_action/","Unnamed action":"http://testserver/api/names/1/unnamed_action/"}"#
    );
    assert_eq!(
        c.get("/api/actions/").await.text(),
        r#"{"ACTION":"LIST","action":"list","detail":false,"extra":{"Custom list action":"http://testserver/api/actions/custom_list_action/","List action":"http://testserver/api/actions/list_action/"}}"#
    );
}

/// DRF's `@action3.mapping.delete` (test_routers.py's `BasicViewSet`), recorded from DRF 3.18.3.
#[derive(Debug)]
pub struct MappedViewSet;

#[viewset]
impl ViewSet for MappedViewSet {
    async fn list(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"method": "list"})))
    }
    /// Posts to one thing.
    #[action(detail = true, methods = [POST])]
    async fn action3(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"post": request.kwarg("pk"), "action": request.action()})))
    }
    #[mapping(action3, DELETE)]
    async fn action3_delete(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"delete": request.kwarg("pk"), "action": request.action()})))
    }
}

#[tokio::test]
async fn a_mapped_method_shares_the_actions_route() {
    let mut router = SimpleRouter::new();
    router.register_as("basics", MappedViewSet, "basic");
    let client = APIClient::new(App::new(Settings::default(), router.urls()).expect("valid urls"));
    // Only the one extra action is listed (DRF: `get_extra_actions()` == ['action3']).
    assert_eq!(MappedViewSet::EXTRA_ACTIONS.iter().map(|a| a.name).collect::<Vec<_>>(), ["action3"]);
    let post = client.post("/basics/1/action3/", &json!({})).await;
    assert_eq!((post.status().as_u16(), post.header("Allow")), (200, Some("POST, DELETE, OPTIONS")));
    assert_eq!(post.text(), r#"{"post":"1","action":"action3"}"#);
    let delete = client.delete("/basics/1/action3/").await;
    assert_eq!((delete.status().as_u16(), delete.header("Allow")), (200, Some("POST, DELETE, OPTIONS")));
    assert_eq!(delete.text(), r#"{"delete":"1","action":"action3_delete"}"#);
    let get = client.get("/basics/1/action3/").await;
    assert_eq!((get.status().as_u16(), get.header("Allow")), (405, Some("POST, DELETE, OPTIONS")));
    assert_eq!(get.text(), r#"{"detail":"Method \"GET\" not allowed."}"#);
    let options = client.options("/basics/1/action3/").await;
    assert_eq!(options.status().as_u16(), 200);
    assert_eq!(
        options.text(),
        r#"{"name":"Action3","description":"Posts to one thing.","renders":["application/json"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]}"#
    );
}
