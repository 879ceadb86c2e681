//! The library's error type. Every message is one line that names the field, the
//! value and what is accepted, or explains why an observation is physically impossible.

use crate::numerics::integrate::IntegrateError;
use crate::numerics::solve::SolverReport;

/// Everything that can go wrong in loftrange's core.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// An input outside its accepted range (the CLI maps this to exit code 2).
    #[error("{field}: {value} is not accepted: {accepted}")]
    InvalidInput {
        /// The input's name as the user sees it, e.g. `apogee`.
        field: &'static str,
        /// The offending value, formatted with its unit.
        value: String,
        /// What is accepted.
        accepted: String,
    },
    /// A combination of inputs that no ballistic flight can produce (exit code 2).
    #[error("{0}")]
    Impossible(String),
    /// A solver did not converge (exit code 1): the residual says how far it got.
    #[error("no solution: {what} ({report})")]
    NoSolution {
        /// What was being solved.
        what: String,
        /// Why the solver stopped, its iterations and residual.
        report: SolverReport,
    },
    /// The integrator failed (exit code 1).
    #[error("integration failed: {0}")]
    Integration(#[from] IntegrateError),
    /// A Monte Carlo whose samples failed too often to be summarised (exit code 1): the
    /// count and the reasons ([`crate::analysis::uncertainty::MAX_FAILED_SHARE`]).
    #[error("{0}")]
    MonteCarlo(String),
}

impl Error {
    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: &'static str, value: impl Into<String>, accepted: impl Into<String>) -> Self {
        Error::InvalidInput { field, value: one_line(shorten(value.into())), accepted: one_line(accepted.into()) }
    }

    /// The input field an [`Error::InvalidInput`] names (for a form to show the message
    /// beside that field); `None` for the other kinds.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }

    /// True for errors caused by the input (bad value or impossible observation).
    pub fn is_input_error(&self) -> bool {
        matches!(self, Error::InvalidInput { .. } | Error::Impossible(_))
    }
}

/// Text as it may appear in a one-line message: control and bidirectional characters
/// (a newline typed into a value, say) escaped as `\n`, `\u{0}` ([`crate::fmt::escape_text`]).
pub fn one_line(text: String) -> String {
    match crate::fmt::escape_text(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

/// `text` no longer than [`crate::fmt::MAX_ECHO_CHARS`] ([`crate::fmt::shorten`]).
fn shorten(text: String) -> String {
    match crate::fmt::shorten(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(short) => short,
    }
}

/// Result alias for the library.
pub type Result<T> = std::result::Result<T, Error>;
