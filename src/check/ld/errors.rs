//! The linker's output order: findings are recorded as the linker would
//! print them; after a fatal one (or `Errorf`'s 21st error, `too many
//! errors`) the linker stops, and later findings are kept but marked as
//! not reached (`linker_order` = `None`).

use crate::check::report::{Finding, Reporter};

/// Collects findings with the linker's order.
#[derive(Debug)]
pub struct Recorder {
    findings: Vec<Finding>,
    /// `Errorf` stops the link after this many errors (`-e`: never).
    max_errors: usize,
    printed: usize,
    errors: usize,
    stopped: bool,
}

/// `ld.Errorf` stops the link with `too many errors` after this many.
pub const MAX_ERRORS: usize = 20;

impl Recorder {
    /// A recorder numbering findings in the order the linker prints them.
    pub fn in_linker_order() -> Recorder {
        Recorder {
            findings: Vec::new(),
            max_errors: MAX_ERRORS,
            printed: 0,
            errors: 0,
            stopped: false,
        }
    }

    /// The same recorder without `Errorf`'s limit (`-e`, go1.25+).
    pub fn without_error_limit(self) -> Recorder {
        Recorder {
            max_errors: usize::MAX,
            ..self
        }
    }

    /// A recorder of findings that have no linker order (library sets,
    /// forecasts: no linker run prints them).
    pub fn unordered() -> Recorder {
        Recorder {
            stopped: true,
            ..Recorder::in_linker_order()
        }
    }

    /// Records `f` at the linker's next output position, if the linker
    /// still runs.
    pub fn push(&mut self, mut f: Finding) {
        if f.fails_link && !self.stopped {
            f.linker_order = Some(self.printed);
            self.printed += 1;
            if f.fatal {
                self.stopped = true;
            } else if f.reporter == Reporter::Errorf {
                self.errors += 1;
                if self.errors > self.max_errors {
                    self.stopped = true;
                }
            }
        }
        self.findings.push(f);
    }

    /// The findings, in order.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::Category;

    fn errorf() -> Finding {
        Finding::new(Category::Undefined, "x", Reporter::Errorf)
    }

    #[test]
    fn stops_after_a_fatal_finding_and_after_too_many_errors() {
        let mut r = Recorder::in_linker_order();
        for _ in 0..25 {
            r.push(errorf());
        }
        let f = r.into_findings();
        assert_eq!(f[0].linker_order, Some(0));
        assert_eq!(f[20].linker_order, Some(20));
        assert_eq!(f[21].linker_order, None, "the 21st error stops the linker");
        let mut r = Recorder::in_linker_order();
        r.push(Finding::new(Category::Format, "x", Reporter::Panic));
        r.push(errorf());
        assert_eq!(r.into_findings()[1].linker_order, None);
    }

    #[test]
    fn notes_have_no_order() {
        let mut r = Recorder::in_linker_order();
        let mut n = errorf();
        n.fails_link = false;
        r.push(n);
        r.push(errorf());
        let f = r.into_findings();
        assert_eq!((f[0].linker_order, f[1].linker_order), (None, Some(0)));
    }
}
