//! Benchmark server: an `AllowAny` view returning the HelloView JSON through restframe's full
//! pipeline (routing, content negotiation, authentication, permissions, throttles, rendering,
//! Django's security headers) on `restframe::server`. Compare with `bench_bare_hyper`.
//!
//! ```sh
//! cargo run --release -p restframe --example bench_noauth -- 127.0.0.1:8102
//! ```

use std::net::SocketAddr;
use std::sync::Arc;

use restframe::prelude::*;
use restframe::server::{serve_listener, shutdown_signal};
use tokio::net::TcpListener;

struct HelloView;

/// The body, serialised straight into the response (no `serde_json::Value` in between).
#[derive(serde::Serialize)]
struct Hello {
    message: &'static str,
}

/// Says hello to everyone.
#[api_view]
impl APIView for HelloView {
    fn permission_classes(&self) -> Permissions {
        permissions![AllowAny]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::typed(Hello { message: "Hello, World!" }))
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr: SocketAddr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8102".to_owned())
        .parse()
        .map_err(std::io::Error::other)?;
    let app =
        App::new(Settings::default(), urlpatterns![path("api-hello", HelloView)]).map_err(std::io::Error::other)?;
    let listener = TcpListener::bind(addr).await?;
    serve_listener(listener, Arc::new(app), shutdown_signal()).await
}
