//! DRF's tests/test_permissions.py (non-model parts): built-in classes, custom messages,
//! object permissions, and `&` / `|` / `!` composition truth tables.

mod common;

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use http::Method;
use restframe::permissions::{And, Negate, Object, Or};
use restframe::prelude::*;
use restframe::test::{APIClient, APIRequestFactory, Body, force_authenticate};
use serde_json::json;

use common::{FakeToken, admin, alice, as_user};

/// A note owned by a user.
struct Note {
    owner: &'static str,
}

/// Object permission: only the owner.
#[derive(Clone, Copy)]
struct IsOwner;

impl Permission for IsOwner {
    fn has_object_permission(&self, request: &Request, obj: &Object) -> bool {
        obj.downcast_ref::<Note>().is_some_and(|note| note.owner == request.user().username())
    }
    fn message(&self) -> Option<Cow<'static, str>> {
        Some("Custom object deny message.".into())
    }
}

#[derive(Clone, Copy)]
struct Deny;

impl Permission for Deny {
    fn has_permission(&self, _request: &Request) -> bool {
        false
    }
    fn message(&self) -> Option<Cow<'static, str>> {
        Some("Custom deny message.".into())
    }
}

restframe::permission_operators!(IsOwner, Deny);

/// Returns the note owned by `owner`.
struct NoteView;

#[api_view]
impl APIView for NoteView {
    fn permission_classes(&self) -> Permissions {
        permissions![IsAuthenticated, IsOwner]
    }
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let note = Note { owner: if request.kwarg("owner") == Some("alice") { "alice" } else { "admin" } };
        request.check_object_permissions(&note)?;
        Ok(Response::json(json!({"owner": note.owner})))
    }
}

struct DenyView;

#[api_view]
impl APIView for DenyView {
    fn permission_classes(&self) -> Permissions {
        permissions![Deny]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

/// DRF's verified example: `IsAdminUser | ~IsAuthenticated`.
struct AdminOrAnonView;

#[api_view]
impl APIView for AdminOrAnonView {
    fn permission_classes(&self) -> Permissions {
        permissions![IsAdminUser | !IsAuthenticated]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"ok": true})))
    }
}

struct ReadOnlyView;

#[api_view]
impl APIView for ReadOnlyView {
    fn permission_classes(&self) -> Permissions {
        permissions![IsAuthenticatedOrReadOnly]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"created": true})))
    }
}

struct AdminView;

#[api_view]
impl APIView for AdminView {
    fn permission_classes(&self) -> Permissions {
        permissions![IsAdminUser]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

fn client(auth: bool) -> APIClient {
    let settings = if auth {
        Settings::default().default_authentication_classes(authentication![FakeToken])
    } else {
        Settings::default()
    };
    let urls = urlpatterns![
        path("notes/<str:owner>", NoteView),
        path("deny", DenyView),
        path("admin-or-anon", AdminOrAnonView),
        path("readonly", ReadOnlyView),
        path("admin", AdminView),
    ];
    APIClient::new(App::new(settings, urls).expect("valid urls"))
}

#[tokio::test]
async fn is_admin_user_checks_staff() {
    let mut c = client(true);
    assert_eq!(c.get("/admin").await.status(), 401);
    c.credentials(Some("Token alice"));
    let response = c.get("/admin").await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.text(), r#"{"detail":"You do not have permission to perform this action."}"#);
    c.credentials(Some("Token admin"));
    assert_eq!(c.get("/admin").await.status(), 200);
}

#[tokio::test]
async fn authenticated_or_read_only() {
    let mut c = client(true);
    assert_eq!(c.get("/readonly").await.status(), 200);
    assert_eq!(c.head("/readonly").await.status(), 200);
    assert_eq!(c.options("/readonly").await.status(), 200);
    let response = c.post("/readonly", &json!({})).await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.text(), r#"{"detail":"Authentication credentials were not provided."}"#);
    c.credentials(Some("Token alice"));
    assert_eq!(c.post("/readonly", &json!({})).await.status(), 200);
}

#[tokio::test]
async fn custom_message_is_used_for_authenticated_or_authless_requests() {
    // No authenticators: the class's message.
    let response = client(false).get("/deny").await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.text(), r#"{"detail":"Custom deny message."}"#);
    // Authenticators but nobody authenticated: NotAuthenticated, the message is ignored.
    let response = client(true).get("/deny").await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.text(), r#"{"detail":"Authentication credentials were not provided."}"#);
    let mut c = client(true);
    c.credentials(Some("Token alice"));
    assert_eq!(c.get("/deny").await.text(), r#"{"detail":"Custom deny message."}"#);
}

#[tokio::test]
async fn object_permissions_use_the_failing_class_message() {
    let mut c = client(true);
    c.credentials(Some("Token alice"));
    let own = c.get("/notes/alice").await;
    assert_eq!(own.status(), 200);
    assert_eq!(own.text(), r#"{"owner":"alice"}"#);
    let other = c.get("/notes/admin").await;
    assert_eq!(other.status(), 403);
    assert_eq!(other.text(), r#"{"detail":"Custom object deny message."}"#);
}

#[tokio::test]
async fn composed_admin_or_not_authenticated() {
    let mut c = client(true);
    assert_eq!(c.get("/admin-or-anon").await.status(), 200, "anonymous");
    c.credentials(Some("Token alice"));
    let response = c.get("/admin-or-anon").await;
    assert_eq!(response.status(), 403, "normal user");
    assert_eq!(response.text(), r#"{"detail":"You do not have permission to perform this action."}"#);
    c.credentials(Some("Token admin"));
    assert_eq!(c.get("/admin-or-anon").await.status(), 200, "staff");
}

/// Constant permission for truth tables; counts calls to prove short-circuiting.
#[derive(Clone)]
struct Const {
    view: bool,
    object: bool,
    calls: Arc<AtomicUsize>,
}

impl Permission for Const {
    fn has_permission(&self, _request: &Request) -> bool {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.view
    }
    fn has_object_permission(&self, _request: &Request, _obj: &Object) -> bool {
        self.object
    }
    fn message(&self) -> Option<Cow<'static, str>> {
        Some("never shown when composed".into())
    }
}

restframe::permission_operators!(Const);

fn c(view: bool, object: bool) -> Const {
    Const { view, object, calls: Arc::new(AtomicUsize::new(0)) }
}

/// Evaluates `permission` on a plain GET request.
async fn evaluate(permission: impl Permission) -> (bool, bool, Option<Cow<'static, str>>) {
    let factory = APIRequestFactory::new(Settings::default());
    let request = factory.wrap(factory.request(Method::GET, "/", &Body::Empty));
    (permission.has_permission(&request), permission.has_object_permission(&request, &()), permission.message())
}

#[tokio::test]
async fn and_or_not_truth_tables() {
    for a in [false, true] {
        for b in [false, true] {
            let (view, _, message) = evaluate(c(a, true) & c(b, true)).await;
            assert_eq!(view, a && b, "{a} & {b}");
            assert_eq!(message, None, "composed permissions carry no message");
            let (view, _, _) = evaluate(c(a, true) | c(b, true)).await;
            assert_eq!(view, a || b, "{a} | {b}");
            // AND applies to object permissions alone.
            let (_, object, _) = evaluate(c(true, a) & c(true, b)).await;
            assert_eq!(object, a && b, "object {a} & {b}");
        }
        let (view, object, _) = evaluate(!c(a, a)).await;
        assert_eq!((view, object), (!a, !a), "!{a}");
    }
}

#[tokio::test]
async fn or_object_permission_requires_the_same_operand_to_pass_both_checks() {
    // (A.has_permission and A.has_object_permission) or (B.has_permission and B.has_object_permission)
    let table = [
        ((true, false), (false, true), false),
        ((true, true), (false, false), true),
        ((false, true), (true, false), false),
        ((false, true), (true, true), true),
    ];
    for ((av, ao), (bv, bo), expected) in table {
        let (_, object, _) = evaluate(c(av, ao) | c(bv, bo)).await;
        assert_eq!(object, expected, "({av},{ao}) | ({bv},{bo})");
    }
}

#[tokio::test]
async fn composition_short_circuits_and_keeps_python_precedence() {
    let first = c(false, true);
    let second = c(true, true);
    let (view, _, _) = evaluate(first.clone() & second.clone()).await;
    assert!(!view);
    assert_eq!(second.calls.load(Ordering::SeqCst), 0, "& stops at the first false");
    let (view, _, _) = evaluate(second.clone() | first.clone()).await;
    assert!(view);
    assert_eq!(first.calls.load(Ordering::SeqCst), 1, "| stops at the first true");
    // `!a & b | c` is `((!a) & b) | c`, as `~a & b | c` in Python.
    let expr: Or<And<Negate<Const>, Const>, Const> = !c(true, true) & c(true, true) | c(false, true);
    assert!(!evaluate(expr).await.0);
    let expr = !c(false, true) & c(true, true) | c(false, true);
    assert!(evaluate(expr).await.0);
}

#[tokio::test]
async fn forced_authentication_counts_as_authenticated() {
    let factory =
        APIRequestFactory::new(Settings::default().default_authentication_classes(authentication![FakeToken]));
    let view = factory.view(NoteView);
    let mut request = factory.request(Method::GET, "/notes/admin", &Body::Empty);
    force_authenticate(&mut request, as_user(admin()));
    let response = view.call_with_kwargs(request, &[("owner", "admin")]).await;
    assert_eq!(response.status(), 200);
    let mut request = factory.request(Method::GET, "/notes/alice", &Body::Empty);
    force_authenticate(&mut request, as_user(admin()));
    let response = view.call_with_kwargs(request, &[("owner", "alice")]).await;
    assert_eq!(response.text(), r#"{"detail":"Custom object deny message."}"#);
    let _ = alice();
}
