//! A prompt's text, generated from its declaration and the tools a server serves.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{Arg, Mode, PromptDecl};

const CONFIRM: &str = "Before every step marked \"changes Okta\", tell the user exactly what will change (the object, its name and its id) and ask for confirmation; go on only after a clear yes, and stop if they decline. Steps marked \"read-only\" need no confirmation.";

/// Lower-cases the first letter, to put a step's sentence inside another.
fn inline(does: &str) -> String {
    let mut c = does.chars();
    let lowered: String = match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    };
    lowered.trim_end_matches('.').to_owned()
}

pub(super) fn text(
    decl: &PromptDecl,
    mode: Mode,
    served: &HashSet<&str>,
    given: &[(&Arg, String)],
) -> String {
    let mut goal = decl.goal.to_owned();
    for (a, v) in given {
        goal = goal.replace(&format!("{{{}}}", a.name), v);
    }
    let mut out = format!("# {}\n\n{goal}\n", decl.title);
    let details: Vec<String> = given
        .iter()
        .filter(|(a, _)| !decl.goal.contains(&format!("{{{}}}", a.name)))
        .map(|(a, v)| format!("- {}: {v}", a.title))
        .collect();
    if !details.is_empty() {
        let _ = write!(out, "\nGiven:\n{}\n", details.join("\n"));
    }
    // Steps shown with their tool; what cannot be done here is said in words, without a tool name.
    let mut shown = Vec::new();
    let mut not_here = Vec::new();
    for s in decl.steps {
        match s.tool(served) {
            // A report changes nothing, so reading an object again to verify a change is moot.
            Some(tool) if mode == Mode::Report && shown.iter().any(|(t, _)| *t == tool) => {}
            Some(tool) if mode == Mode::Full || !s.changes => shown.push((tool, s)),
            _ => not_here.push(inline(s.does)),
        }
    }
    if mode == Mode::Report {
        out.push_str("\nThis server cannot make the changes this workflow needs (it is read-only, or their tools are not served), so make it a read-only report: change nothing in Okta, and where the final answer asks for what was done, give what you found and what an administrator would do.\n");
    }
    out.push_str("\nUse these tools, in this order:\n");
    for (i, (tool, s)) in shown.iter().enumerate() {
        let kind = if s.changes {
            "changes Okta"
        } else {
            "read-only"
        };
        let _ = writeln!(out, "{}. `{tool}` ({kind}): {}", i + 1, s.does);
    }
    if mode == Mode::Full && shown.iter().any(|(_, s)| s.changes) {
        let _ = write!(out, "\n{CONFIRM}\n");
    }
    if !not_here.is_empty() {
        let _ = write!(
            out,
            "\nNot possible with the tools served here; where they apply, name them in your report as steps for an administrator: {}.\n",
            not_here.join("; ")
        );
    }
    let _ = write!(out, "\n{}\n", decl.report);
    out
}
