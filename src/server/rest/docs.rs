//! `GET /api/docs`: the OpenAPI document as one web page, rendered here on the server.
//!
//! The product is self-hosted, often on machines without internet, so the page needs nothing from elsewhere:
//! no CDN, no bundled Swagger UI. Every operation is listed by tag with its parameters, body and responses,
//! and every schema with its fields, so the page documents everything without JavaScript. `public/api-docs.js`
//! (a static file: no inline script or style, ready for a strict Content-Security-Policy) adds a token field
//! and a "Try it" form per operation, built from the `data-*` attributes written here.

use super::openapi::DOCUMENT;
use axum::response::Html;
use serde_json::{Map, Value};
use std::{fmt::Write, sync::LazyLock};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[utoipa::path(
    get,
    path = "/api/docs",
    tag = "meta",
    summary = "This documentation as a web page",
    responses((status = 200, description = "The page.", content_type = "text/html"))
)]
pub async fn page() -> Html<&'static str> {
    static PAGE: LazyLock<String> = LazyLock::new(|| {
        let document = serde_json::to_value(&*DOCUMENT).unwrap_or_default();
        render(&document)
    });
    Html(PAGE.as_str())
}

/// The whole page for an OpenAPI document (as JSON).
fn render(doc: &Value) -> String {
    let title = esc(doc["info"]["title"].as_str().unwrap_or("API"));
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"/api-docs.css\">\n\
         <script src=\"/api-docs.js\" defer></script>\n</head>\n<body>\n<header>\n\
         <h1>{title} <small>{version}</small></h1>\n{description}\
         <p>The same, as data: <a href=\"/api/openapi.json\">OpenAPI {openapi} document</a>.</p>\n</header>\n",
        version = esc(doc["info"]["version"].as_str().unwrap_or_default()),
        description = paragraphs(doc["info"]["description"].as_str()),
        openapi = esc(doc["openapi"].as_str().unwrap_or_default()),
    );
    let groups = by_tag(doc);
    html.push_str("<nav>\n<ul>\n");
    for group in &groups {
        let _ = writeln!(
            html,
            "<li><a href=\"#tag-{0}\">{0}</a> ({1})</li>",
            esc(group.tag),
            group.operations.len()
        );
    }
    html.push_str("<li><a href=\"#schemas\">Schemas</a></li>\n</ul>\n</nav>\n<main>\n");
    for group in &groups {
        let _ = writeln!(
            html,
            "<section id=\"tag-{0}\">\n<h2>{0}</h2>\n{1}",
            esc(group.tag),
            paragraphs(group.description)
        );
        for (method, path, operation) in &group.operations {
            html.push_str(&render_operation(doc, method, path, operation));
        }
        html.push_str("</section>\n");
    }
    html.push_str(&render_schemas(doc));
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// The operations of one tag.
struct Group<'a> {
    tag: &'a str,
    description: Option<&'a str>,
    /// Method, path and the operation object, in path order.
    operations: Vec<(&'a str, &'a str, &'a Value)>,
}

/// Operations grouped by their first tag, in the document's tag order.
fn by_tag(doc: &Value) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| {
            Some(Group {
                tag: t["name"].as_str()?,
                description: t["description"].as_str(),
                operations: Vec::new(),
            })
        })
        .collect();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let tag = operation["tags"][0].as_str().unwrap_or("other");
            let index = match groups.iter().position(|g| g.tag == tag) {
                Some(index) => index,
                None => {
                    groups.push(Group {
                        tag,
                        description: None,
                        operations: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            groups[index].operations.push((method, path, operation));
        }
    }
    groups.retain(|g| !g.operations.is_empty());
    groups
}

fn render_operation(doc: &Value, method: &str, path: &str, op: &Value) -> String {
    let security = op["security"][0]
        .as_object()
        .and_then(|s| s.keys().next())
        .map_or("", String::as_str);
    let mut html = format!(
        "<article class=\"operation\" id=\"{id}\" data-method=\"{upper}\" data-path=\"{path}\" data-security=\"{security}\">\n\
         <h3><span class=\"method method-{method}\">{upper}</span> <code>{path}</code></h3>\n\
         <p class=\"summary\">{summary}</p>\n{description}<p class=\"auth\">{auth}</p>\n",
        id = esc(op["operationId"].as_str().unwrap_or_default()),
        upper = method.to_uppercase(),
        path = esc(path),
        summary = inline(op["summary"].as_str().unwrap_or_default()),
        description = paragraphs(op["description"].as_str()),
        auth = match security {
            "bearer" => "Authentication: <code>Authorization: Bearer &lt;access token&gt;</code> (or the browser's session).",
            "api_key" => "Authentication: <code>X-API-Key: &lt;service API key&gt;</code>.",
            _ => "No authentication.",
        },
    );
    html.push_str(&render_parameters(op));
    html.push_str(&render_request_body(doc, op));
    html.push_str(&render_responses(op));
    html.push_str("</article>\n");
    html
}

fn render_parameters(op: &Value) -> String {
    let Some(parameters) = op["parameters"].as_array().filter(|p| !p.is_empty()) else {
        return String::new();
    };
    let mut html = String::from(
        "<h4>Parameters</h4>\n<table class=\"parameters\">\n\
         <tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr>\n",
    );
    for p in parameters {
        let name = esc(p["name"].as_str().unwrap_or_default());
        let location = esc(p["in"].as_str().unwrap_or_default());
        let required = p["required"].as_bool().unwrap_or(false);
        let _ = writeln!(
            html,
            "<tr data-param=\"{name}\" data-in=\"{location}\"><td><code>{name}</code>{}</td><td>{location}</td>\
             <td>{}</td><td>{}</td></tr>",
            if required { " <em>required</em>" } else { "" },
            type_of(&p["schema"]),
            inline(p["description"].as_str().unwrap_or_default()),
        );
    }
    html.push_str("</table>\n");
    html
}

fn render_request_body(doc: &Value, op: &Value) -> String {
    let Some(content) = op["requestBody"]["content"].as_object() else {
        return String::new();
    };
    let mut html = String::from("<h4>Request body</h4>\n");
    for (content_type, media) in content {
        let schema = resolve(doc, &media["schema"]);
        let _ = writeln!(
            html,
            "<div class=\"request-body\" data-content-type=\"{}\">\n<p><code>{}</code>: {}</p>",
            esc(content_type),
            esc(content_type),
            type_of(&media["schema"]),
        );
        if content_type == "multipart/form-data" {
            html.push_str(&render_form_fields(doc, schema));
        } else {
            let example = serde_json::to_string_pretty(&example(doc, &media["schema"], 0))
                .unwrap_or_default();
            let _ = writeln!(
                html,
                "<p>Example:</p>\n<pre class=\"example\">{}</pre>",
                esc(&example)
            );
        }
        html.push_str("</div>\n");
    }
    html
}

/// The parts of a multipart body: a file for a binary property, JSON for an object, text otherwise.
fn render_form_fields(doc: &Value, schema: &Value) -> String {
    let mut html = String::from("<ul class=\"form-fields\">\n");
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let resolved = resolve(doc, property);
        let kind = if property["format"] == "binary" {
            "file"
        } else if resolved["type"] == "object" || resolved.get("allOf").is_some() {
            "json"
        } else {
            "text"
        };
        let _ = writeln!(
            html,
            "<li data-field=\"{0}\" data-kind=\"{kind}\"><code>{0}</code>: {1} {2}</li>",
            esc(name),
            type_of(property),
            inline(property["description"].as_str().unwrap_or_default()),
        );
    }
    html.push_str("</ul>\n");
    html
}

fn render_responses(op: &Value) -> String {
    let mut html = String::from(
        "<h4>Responses</h4>\n<table class=\"responses\">\n<tr><th>Status</th><th>Description</th><th>Body</th></tr>\n",
    );
    for (status, response) in op["responses"].as_object().into_iter().flatten() {
        let bodies: Vec<String> = response["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(content_type, media)| match media.get("schema") {
                Some(schema) => format!("<code>{}</code>: {}", esc(content_type), type_of(schema)),
                None => format!("<code>{}</code>", esc(content_type)),
            })
            .collect();
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(status),
            inline(response["description"].as_str().unwrap_or_default()),
            if bodies.is_empty() {
                "—".to_owned()
            } else {
                bodies.join("<br>")
            },
        );
    }
    html.push_str("</table>\n");
    html
}

fn render_schemas(doc: &Value) -> String {
    let mut html = String::from("<section id=\"schemas\">\n<h2>Schemas</h2>\n");
    for (name, schema) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        let _ = writeln!(
            html,
            "<article class=\"schema\" id=\"schema-{0}\">\n<h3>{0}</h3>\n{1}",
            esc(name),
            paragraphs(schema["description"].as_str()),
        );
        html.push_str(&render_fields(schema));
        html.push_str("</article>\n");
    }
    html.push_str("</section>\n");
    html
}

/// An object's fields as a table; the parts of an `allOf` in turn; any other schema as its type.
fn render_fields(schema: &Value) -> String {
    if let Some(parts) = schema["allOf"].as_array() {
        return parts
            .iter()
            .map(|part| match part["$ref"].as_str() {
                Some(_) => format!("<p>Every field of {}, and:</p>\n", type_of(part)),
                None => render_fields(part),
            })
            .collect();
    }
    let Some(properties) = schema["properties"].as_object() else {
        return format!("<p>{}</p>\n", type_of(schema));
    };
    let required = |name: &str| {
        schema["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|n| n == name))
    };
    let mut html = String::from(
        "<table class=\"fields\">\n<tr><th>Field</th><th>Type</th><th>Description</th></tr>\n",
    );
    for (name, property) in properties {
        let _ = writeln!(
            html,
            "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
            esc(name),
            if required(name) {
                " <em>required</em>"
            } else {
                ""
            },
            type_of(property),
            inline(property["description"].as_str().unwrap_or_default()),
        );
    }
    if schema["additionalProperties"] == false {
        html.push_str("<tr><td colspan=\"3\">No other fields are accepted.</td></tr>\n");
    }
    html.push_str("</table>\n");
    html
}

/// A schema's type in a few words (HTML), with links to named schemas.
fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = esc(reference.rsplit('/').next().unwrap_or(reference));
        return format!("<a href=\"#schema-{name}\">{name}</a>");
    }
    for (key, joiner) in [("oneOf", " | "), ("anyOf", " | "), ("allOf", " &amp; ")] {
        if let Some(parts) = schema[key].as_array() {
            return parts.iter().map(type_of).collect::<Vec<_>>().join(joiner);
        }
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values
            .iter()
            .map(|v| format!("<code>{}</code>", esc(&v.to_string())))
            .collect();
        return format!("one of {}", values.join(", "));
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return "any".to_owned(),
    };
    types
        .iter()
        .map(|t| match *t {
            "array" => format!("array of {}", type_of(&schema["items"])),
            "object" if schema["additionalProperties"].is_object() => {
                format!(
                    "map of string to {}",
                    type_of(&schema["additionalProperties"])
                )
            }
            "string" if schema["format"] == "binary" => "file (binary)".to_owned(),
            other => match schema["format"].as_str() {
                Some(format) => format!("{} ({})", esc(other), esc(format)),
                None => esc(other),
            },
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A value of `schema` to start from: every field, with a placeholder of its type.
fn example(doc: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(doc, schema);
    if depth > 5 {
        return Value::Null;
    }
    if let Some(first) = schema["oneOf"].get(0).or_else(|| schema["anyOf"].get(0)) {
        return example(doc, first, depth + 1);
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(fields) = example(doc, part, depth + 1) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    if let Some(first) = schema["enum"].get(0) {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        other => other.as_str(),
    };
    match kind {
        Some("object") => Value::Object(
            schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, property)| (name.clone(), example(doc, property, depth + 1)))
                .collect(),
        ),
        Some("array") => Value::Array(vec![example(doc, &schema["items"], depth + 1)]),
        Some("string") => Value::from("string"),
        Some("integer") | Some("number") => Value::from(0),
        Some("boolean") => Value::Bool(false),
        _ => Value::Null,
    }
}

/// The schema a `$ref` names, or the schema itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        Some(name) => &doc["components"]["schemas"][name],
        None => schema,
    }
}

/// Paragraphs of a description (blank-line separated), with `code` spans.
fn paragraphs(text: Option<&str>) -> String {
    text.unwrap_or_default()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", inline(p)))
        .collect()
}

/// Escapes `text` and turns its `backquoted` spans into `<code>`.
fn inline(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
