//! The accept loop. `axum::serve` sets no timer, so hyper's header-read
//! timeout never fires there and a client that never finishes its headers
//! (or sits on a keep-alive connection) holds it for good. Here every
//! connection gets hyper's HTTP/1 server with a timer: the header-read
//! timeout covers both the first request's headers and the idle wait
//! between requests, and a request-level deadline bounds the body and the
//! handler. Shutdown stops accepting and lets in-flight requests finish.
//!
//! Invariant: every accepted connection is bounded in time, and the peer
//! address reaches handlers as `ConnectInfo` (the rate limiter keys on it).

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a connection and a request may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// To send a request's headers, and between requests on a kept-alive
    /// connection.
    pub header_read: Duration,
    /// From the headers to the last byte of the response.
    pub request: Duration,
    /// How long shutdown waits for in-flight requests.
    pub drain: Duration,
    /// Refused credentials a client address may have a minute.
    pub refused_credentials_per_minute: u32,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        // Carriers send a webhook's headers at once and give up on a reply
        // after 15 s; a plugin upload is compiled and tested inside the
        // request, which takes seconds, not a minute.
        ConnectionLimits {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(60),
            drain: Duration::from_secs(30),
            refused_credentials_per_minute: crate::gateways::guesses::DEFAULT_PER_MINUTE,
        }
    }
}

/// Serve `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let deadline = limits.request;
    let router = router.layer(axum::middleware::from_fn(move |request: Request, next: Next| async move {
        match tokio::time::timeout(deadline, next.run(request)).await {
            Ok(response) => response,
            Err(_) => timed_out(deadline),
        }
    }));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, most likely: wait rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service =
            TowerToHyperService::new(tower::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                router.clone().oneshot(request.map(axum::body::Body::new))
            }));
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%peer, error = %e, "connection closed with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown()).await.is_err() {
        tracing::warn!(after = ?limits.drain, "requests still running at shutdown were cut off");
    }
}

fn timed_out(deadline: Duration) -> Response {
    let body = serde_json::json!({ "error": format!("the request took longer than {} s", deadline.as_secs()) });
    (StatusCode::REQUEST_TIMEOUT, axum::Json(body)).into_response()
}
