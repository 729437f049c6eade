//! The OpenAPI 3.0 handling on a small spec written for it: operation lookup, `nullable`,
//! `readOnly`/`writeOnly`, discriminators, overlapping `oneOf`, query coercion, statuses.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::*;

fn mini() -> Value {
    let json_of =
        |schema: Value| json!({ "content": { "application/json": { "schema": schema } } });
    json!({
        "openapi": "3.0.3",
        "paths": {
            "/api/v1/users/{id}": {
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "minLength": 3 } }],
                "get": {
                    "operationId": "getUser",
                    "parameters": [{ "name": "expand", "in": "query", "schema": { "type": "string", "enum": ["blocks"] } }],
                    "responses": {
                        "200": json_of(json!({ "$ref": "#/components/schemas/User" })),
                        "404": { "$ref": "#/components/responses/NotFound" }
                    }
                },
                "post": {
                    "operationId": "updateUser",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/User" } } } },
                    "responses": { "200": json_of(json!({ "$ref": "#/components/schemas/User" })) }
                }
            },
            "/api/v1/users/me": {
                "get": { "operationId": "getMe", "responses": { "default": json_of(json!({ "$ref": "#/components/schemas/Error" })) } }
            },
            "/api/v1/users": {
                "get": {
                    "operationId": "listUsers",
                    "parameters": [
                        { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 200 } },
                        { "name": "active", "in": "query", "schema": { "type": "boolean" } },
                        { "name": "ids", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } },
                        { "name": "count", "in": "query", "schema": { "$ref": "#/components/schemas/Count" } },
                        { "name": "search", "in": "query", "required": true, "schema": { "type": "string" } }
                    ],
                    "responses": {
                        "200": json_of(json!({ "type": "array", "items": { "$ref": "#/components/schemas/User" } })),
                        "4XX": json_of(json!({ "$ref": "#/components/schemas/Error" }))
                    }
                }
            },
            "/api/v1/apps": {
                "post": {
                    "operationId": "createApplication",
                    "requestBody": json_of(json!({
                        "oneOf": [{ "$ref": "#/components/schemas/Bookmark" }, { "$ref": "#/components/schemas/AutoLogin" }],
                        "discriminator": { "propertyName": "signOnMode", "mapping": {
                            "BOOKMARK": "#/components/schemas/Bookmark",
                            "AUTO_LOGIN": "#/components/schemas/AutoLogin"
                        } }
                    })),
                    "responses": { "200": { "description": "no body" } }
                }
            },
            "/api/v1/apps/{appId}": {
                "get": {
                    "operationId": "getApplication",
                    "responses": { "200": { "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Application" },
                        "examples": { "Wiki": { "$ref": "#/components/examples/Wiki" } }
                    } } } }
                },
                "delete": {
                    "operationId": "deleteApplication",
                    "responses": { "204": { "description": "No Content" }, "404": { "$ref": "#/components/responses/NotFound" } }
                }
            },
            "/api/v1/themes/{themeId}/logo": {
                "post": {
                    "operationId": "uploadLogo",
                    "parameters": [{ "name": "themeId", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "requestBody": { "required": true, "content": { "multipart/form-data": { "schema": {
                        "type": "object", "properties": { "file": { "type": "string", "format": "binary" } }, "required": ["file"]
                    } } } },
                    "responses": { "200": { "description": "OK" } }
                }
            },
            "/api/v1/factors/verify": {
                "post": {
                    "operationId": "verifyFactor",
                    "requestBody": json_of(json!({ "oneOf": [
                        { "title": "sms", "properties": { "passCode": { "type": "string" } } },
                        { "title": "call", "properties": { "passCode": { "type": "string" } } }
                    ] })),
                    "responses": { "200": { "description": "no body" } }
                }
            }
        },
        "components": {
            "schemas": {
                "User": {
                    "type": "object",
                    "properties": {
                        "id": { "type": "string", "readOnly": true },
                        "created": { "type": "string", "format": "date-time", "readOnly": true },
                        "status": { "$ref": "#/components/schemas/UserStatus" },
                        "profile": { "type": "object", "properties": {
                            "nickName": { "type": "string", "nullable": true },
                            "email": { "type": "string", "format": "email" }
                        } },
                        "password": { "type": "string", "writeOnly": true },
                        "_links": { "$ref": "#/components/schemas/Links" }
                    },
                    "required": ["id", "profile", "password"]
                },
                "Links": { "type": "object", "readOnly": true },
                "UserStatus": { "type": "string", "enum": ["ACTIVE", "SUSPENDED"] },
                "Application": {
                    "type": "object",
                    "properties": { "signOnMode": { "type": "string" }, "label": { "type": "string" } },
                    "required": ["signOnMode", "label"],
                    "discriminator": { "propertyName": "signOnMode", "mapping": {
                        "BOOKMARK": "#/components/schemas/Bookmark",
                        "AUTO_LOGIN": "#/components/schemas/AutoLogin"
                    } }
                },
                "Bookmark": { "allOf": [{ "$ref": "#/components/schemas/Application" }, {
                    "properties": { "settings": { "type": "object", "properties": { "url": { "type": "string" } }, "required": ["url"] } },
                    "required": ["settings"]
                }] },
                "AutoLogin": { "allOf": [{ "$ref": "#/components/schemas/Application" }, {
                    "properties": { "settings": { "type": "object", "properties": { "loginUrl": { "type": "string" } }, "required": ["loginUrl"] } },
                    "required": ["settings"]
                }] },
                "Error": {
                    "type": "object",
                    "properties": { "errorCode": { "type": "string" }, "errorSummary": { "type": "string" } },
                    "required": ["errorCode", "errorSummary"]
                },
                "Count": { "type": "integer", "minimum": 0, "exclusiveMinimum": true }
            },
            "examples": {
                "Wiki": { "value": { "label": "Wiki", "signOnMode": "BOOKMARK" } }
            },
            "responses": {
                "NotFound": { "description": "Not found", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
        }
    })
}

fn spec() -> Spec {
    Spec::from_documents(vec![("mini.yaml".into(), mini())]).unwrap()
}

fn op<'s>(spec: &'s Spec, method: &str, path: &str) -> &'s Operation {
    spec.find(method, path)
        .unwrap_or_else(|| panic!("{method} {path}"))
}

fn request(
    spec: &Spec,
    method: &str,
    path: &str,
    query: &[(&str, &[&str])],
    body: Option<Value>,
) -> Vec<Finding> {
    let query: BTreeMap<String, Vec<String>> = query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
        .collect();
    let op = op(spec, method, path);
    spec.check_request(op, path, &query, body.as_ref()).findings
}

fn post(spec: &Spec, path: &str, body: Value) -> Vec<Finding> {
    request(spec, "POST", path, &[], Some(body))
}

fn response(
    spec: &Spec,
    method: &str,
    path: &str,
    status: u16,
    body: ResponseBody<'_>,
) -> ResponseReport {
    spec.check_response(op(spec, method, path), status, body)
}

/// Declared, body validated, nothing found.
fn assert_clean(r: &ResponseReport) {
    assert!(
        r.declared && r.body_validated && r.findings.is_empty(),
        "{:?}",
        r.findings
    );
}

fn get_user(spec: &Spec, status: u16, body: ResponseBody<'_>) -> ResponseReport {
    response(spec, "GET", "/api/v1/users/00u1", status, body)
}

fn categories(findings: &[Finding]) -> Vec<Category> {
    findings.iter().map(|f| f.category).collect()
}

#[test]
fn a_literal_segment_wins_over_a_placeholder() {
    let spec = spec();
    assert_eq!(
        op(&spec, "GET", "/api/v1/users/me").operation_id.as_deref(),
        Some("getMe")
    );
    assert_eq!(
        op(&spec, "GET", "/api/v1/users/00u1")
            .operation_id
            .as_deref(),
        Some("getUser")
    );
    assert_eq!(
        op(&spec, "get", "/api/v1/users").label(),
        "GET /api/v1/users (listUsers)"
    );
    assert!(spec.find("DELETE", "/api/v1/users/00u1").is_none());
    assert!(spec.find("GET", "/api/v1/users/00u1/extra").is_none());
    assert!(
        spec.find("GET", "/api/v1/users/").is_none(),
        "an empty segment fills no placeholder"
    );
    let by_template = spec
        .find_template("POST", "/api/v1/users/{userId}")
        .unwrap();
    assert_eq!(by_template.operation_id.as_deref(), Some("updateUser"));
}

#[test]
fn nullable_admits_null_and_only_there() {
    let spec = spec();
    let user = |profile: Value, status: Value| json!({ "id": "00u1", "profile": profile, "status": status });
    let ok = user(json!({ "nickName": null }), json!("ACTIVE"));
    let r = get_user(&spec, 200, ResponseBody::Json(&ok));
    assert_clean(&r);
    let bad = user(json!({}), Value::Null);
    let r = get_user(&spec, 200, ResponseBody::Json(&bad));
    // One finding for the null status: its `enum` failure is implied by the `type` one.
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    let f = &r.findings[0];
    assert_eq!(
        (f.category, f.at.as_str()),
        (Category::ResponseBodyInvalid, "response.body/status")
    );
    assert_eq!(f.message, "expected string, got null");
    assert_eq!(
        f.schema.as_deref(),
        Some("mini.yaml#/components/schemas/UserStatus/type")
    );
}

#[test]
fn read_only_properties_must_be_absent_from_requests_only() {
    let spec = spec();
    let path = "/api/v1/users/00u1";
    // `id` is required and read-only: required in responses, forbidden in requests.
    assert!(post(&spec, path, json!({ "profile": {}, "password": "x" })).is_empty());
    let sent = json!({ "id": "00u1", "profile": {}, "password": "x", "_links": {} });
    let findings = request(&spec, "POST", path, &[], Some(sent));
    let mut at: Vec<(Category, &str)> = findings
        .iter()
        .map(|f| (f.category, f.at.as_str()))
        .collect();
    at.sort();
    assert_eq!(
        at,
        [
            (Category::RequestReadOnly, "request.body/_links"),
            (Category::RequestReadOnly, "request.body/id")
        ],
        "a read-only flag on a $ref's target counts too"
    );
    // Write-only `password` is required in requests, optional in responses.
    let findings = post(&spec, path, json!({ "profile": {} }));
    assert_eq!(categories(&findings), [Category::RequestBodyInvalid]);
    assert_eq!(
        findings[0].message,
        "missing required property \"password\""
    );
    let answer =
        json!({ "id": "00u1", "profile": {}, "_links": {}, "created": "2026-01-02T03:04:05.000Z" });
    assert!(
        response(&spec, "POST", path, 200, ResponseBody::Json(&answer))
            .findings
            .is_empty()
    );
}

#[test]
fn formats_other_than_dates_are_not_enforced() {
    let spec = spec();
    let answer =
        json!({ "id": "00u1", "profile": { "email": "not an email" }, "created": "yesterday" });
    let r = get_user(&spec, 200, ResponseBody::Json(&answer));
    let at: Vec<&str> = r.findings.iter().map(|f| f.at.as_str()).collect();
    assert_eq!(at, ["response.body/created"], "{:?}", r.findings);
}

#[test]
fn the_discriminator_picks_the_branch() {
    let spec = spec();
    let post = |body: Value| post(&spec, "/api/v1/apps", body);
    // Valid for both branches: plain oneOf would refuse it, the discriminator does not.
    let both = json!({ "signOnMode": "BOOKMARK", "label": "Wiki", "settings": { "url": "u", "loginUrl": "l" } });
    assert!(post(both).is_empty());
    // Valid as a bookmark, but it says AUTO_LOGIN: judged as AUTO_LOGIN.
    let findings =
        post(json!({ "signOnMode": "AUTO_LOGIN", "label": "Wiki", "settings": { "url": "u" } }));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].at, "request.body/settings");
    assert_eq!(
        findings[0].message,
        "missing required property \"loginUrl\""
    );
    assert_eq!(
        findings[0].schema.as_deref(),
        Some("mini.yaml#/components/schemas/AutoLogin/allOf/1/properties/settings/required")
    );
    let unknown = post(json!({ "signOnMode": "FOO", "label": "x", "settings": {} }));
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(
        unknown[0].message.starts_with("\"FOO\" is not one of"),
        "{unknown:?}"
    );
    let missing = post(json!({ "label": "x" }));
    assert_eq!(
        missing[0].message,
        "missing required property \"signOnMode\""
    );
}

#[test]
fn a_reference_to_an_inheritance_base_dispatches_too() {
    let spec = spec();
    let get = |body: Value| {
        response(
            &spec,
            "GET",
            "/api/v1/apps/0oa1",
            200,
            ResponseBody::Json(&body),
        )
        .findings
    };
    assert!(
        get(json!({ "signOnMode": "BOOKMARK", "label": "Wiki", "settings": { "url": "u" } }))
            .is_empty()
    );
    let findings =
        get(json!({ "signOnMode": "AUTO_LOGIN", "label": "Wiki", "settings": { "url": "u" } }));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        findings[0].message,
        "missing required property \"loginUrl\""
    );
    assert_eq!(get(json!({ "signOnMode": "FOO", "label": "x" })).len(), 1);
}

#[test]
fn overlapping_one_of_branches_accept_what_any_of_them_does() {
    let spec = spec();
    let path = "/api/v1/factors/verify";
    assert!(post(&spec, path, json!({ "passCode": "123456" })).is_empty());
    let findings = post(&spec, path, json!({ "passCode": 123456 }));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0]
            .message
            .starts_with("matches none of the 2 branches; nearest #0: /passCode expected string"),
        "{findings:?}"
    );
    let schema = findings[0].schema.as_deref().unwrap();
    assert!(
        schema.ends_with("/requestBody/content/application~1json/schema/oneOf"),
        "{schema}"
    );
}

#[test]
fn query_values_are_read_as_their_schema_types() {
    let spec = spec();
    let list = |query: &[(&str, &[&str])]| request(&spec, "GET", "/api/v1/users", query, None);
    let search: (&str, &[&str]) = ("search", &["x"]);
    assert!(
        list(&[
            search,
            ("limit", &["20"]),
            ("active", &["true"]),
            ("ids", &["a", "b"]),
            ("count", &["1"])
        ])
        .is_empty()
    );
    let findings = list(&[search, ("limit", &["abc"])]);
    assert_eq!(categories(&findings), [Category::QueryInvalid]);
    assert_eq!(findings[0].at, "request.query.limit");
    assert_eq!(findings[0].message, "expected integer, got string \"abc\"");
    assert_eq!(
        categories(&list(&[search, ("limit", &["0"])])),
        [Category::QueryInvalid]
    );
    assert_eq!(
        categories(&list(&[search, ("active", &["yes"])])),
        [Category::QueryInvalid]
    );
    assert_eq!(
        categories(&list(&[search, ("limit", &["1", "2"])])),
        [Category::QueryInvalid]
    );
    // OpenAPI 3.0's boolean exclusiveMinimum: 0 is out, 1 is in.
    assert_eq!(
        categories(&list(&[search, ("count", &["0"])])),
        [Category::QueryInvalid]
    );
    assert_eq!(
        categories(&list(&[search, ("sortBy", &["x"])])),
        [Category::QueryUndeclared]
    );
    assert_eq!(categories(&list(&[])), [Category::QueryMissing]);
}

#[test]
fn path_parameters_are_checked_decoded() {
    let spec = spec();
    assert!(request(&spec, "GET", "/api/v1/users/a%40b", &[], None).is_empty());
    let findings = request(
        &spec,
        "GET",
        "/api/v1/users/ab",
        &[("expand", &["blocks"])],
        None,
    );
    assert_eq!(categories(&findings), [Category::PathParamInvalid]);
    assert_eq!(findings[0].at, "request.path.id");
}

#[test]
fn request_bodies_are_where_the_operation_takes_one() {
    let spec = spec();
    assert_eq!(
        categories(&request(&spec, "POST", "/api/v1/users/00u1", &[], None)),
        [Category::RequestBodyMissing]
    );
    assert_eq!(
        categories(&request(
            &spec,
            "GET",
            "/api/v1/users/00u1",
            &[],
            Some(json!({}))
        )),
        [Category::RequestBodyUndeclared]
    );
}

#[test]
fn statuses_are_declared_exactly_by_range_or_by_default() {
    let spec = spec();
    let error = json!({ "errorCode": "E0000007", "errorSummary": "Not found: Resource not found: x (User)" });
    let r = get_user(&spec, 404, ResponseBody::Json(&error));
    assert_clean(&r);
    let r = get_user(
        &spec,
        404,
        ResponseBody::Json(&json!({ "errorCode": "E0000007" })),
    );
    assert_eq!(categories(&r.findings), [Category::ResponseBodyInvalid]);
    assert!(!get_user(&spec, 500, ResponseBody::Json(&error)).declared);
    assert!(
        response(
            &spec,
            "GET",
            "/api/v1/users",
            429,
            ResponseBody::Json(&error)
        )
        .declared
    );
    assert!(
        response(
            &spec,
            "GET",
            "/api/v1/users/me",
            500,
            ResponseBody::Json(&error)
        )
        .declared
    );
    let r = response(
        &spec,
        "POST",
        "/api/v1/apps",
        200,
        ResponseBody::Json(&json!({})),
    );
    assert_eq!(categories(&r.findings), [Category::ResponseBodyUndeclared]);
    assert!(
        response(&spec, "POST", "/api/v1/apps", 200, ResponseBody::None)
            .findings
            .is_empty()
    );
    let r = get_user(&spec, 200, ResponseBody::None);
    assert_eq!(categories(&r.findings), [Category::ResponseBodyMissing]);
}

#[test]
fn link_and_rate_limit_headers() {
    let headers = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let both = "<https://x/api/v1/users?limit=2>; rel=\"self\", <https://x/api/v1/users?after=a,b&limit=2>; rel=\"next\"";
    assert_eq!(link_rels(both), ["self", "next"]);
    let paged = headers(&[("link", both)]);
    assert!(has_next(&paged) && check_link_self(&paged).is_none());
    let next_only = headers(&[("Link", "<https://x/api/v1/users?after=a>; rel=\"next\"")]);
    let f = check_link_self(&next_only).unwrap();
    assert_eq!(f.category, Category::LinkSelfMissing);
    assert!(f.message.ends_with("Link rels: next"), "{f}");
    let limits = headers(&[
        ("X-Rate-Limit-Limit", "600"),
        ("x-rate-limit-remaining", "599"),
        ("X-Rate-Limit-Reset", "1795540841"),
    ]);
    assert!(check_rate_limit(&limits).is_none());
    let f = check_rate_limit(&headers(&[("X-Rate-Limit-Limit", "600")])).unwrap();
    assert_eq!(
        f.to_string(),
        "rate-limit-headers-missing response.headers: missing X-Rate-Limit-Remaining, X-Rate-Limit-Reset"
    );
}

#[test]
fn success_answers_are_the_spec_example_or_the_emptiest_body() {
    let spec = spec();
    let answer = |method: &str, path: &str| spec.success_answer(op(&spec, method, path));
    assert_eq!(
        answer("GET", "/api/v1/apps/0oa1"),
        SuccessAnswer {
            status: 200,
            body: Some(AnswerBody::Json(
                json!({ "label": "Wiki", "signOnMode": "BOOKMARK" })
            )),
            from_example: true,
        }
    );
    let users = answer("GET", "/api/v1/users");
    assert_eq!(
        (users.status, users.body, users.from_example),
        (200, Some(AnswerBody::Json(json!([]))), false)
    );
    assert_eq!(
        answer("GET", "/api/v1/users/00u1").body,
        Some(AnswerBody::Json(json!({})))
    );
    let deleted = answer("DELETE", "/api/v1/apps/0oa1");
    assert_eq!((deleted.status, deleted.body), (204, None));
    // Only a `default` response: 200 without a body.
    let me = answer("GET", "/api/v1/users/me");
    assert_eq!((me.status, me.body), (200, None));
}

#[test]
fn multipart_parts_are_validated_against_the_form_schema() {
    let spec = spec();
    let path = "/api/v1/themes/thd1/logo";
    let logo = op(&spec, "POST", path);
    let part = |name: &str| mock_okta::FormPart {
        name: name.into(),
        filename: Some("logo.png".into()),
        content_type: Some("image/png".into()),
        size: 197,
        sha256: "53a2136a0ed99378a838eb8d2a0ecd930a381562813f82a8b26fbbe44c2fa6b6".into(),
    };
    let query = BTreeMap::new();
    let ok = spec.check_form_request(logo, path, &query, &[part("file")]);
    assert!(
        ok.findings.is_empty() && ok.body_validated,
        "{:?}",
        ok.findings
    );
    let wrong = spec.check_form_request(logo, path, &query, &[part("image")]);
    assert_eq!(categories(&wrong.findings), [Category::RequestBodyInvalid]);
    // A form where the operation takes JSON, and JSON where it takes a form, are both mismatches.
    let user = op(&spec, "POST", "/api/v1/users/00u1");
    let form_for_json =
        spec.check_form_request(user, "/api/v1/users/00u1", &query, &[part("file")]);
    assert_eq!(
        categories(&form_for_json.findings),
        [Category::RequestBodyUndeclared]
    );
    assert_eq!(
        categories(&post(&spec, path, json!({"file": "x"}))),
        [Category::RequestBodyUndeclared]
    );
}
