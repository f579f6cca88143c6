//! Linker flags that change the verdict, parsed as `go build -ldflags`
//! spells them (Go's flag package: `-x`, `--x`, `-x=v`, boolean forms).
//! Leaf module.

/// Linker flags that change the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFlags {
    /// `-f`: ignore header mismatches (go1.15 prefix check, go1.27).
    pub f: bool,
    /// `-checklinkname=0` turns the go1.23+ linkname check off.
    pub checklinkname: bool,
    /// `-linkmode=…`.
    pub linkmode: Option<String>,
}

impl Default for LinkFlags {
    fn default() -> LinkFlags {
        LinkFlags {
            f: false,
            checklinkname: true,
            linkmode: None,
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

impl LinkFlags {
    /// Parses an `-ldflags` string; flags that do not change the verdicts
    /// gosym predicts are ignored.
    pub fn parse(s: &str) -> Result<LinkFlags, LinkFlagsError> {
        let mut f = LinkFlags::default();
        for w in s.split_whitespace() {
            let w = w.trim_start_matches('-');
            let (k, v) = w.split_once('=').map(|(k, v)| (k, Some(v))).unwrap_or((w, None));
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
                "linkmode" => f.linkmode = v.map(str::to_string),
                _ => {}
            }
        }
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ldflags() {
        let f = LinkFlags::parse("-checklinkname=0 -f -linkmode=internal -s").unwrap();
        assert!(f.f && !f.checklinkname);
        assert_eq!(f.linkmode.as_deref(), Some("internal"));
        assert!(LinkFlags::parse("-f=maybe").is_err());
        assert!(LinkFlags::parse("").unwrap().checklinkname);
    }
}
