//! The step budget of one render: every block iteration, branch and helper call is
//! charged to it, so the total work of a render is bounded and not only its output
//! (nested `{{#each}}` with an empty body renders nothing yet takes exponential time).

use crate::error::{Error, ErrorKind};
use std::cell::Cell;

/// Steps one part may take. A catalog message takes a few hundred; a part that takes
/// more than this is looping over more than any message needs.
pub const MAX_STEPS: u64 = 100_000;

thread_local! {
    static LEFT: Cell<u64> = const { Cell::new(MAX_STEPS) };
}

/// Starts the budget of one render.
pub fn start() {
    LEFT.with(|left| left.set(MAX_STEPS));
}

/// Charges `steps`; fails once the budget is spent (and keeps failing until `start`).
pub fn charge(steps: u64) -> Result<(), Error> {
    LEFT.with(|left| match left.get().checked_sub(steps) {
        Some(rest) => {
            left.set(rest);
            Ok(())
        }
        None => {
            left.set(0);
            Err(exhausted())
        }
    })
}

/// The error of a render that ran out of steps.
pub fn exhausted() -> Error {
    Error::new(
        ErrorKind::TemplateLimit,
        format!(
            "the template takes more than {MAX_STEPS} steps to render (loops nested over lists?)"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_until_spent_then_fails_until_restarted() {
        start();
        assert!(charge(MAX_STEPS - 1).is_ok());
        assert!(charge(1).is_ok());
        let e = charge(1).unwrap_err();
        assert_eq!(e.code(), "template_limit");
        assert!(charge(0).is_ok(), "nothing to charge");
        assert!(charge(1).is_err());
        start();
        assert!(charge(1).is_ok());
    }
}
