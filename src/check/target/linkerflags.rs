//! The linker's flags in each release, as `go tool link -help` lists them:
//! which names a release defines (any other is `flag provided but not
//! defined`) and which take a value (`-E entry`, `-B note`). Verified
//! against every installed linker by the `release_facts` suite. For the
//! releases no toolchain here can verify (go1.16–1.18, go1.20) a flag
//! counts as defined from the release after the last one seen without
//! it, so an unverified fact never fails a link.

/// What a flag's value is, as Go's flag package parses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// A boolean: no value, or `=true`/`=0`/… in the same word.
    Bool,
    /// An integer (`strconv.ParseInt(s, 0, 64)`), in the next word unless
    /// given as `-name=value`.
    Int,
    /// Any other value (a string, a path, a mode), in the next word
    /// unless given as `-name=value`.
    Text,
}

/// One flag of the linker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkerFlag {
    /// Its name, without the dash.
    pub name: &'static str,
    /// What its value is.
    pub kind: FlagKind,
    /// The first minor release that defines it.
    pub since: u32,
    /// The last minor release that defines it.
    pub until: u32,
}

const fn flag(name: &'static str, kind: FlagKind, since: u32, until: u32) -> LinkerFlag {
    LinkerFlag {
        name,
        kind,
        since,
        until,
    }
}

/// Every release since go1.15 (the first gosym reads).
const ALL: (u32, u32) = (0, u32::MAX);

/// Every flag of every linker since go1.15.
pub const LINKER_FLAGS: &[LinkerFlag] = &[
    flag("B", FlagKind::Text, ALL.0, ALL.1),
    flag("D", FlagKind::Int, 26, ALL.1),
    flag("E", FlagKind::Text, ALL.0, ALL.1),
    flag("H", FlagKind::Text, ALL.0, ALL.1),
    flag("I", FlagKind::Text, ALL.0, ALL.1),
    flag("L", FlagKind::Text, ALL.0, ALL.1),
    flag("R", FlagKind::Int, ALL.0, ALL.1),
    flag("T", FlagKind::Int, ALL.0, ALL.1),
    flag("V", FlagKind::Bool, ALL.0, ALL.1),
    flag("X", FlagKind::Text, ALL.0, ALL.1),
    flag("a", FlagKind::Bool, ALL.0, ALL.1),
    flag("asan", FlagKind::Bool, 16, ALL.1),
    flag("aslr", FlagKind::Bool, 16, ALL.1),
    flag("benchmark", FlagKind::Text, ALL.0, ALL.1),
    flag("benchmarkprofile", FlagKind::Text, ALL.0, ALL.1),
    flag("bindnow", FlagKind::Bool, 23, ALL.1),
    flag("buildid", FlagKind::Text, ALL.0, ALL.1),
    flag("buildmode", FlagKind::Text, ALL.0, ALL.1),
    flag("c", FlagKind::Bool, ALL.0, ALL.1),
    flag("capturehostobjs", FlagKind::Text, 20, ALL.1),
    flag("checklinkname", FlagKind::Bool, 23, ALL.1),
    flag("compressdwarf", FlagKind::Bool, ALL.0, ALL.1),
    flag("cpuprofile", FlagKind::Text, ALL.0, ALL.1),
    flag("d", FlagKind::Bool, ALL.0, ALL.1),
    flag("debugnosplit", FlagKind::Bool, 16, ALL.1),
    flag("debugtextsize", FlagKind::Int, 16, ALL.1),
    flag("debugtramp", FlagKind::Int, ALL.0, ALL.1),
    flag("dumpdep", FlagKind::Bool, ALL.0, ALL.1),
    flag("e", FlagKind::Bool, 25, ALL.1),
    flag("extar", FlagKind::Text, ALL.0, ALL.1),
    flag("extld", FlagKind::Text, ALL.0, ALL.1),
    flag("extldflags", FlagKind::Text, ALL.0, ALL.1),
    flag("f", FlagKind::Bool, ALL.0, ALL.1),
    flag("fipso", FlagKind::Text, 24, ALL.1),
    flag("funcalign", FlagKind::Int, 25, ALL.1),
    flag("g", FlagKind::Bool, ALL.0, ALL.1),
    flag("go115newobj", FlagKind::Bool, ALL.0, 18),
    flag("h", FlagKind::Bool, ALL.0, ALL.1),
    flag("importcfg", FlagKind::Text, ALL.0, ALL.1),
    flag("installsuffix", FlagKind::Text, ALL.0, ALL.1),
    flag("k", FlagKind::Text, ALL.0, ALL.1),
    flag("libgcc", FlagKind::Text, ALL.0, ALL.1),
    flag("linkmode", FlagKind::Text, ALL.0, ALL.1),
    flag("linkshared", FlagKind::Bool, ALL.0, ALL.1),
    flag("macos", FlagKind::Text, 27, ALL.1),
    flag("macsdk", FlagKind::Text, 27, ALL.1),
    flag("memprofile", FlagKind::Text, ALL.0, ALL.1),
    flag("memprofilerate", FlagKind::Int, ALL.0, ALL.1),
    flag("msan", FlagKind::Bool, ALL.0, ALL.1),
    flag("n", FlagKind::Bool, ALL.0, ALL.1),
    flag("o", FlagKind::Text, ALL.0, ALL.1),
    flag("pluginpath", FlagKind::Text, ALL.0, ALL.1),
    flag("pruneweakmap", FlagKind::Bool, 20, ALL.1),
    flag("r", FlagKind::Text, ALL.0, ALL.1),
    flag("race", FlagKind::Bool, ALL.0, ALL.1),
    flag("randlayout", FlagKind::Int, 23, ALL.1),
    flag("s", FlagKind::Bool, ALL.0, ALL.1),
    flag("strictdups", FlagKind::Int, ALL.0, ALL.1),
    flag("tmpdir", FlagKind::Text, ALL.0, ALL.1),
    flag("u", FlagKind::Bool, ALL.0, 18),
    flag("v", FlagKind::Bool, ALL.0, ALL.1),
    flag("w", FlagKind::Bool, ALL.0, ALL.1),
];

/// The flag called `name` in any release.
pub fn linker_flag(name: &str) -> Option<&'static LinkerFlag> {
    LINKER_FLAGS.iter().find(|f| f.name == name)
}

/// Whether the linker of minor release `minor` defines flag `name`.
pub fn defines(minor: u32, name: &str) -> bool {
    linker_flag(name).is_some_and(|f| (f.since..=f.until).contains(&minor))
}

/// Whether flag `name` takes a value (an unknown flag does not: Go's flag
/// package stops at it).
pub fn takes_value(name: &str) -> bool {
    linker_flag(name).is_some_and(|f| f.kind != FlagKind::Bool)
}

/// Go's flag package's complaint about `value` for flag `name`, if any.
pub fn value_error(name: &str, value: Option<&str>) -> Option<String> {
    match (linker_flag(name)?.kind, value) {
        (FlagKind::Bool, Some(v)) if parse_go_bool(v).is_none() => {
            Some(format!("invalid boolean value {v:?} for -{name}: parse error"))
        }
        (FlagKind::Int, Some(v)) if parse_go_int(v).is_none() => {
            Some(format!("invalid value {v:?} for flag -{name}: parse error"))
        }
        _ => None,
    }
}

/// `strconv.ParseBool`.
pub fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// `strconv.ParseInt(s, 0, 64)`: an optional sign, then `0x`, `0o`, `0b`,
/// a leading `0` (octal) or decimal digits; `_` between digits only with a
/// prefix.
pub fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d, true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d, true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d, true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    if digits.contains('_') && (!prefixed || digits.ends_with('_') || digits.contains("__")) {
        return None;
    }
    let digits = digits.replace('_', "");
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let v = i64::from_str_radix(&digits, radix).ok()?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_integers_parse_as_strconv_does() {
        assert_eq!(parse_go_int("4096"), Some(4096));
        assert_eq!(parse_go_int("0x1000"), Some(4096));
        assert_eq!(parse_go_int("010"), Some(8));
        assert_eq!(parse_go_int("-1"), Some(-1));
        assert_eq!(parse_go_int("0x_10_00"), Some(4096));
        assert_eq!(parse_go_int("1_000"), None);
        assert_eq!(parse_go_int("abc"), None);
        assert_eq!(parse_go_int(""), None);
    }

    #[test]
    fn flag_values_are_refused_as_the_flag_package_refuses_them() {
        assert_eq!(
            value_error("s", Some("x")).as_deref(),
            Some("invalid boolean value \"x\" for -s: parse error")
        );
        assert_eq!(
            value_error("T", Some("abc")).as_deref(),
            Some("invalid value \"abc\" for flag -T: parse error")
        );
        assert_eq!(value_error("T", Some("0x400000")), None);
        assert_eq!(value_error("o", Some("anything")), None);
    }
}
