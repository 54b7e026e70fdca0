//! The API's one error type, mapped once to a GraphQL error with `extensions.code`.

use async_graphql::ErrorExtensions;

use crate::domain::RuleError;
use crate::store::StoreError;

/// Everything a request can fail with. Deliberately not `Display`: the only way out to a client
/// is the conversion below, so database text can never leak through a stray `?`.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// No valid token: the code is UNAUTHENTICATED.
    Unauthenticated,
    /// Signed in, but not allowed: FORBIDDEN.
    Forbidden(String),
    /// The record named does not exist: NOT_FOUND.
    NotFound(String),
    /// The input is wrong whatever the data: BAD_USER_INPUT.
    BadUserInput(String),
    /// The data's state refuses the change, or someone changed it first: CONFLICT.
    Conflict(String),
    /// Our fault; the cause was logged: INTERNAL.
    Internal,
}

/// The result type of every resolver.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "UNAUTHENTICATED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound(_) => "NOT_FOUND",
            ApiError::BadUserInput(_) => "BAD_USER_INPUT",
            ApiError::Conflict(_) => "CONFLICT",
            ApiError::Internal => "INTERNAL",
        }
    }

    fn message(&self) -> &str {
        match self {
            ApiError::Unauthenticated => {
                "Please sign in: send your API token as \"Authorization: Bearer <token>\"."
            }
            ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::BadUserInput(m)
            | ApiError::Conflict(m) => m,
            ApiError::Internal => {
                "Something went wrong on our side; it has been logged. Please try again later."
            }
        }
    }
}

impl From<RuleError> for ApiError {
    fn from(error: RuleError) -> Self {
        match error {
            RuleError::Invalid(m) => ApiError::BadUserInput(m),
            RuleError::Forbidden(m) => ApiError::Forbidden(m),
            RuleError::Conflict(m) => ApiError::Conflict(m),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Rule(rule) => rule.into(),
            StoreError::NotFound(m) => ApiError::NotFound(m),
            StoreError::Database(cause) => {
                tracing::error!(error = %cause, "database error while answering a request");
                ApiError::Internal
            }
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        let code = error.code();
        async_graphql::Error::new(error.message()).extend_with(|_, extensions| {
            extensions.set("code", code);
        })
    }
}
