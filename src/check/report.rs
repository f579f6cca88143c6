//! What `gosym check` found: findings in the linker's own words, where each
//! comes from, what to do, and whether (and in which order) the target
//! linker would report it. Serialised as the `--format json` schema.

use serde::Serialize;

/// The check a finding comes from (serialised as [`Category::name`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Object header line differs from the target's.
    Header,
    /// Object format the target cannot read.
    Format,
    /// Object compiled without `-p` (go1.19+).
    Unlinkable,
    /// An importer expects another fingerprint than its dependency has.
    Fingerprint,
    /// Two inputs provide the same import path.
    DuplicatePackage,
    /// An import with no archive.
    Missing,
    /// A bad or unreadable input (importcfg syntax, unopenable file, not main).
    Input,
    /// A linker flag the linker refuses (`-X` of a non-string variable or
    /// in the wrong form).
    Flag,
    /// A non-package symbol defined twice.
    Duplicate,
    /// A go:linkname reference the go1.23+ linker refuses.
    Linkname,
    /// A relocation target no loaded object defines.
    Undefined,
    /// A relocation outside its symbol's data (a corrupt object).
    InvalidRelocation,
    /// What would still fail after rebuilding with the target toolchain.
    Forecast,
    /// Host link: a symbol defined strongly by two inputs (or a weak one overridden).
    HostDuplicate,
    /// Host link: more than one Go runtime in one program.
    HostRuntimes,
    /// Host link: a symbol no input or shared library defines.
    HostUndefined,
    /// A `-linkshared` executable whose Go shared library changed ABI.
    Linkshared,
    /// A plugin that `plugin.Open` in the host would refuse.
    Plugin,
    /// Inputs that define different ABI marker symbols.
    AbiMarker,
    /// The link mode: internal linking requested where the external
    /// linker is required, or objects the external linker will refuse.
    LinkMode,
}

impl Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl Category {
    /// Name used in tables and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Category::Header => "header",
            Category::Format => "format",
            Category::Unlinkable => "unlinkable",
            Category::Fingerprint => "fingerprint",
            Category::DuplicatePackage => "duplicate-package",
            Category::Missing => "missing",
            Category::Input => "input",
            Category::Flag => "flag",
            Category::Duplicate => "duplicate",
            Category::Linkname => "linkname",
            Category::Undefined => "undefined",
            Category::InvalidRelocation => "relocation",
            Category::Forecast => "forecast",
            Category::HostDuplicate => "host-duplicate",
            Category::Plugin => "plugin",
            Category::Linkshared => "linkshared",
            Category::HostRuntimes => "host-runtimes",
            Category::HostUndefined => "host-undefined",
            Category::AbiMarker => "abi-markers",
            Category::LinkMode => "link-mode",
        }
    }
}

/// How the target linker prints a message (decides its prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reporter {
    /// `ld.Errorf`: no prefix, not fatal, the link fails at the end.
    Errorf,
    /// `ld.Exitf`: `<linker path>: ` prefix, fatal.
    Exitf,
    /// `log.Fatalf`: timestamp (go1.15, go1.19) or `link: ` (go1.21+), fatal.
    LogFatal,
    /// A Go panic: `panic: ` and a goroutine trace.
    Panic,
    /// Printed on stdout (`ctxt.Logf`), not an error by itself.
    Stdout,
    /// The flag package, or `Errorf` then `usage()`: the message, the
    /// usage text, exit status 2.
    Usage,
    /// Printed on stderr as it happens (`fmt.Fprintf(os.Stderr, …)`, e.g.
    /// `-strictdups`): it fails the link only by the exit status.
    Stderr,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Which check.
    pub category: Category,
    /// The message the target linker prints, without its reporter prefix.
    pub message: String,
    /// How the linker prints it.
    pub reporter: Reporter,
    /// The input file it comes from.
    pub file: Option<String>,
    /// The archive member.
    pub member: Option<String>,
    /// The package concerned.
    pub package: Option<String>,
    /// One-line remedy.
    pub remedy: String,
    /// Whether the link fails because of it.
    pub fails_link: bool,
    /// Whether the linker stops at it.
    pub fatal: bool,
    /// Position among what the linker prints (0 = first); `None` when the
    /// linker stops before reaching it.
    pub linker_order: Option<usize>,
    /// The linker prints this among other lines whose order varies from
    /// run to run (it relocates code and data in parallel): any of them
    /// may be its first line.
    pub order_varies: bool,
    /// Grouping key (e.g. the producer's header line).
    pub group: Option<String>,
    /// Extra detail (e.g. the header field diff).
    pub detail: Option<String>,
    /// The toolchain version that produced the object concerned.
    pub producer: Option<String>,
    /// The symbol the finding is about (the undefined or refused target,
    /// the duplicated name), when there is one.
    pub symbol: Option<String>,
    /// It rests on release tables gosym could not verify (the report's
    /// `unverified` says which): kept as a warning, not failing the link.
    pub unverified: bool,
}

impl Reporter {
    /// Whether the linker stops at a message printed this way
    /// (`Exitf`, `log.Fatal`, a panic).
    pub fn stops_link(self) -> bool {
        matches!(
            self,
            Reporter::Exitf | Reporter::LogFatal | Reporter::Panic | Reporter::Usage
        )
    }
}

/// Building a finding: [`Finding::new`] gives the linker's message and how
/// it prints it, the methods add where it comes from and what to do.
impl Finding {
    /// A finding that makes the link fail, in the linker's words; it is
    /// fatal when the reporter stops the linker. Every other field empty.
    pub fn new(category: Category, message: impl Into<String>, reporter: Reporter) -> Finding {
        Finding {
            category,
            message: message.into(),
            reporter,
            file: None,
            member: None,
            package: None,
            remedy: String::new(),
            fails_link: true,
            fatal: reporter.stops_link(),
            linker_order: None,
            order_varies: false,
            group: None,
            detail: None,
            producer: None,
            symbol: None,
            unverified: false,
        }
    }

    /// The input file (and archive member) it comes from.
    pub fn at(mut self, file: impl Into<String>, member: Option<String>) -> Finding {
        self.file = Some(file.into());
        self.member = member;
        self
    }

    /// The package concerned.
    pub fn package(mut self, pkg: impl Into<String>) -> Finding {
        self.package = Some(pkg.into());
        self
    }

    /// The symbol it is about.
    pub fn symbol(mut self, name: impl Into<String>) -> Finding {
        self.symbol = Some(name.into());
        self
    }

    /// What to do about it.
    pub fn remedy(mut self, remedy: impl Into<String>) -> Finding {
        self.remedy = remedy.into();
        self
    }

    /// Extra detail.
    pub fn detail(mut self, detail: impl Into<String>) -> Finding {
        self.detail = Some(detail.into());
        self
    }

    /// The toolchain version that produced the object concerned.
    pub fn producer(mut self, version: impl Into<String>) -> Finding {
        self.producer = Some(version.into());
        self
    }

    /// The grouping key.
    pub fn group(mut self, key: impl Into<String>) -> Finding {
        self.group = Some(key.into());
        self
    }

    /// Whether the link fails because of it (`false`: a notice).
    pub fn fails_link(mut self, fails: bool) -> Finding {
        self.fails_link = fails;
        self
    }

    /// Printed, but the link does not fail because of it.
    pub fn notice(mut self) -> Finding {
        self.fails_link = false;
        self
    }

    /// Resting on release facts gosym could not verify: a warning, never
    /// failing the link.
    pub fn unverified(mut self) -> Finding {
        self.fails_link = false;
        self.unverified = true;
        self
    }
}

/// One input of a check.
#[derive(Debug, Clone, Serialize)]
pub struct InputStatus {
    /// The path as given.
    pub path: String,
    /// `go-package`, `host-object`, `shared-library`, `executable` or
    /// `unreadable`.
    pub role: crate::check::linkset::Role,
    /// Why it could not be read (with `role` `unreadable`).
    pub error: Option<crate::error::ErrorRecord>,
}

/// The target a report is for.
#[derive(Debug, Clone, Serialize)]
pub struct TargetInfo {
    /// GOROOT, if a toolchain was given or found.
    pub goroot: Option<String>,
    /// Its version.
    pub version: String,
    /// The header its linker wants.
    pub wanted_header: String,
    /// Whether the target is only assumed (no toolchain available): checks
    /// that need its std were skipped.
    pub assumed: bool,
    /// How it was chosen: `goroot` (`--goroot`), `path` (the `go` on
    /// PATH), `assumed`.
    pub source: crate::check::target::TargetSource,
}

/// What was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Linking a program from its main package.
    Program,
    /// Consistency of a set of libraries.
    Library,
    /// A collection of unrelated builds (a Go build cache): every object
    /// against the target, no cross-archive expectations.
    Collection,
}

/// The answer for one target.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The target.
    pub target: TargetInfo,
    /// Program or library set.
    pub mode: Mode,
    /// Would the link succeed (program) / is the set consistent (library)?
    pub ok: bool,
    /// `ok`, and no gosym-only consistency problem (ABI markers) either.
    pub consistent: bool,
    /// The input files, each with its role and whether it could be read.
    pub inputs: Vec<InputStatus>,
    /// Number of Go objects examined.
    pub objects: usize,
    /// Findings, in the linker's order where it has one.
    pub findings: Vec<Finding>,
    /// Checks that were not run, and why.
    pub skipped: Vec<String>,
    /// Release facts the check rests on that gosym could not verify
    /// (tables inferred from a neighbouring release); findings resting on
    /// them are warnings (`unverified`), not failures.
    pub unverified: Vec<String>,
    /// `gosym explain`: where the symbol binds in this link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<crate::check::explanation::Explanation>,
}

impl Report {
    /// The finding the linker would print first.
    pub fn first(&self) -> Option<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.linker_order.is_some())
            .min_by_key(|f| f.linker_order)
            .or_else(|| self.findings.iter().find(|f| f.fails_link))
    }
}
