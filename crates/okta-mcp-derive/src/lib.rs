//! `#[derive(ToolInput)]`: where each argument of a tool goes, declared on the field itself.
//!
//! Every named field carries exactly one `#[arg(..)]`:
//! - `path` / `query` / `body`: a path parameter, a query parameter, a member of the JSON body;
//!   `= "name"` sends it under another name than the argument's (`#[arg(body = "resource-set")]`);
//! - `payload`: the argument is the whole request body;
//! - `file`: the file of a multipart/form-data upload (an `okta_mcp_core::upload::Upload`), sent
//!   as the part of that name;
//! - `local`: read by the tool's own code (a prepare step, a body builder or a composite handler).
//!
//! `secret` after the place marks a value that must never be logged, audited or shown in a dry
//! run's plan: `#[arg(body, secret)]` the whole value, `#[arg(body, secret("password",
//! "recovery_question.answer"))]` members inside it (dotted JSON names; arrays are gone through).
//!
//! The argument's name is serde's: the field name under the struct's `rename_all = "camelCase"`,
//! or the field's `rename`. A field with `#[serde(skip)]` is no argument: a prepare step fills it
//! (a filter built from ids, say), and it is routed like any other.
//!
//! The derive only records places; whether they fit the route (a path parameter without a field,
//! a `local` field nothing reads) is checked by the tool table check in `okta-mcp-core`.

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr, parse_macro_input, spanned::Spanned};

#[proc_macro_derive(ToolInput, attributes(arg))]
pub fn derive_tool_input(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

struct FieldPlan {
    ident: syn::Ident,
    /// The argument's name as the model sends it.
    arg: String,
    /// The name it is sent under.
    wire: String,
    place: proc_macro2::TokenStream,
    local: bool,
    filled: bool,
    secret: proc_macro2::TokenStream,
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.span(),
            "ToolInput: a tool input is a struct",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new(
            input.span(),
            "ToolInput: a tool input has named fields",
        ));
    };
    let camel = struct_renames_camel(input)?;
    let mut plans = Vec::new();
    for field in &fields.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let serde = serde_field(field)?;
        let raw = ident.to_string();
        let raw = raw.strip_prefix("r#").unwrap_or(&raw).to_owned();
        let arg = serde
            .rename
            .unwrap_or_else(|| if camel { camel_case(&raw) } else { raw });
        let ArgAttr { kind, wire, secret } = arg_attr(field)?;
        let secret = match secret {
            None => quote!(::okta_mcp_core::tool::Secret::None),
            Some(paths) if paths.is_empty() => quote!(::okta_mcp_core::tool::Secret::Whole),
            Some(paths) => quote!(::okta_mcp_core::tool::Secret::At(&[#(#paths),*])),
        };
        let place = match kind.as_str() {
            "path" => quote!(::okta_mcp_core::tool::Place::Path),
            "query" => quote!(::okta_mcp_core::tool::Place::Query),
            "body" => quote!(::okta_mcp_core::tool::Place::Body),
            "payload" => quote!(::okta_mcp_core::tool::Place::Payload),
            "file" => quote!(::okta_mcp_core::tool::Place::File),
            "local" => quote!(::okta_mcp_core::tool::Place::Local),
            other => {
                return Err(syn::Error::new(
                    field.span(),
                    format!(
                        "ToolInput: unknown place `{other}`; use path, query, body, payload, file or local"
                    ),
                ));
            }
        };
        if wire.is_some() && matches!(kind.as_str(), "payload" | "local") {
            return Err(syn::Error::new(
                field.span(),
                "ToolInput: only path, query, body and file take another name",
            ));
        }
        plans.push(FieldPlan {
            wire: wire.unwrap_or_else(|| arg.clone()),
            arg,
            ident,
            place,
            local: kind == "local",
            filled: serde.skip,
            secret,
        });
    }
    let name = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let decls = plans.iter().map(|p| {
        let (arg, wire, place, filled, secret) = (&p.arg, &p.wire, &p.place, p.filled, &p.secret);
        quote! {
            ::okta_mcp_core::tool::Field { arg: #arg, wire: #wire, place: #place, filled_by_prepare: #filled, secret: #secret }
        }
    });
    let routes = plans.iter().enumerate().filter(|(_, p)| !p.local).map(|(i, p)| {
        let ident = &p.ident;
        quote! {
            out.push((&Self::FIELDS[#i], ::okta_mcp_core::__private::serde_json::to_value(&self.#ident)?));
        }
    });
    Ok(quote! {
        impl #impl_g ::okta_mcp_core::tool::ToolInput for #name #ty_g #where_g {
            const FIELDS: &'static [::okta_mcp_core::tool::Field] = &[#(#decls),*];
            fn routed(&self) -> ::core::result::Result<
                ::std::vec::Vec<(&'static ::okta_mcp_core::tool::Field, ::okta_mcp_core::__private::serde_json::Value)>,
                ::okta_mcp_core::__private::serde_json::Error,
            > {
                let mut out = ::std::vec::Vec::new();
                #(#routes)*
                ::core::result::Result::Ok(out)
            }
        }
    })
}

/// Whether the struct says `#[serde(rename_all = "camelCase")]`; any other rule is refused, so a
/// name computed here can never differ from serde's.
fn struct_renames_camel(input: &DeriveInput) -> syn::Result<bool> {
    let mut camel = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let rule: LitStr = meta.value()?.parse()?;
                if rule.value() != "camelCase" {
                    return Err(meta.error("ToolInput supports rename_all = \"camelCase\" only"));
                }
                camel = true;
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })?;
    }
    Ok(camel)
}

#[derive(Default)]
struct SerdeField {
    rename: Option<String>,
    skip: bool,
}

fn serde_field(field: &syn::Field) -> syn::Result<SerdeField> {
    let mut out = SerdeField::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let name: LitStr = meta.value()?.parse()?;
                out.rename = Some(name.value());
            } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_deserializing") {
                out.skip = true;
            } else if meta.path.is_ident("flatten") || meta.path.is_ident("alias") {
                return Err(meta.error("ToolInput cannot route a flattened or aliased field"));
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// A field's `#[arg(..)]`: its place, another wire name, and what of it is secret.
struct ArgAttr {
    kind: String,
    wire: Option<String>,
    /// `Some(empty)`: the whole value; `Some(paths)`: members inside it.
    secret: Option<Vec<String>>,
}

/// The field's `#[arg(place)]` or `#[arg(place = "wire name")]`, optionally followed by `secret` or
/// `secret("path", ..)`; exactly one place is required.
fn arg_attr(field: &syn::Field) -> syn::Result<ArgAttr> {
    let mut found: Option<(String, Option<String>)> = None;
    let mut secret: Option<Vec<String>> = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("arg")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("secret") {
                if secret.is_some() {
                    return Err(meta.error("ToolInput: one `secret` per field"));
                }
                let mut paths = Vec::new();
                if meta.input.peek(syn::token::Paren) {
                    let content;
                    syn::parenthesized!(content in meta.input);
                    let lits = syn::punctuated::Punctuated::<LitStr, syn::Token![,]>::parse_terminated(&content)?;
                    for lit in lits {
                        if lit.value().is_empty() {
                            return Err(syn::Error::new(lit.span(), "ToolInput: an empty secret path; write `secret` for the whole value"));
                        }
                        paths.push(lit.value());
                    }
                    if paths.is_empty() {
                        return Err(meta.error("ToolInput: `secret()` names no path; write `secret` for the whole value"));
                    }
                }
                secret = Some(paths);
                return Ok(());
            }
            if found.is_some() {
                return Err(meta.error("ToolInput: one place per field"));
            }
            let kind = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .ok_or_else(|| meta.error("ToolInput: expected a place"))?;
            let wire = if meta.input.peek(syn::Token![=]) {
                let name: LitStr = meta.value()?.parse()?;
                Some(name.value())
            } else {
                None
            };
            found = Some((kind, wire));
            Ok(())
        })?;
    }
    let (kind, wire) = found.ok_or_else(|| {
        syn::Error::new(
            field.ident.as_ref().map_or_else(Span::call_site, syn::Ident::span),
            "ToolInput: say where this argument goes: #[arg(path)], #[arg(query)], #[arg(body)], #[arg(payload)] or #[arg(local)]",
        )
    })?;
    Ok(ArgAttr { kind, wire, secret })
}

/// serde's `camelCase` for a snake_case field name.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for (i, c) in snake.chars().enumerate() {
        if c == '_' {
            upper = i > 0;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
