//! The table check catches declarations whose fields do not fit their route: shown failing on
//! deliberately broken declarations, and passing on a sound one.

use okta_mcp_core::tool::{DeclError, FIELDS_NOTE, ToolError};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

fn decl(route: Route, kind: ToolKind) -> Decl {
    Decl {
        name: "okta_test",
        title: "Test",
        description: "A test tool.",
        kind,
        scope: "okta.users.read",
        route,
    }
}

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Sound {
    #[arg(path)]
    user_id: String,
    #[arg(query)]
    limit: Option<u32>,
}

#[test]
fn a_sound_declaration_has_no_errors() {
    let spec = ToolSpec::new::<Sound>(decl(
        Route::get("/api/v1/users/{userId}/groups"),
        ToolKind::Read,
    ))
    .default_limit(20)
    .summary(&["id", "profile.name"])
    .build();
    assert_eq!(spec.check(), Vec::<DeclError>::new());
}

#[test]
fn a_list_tool_without_a_summary_is_reported() {
    // It pages (a `limit` field), so it is a list tool.
    let paged = ToolSpec::new::<Sound>(decl(
        Route::get("/api/v1/users/{userId}/groups"),
        ToolKind::Read,
    ))
    .build();
    assert!(paged.is_list());
    assert_eq!(
        paged.check(),
        vec![DeclError::ListWithoutSummary { tool: "okta_test" }]
    );
    // Its name says it lists, though it does not page.
    let mut d = decl(Route::get("/api/v1/users/{userId}"), ToolKind::Read);
    d.name = "okta_list_things";
    let named = ToolSpec::new::<Unpaged>(d).build();
    assert_eq!(
        named.check(),
        vec![DeclError::ListWithoutSummary {
            tool: "okta_list_things"
        }]
    );
    // A get tool is no list and needs no summary.
    let get = ToolSpec::new::<Unpaged>(decl(Route::get("/api/v1/users/{userId}"), ToolKind::Read))
        .build();
    assert!(!get.is_list());
    assert_eq!(get.check(), Vec::<DeclError>::new());
    // Summary paths are checked like `fields`; a write tool has none.
    let bad = ToolSpec::new::<Unpaged>(decl(
        Route::post("/api/v1/users/{userId}"),
        ToolKind::Create { destructive: false },
    ))
    .summary(&["profile..login"])
    .build();
    let errors = bad.check();
    assert!(errors.contains(&DeclError::SummaryOnWrite { tool: "okta_test" }));
    assert!(errors.iter().any(|e| matches!(
        e,
        DeclError::BadSummaryPath {
            path: "profile..login",
            ..
        }
    )));
}

#[test]
fn every_read_tool_takes_fields_said_once_in_the_instructions() {
    let list = ToolSpec::new::<Sound>(decl(
        Route::get("/api/v1/users/{userId}/groups"),
        ToolKind::Read,
    ))
    .summary(&["id"])
    .build();
    let get = ToolSpec::new::<Unpaged>(decl(Route::get("/api/v1/users/{userId}"), ToolKind::Read))
        .build();
    // The server's instructions say what `fields` does (FIELDS_NOTE); each tool only declares it.
    for s in [&list, &get] {
        assert_eq!(
            s.input_schema["properties"]["fields"],
            json!({"type": "string"})
        );
    }
    assert!(FIELDS_NOTE.contains("summary") && FIELDS_NOTE.contains("fields=*"));
    let args = |v: Value| v.as_object().cloned().unwrap_or_default();
    let err = list
        .request(args(json!({"userId": "u", "fields": "id,,status"})))
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert!(
        matches!(&err, Err(e) if e.contains("fields") && e.contains("attribute path")),
        "{err:?}"
    );
}

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Unpaged {
    #[arg(path)]
    user_id: String,
}

#[test]
fn a_path_parameter_without_a_field_is_reported() {
    let spec = ToolSpec::new::<Sound>(decl(
        Route::get("/api/v1/users/{userId}/groups/{groupId}"),
        ToolKind::Read,
    ))
    .summary(&["id"])
    .build();
    assert_eq!(
        spec.check(),
        vec![DeclError::UnfilledPathParam {
            tool: "okta_test",
            param: "groupId"
        }]
    );
}

#[test]
fn a_path_field_the_route_does_not_use_is_reported() {
    let spec = ToolSpec::new::<Sound>(decl(Route::get("/api/v1/users"), ToolKind::Read))
        .summary(&["id"])
        .build();
    assert!(matches!(
        spec.check().as_slice(),
        [DeclError::PathFieldNotInRoute {
            field: "userId",
            ..
        }]
    ));
}

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)] // deliberately broken: `note` is read by nothing
struct Unread {
    #[arg(path)]
    user_id: String,
    /// Read by nothing: no prepare step, body builder or handler.
    #[arg(local)]
    note: Option<String>,
}

#[test]
fn a_field_routed_nowhere_is_reported() {
    let spec =
        ToolSpec::new::<Unread>(decl(Route::get("/api/v1/users/{userId}"), ToolKind::Read)).build();
    assert_eq!(
        spec.check(),
        vec![DeclError::LocalUnread {
            tool: "okta_test",
            field: "note"
        }]
    );
}

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BodyOnGet {
    #[arg(body)]
    name: String,
    #[arg(payload)]
    whole: Value,
}

#[test]
fn bodies_on_a_get_and_two_body_sources_are_reported() {
    let spec = ToolSpec::new::<BodyOnGet>(decl(Route::get("/api/v1/x"), ToolKind::Read))
        .default_limit(5)
        .build();
    let errors = spec.check();
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, DeclError::BodyOnBodilessMethod { field: "name", .. }))
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, DeclError::BodyConflict { .. }))
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, DeclError::DefaultLimitWithoutField { .. }))
    );
}

#[test]
fn empty_parts_and_malformed_templates_are_reported() {
    let mut d = decl(Route::get("/api/v1/users/{userId"), ToolKind::Read);
    d.title = "";
    let spec = ToolSpec::new::<Sound>(d).build();
    let errors = spec.check();
    assert!(errors.contains(&DeclError::Empty {
        tool: "okta_test",
        part: "title"
    }));
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, DeclError::Template { .. }))
    );
}

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Prepared {
    #[arg(local)]
    user_id: String,
    #[arg(body = "resource-set")]
    resource_set: Option<String>,
    /// Built by the prepare step; not an argument.
    #[serde(skip)]
    #[arg(query)]
    filter: Option<String>,
}

fn build_filter(input: &mut Prepared) -> Result<(), ToolError> {
    input.filter = Some(okta_mcp_core::params::scim_literal(
        "userId",
        &input.user_id,
    )?);
    Ok(())
}

#[test]
fn a_prepare_step_fills_skipped_fields_and_wire_names_apply() {
    let unprepared = ToolSpec::new::<Prepared>(decl(
        Route::post("/api/v1/x"),
        ToolKind::Create { destructive: false },
    ))
    .build();
    let errors = unprepared.check();
    assert!(errors.iter().any(|e| matches!(
        e,
        DeclError::FilledWithoutPrepare {
            field: "filter",
            ..
        }
    )));
    assert!(errors.iter().any(|e| matches!(
        e,
        DeclError::LocalUnread {
            field: "userId",
            ..
        }
    )));

    let spec = ToolSpec::new::<Prepared>(decl(
        Route::post("/api/v1/x"),
        ToolKind::Create { destructive: false },
    ))
    .prepare(build_filter)
    .build();
    assert_eq!(spec.check(), Vec::<DeclError>::new());
    // `filter` is no argument: the schema does not offer it and a caller cannot pass it.
    let props = spec.input_schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    assert!(props.contains_key("userId") && !props.contains_key("filter"));
    let args = |v: Value| v.as_object().cloned().unwrap_or_default();
    assert!(
        spec.request(args(json!({"userId": "u", "filter": "x"})))
            .is_err()
    );

    let req = spec
        .request(args(
            json!({"userId": "a\" or true", "resourceSet": "iam1"}),
        ))
        .map_err(|e| e.to_string());
    let Ok(req) = req else {
        panic!("request: {req:?}");
    };
    assert_eq!(
        req.query,
        vec![("filter".to_owned(), r#""a\" or true""#.to_owned())]
    );
    assert_eq!(req.body, Some(json!({"resource-set": "iam1"})));
}
