//! What a user profile may hold: the user types, and each type's profile schema.

use futures::future::BoxFuture;
use okta_mcp_core::client::{ApiRequest, Payload};
use okta_mcp_core::params::NoArgs;
use okta_mcp_core::tool::{Ctx, ToolError, shape};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

pub fn tools() -> Vec<ToolSpec> {
    vec![get_user_schema(), list_user_types()]
}

fn default_schema() -> String {
    "default".to_owned()
}

/// Arguments of okta_get_user_schema.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetUserSchema {
    /// `default` type, or a schemaId from okta_list_user_types
    #[serde(default = "default_schema")]
    #[arg(path)]
    schema_id: String,
}

fn get_user_schema() -> ToolSpec {
    ToolSpec::new::<GetUserSchema>(Decl {
        name: "okta_get_user_schema",
        title: "Get user schema",
        description: "Base and custom profile attributes: type, required, enum, permissions.",
        kind: ToolKind::Read,
        scope: "okta.schemas.read",
        route: Route::get("/api/v1/meta/schemas/user/{schemaId}"),
    })
    .build()
}

/// The last segment of a type's `_links.schema.href` is the id okta_get_user_schema takes; the
/// result drops `_links`, so it is copied out as `schemaId` first.
fn add_schema_id(user_type: &mut Value) {
    let id = user_type
        .pointer("/_links/schema/href")
        .and_then(Value::as_str)
        .and_then(|href| href.rsplit('/').next())
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    if let (Some(id), Value::Object(obj)) = (id, user_type) {
        obj.insert("schemaId".into(), Value::String(id));
    }
}

fn types_with_schema_ids(ctx: Ctx<'_>, _: NoArgs) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(async move {
        let req = ApiRequest::new(ctx.spec.route.method.clone(), ctx.spec.route.path);
        let mut resp = ctx.send(&req).await?;
        if let Payload::Json(Value::Array(types)) = &mut resp.payload {
            types.iter_mut().for_each(add_schema_id);
        }
        Ok(shape(ctx.spec, resp, None))
    })
}

fn list_user_types() -> ToolSpec {
    ToolSpec::new::<NoArgs>(Decl {
        name: "okta_list_user_types",
        title: "List user types",
        description: "Ids oty…, and schemaId for okta_get_user_schema.",
        kind: ToolKind::Read,
        scope: "okta.userTypes.read",
        route: Route::get("/api/v1/meta/types/user"),
    })
    // One request, as routed: the handler only keeps each type's schema id, which the result's
    // dropping of `_links` would otherwise lose.
    .handler(types_with_schema_ids)
    .summary(&["id", "name", "displayName", "default", "schemaId"])
    .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_schema_id_is_the_last_segment_of_the_schema_link() {
        let mut t = json!({"id": "oty1", "_links": {"schema": {"href": "https://x.okta.com/api/v1/meta/schemas/user/osc1abc"}}});
        add_schema_id(&mut t);
        assert_eq!(t["schemaId"], "osc1abc");
        let mut bare = json!({"id": "oty2"});
        add_schema_id(&mut bare);
        assert!(bare.get("schemaId").is_none());
    }
}
