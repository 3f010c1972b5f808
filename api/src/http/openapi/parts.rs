//! How a handler describes its operation: each argument (an extractor) says what it reads
//! from the request, the answer type says what it answers. A handler in the route table is
//! described by its own signature, so the document cannot drift from the code, and a new
//! extractor or answer type does not compile into the route table until it says how it
//! is described.

use std::future::Future;

use axum::extract::State;
use axum::http::StatusCode;
use schemars::JsonSchema;

use super::operation::{In, Operation};
use crate::commands::Actor;
use crate::http::auth::Principal;
use crate::http::error::ApiError;
use crate::http::json::{Json, OptionalJson};
use crate::http::path::Path;
use crate::http::query::Query;

/// A handler argument that reads (part of) the request.
pub trait Part {
    /// Adds what it reads, and the errors it answers, to `operation`.
    fn describe(operation: &mut Operation<'_>);
}

/// A handler's answer type.
pub trait Answer {
    /// Adds the answers it makes to `operation`.
    fn describe(operation: &mut Operation<'_>);
}

/// A handler whose arguments are all [`Part`]s and whose answer is an [`Answer`].
pub trait Documented<Arguments> {
    /// Describes the operation this handler serves.
    fn describe(operation: &mut Operation<'_>);
}

macro_rules! documented {
    ($($argument:ident),*) => {
        impl<F, Fut, $($argument,)*> Documented<($($argument,)*)> for F
        where
            F: FnOnce($($argument),*) -> Fut,
            Fut: Future,
            Fut::Output: Answer,
            $($argument: Part,)*
        {
            fn describe(operation: &mut Operation<'_>) {
                $($argument::describe(operation);)*
                <Fut::Output as Answer>::describe(operation);
            }
        }
    };
}

documented!();
documented!(A1);
documented!(A1, A2);
documented!(A1, A2, A3);
documented!(A1, A2, A3, A4);
documented!(A1, A2, A3, A4, A5);
documented!(A1, A2, A3, A4, A5, A6);

/// Reads nothing from the request.
macro_rules! reads_nothing {
    ($($ty:ty),*) => {
        $(impl Part for $ty {
            fn describe(_: &mut Operation<'_>) {}
        })*
    };
}

// The caller's identity is described by the route's roles (security, 401/403).
reads_nothing!(Principal, Actor);

/// A handler with the state may find the database unreachable.
impl<S> Part for State<S> {
    fn describe(operation: &mut Operation<'_>) {
        operation.errors(&[StatusCode::SERVICE_UNAVAILABLE]);
    }
}

impl<T: JsonSchema> Part for Json<T> {
    fn describe(operation: &mut Operation<'_>) {
        json_body::<T>(operation, true);
    }
}

impl<T: JsonSchema> Part for OptionalJson<T> {
    fn describe(operation: &mut Operation<'_>) {
        json_body::<T>(operation, false);
    }
}

fn json_body<T: JsonSchema>(operation: &mut Operation<'_>, required: bool) {
    let schema = operation.schemas.request::<T>();
    operation.body(required, &[("application/json", schema)]);
    operation.errors(&[
        StatusCode::BAD_REQUEST,
        StatusCode::PAYLOAD_TOO_LARGE,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        StatusCode::UNPROCESSABLE_ENTITY,
    ]);
}

impl<T: JsonSchema> Part for Path<T> {
    fn describe(operation: &mut Operation<'_>) {
        let schemas = operation.schemas.path::<T>();
        let names = operation.path_names.clone();
        for (name, schema) in names.iter().zip(schemas) {
            operation.parameter(In::Path, name, true, schema, "");
        }
        // A value the path cannot hold names no resource.
        operation.errors(&[StatusCode::NOT_FOUND]);
    }
}

impl<T: JsonSchema> Part for Query<T> {
    fn describe(operation: &mut Operation<'_>) {
        for field in operation.schemas.query::<T>() {
            operation.parameter(In::Query, &field.name, field.required, field.schema, "");
        }
        operation.errors(&[StatusCode::BAD_REQUEST]);
    }
}

impl<T: Answer> Answer for Result<T, ApiError> {
    fn describe(operation: &mut Operation<'_>) {
        T::describe(operation);
    }
}

impl<T: JsonSchema> Answer for axum::Json<T> {
    fn describe(operation: &mut Operation<'_>) {
        let schema = operation.schemas.answer::<T>();
        let success = operation.success;
        operation.answer(success, &[("application/json", schema)]);
    }
}

impl<T: JsonSchema> Answer for (StatusCode, axum::Json<T>) {
    fn describe(operation: &mut Operation<'_>) {
        axum::Json::<T>::describe(operation);
    }
}

/// A status without a body (`204`).
impl Answer for StatusCode {
    fn describe(operation: &mut Operation<'_>) {
        let success = operation.success;
        operation.answer(success, &[]);
    }
}
