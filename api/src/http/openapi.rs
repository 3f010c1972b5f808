//! The OpenAPI 3 description of the API, generated from the route table so that it cannot
//! drift from the routes: paths, methods, parameters, admitted roles and responses.

use axum::http::Method;
use axum::Json;
use serde_json::{json, Map, Value};

use super::routes::{routes, Kind, Refusal, Route};

/// `GET /api/v1/openapi.json`
pub async fn document() -> Json<Value> {
    Json(describe(&routes()))
}

/// The OpenAPI document of `routes`.
pub fn describe(routes: &[Route]) -> Value {
    let mut paths = Map::new();
    for route in routes {
        let operations = paths
            .entry(route.path.to_string())
            .or_insert_with(|| json!({}));
        operations[route.method.as_str().to_ascii_lowercase()] = operation(route);
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Cuepoint", "version": env!("CARGO_PKG_VERSION")},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                    "code": {"type": "string"}, "message": {"type": "string"},
                    "details": {"type": "array", "items": {"type": "object", "properties": {
                        "field": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}}}}}}}},
                "Committed": {"type": "object", "properties": {
                    "id": {"type": "string"}, "version": {"type": "integer"},
                    "consistency_token": {"type": "string"}}}
            }
        }
    })
}

fn operation(route: &Route) -> Value {
    let mut parameters: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    let error = json!({"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let mut responses = json!({"200": {"description": "OK"}});
    match route.kind {
        Kind::Public => {
            return json!({"summary": route.summary, "parameters": parameters, "responses": responses})
        }
        Kind::Command => {
            parameters.push(header(
                "Idempotency-Key",
                "A repeat with the same key returns the first response",
            ));
            let committed = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Committed"}}}});
            let status = if route.method == Method::POST && !route.path.ends_with('}') {
                "201"
            } else {
                "200"
            };
            responses = json!({status: committed});
            for code in ["409", "422"] {
                responses[code] = error.clone();
            }
        }
        Kind::Query(_) => {
            parameters.push(json!({"name": "after", "in": "query", "required": false, "schema": {"type": "string"},
                "description": "A consistency token: wait until the read models include that command"}));
        }
        Kind::Admin | Kind::Upload => {}
    }
    parameters.push(header(
        "X-Tenant",
        "The tenant's slug, where the Host has no tenant sub-domain",
    ));
    for code in ["400", "401", "403", "404", "503"] {
        responses[code] = error.clone();
    }
    let refused = match route.refusal {
        Refusal::Forbidden => "Other roles: 403",
        Refusal::NotFound => "Other roles: 404, as for a path no route has",
    };
    json!({
        "summary": route.summary,
        "description": refused,
        "x-roles": route.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "security": [{"bearer": []}],
        "parameters": parameters,
        "responses": responses,
    })
}

fn header(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "header", "required": false, "schema": {"type": "string"}, "description": description})
}
