//! Untrusted text stays visible. Names, descriptions and log messages come from anyone with a
//! profile; characters an admin's screen hides but a model reads (Unicode tag characters, bidi
//! overrides and isolates, zero-width characters) could carry instructions nobody sees. Every tool
//! result passes through here once, and each such character becomes a visible `[U+XXXX]` marker.
//!
//! A zero-width joiner between two emoji is kept: it is how family and profession emoji are
//! written, and it shows as one picture, hiding nothing.

use std::borrow::Cow;
use std::fmt::Write as _;

use icu_properties::CodePointSetData;
use icu_properties::props::ExtendedPictographic;
use serde_json::{Map, Value};

const ZWJ: char = '\u{200D}';

/// Characters that render as nothing (or reorder what is around them) yet reach a model.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c as u32,
        0xE0000..=0xE007F | 0x202A..=0x202E | 0x2066..=0x2069 | 0x200B..=0x200D | 0x2060 | 0xFEFF
    )
}

fn is_pictographic(c: char) -> bool {
    CodePointSetData::new::<ExtendedPictographic>().contains(c)
}

/// What may sit between an emoji and a following ZWJ: the emoji presentation selector and the
/// skin-tone modifiers.
fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0xFE0F | 0x1F3FB..=0x1F3FF)
}

fn joins_emoji(chars: &[char], i: usize) -> bool {
    let before = chars[..i].iter().rev().find(|c| !is_emoji_modifier(**c));
    let after = chars.get(i + 1);
    before.is_some_and(|c| is_pictographic(*c)) && after.is_some_and(|c| is_pictographic(*c))
}

/// `text` with every hidden character replaced by its `[U+XXXX]` marker; borrowed when clean.
pub fn reveal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        if is_hidden(c) && !(c == ZWJ && joins_emoji(&chars, i)) {
            let _ = write!(out, "[U+{:04X}]", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Reveals every string of a JSON value, member names included.
pub fn reveal_value(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Cow::Owned(o) = reveal(s) {
                *s = o;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(reveal_value),
        Value::Object(obj) => {
            if obj.keys().any(|k| matches!(reveal(k), Cow::Owned(_))) {
                let old = std::mem::take(obj);
                *obj = old
                    .into_iter()
                    .map(|(k, v)| (reveal(&k).into_owned(), v))
                    .collect::<Map<_, _>>();
            }
            obj.values_mut().for_each(reveal_value);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// Undoes the markers, for inputs that held no `[` of their own.
    fn unreveal(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("[U+") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find(']').map(|e| i + e).unwrap_or(rest.len());
            let code = u32::from_str_radix(&rest[i + 3..end], 16).unwrap();
            out.push(char::from_u32(code).unwrap());
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn interesting_char() -> impl Strategy<Value = char> {
        prop_oneof![
            // Plain text, without the marker's own bracket.
            any::<char>().prop_filter("no [", |c| *c != '['),
            prop::sample::select(vec![
                '\u{200B}',
                '\u{200C}',
                '\u{200D}',
                '\u{2060}',
                '\u{FEFF}',
                '\u{202A}',
                '\u{202E}',
                '\u{2066}',
                '\u{2069}',
                '\u{E0000}',
                '\u{E0041}',
                '\u{E007F}',
                '👨',
                '👩',
                '😀',
                '\u{FE0F}',
                '\u{1F3FD}',
                'a',
            ]),
        ]
    }

    proptest! {
        #[test]
        fn nothing_hidden_remains_and_nothing_is_lost(chars in prop::collection::vec(interesting_char(), 0..40)) {
            let input: String = chars.iter().collect();
            let out = reveal(&input);
            let kept: Vec<char> = out.chars().collect();
            for (i, c) in kept.iter().enumerate() {
                if is_hidden(*c) {
                    prop_assert!(*c == ZWJ && joins_emoji(&kept, i), "{c:?} left in {out:?}");
                }
            }
            prop_assert_eq!(unreveal(&out), input.clone());
            if !input.chars().any(is_hidden) {
                prop_assert!(matches!(out, Cow::Borrowed(_)));
            }
        }
    }

    #[test]
    fn markers_and_the_emoji_exception() {
        assert_eq!(
            reveal("Ignore\u{E0041}\u{E0042} al\u{200B}l \u{202E}txt.exe"),
            "Ignore[U+E0041][U+E0042] al[U+200B]l [U+202E]txt.exe"
        );
        // Family emoji and skin-toned professions keep their joiners.
        assert_eq!(reveal("👨\u{200D}👩\u{200D}👧"), "👨\u{200D}👩\u{200D}👧");
        assert_eq!(reveal("👩\u{1F3FD}\u{200D}💻"), "👩\u{1F3FD}\u{200D}💻");
        assert_eq!(reveal("a\u{200D}b"), "a[U+200D]b");
        assert_eq!(reveal("😀\u{200D}"), "😀[U+200D]");
    }

    #[test]
    fn values_are_revealed_at_any_depth_including_member_names() {
        let mut v = json!({"profile": {"nick\u{2066}name": ["x\u{FEFF}", 1, null]}});
        reveal_value(&mut v);
        assert_eq!(
            v,
            json!({"profile": {"nick[U+2066]name": ["x[U+FEFF]", 1, null]}})
        );
    }
}
