//! The OpenAPI 3.1 document of the API, generated from the route table: each route's path,
//! method, roles and kind, and the types its handler reads and answers (see [`parts`]),
//! whose JSON Schemas `schemars` derives from their serde attributes.

mod operation;
mod parts;
mod schemas;

use std::sync::LazyLock;

use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Map, Value};

pub use operation::{describe_status, In, Operation};
pub use parts::{Answer, Documented, Part};
pub use schemas::Schemas;

use super::consistency::TOKEN_HEADER;
use super::routes::{routes, Kind, Refusal, Route};

/// `GET /api/v1/openapi.json`
pub async fn document() -> Json<Value> {
    static DOCUMENT: LazyLock<Value> = LazyLock::new(|| describe(&routes()));
    Json(DOCUMENT.clone())
}

/// The OpenAPI document of `routes`.
pub fn describe(routes: &[Route]) -> Value {
    let mut schemas = Schemas::default();
    let mut paths = Map::new();
    for route in routes {
        let operations = paths
            .entry(route.path.to_string())
            .or_insert_with(|| json!({}));
        operations[route.method.as_str().to_ascii_lowercase()] = operation(route, &mut schemas);
    }
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Cuepoint",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Ad operations for podcast networks. Every route but the public ones needs `Authorization: Bearer <token>` and names its tenant by sub-domain or `X-Tenant`. Errors have one shape: `{\"error\": {\"code\", \"message\", \"details\"}}`.",
        },
        "paths": paths,
    });
    let components = schemas.components(&mut document);
    document["components"] = json!({
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": components,
    });
    document
}

fn operation(route: &Route, schemas: &mut Schemas) -> Value {
    let path_names = route
        .path
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| name.trim_start_matches('*').to_string())
        .collect();
    let mut operation = Operation::new(schemas, path_names, route.success);
    (route.describe)(&mut operation);
    if !matches!(route.kind, Kind::Public) {
        describe_access(route, &mut operation);
    }
    match route.kind {
        Kind::Command => describe_command(&mut operation),
        Kind::Query(_) => describe_query(&mut operation),
        Kind::Public | Kind::Admin | Kind::Upload => {}
    }
    let (parameters, request_body, responses) = operation.into_parts();
    let kind = match route.kind {
        Kind::Public => "public",
        Kind::Command => "command",
        Kind::Query(_) => "query",
        Kind::Admin => "admin",
        Kind::Upload => "upload",
    };
    let mut described = json!({
        "operationId": operation_id(route),
        "summary": route.summary,
        "x-kind": kind,
        "parameters": parameters,
        "responses": responses.into_iter().map(|(status, r)| (status.to_string(), r)).collect::<Map<_, _>>(),
    });
    if let Some(body) = request_body {
        described["requestBody"] = body;
    }
    if !matches!(route.kind, Kind::Public) {
        let refused = match route.refusal {
            Refusal::Forbidden => "403",
            Refusal::NotFound => "404, as for a path no route has",
        };
        let roles: Vec<&str> = route.roles.iter().map(|r| r.as_str()).collect();
        described["description"] = json!(format!(
            "Roles: {}. Other roles: {refused}.",
            roles.join(", ")
        ));
        described["x-roles"] = json!(roles);
        described["security"] = json!([{"bearer": []}]);
    }
    described
}

/// The tenant and token every route but the public ones reads.
fn describe_access(route: &Route, operation: &mut Operation<'_>) {
    operation.parameter(
        In::Header,
        "X-Tenant",
        false,
        json!({"type": "string", "pattern": cuepoint_domain::schema::SLUG_PATTERN}),
        "The tenant's slug, where the Host has no tenant sub-domain",
    );
    let refusal = match route.refusal {
        Refusal::Forbidden => StatusCode::FORBIDDEN,
        Refusal::NotFound => StatusCode::NOT_FOUND,
    };
    operation.errors(&[
        StatusCode::BAD_REQUEST,
        StatusCode::UNAUTHORIZED,
        refusal,
        StatusCode::NOT_FOUND,
        StatusCode::SERVICE_UNAVAILABLE,
    ]);
}

/// Commands honour `Idempotency-Key`, may conflict and may break a business rule.
fn describe_command(operation: &mut Operation<'_>) {
    operation.parameter(
        In::Header,
        "Idempotency-Key",
        false,
        json!({"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[\t -~]*[!-~][\t -~]*$"}),
        "A repeat with the same key (and the same body) answers the first answer again, without doing the command twice; the same key with another body is 422",
    );
    operation.errors(&[StatusCode::CONFLICT, StatusCode::UNPROCESSABLE_ENTITY]);
}

/// Queries wait, boundedly, for the read models to include a command given its token.
fn describe_query(operation: &mut Operation<'_>) {
    let token = json!({"type": "string", "pattern": r"^[^.]+\.[1-9][0-9]*\.[^:]*:.*$"});
    operation.parameter(
        In::Query,
        "after",
        false,
        token.clone(),
        "A command's consistency token: answer once the read models include that command (at most `CUEPOINT_CONSISTENCY_TIMEOUT_MS`; past it the answer carries `Consistency: stale`)",
    );
    operation.parameter(
        In::Header,
        TOKEN_HEADER,
        false,
        token,
        "As `?after=` (the query parameter wins)",
    );
    let success = operation.success;
    operation.answer_header(
        success,
        "Consistency",
        "`stale` when the read models did not catch up with `after` in time",
    );
}

/// A stable, unique name of the operation: its method and path.
fn operation_id(route: &Route) -> String {
    let path: String = route
        .path
        .trim_start_matches("/api/v1")
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.trim_matches(|c| c == '{' || c == '}' || c == '*')
                .replace('-', "_")
        })
        .collect::<Vec<_>>()
        .join("_");
    format!("{}_{}", route.method.as_str().to_ascii_lowercase(), path)
}
