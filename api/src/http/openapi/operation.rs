//! One operation of the document, as a route's parts and answer describe it.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::schemas::Schemas;
use crate::http::error::ErrorBody;

/// An operation being described: what the request carries and what it may be answered.
pub struct Operation<'a> {
    /// The schemas of the document.
    pub schemas: &'a mut Schemas,
    /// The names of the path's `{parameters}`, in order.
    pub path_names: Vec<String>,
    /// The status of a successful answer, as the route table declares it.
    pub success: StatusCode,
    pub(super) parameters: Vec<Value>,
    pub(super) request_body: Option<Value>,
    pub(super) responses: BTreeMap<u16, Value>,
}

/// Where a parameter is read from.
#[derive(Clone, Copy, Debug)]
pub enum In {
    /// A `{segment}` of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

impl<'a> Operation<'a> {
    /// An operation of a path with `path_names` that succeeds with `success`.
    pub fn new(schemas: &'a mut Schemas, path_names: Vec<String>, success: StatusCode) -> Self {
        Operation {
            schemas,
            path_names,
            success,
            parameters: Vec::new(),
            request_body: None,
            responses: BTreeMap::new(),
        }
    }

    /// A parameter read from `place`.
    pub fn parameter(
        &mut self,
        place: In,
        name: &str,
        required: bool,
        schema: Value,
        description: &str,
    ) {
        let place = match place {
            In::Path => "path",
            In::Query => "query",
            In::Header => "header",
        };
        let description = schema_description(&schema)
            .unwrap_or(description)
            .to_string();
        let mut parameter =
            json!({"name": name, "in": place, "required": required, "schema": schema});
        if !description.is_empty() {
            parameter["description"] = json!(description);
        }
        self.parameters.push(parameter);
    }

    /// The request body: its content by media type; `required` when the route cannot do
    /// without it.
    pub fn body(&mut self, required: bool, content: &[(&str, Value)]) {
        self.request_body = Some(json!({"required": required, "content": by_media(content)}));
    }

    /// An answer with `status` and a body of one of the media types of `content`, each
    /// with its schema (none: no body). A second answer with the same status and media type
    /// is an alternative (`anyOf`).
    pub fn answer(&mut self, status: StatusCode, content: &[(&str, Value)]) {
        let response = self
            .responses
            .entry(status.as_u16())
            .or_insert_with(|| json!({"description": describe_status(status)}));
        for (media, schema) in content {
            let slot = &mut response["content"][*media]["schema"];
            *slot = match slot.take() {
                Value::Null => schema.clone(),
                same if same == *schema => same,
                Value::Object(mut any) if any.contains_key("anyOf") => {
                    if let Some(Value::Array(alternatives)) = any.get_mut("anyOf") {
                        if !alternatives.contains(schema) {
                            alternatives.push(schema.clone());
                        }
                    }
                    Value::Object(any)
                }
                other => json!({"anyOf": [other, schema]}),
            };
        }
    }

    /// A header every answer of `status` carries.
    pub fn answer_header(&mut self, status: StatusCode, name: &str, description: &str) {
        if let Some(response) = self.responses.get_mut(&status.as_u16()) {
            response["headers"][name] =
                json!({"description": description, "schema": {"type": "string"}});
        }
    }

    /// Error answers, in the API's error shape.
    pub fn errors(&mut self, statuses: &[StatusCode]) {
        let schema = self.schemas.answer::<ErrorBody>();
        for &status in statuses {
            self.answer(status, &[("application/json", schema.clone())]);
        }
    }

    /// The operation's parameters, request body and responses.
    pub(super) fn into_parts(self) -> (Vec<Value>, Option<Value>, BTreeMap<u16, Value>) {
        (self.parameters, self.request_body, self.responses)
    }
}

/// OpenAPI's `content`: each media type with its schema.
fn by_media(content: &[(&str, Value)]) -> Value {
    content
        .iter()
        .map(|(media, schema)| (media.to_string(), json!({"schema": schema})))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn schema_description(schema: &Value) -> Option<&str> {
    schema.get("description").and_then(Value::as_str)
}

/// What an answer with `status` means in this API (docs/rules.md, errors).
pub fn describe_status(status: StatusCode) -> &'static str {
    match status.as_u16() {
        200 => "OK",
        201 => "Created",
        204 => "Done; no content",
        400 => "Malformed request: JSON, a query parameter, a header or a consistency token that cannot be read (`details` names it)",
        401 => "No bearer token, or not one of this tenant",
        403 => "The token's role may not use this route",
        404 => "Unknown resource or tenant (another tenant's resources are unknown too)",
        409 => "A state conflict, a concurrent write that could not be retried, or a repeated import",
        413 => "The body is larger than the limit",
        415 => "Wrong Content-Type",
        422 => "Well-formed, but breaks a business rule (`details` names the fields)",
        502 => "The upstream service (Google) answered with an error",
        503 => "A service the route needs is unreachable (the database, or Google Sheets); retry later",
        _ => "See the error's code",
    }
}
