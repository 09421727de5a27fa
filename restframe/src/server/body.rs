//! Reading a request body with a deadline and a memory budget.
//!
//! hyper's `header_read_timeout` stops at the end of the headers and the idle watchdog skips a
//! connection with a request in flight, so without a rule here a client that announces
//! `Content-Length: 1000` and goes quiet holds a socket, a task and a buffer forever. Two rules
//! bound it, as nginx's `client_body_timeout` and Apache's mod_reqtimeout do:
//!
//! - no gap longer than `body_read_timeout` between two reads;
//! - the whole body within `body_read_timeout` plus one second per `body_min_rate` bytes
//!   received (mod_reqtimeout's `MinRate`).
//!
//! A body that breaks either gets `408 {"detail":"Timed out reading the request body."}`.
//!
//! HTTP/2 carries many requests on one connection, so each connection also has a memory budget
//! for the bodies it holds ([`ServerLimits::connection_body_memory`]): a body takes its share
//! before it is read (all of a declared `Content-Length` at once, so two half-read bodies
//! cannot wait on each other; frame by frame otherwise) and gives it back when its request
//! ends. A stream that does not fit is simply not read, so h2's flow control keeps its window
//! shut.

use std::sync::Arc;

use bytes::{Buf, Bytes, BytesMut};
use futures_util::FutureExt;
use http::StatusCode;
use http_body::Body;
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::app::{App, HttpResponse};
use crate::exceptions::{ApiError, ErrorDetail, ErrorKind};
use crate::finalize::error_response;
use crate::settings::ServerLimits;

/// The error type of a body that is not hyper's own.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The detail of the 408 for a body that arrives too slowly.
pub(crate) const BODY_TIMEOUT_DETAIL: &str = "Timed out reading the request body.";

/// One connection's budget of body bytes in memory (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct ConnectionBudget {
    permits: Arc<Semaphore>,
    size: usize,
}

impl ConnectionBudget {
    /// A budget of `connection_body_memory` bytes, never less than one full-size body (or a
    /// body at the size limit could never be read).
    pub(crate) fn new(limits: &ServerLimits) -> Self {
        let size = limits.connection_body_memory.max(limits.data_upload_max_memory_size).min(u32::MAX as usize);
        Self { permits: Arc::new(Semaphore::new(size)), size }
    }
}

/// A read body and the share of its connection's budget it holds until it is dropped.
#[derive(Debug)]
pub(crate) struct ReadBody {
    pub(crate) bytes: Bytes,
    pub(crate) held: Option<OwnedSemaphorePermit>,
}

/// The body's deadlines: the gap rule and the minimum-rate rule.
struct Deadline {
    started: Instant,
    last: Instant,
    received: u64,
    gap: std::time::Duration,
    min_rate: u32,
}

impl Deadline {
    fn new(limits: &ServerLimits) -> Self {
        let now = Instant::now();
        Self { started: now, last: now, received: 0, gap: limits.body_read_timeout, min_rate: limits.body_min_rate }
    }

    /// When the next piece of the body must have arrived.
    fn next(&self) -> Instant {
        let by_gap = self.last + self.gap;
        if self.min_rate == 0 {
            return by_gap;
        }
        let earned = std::time::Duration::from_secs_f64(self.received as f64 / f64::from(self.min_rate));
        by_gap.min(self.started + self.gap + earned)
    }

    fn record(&mut self, bytes: usize) {
        self.last = Instant::now();
        self.received += bytes as u64;
    }
}

/// The request body, read up to the size limit within the body deadlines; the finished 413,
/// 408 or 400 response when it cannot be.
pub(crate) async fn read_body<B>(
    app: &App,
    head: &http::request::Parts,
    body: B,
    budget: Option<&ConnectionBudget>,
) -> Result<ReadBody, HttpResponse>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    let limits = app.settings().server_limits();
    let limit = limits.data_upload_max_memory_size;
    let declared = head
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(app.too_large());
    }
    let mut deadline = Deadline::new(&limits);
    let timed_out = || timeout_response(head.version);
    let mut held: Option<OwnedSemaphorePermit> = None;
    if let (Some(budget), Some(len)) = (budget, declared.filter(|len| *len > 0)) {
        let permit = take(budget, len as usize, deadline.next()).await.ok_or_else(timed_out)?;
        held = Some(permit);
    }
    let mut body = std::pin::pin!(body);
    // The usual body is one chunk: kept as it is, copied only when a second one arrives.
    let mut first: Option<Bytes> = None;
    let mut joined: Option<BytesMut> = None;
    let mut total = 0usize;
    loop {
        // A piece that is already here needs no timer: only a read that has to wait is timed
        // (arming and cancelling a timer per piece is most of the cost of a small body).
        // In its own block, so no part of `next` is alive across the awaits below.
        let frame = {
            let next = if let Some(frame) = body.frame().now_or_never() {
                Ok(frame)
            } else {
                tokio::time::timeout_at(deadline.next(), body.frame()).await
            };
            match next {
                Err(_) => return Err(timed_out()),
                Ok(None) => break,
                Ok(Some(Err(err))) => {
                    let err: BoxError = err.into();
                    tracing::warn!("could not read a request body: {err}");
                    return Err(error_response(&ApiError::parse_error("Malformed request.")));
                }
                Ok(Some(Ok(frame))) => frame,
            }
        };
        let Ok(mut data) = frame.into_data() else { continue };
        let len = data.remaining();
        if len == 0 {
            continue;
        }
        deadline.record(len);
        total += len;
        if total > limit {
            return Err(app.too_large());
        }
        if let (Some(budget), None) = (budget, declared) {
            let permit = take(budget, len, deadline.next()).await.ok_or_else(timed_out)?;
            match held.as_mut() {
                Some(held) => held.merge(permit),
                None => held = Some(permit),
            }
        }
        let chunk = data.copy_to_bytes(len);
        match (&mut joined, first.take()) {
            (Some(joined), _) => joined.extend_from_slice(&chunk),
            (None, None) => first = Some(chunk),
            (None, Some(previous)) => {
                let capacity = declared.map_or(previous.len() + len, |d| d as usize);
                let mut buf = BytesMut::with_capacity(capacity.min(limit));
                buf.extend_from_slice(&previous);
                buf.extend_from_slice(&chunk);
                joined = Some(buf);
            }
        }
    }
    let bytes = match joined {
        Some(joined) => joined.freeze(),
        None => first.unwrap_or_default(),
    };
    Ok(ReadBody { bytes, held })
}

/// `bytes` of the connection's budget, waiting for them until `deadline`; `None` when the
/// deadline passes first.
async fn take(budget: &ConnectionBudget, bytes: usize, deadline: Instant) -> Option<OwnedSemaphorePermit> {
    // A body never needs more than the whole budget (it is at least the size limit).
    let wanted = u32::try_from(bytes.min(budget.size)).unwrap_or(u32::MAX);
    // The usual case, a free budget, without a timer.
    if let Ok(permit) = budget.permits.clone().try_acquire_many_owned(wanted) {
        return Some(permit);
    }
    match tokio::time::timeout_at(deadline, budget.permits.clone().acquire_many_owned(wanted)).await {
        Ok(Ok(permit)) => Some(permit),
        // The semaphore is never closed; a timeout is the only way here.
        Ok(Err(_)) | Err(_) => None,
    }
}

/// The 408 for a body that arrived too slowly; on HTTP/1 with `Connection: close`, since the
/// rest of the body will not be read (HTTP/2 resets the stream instead).
pub(crate) fn timeout_response(version: http::Version) -> HttpResponse {
    let detail = ErrorDetail::new(BODY_TIMEOUT_DETAIL, "request_timeout");
    let mut response = error_response(&ApiError::new(ErrorKind::Api, StatusCode::REQUEST_TIMEOUT, detail));
    if version < http::Version::HTTP_2 {
        response.headers_mut().insert(http::header::CONNECTION, http::HeaderValue::from_static("close"));
    }
    response
}
