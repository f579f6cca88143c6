//! Linker flags that change the verdict, parsed as `go build -ldflags`
//! spells them (Go's flag package: `-x`, `--x`, `-x=v`, boolean forms).
//! Leaf module but for the link-mode vocabulary of [`crate::check::target::linkmode`].

use crate::check::target::linkerflags::{parse_go_bool, parse_go_int, takes_value, value_error};
use crate::check::target::linkmode::{BuildMode, LinkMode};
use crate::check::target::platform;
use crate::check::target::release::LinkerRelease;

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
    /// `-extld` (the C compiler the linker asks where libgcc is, and runs
    /// for an external link).
    pub extld: Option<String>,
    /// `-extldflags` (what the external link passes the C compiler).
    pub extldflags: Option<String>,
    /// `-libgcc` (`none`: do not load it).
    pub libgcc: Option<String>,
    /// `-tmpdir` (where an external link writes go.o).
    pub tmpdir: Option<String>,
    /// `-e`: no limit on the number of errors reported (go1.25+).
    pub all_errors: bool,
    /// `-g`: the package data (`__.PKGDEF`) is not read, so no library is
    /// known as package main.
    pub no_pkgdata: bool,
    /// `-u` (go1.15): reject packages not compiled as safe.
    pub reject_unsafe: bool,
    /// `-d`: no dynamic executable (dynamic imports refused).
    pub no_dynamic: bool,
    /// `-aslr` (true unless `-aslr=false`).
    pub aslr: bool,
    /// `-H type`, as given.
    pub headtype: Option<String>,
    /// `-B note`, as given.
    pub hostbuildid: Option<String>,
    /// `-buildid id`, as given.
    pub buildid: Option<String>,
    /// `-R quantum`, as given.
    pub round: Option<String>,
    /// `-T address`, as given.
    pub text_addr: Option<String>,
    /// `-D address`, as given.
    pub data_addr: Option<String>,
    /// `-funcalign N`, as given.
    pub funcalign: Option<String>,
    /// `-E entry`: the entry symbol.
    pub entry: Option<String>,
    /// The names of the flags given, in order (a target release may not
    /// define all of them).
    pub given: Vec<String>,
    /// A value the linker refuses while it parses its flags (`invalid
    /// boolean value "x" for -s: parse error`, `flag needs an argument:
    /// -o`); parsing stopped there, as Go's flag package stops.
    pub value_error: Option<String>,
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
            extldflags: None,
            libgcc: None,
            tmpdir: None,
            all_errors: false,
            no_pkgdata: false,
            reject_unsafe: false,
            no_dynamic: false,
            aslr: true,
            headtype: None,
            hostbuildid: None,
            buildid: None,
            round: None,
            text_addr: None,
            data_addr: None,
            funcalign: None,
            entry: None,
            given: Vec::new(),
            value_error: None,
        }
    }
}

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
    /// `-H`'s value, when given and not empty.
    pub fn given_headtype(&self) -> Option<&str> {
        self.headtype.as_deref().filter(|h| !h.is_empty())
    }

    /// The header type the link writes (`ctxt.HeadType`): `-H`'s, else
    /// the GOOS's; `None` when `-H` names one the release does not know.
    pub fn head_type(&self, release: LinkerRelease, goos: &str) -> Option<&'static str> {
        platform::head_type(release, self.given_headtype().unwrap_or(goos))
    }

    /// The header type `-H` gives when it is another than `goos` writes
    /// (the objects' GOOS, whose relocations were made for their own).
    pub fn foreign_head(&self, release: LinkerRelease, goos: &str) -> Option<&'static str> {
        self.given_headtype()?;
        let head = self.head_type(release, goos)?;
        (platform::head_type(release, goos) != Some(head)).then_some(head)
    }

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

    /// Refuses the build modes whose failures gosym has not traced on a
    /// platform. A build mode the release's linker refuses on the platform
    /// is modelled: that refusal is the verdict. A c-archive is written by
    /// `ar`, not the C compiler: modelled everywhere but windows/arm
    /// (go1.15–1.21 linkers panic on it) and go1.15's mips (its pclntab
    /// panics on an empty text list), crashes gosym has not traced to
    /// their cause.
    pub fn modelled_for(&self, release: LinkerRelease, goos: &str, goarch: &str) -> Result<(), LinkFlagsError> {
        let refused =
            crate::check::target::platform::build_mode_supported(release, self.buildmode, goos, goarch) == Some(false);
        let archive = self.buildmode == BuildMode::CArchive
            && (goos, goarch) != ("windows", "arm")
            && !(release.minor() == 15 && goarch.starts_with("mips"));
        // The shared modes run the C compiler (the external link judges it)
        // on a runtime that must be position independent; the
        // BSDs' arm64 c-shared fails in relocsym (`_rt0_arm64_netbsd_lib:
        // missing section for runtime.libpreinit`), not modelled.
        let shared = self.buildmode.is_shared_object()
            && (goos, goarch) != ("windows", "arm")
            && !(goarch == "arm64" && matches!(goos, "netbsd" | "openbsd"));
        if !matches!(self.buildmode, BuildMode::Exe | BuildMode::Pie)
            && (goos, goarch) != ("linux", "amd64")
            && !refused
            && !archive
            && !shared
        {
            return Err(LinkFlagsError(format!(
                "-buildmode={} on {goos}/{goarch}: gosym models the shared build modes on linux/amd64 only: its \
                 verdict would be a guess, so it refuses",
                self.buildmode.name()
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
            f.given.push(k.to_string());
            if v.is_none() && takes_value(k) {
                v = words.next();
                if v.is_none() {
                    f.value_error = Some(format!("flag needs an argument: -{k}"));
                    break;
                }
            }
            if let Some(e) = value_error(k, v) {
                f.value_error = Some(e);
                break;
            }
            if k == "X" {
                f.x.extend(v.map(str::to_string));
                continue;
            }
            // Checked by value_error above.
            let truth = |v: Option<&str>| v.is_none_or(|v| parse_go_bool(v) == Some(true));
            match k {
                "f" => f.f = truth(v),
                "checklinkname" => f.checklinkname = truth(v),
                "linkmode" => match LinkMode::parse(v.unwrap_or_default()) {
                    Ok(m) => f.linkmode = m,
                    Err(e) => {
                        f.value_error = Some(e.to_string());
                        break;
                    }
                },
                "buildmode" => match BuildMode::parse(v.unwrap_or_default()) {
                    Ok(m) => f.buildmode = m,
                    Err(e) => {
                        f.value_error = Some(e.to_string());
                        break;
                    }
                },
                "race" => f.race = truth(v),
                "msan" => f.msan = truth(v),
                "asan" => f.asan = truth(v),
                "pluginpath" => f.pluginpath = v.map(str::to_string),
                "extld" => f.extld = v.map(str::to_string),
                "extldflags" => f.extldflags = v.map(str::to_string),
                "libgcc" => f.libgcc = v.map(str::to_string),
                "tmpdir" => f.tmpdir = v.map(str::to_string),
                "strictdups" => {
                    let n = v.and_then(parse_go_int).unwrap_or_default();
                    f.strictdups = match n {
                        0..=2 => n as u8,
                        _ => {
                            f.value_error = Some(format!("invalid -strictdups flag value {n}"));
                            break;
                        }
                    };
                }
                // Flags that change nothing gosym predicts (symbol tables,
                // output, tools, debugging).
                "L" => f.libdirs.extend(v.map(str::to_string)),
                "s" => f.s = truth(v),
                "w" => f.w = Some(truth(v)),
                "e" => f.all_errors = truth(v),
                "g" => f.no_pkgdata = truth(v),
                "u" => f.reject_unsafe = truth(v),
                "d" => f.no_dynamic = truth(v),
                "aslr" => f.aslr = truth(v),
                "H" => f.headtype = v.map(str::to_string),
                "B" => f.hostbuildid = v.map(str::to_string),
                "buildid" => f.buildid = v.map(str::to_string),
                "R" => f.round = v.map(str::to_string),
                "T" => f.text_addr = v.map(str::to_string),
                "D" => f.data_addr = v.map(str::to_string),
                "funcalign" => f.funcalign = v.map(str::to_string),
                "E" => f.entry = v.map(str::to_string),
                // go1.15's reader of the old object format: gosym reads
                // the new one only.
                "go115newobj" if !truth(v) => {
                    return Err(LinkFlagsError(
                        "-go115newobj=false reads objects in go1.14's format, which gosym does not model: its verdict would be wrong, so it refuses".into(),
                    ));
                }
                // Flags that change nothing gosym predicts (symbol tables,
                // addresses, output, tools, debugging, darwin versions).
                "o" | "v" | "V" | "compressdwarf" | "n" | "a" | "c" | "h" | "k" | "cpuprofile" | "memprofile"
                | "memprofilerate" | "benchmark" | "benchmarkprofile" | "dumpdep" | "r" | "installsuffix" | "I"
                | "debugtramp" | "debugtextsize" | "debugnosplit" | "randlayout" | "bindnow" | "extar"
                | "capturehostobjs" | "fipso" | "macos" | "macsdk" | "pruneweakmap" | "go115newobj" => {}
                // A name no release defines: the target's flag package
                // refuses it (`flag provided but not defined`).
                _ if crate::check::target::linkerflags::linker_flag(k).is_none() => break,
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
            None if takes_value(k) => Some(
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
        // A value the linker's flag package refuses is the linker's error,
        // and parsing stops there.
        let bad = LinkFlags::parse("-linkmode=sometimes -s").unwrap();
        assert_eq!(
            bad.value_error.as_deref(),
            Some("invalid value \"sometimes\" for flag -linkmode: invalid linkmode: \"sometimes\"")
        );
        assert!(!bad.s, "parsing stopped at the bad value");
        let r = LinkFlags::parse("-race -buildmode=c-shared").unwrap();
        assert!(r.race && r.buildmode == BuildMode::CShared);
        assert_eq!(LinkFlags::parse("-L /x -L=y").unwrap().libdirs, vec!["/x", "y"]);
        assert!(LinkFlags::parse("-o out -s").is_ok(), "-o takes the next word");
        assert!(f.f && !f.checklinkname);
        assert_eq!(f.linkmode, LinkMode::Internal);
        assert_eq!(
            LinkFlags::parse("-f=maybe").unwrap().value_error.as_deref(),
            Some("invalid boolean value \"maybe\" for -f: parse error")
        );
        assert_eq!(
            LinkFlags::parse("-o").unwrap().value_error.as_deref(),
            Some("flag needs an argument: -o")
        );
        assert_eq!(
            LinkFlags::parse("-E main.main -s").unwrap().entry.as_deref(),
            Some("main.main")
        );
        let unknown = LinkFlags::parse("-bogus -s").unwrap();
        assert!(
            unknown.given == ["bogus"] && !unknown.s,
            "the flag package stops at an unknown flag"
        );
        assert!(LinkFlags::parse("").unwrap().checklinkname);
        let x = LinkFlags::parse("-X main.v=1 -X=main.w=a=b").unwrap();
        assert_eq!(x.x, vec!["main.v=1", "main.w=a=b"]);
        assert_eq!(
            LinkFlags::parse("-X").unwrap().value_error.as_deref(),
            Some("flag needs an argument: -X")
        );
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
