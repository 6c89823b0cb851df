//! The service's error: a stable `code`, a message for people, and the HTTP status that follows
//! from the error's category. Every refusal leaves the service as `{"code": …, "message": …}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// How a service error is answered. The first five are the library's categories (see
/// [`crate::domain::category`]); the others are the service's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Something named does not exist: 404.
    NotFound,
    /// The acting member may not do this: 403.
    Forbidden,
    /// The request itself is wrong, whatever the state: 400.
    InvalidInput,
    /// The request conflicts with the current state (including a stale version): 409.
    Conflict,
    /// A document sent to the service is of the wrong shape or breaks an invariant: 422.
    CorruptDocument,
    /// No valid bearer token: 401.
    Unauthenticated,
    /// A body of another media type than JSON: 415.
    UnsupportedMediaType,
    /// A method the route does not have: 405.
    MethodNotAllowed,
    /// A body over the limit: 413.
    PayloadTooLarge,
    /// Over the account's rate: 429.
    TooManyRequests,
    /// The service cannot answer now (a request over its time): 503.
    Unavailable,
    /// The service itself failed (storage, a corrupt stored document): 500.
    Internal,
}

impl Category {
    /// The HTTP status this category is answered with.
    pub fn status(self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::InvalidInput => StatusCode::BAD_REQUEST,
            Self::Conflict => StatusCode::CONFLICT,
            Self::CorruptDocument => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// A refused or failed request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// How it is answered.
    pub category: Category,
    /// The stable snake_case code (the library's own code for a refused command).
    pub code: &'static str,
    /// What went wrong and what to do, for people.
    pub message: String,
}

impl ApiError {
    /// An error of the service's own.
    pub fn new(category: Category, code: &'static str, message: impl Into<String>) -> Self {
        Self { category, code, message: message.into() }
    }

    /// A storage or stored-document failure (answered 500; the detail is logged, not sent).
    pub fn internal(code: &'static str, detail: &impl std::fmt::Display) -> Self {
        tracing::error!(code, %detail, "internal error");
        Self::new(Category::Internal, code, "the service failed to complete the request; see its log")
    }
}

/// The JSON body of an error response.
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { code: self.code, message: &self.message };
        (self.category.status(), Json(body)).into_response()
    }
}
