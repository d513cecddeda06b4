//! Credential guessing: every refused credential (a 401 or 403 from a
//! route that takes a token, or a failed console sign-in) costs the client
//! address one token from a bucket; an empty bucket answers 429 with
//! `Retry-After` to everything from that address, right credentials
//! included, until it refills. Carrier webhooks are left out: they are
//! authenticated by signature, and a carrier's few shared addresses must
//! not be locked out for every practice by one practice's wrong token.
//!
//! Invariant: a client gets at most `per_minute` refusals in a burst, then
//! one per `60 s / per_minute`; the table of addresses stays bounded.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refusals a minute a client may have by default (and in one burst).
pub const DEFAULT_PER_MINUTE: u32 = 30;
/// Addresses remembered at most; full buckets are forgotten first.
const MAX_CLIENTS: usize = 10_000;

#[derive(Clone)]
pub struct GuessLimiter {
    buckets: Arc<Mutex<HashMap<IpAddr, Bucket>>>,
    burst: f64,
    refill: Duration,
}

impl Default for GuessLimiter {
    fn default() -> Self {
        GuessLimiter::new(DEFAULT_PER_MINUTE)
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl GuessLimiter {
    /// `per_minute` refusals a minute, at most that many at once.
    pub fn new(per_minute: u32) -> GuessLimiter {
        let per_minute = per_minute.max(1);
        GuessLimiter {
            buckets: Default::default(),
            burst: f64::from(per_minute),
            refill: Duration::from_secs(60) / per_minute,
        }
    }

    /// A bucket's tokens at `now`.
    fn tokens(&self, bucket: Bucket, now: Instant) -> f64 {
        let refilled = now.saturating_duration_since(bucket.at).as_secs_f64() / self.refill.as_secs_f64();
        (bucket.tokens + refilled).min(self.burst)
    }

    /// How long `client` must wait, if it has no refusals left.
    pub fn wait(&self, client: IpAddr, now: Instant) -> Option<Duration> {
        let buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let tokens = self.tokens(*buckets.get(&key(client))?, now);
        (tokens < 1.0).then(|| self.refill.mul_f64(1.0 - tokens))
    }

    /// Count one refused credential against `client`.
    pub fn charge(&self, client: IpAddr, now: Instant) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&key(client)) {
            buckets.retain(|_, bucket| self.tokens(*bucket, now) < self.burst);
            if buckets.len() >= MAX_CLIENTS {
                // Every remembered client is guessing: forget the one
                // that guessed longest ago.
                if let Some(oldest) = buckets.iter().min_by_key(|(_, b)| b.at).map(|(ip, _)| *ip) {
                    buckets.remove(&oldest);
                }
            }
        }
        let bucket = buckets.entry(key(client)).or_insert(Bucket { tokens: self.burst, at: now });
        let tokens = self.tokens(*bucket, now) - 1.0;
        *bucket = Bucket { tokens: tokens.max(0.0), at: now };
        if (0.0..1.0).contains(&tokens) {
            tracing::warn!(client = %client, "too many refused credentials; this address waits");
        }
    }
}

/// IPv6 clients are counted by their /64, which one host can rotate within.
fn key(client: IpAddr) -> IpAddr {
    match client {
        IpAddr::V4(_) => client,
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::V6(segments.into())
        }
    }
}

/// Whether a path is guarded (every route that takes a credential, but
/// the carriers' signed webhooks).
fn guarded(path: &str) -> bool {
    path.starts_with("/v1/") || path.starts_with("/console") || path == "/metrics"
}

/// The middleware: refuse a waiting client, and charge refusals.
pub async fn guard(limiter: GuessLimiter, request: Request, next: Next) -> Response {
    // The accept loop puts the peer's address on every request.
    let client = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|axum::extract::ConnectInfo(addr)| addr.ip());
    let Some(client) = client.filter(|_| guarded(request.uri().path())) else {
        return next.run(request).await;
    };
    if let Some(wait) = limiter.wait(client, Instant::now()) {
        let seconds = wait.as_secs().max(1);
        let body = serde_json::json!({ "error": format!("too many refused credentials; try again in {seconds} s") });
        let mut response = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return response;
    }
    let response = next.run(request).await;
    if matches!(response.status(), StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        limiter.charge(client, Instant::now());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_per_refill() {
        let limiter = GuessLimiter::new(30);
        let refill = Duration::from_secs(2);
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let start = Instant::now();
        for _ in 0..30 {
            assert_eq!(limiter.wait(client, start), None);
            limiter.charge(client, start);
        }
        let wait = limiter.wait(client, start).expect("locked after the burst");
        assert!(wait <= refill && wait > Duration::ZERO, "{wait:?}");
        assert_eq!(limiter.wait(client, start + refill), None, "one more after a refill");
        limiter.charge(client, start + refill);
        assert!(limiter.wait(client, start + refill).is_some());
        assert_eq!(limiter.wait("203.0.113.8".parse().unwrap(), start), None, "other clients are unaffected");
    }

    #[test]
    fn ipv6_clients_share_their_64_and_the_table_stays_bounded() {
        let limiter = GuessLimiter::default();
        let now = Instant::now();
        for i in 0..31u16 {
            limiter.charge(IpAddr::V6([0x2001, 0xdb8, 0, 1, i, i, i, i].into()), now);
        }
        assert!(limiter.wait("2001:db8:0:1::99".parse().unwrap(), now).is_some());
        assert_eq!(limiter.wait("2001:db8:0:2::1".parse().unwrap(), now), None);
        for i in 0..(MAX_CLIENTS as u32 + 50) {
            limiter.charge(IpAddr::V4(i.into()), now);
        }
        assert!(limiter.buckets.lock().unwrap().len() <= MAX_CLIENTS);
    }
}
