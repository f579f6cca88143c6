//! Linker flags that change the verdict, parsed as `go build -ldflags`
//! spells them (Go's flag package: `-x`, `--x`, `-x=v`, boolean forms).
//! Leaf module but for the link-mode vocabulary of [`crate::check::target::linkmode`].

use crate::check::target::linkmode::{BuildMode, LinkMode};

/// Linker flags that change the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFlags {
    /// `-f`: ignore header mismatches (go1.15 prefix check, go1.27).
    pub f: bool,
    /// `-checklinkname=0` turns the go1.23+ linkname check off.
    pub checklinkname: bool,
    /// `-linkmode=…` (auto when not given).
    pub linkmode: LinkMode,
    /// `-buildmode=…` (exe when not given).
    pub buildmode: BuildMode,
    /// `-race`: loads runtime/race.
    pub race: bool,
    /// `-msan`: loads runtime/msan; needs the external linker.
    pub msan: bool,
    /// `-asan` (go1.18+): loads runtime/asan; needs the external linker.
    pub asan: bool,
    /// `-pluginpath` (the go command always gives it for plugins).
    pub pluginpath: Option<String>,
    /// `-X importpath.name=value` definitions, in order.
    pub x: Vec<String>,
    /// `-strictdups=N`: 1 reports duplicate DUPOK symbols whose contents
    /// differ, 2 also fails the link.
    pub strictdups: u8,
    /// `-s` (no symbol table; go1.22+: implies `-w` unless it is given).
    pub s: bool,
    /// `-w` (no DWARF), when given.
    pub w: Option<bool>,
    /// `-L dir` library directories, searched in order when there is no
    /// importcfg (go1.15-style `-I`/`-L` builds).
    pub libdirs: Vec<String>,
    /// `-extld` (the C compiler the linker asks where libgcc is).
    pub extld: Option<String>,
    /// `-libgcc` (`none`: do not load it).
    pub libgcc: Option<String>,
    /// The names of the flags given, in order (a target release may not
    /// define all of them).
    pub given: Vec<String>,
}

impl Default for LinkFlags {
    fn default() -> LinkFlags {
        LinkFlags {
            f: false,
            checklinkname: true,
            linkmode: LinkMode::Auto,
            buildmode: BuildMode::Exe,
            race: false,
            msan: false,
            asan: false,
            pluginpath: None,
            x: Vec::new(),
            strictdups: 0,
            s: false,
            w: None,
            libdirs: Vec::new(),
            extld: None,
            libgcc: None,
            given: Vec::new(),
        }
    }
}

/// The linker flags that take a value (`-o out`, `-X a.b=c`).
const TAKES_VALUE: &[&str] = &[
    "X",
    "o",
    "buildid",
    "tmpdir",
    "extld",
    "extldflags",
    "installsuffix",
    "pluginpath",
    "I",
    "T",
    "R",
    "H",
    "r",
    "k",
    "L",
    "benchmark",
    "benchmarkprofile",
    "cpuprofile",
    "memprofile",
    "memprofilerate",
    "debugtramp",
    "debugtextsize",
    "funcalign",
    "strictdups",
    "linkmode",
    "buildmode",
    "importcfg",
    "libgcc",
    "tmpdir",
];

/// A malformed `-ldflags` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFlagsError(pub String);

impl std::fmt::Display for LinkFlagsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One `-X` definition: the symbol it sets and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrData {
    /// `objabi.PathToPrefix(pkg) + "." + name`.
    pub symbol: String,
    /// The value.
    pub value: String,
}

impl LinkFlags {
    /// `dwarfEnabled`: DWARF is generated unless `-w` (or `-s`, where it
    /// implies `-w`), on plan9, js and wasip1, or when an external linker
    /// other than an ELF, Mach-O, PE or AIX one links.
    pub fn dwarf_enabled(&self, target: &crate::check::target::LinkTarget, external: bool) -> bool {
        let w = match self.w {
            Some(w) => w,
            None => self.s && target.release.s_implies_w(),
        };
        let headless = matches!(target.goos.as_str(), "plan9" | "js" | "wasip1");
        let external_ok = matches!(
            target.goos.as_str(),
            "linux"
                | "android"
                | "freebsd"
                | "netbsd"
                | "openbsd"
                | "dragonfly"
                | "solaris"
                | "illumos"
                | "darwin"
                | "ios"
                | "windows"
                | "aix"
        );
        !w && !headless && (!external || external_ok)
    }

    /// The `-X` definitions as `addstrdata1` takes them: the last `=`-less
    /// dot before the first `=` splits package and name; a later one for
    /// the same symbol replaces the value, keeping the first's place.
    /// `Err` is the linker's message for a malformed one.
    pub fn strdata(&self) -> Result<Vec<StrData>, LinkFlagsError> {
        let mut out: Vec<StrData> = Vec::new();
        for arg in &self.x {
            let (Some(eq), Some(dot)) = (arg.find('='), arg.find('=').and_then(|e| arg[..e + 1].rfind('.'))) else {
                return Err(LinkFlagsError(
                    "-X flag requires argument of the form importpath.name=value".into(),
                ));
            };
            let symbol = format!("{}{}", crate::gopath::path_to_prefix(&arg[..dot]), &arg[dot..eq]);
            let value = arg[eq + 1..].to_string();
            match out.iter_mut().find(|d| d.symbol == symbol) {
                Some(d) => d.value = value,
                None => out.push(StrData { symbol, value }),
            }
        }
        Ok(out)
    }

    /// Refuses what gosym has verified on linux/amd64 only: the build modes
    /// other than exe and pie elsewhere (each release's
    /// `platform.BuildModeSupported` table is not modelled).
    pub fn modelled_for(&self, goos: &str, goarch: &str) -> Result<(), LinkFlagsError> {
        if !matches!(self.buildmode, BuildMode::Exe | BuildMode::Pie) && (goos, goarch) != ("linux", "amd64") {
            return Err(LinkFlagsError(format!(
                "-buildmode other than exe or pie on {goos}/{goarch}: gosym models it on linux/amd64 only \
                 (where each release supports it is not modelled): its verdict would be a guess, so it refuses"
            )));
        }
        Ok(())
    }

    /// Parses an `-ldflags` string, split as the go command splits it
    /// (`quoted.Split`: `'…'` or `"…"` around a word); flags that do not
    /// change the verdicts gosym predicts are ignored.
    pub fn parse(s: &str) -> Result<LinkFlags, LinkFlagsError> {
        let words = split_quoted(s)?;
        LinkFlags::parse_words(words.iter().map(String::as_str))
    }

    /// Parses the linker's arguments, one word each (as `go tool link`
    /// receives them).
    pub fn parse_words<'w>(words: impl IntoIterator<Item = &'w str>) -> Result<LinkFlags, LinkFlagsError> {
        let mut f = LinkFlags::default();
        let mut words = words.into_iter();
        while let Some(w) = words.next() {
            let w = w.trim_start_matches('-');
            let (k, mut v) = w.split_once('=').map(|(k, v)| (k, Some(v))).unwrap_or((w, None));
            // A flag with a value takes the next word when it has no `=`
            // (Go's flag package).
            if v.is_none() && TAKES_VALUE.contains(&k) {
                v = Some(
                    words
                        .next()
                        .ok_or_else(|| LinkFlagsError(format!("flag needs an argument: -{k}")))?,
                );
            }
            f.given.push(k.to_string());
            if k == "X" {
                f.x.extend(v.map(str::to_string));
                continue;
            }
            let truth = |v: Option<&str>| -> Result<bool, LinkFlagsError> {
                match v {
                    None | Some("1" | "true" | "t" | "T" | "TRUE" | "True") => Ok(true),
                    Some("0" | "false" | "f" | "F" | "FALSE" | "False") => Ok(false),
                    Some(x) => Err(LinkFlagsError(format!("invalid boolean value {x:?} for -{k}"))),
                }
            };
            match k {
                "f" => f.f = truth(v)?,
                "checklinkname" => f.checklinkname = truth(v)?,
                "linkmode" => {
                    f.linkmode = LinkMode::parse(v.unwrap_or_default()).map_err(|e| LinkFlagsError(e.to_string()))?
                }
                "buildmode" => {
                    f.buildmode = BuildMode::parse(v.unwrap_or_default()).map_err(|e| LinkFlagsError(e.to_string()))?
                }
                "race" => f.race = truth(v)?,
                "msan" => f.msan = truth(v)?,
                "asan" => f.asan = truth(v)?,
                "pluginpath" => f.pluginpath = v.map(str::to_string),
                "extld" => f.extld = v.map(str::to_string),
                "libgcc" => f.libgcc = v.map(str::to_string),
                "strictdups" => {
                    let n = v.ok_or_else(|| LinkFlagsError("flag needs an argument: -strictdups".into()))?;
                    f.strictdups = match n {
                        "0" => 0,
                        "1" => 1,
                        "2" => 2,
                        _ => return Err(LinkFlagsError(format!("invalid -strictdups flag value {n}"))),
                    };
                }
                // Flags that change nothing gosym predicts (symbol tables,
                // output, tools, debugging).
                "L" => f.libdirs.extend(v.map(str::to_string)),
                "s" => f.s = truth(v)?,
                "w" => f.w = Some(truth(v)?),
                "o" | "buildid" | "v" | "tmpdir" | "extldflags" | "V" | "compressdwarf" | "B" | "E" | "T" | "R"
                | "n" | "c" | "cpuprofile" | "memprofile" | "memprofilerate" | "benchmark" | "benchmarkprofile"
                | "dumpdep" | "r" | "installsuffix" | "I" | "debugtramp" | "debugtextsize" | "debugnosplit"
                | "funcalign" | "randlayout" | "bindnow" | "aslr" => {}
                _ => {
                    return Err(LinkFlagsError(format!(
                        "-{k} changes what the linker does in ways gosym does not model yet: its verdict would be wrong, so it refuses"
                    )));
                }
            }
        }
        Ok(f)
    }
}

/// The linker's own argv split into what a check takes: the flags (one
/// word each, values kept with their flag), `-importcfg`, `-o` and the
/// main archive (the one argument that is not a flag or a flag's value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkArgv {
    /// Every flag word but `-importcfg` and `-o` and their values.
    pub flags: Vec<String>,
    /// `-importcfg FILE`.
    pub importcfg: Option<String>,
    /// `-o FILE`.
    pub output: Option<String>,
    /// The main archive.
    pub main: Option<String>,
}

/// Splits the linker's argv (`go tool link -o a.out -importcfg cfg
/// -buildmode=exe … main.a`) as Go's flag package reads it: flags up to
/// the first argument that is not one, a value in the next word where
/// the flag takes one and has no `=`.
pub fn split_link_argv<'w>(words: impl IntoIterator<Item = &'w str>) -> Result<LinkArgv, LinkFlagsError> {
    let mut out = LinkArgv::default();
    let mut words = words.into_iter();
    while let Some(w) = words.next() {
        if w == "--" {
            out.main = words.next().map(str::to_string);
            break;
        }
        if !w.starts_with('-') || w == "-" {
            out.main = Some(w.to_string());
            break;
        }
        let bare = w.trim_start_matches('-');
        let (k, inline) = bare.split_once('=').map_or((bare, None), |(k, v)| (k, Some(v)));
        let value = match inline {
            Some(v) => Some(v.to_string()),
            None if TAKES_VALUE.contains(&k) => Some(
                words
                    .next()
                    .ok_or_else(|| LinkFlagsError(format!("flag needs an argument: -{k}")))?
                    .to_string(),
            ),
            None => None,
        };
        match k {
            "importcfg" => out.importcfg = value,
            "o" => out.output = value,
            _ => {
                out.flags.push(w.to_string());
                if inline.is_none()
                    && let Some(v) = value
                {
                    out.flags.push(v);
                }
            }
        }
    }
    Ok(out)
}

/// The go command's `quoted.Split`: words separated by white space, a
/// word starting with `'` or `"` running to the same quote (the quotes
/// removed); `Err` for an unterminated one.
pub fn split_quoted(s: &str) -> Result<Vec<String>, LinkFlagsError> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        let Some(first) = rest.chars().next() else { break };
        if first == '\'' || first == '"' {
            let Some(end) = rest[1..].find(first) else {
                return Err(LinkFlagsError(format!("unterminated {first} string")));
            };
            out.push(rest[1..1 + end].to_string());
            rest = &rest[2 + end..];
            continue;
        }
        let end = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
        out.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    Ok(out)
}

/// The inverse of [`split_quoted`] for one word: quoted when it holds
/// white space or starts with a quote.
pub fn quote_word(w: &str) -> String {
    if w.is_empty() || w.contains([' ', '\t', '\n', '\r']) || w.starts_with(['\'', '"']) {
        let q = if w.contains('\'') { '"' } else { '\'' };
        format!("{q}{w}{q}")
    } else {
        w.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ldflags() {
        let f = LinkFlags::parse("-checklinkname=0 -f -linkmode=internal -s -w -strictdups=2").unwrap();
        assert_eq!(f.strictdups, 2);
        assert!(
            LinkFlags::parse("-linkshared").is_err(),
            "an unmodelled flag is refused"
        );
        assert_eq!(
            LinkFlags::parse("-linkmode=external").unwrap().linkmode,
            LinkMode::External
        );
        assert!(LinkFlags::parse("-linkmode=sometimes").is_err());
        let r = LinkFlags::parse("-race -buildmode=c-shared").unwrap();
        assert!(r.race && r.buildmode == BuildMode::CShared);
        assert_eq!(LinkFlags::parse("-L /x -L=y").unwrap().libdirs, vec!["/x", "y"]);
        assert!(LinkFlags::parse("-o out -s").is_ok(), "-o takes the next word");
        assert!(f.f && !f.checklinkname);
        assert_eq!(f.linkmode, LinkMode::Internal);
        assert!(LinkFlags::parse("-f=maybe").is_err());
        assert!(LinkFlags::parse("").unwrap().checklinkname);
        let x = LinkFlags::parse("-X main.v=1 -X=main.w=a=b").unwrap();
        assert_eq!(x.x, vec!["main.v=1", "main.w=a=b"]);
        assert!(LinkFlags::parse("-X").is_err());
        let q = LinkFlags::parse("-X 'main.v=a b' \"-X=main.w=it's\"").unwrap();
        assert_eq!(q.x, vec!["main.v=a b", "main.w=it's"]);
        assert!(LinkFlags::parse("-X 'main.v=a").is_err());
        let argv = split_link_argv([
            "-o",
            "/w/b001/exe/a.out",
            "-importcfg",
            "/w/cfg",
            "-buildmode=exe",
            "-X",
            "main.v=a b",
            "-s",
            "/w/_pkg_.a",
        ])
        .unwrap();
        assert_eq!(argv.output.as_deref(), Some("/w/b001/exe/a.out"));
        assert_eq!(argv.importcfg.as_deref(), Some("/w/cfg"));
        assert_eq!(argv.main.as_deref(), Some("/w/_pkg_.a"));
        assert_eq!(argv.flags, vec!["-buildmode=exe", "-X", "main.v=a b", "-s"]);
        assert!(split_link_argv(["-o"]).is_err());
        for w in ["plain", "a b", "it's here", ""] {
            assert_eq!(split_quoted(&quote_word(w)).unwrap(), vec![w.to_string()], "{w:?}");
        }
    }
}
