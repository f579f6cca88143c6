//! The linker's `-importcfg` file: `packagefile path=file`,
//! `packageshlib path=file`, `modinfo "…"`, comments and blank lines; any
//! other verb is an error. Parsed as `cmd/link/internal/ld/ld.go`
//! readImportCfg does, with its messages.

use std::collections::BTreeMap;

/// A parsed importcfg.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCfg {
    /// The file's path as given.
    pub path: String,
    /// `packagefile` entries: import path → file.
    pub packagefile: BTreeMap<String, String>,
    /// `packageshlib` entries.
    pub packageshlib: BTreeMap<String, String>,
}

/// A syntax error, worded as the linker words it (`log.Fatalf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportCfgError {
    /// The message.
    pub message: String,
    /// 1-based line.
    pub line: usize,
}

/// Parses importcfg text read from `path`.
pub fn parse(path: &str, text: &str) -> Result<ImportCfg, ImportCfgError> {
    let mut cfg = ImportCfg {
        path: path.to_string(),
        ..Default::default()
    };
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (verb, args) = match line.split_once(' ') {
            Some((v, a)) => (v, a.trim()),
            None => (line, ""),
        };
        let (before, after) = args.split_once('=').unwrap_or(("", ""));
        let err = |message: String| ImportCfgError { message, line: n };
        match verb {
            "packagefile" => {
                if before.is_empty() || after.is_empty() {
                    return Err(err(format!(
                        "{path}:{n}: invalid packagefile: syntax is \"packagefile path=filename\""
                    )));
                }
                cfg.packagefile.insert(before.to_string(), after.to_string());
            }
            "packageshlib" => {
                if before.is_empty() || after.is_empty() {
                    return Err(err(format!(
                        "{path}:{n}: invalid packageshlib: syntax is \"packageshlib path=filename\""
                    )));
                }
                cfg.packageshlib.insert(before.to_string(), after.to_string());
            }
            "modinfo" => {
                if !(args.len() >= 2
                    && (args.starts_with('"') && args.ends_with('"') || args.starts_with('`') && args.ends_with('`')))
                {
                    return Err(err(format!("{path}:{n}: invalid modinfo: invalid syntax")));
                }
            }
            _ => {
                return Err(err(format!(
                    "{path}:{n}: unknown directive {}",
                    crate::gopath::go_quote(verb)
                )));
            }
        }
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linker_messages() {
        let ok = parse(
            "ic",
            "# c\npackagefile a/b=/x/b.a\n\npackageshlib c=/l.so\nmodinfo \"x\"\n",
        )
        .unwrap();
        assert_eq!(ok.packagefile["a/b"], "/x/b.a");
        assert_eq!(
            parse("ic", "packagefile a/b\n").unwrap_err().message,
            "ic:1: invalid packagefile: syntax is \"packagefile path=filename\""
        );
        assert_eq!(
            parse("ic", "\nimportmap x=y").unwrap_err().message,
            "ic:2: unknown directive \"importmap\""
        );
    }
}
