//! MCP prompts: admin workflows (offboard a user, audit admin roles…) declared once in
//! [`catalog::PROMPTS`], their text generated from the declaration and the tools a process serves.
//!
//! A prompt names only tools that are served: a step whose tools are not served is left out (and
//! said in words when the user should know), and a workflow whose changes are not served is either
//! offered as a read-only report or not offered at all. Must not call tools or touch the network.

mod catalog;
mod render;

use std::collections::HashSet;

use rmcp::model::{CompletionInfo, GetPromptResult, Prompt, PromptArgument, PromptMessage, Role};
use serde_json::{Map, Value};

pub use catalog::PROMPTS;

/// One workflow.
#[derive(Debug)]
pub struct PromptDecl {
    /// The MCP prompt name, snake_case.
    pub name: &'static str,
    pub title: &'static str,
    /// One line, shown in a client's prompt picker and in the README.
    pub description: &'static str,
    pub arguments: &'static [Arg],
    /// What the model is asked to do; `{arg}` is replaced by an argument's value.
    pub goal: &'static str,
    pub steps: &'static [Step],
    /// What the final answer must hold.
    pub report: &'static str,
    /// Offered as a read-only report when its required changes are not served; else not offered.
    pub report_when_read_only: bool,
}

/// A prompt argument, always a string on the wire.
#[derive(Debug)]
pub struct Arg {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub required: bool,
    /// Values a client can offer (`completion/complete`); empty when they are not known in advance.
    pub values: &'static [&'static str],
}

/// One step: a tool (the first served of `tools`), what it is for, whether it changes Okta.
#[derive(Debug)]
pub struct Step {
    /// Alternatives, best first: the same job in different toolsets (a user's admin roles are read
    /// by the users and the admin toolsets alike).
    pub tools: &'static [&'static str],
    /// What the step does, in the imperative, for the model.
    pub does: &'static str,
    /// The step changes Okta (every tool of it is not read-only) and is confirmed first.
    pub changes: bool,
    /// Without it the workflow cannot be done (or, for a change, only reported).
    pub required: bool,
}

impl Step {
    /// The tool this step uses on a server serving `served`.
    fn tool(&self, served: &HashSet<&str>) -> Option<&'static str> {
        self.tools.iter().copied().find(|t| served.contains(t))
    }
}

/// How a prompt is offered by a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every required step is served.
    Full,
    /// Required reads are served, required changes are not: a read-only report.
    Report,
}

impl PromptDecl {
    /// Whether and how this prompt is offered when `served` tools are.
    pub fn mode(&self, served: &HashSet<&str>) -> Option<Mode> {
        let missing = |changes: bool| {
            self.steps
                .iter()
                .any(|s| s.required && s.changes == changes && s.tool(served).is_none())
        };
        match (missing(false), missing(true)) {
            (true, _) => None,
            (false, false) => Some(Mode::Full),
            (false, true) if self.report_when_read_only => Some(Mode::Report),
            (false, true) => None,
        }
    }

    fn to_prompt(&self, mode: Mode) -> Prompt {
        let args = self
            .arguments
            .iter()
            .map(|a| {
                PromptArgument::new(a.name)
                    .with_title(a.title)
                    .with_description(a.description)
                    .with_required(a.required)
            })
            .collect();
        let description = match mode {
            Mode::Full => self.description.to_owned(),
            Mode::Report => format!("{} (read-only report here)", self.description),
        };
        Prompt::new(self.name, Some(description), Some(args)).with_title(self.title)
    }
}

/// Why `prompts/get` or `completion/complete` cannot be answered; the text goes to the client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PromptError {
    #[error("unknown prompt {0:?}")]
    Unknown(String),
    #[error("prompt {prompt}: missing argument {arg:?}")]
    Missing {
        prompt: &'static str,
        arg: &'static str,
    },
    #[error("prompt {prompt}: {message}")]
    Invalid {
        prompt: &'static str,
        message: String,
    },
}

/// The prompts one server offers, fixed at start-up from the tools it serves.
#[derive(Debug, Clone)]
pub struct Prompts {
    served: HashSet<&'static str>,
    offered: Vec<(&'static PromptDecl, Mode)>,
}

impl Prompts {
    pub fn new(served: impl IntoIterator<Item = &'static str>) -> Self {
        let served: HashSet<&'static str> = served.into_iter().collect();
        let offered = PROMPTS
            .iter()
            .filter_map(|p| p.mode(&served).map(|m| (p, m)))
            .collect();
        Self { served, offered }
    }

    pub fn is_empty(&self) -> bool {
        self.offered.is_empty()
    }

    pub fn list(&self) -> Vec<Prompt> {
        self.offered.iter().map(|(p, m)| p.to_prompt(*m)).collect()
    }

    fn find(&self, name: &str) -> Result<(&'static PromptDecl, Mode), PromptError> {
        self.offered
            .iter()
            .find(|(p, _)| p.name == name)
            .copied()
            .ok_or_else(|| PromptError::Unknown(name.to_owned()))
    }

    /// The prompt's messages for these arguments (strings; other JSON values are taken as text).
    pub fn get(
        &self,
        name: &str,
        args: Option<&Map<String, Value>>,
    ) -> Result<GetPromptResult, PromptError> {
        let (decl, mode) = self.find(name)?;
        let empty = Map::new();
        let args = args.unwrap_or(&empty);
        let value = |n: &str| -> Option<String> {
            match args.get(n)? {
                Value::Null => None,
                Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
                other => Some(other.to_string()),
            }
        };
        let mut given = Vec::new();
        for a in decl.arguments {
            match value(a.name) {
                Some(v) => given.push((a, v)),
                None if a.required => {
                    return Err(PromptError::Missing {
                        prompt: decl.name,
                        arg: a.name,
                    });
                }
                None => {}
            }
        }
        if let Some(unknown) = args
            .keys()
            .find(|k| !decl.arguments.iter().any(|a| a.name == k.as_str()))
        {
            let names: Vec<&str> = decl.arguments.iter().map(|a| a.name).collect();
            return Err(PromptError::Invalid {
                prompt: decl.name,
                message: format!(
                    "unknown argument {unknown:?}; it takes {}",
                    names.join(", ")
                ),
            });
        }
        let text = render::text(decl, mode, &self.served, &given);
        Ok(
            GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
                .with_description(decl.description),
        )
    }

    /// Completion values for one argument: the known ones that start with what was typed.
    pub fn complete(
        &self,
        prompt: &str,
        argument: &str,
        typed: &str,
    ) -> Result<CompletionInfo, PromptError> {
        let (decl, _) = self.find(prompt)?;
        let values: Vec<String> = decl
            .arguments
            .iter()
            .find(|a| a.name == argument)
            .map(|a| a.values)
            .unwrap_or_default()
            .iter()
            .filter(|v| v.starts_with(typed))
            .map(|v| (*v).to_owned())
            .collect();
        CompletionInfo::with_all_values(values).map_err(|message| PromptError::Invalid {
            prompt: decl.name,
            message,
        })
    }
}

/// The README's list of prompts, one line each.
pub fn prompts_markdown() -> String {
    PROMPTS
        .iter()
        .map(|p| format!("- `{}`: {}\n", p.name, p.description))
        .collect()
}

#[cfg(test)]
mod tests;
