//! The header check: every Go object's first line against the line the
//! target linker wants, worded per target release (`ld/lib.go` ldobj):
//! go1.15 compares the `GOOS GOARCH VERSION ` prefix (`object is [...]
//! expected [...]`, skipped with `-f`) and then requires all longer lines to
//! equal the first one seen; go1.19+ require the whole line to equal
//! `objabi.HeaderString()` (`linked object header mismatch`), which `-f`
//! skips only in go1.27.

use crate::check::target::LinkTarget;
use crate::gopath::go_quote;

/// The result of comparing one object's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderVerdict {
    /// Accepted.
    Ok,
    /// Rejected: the message; whether the object is then skipped (go1.15).
    Mismatch {
        /// Linker message.
        message: String,
        /// go1.15 does not load the object after this error.
        skips_object: bool,
    },
}

/// State the go1.15 check keeps across objects (`theline`).
#[derive(Debug, Clone, Default)]
pub struct HeaderState {
    theline: Option<String>,
}

/// Compares `line` (without newline) of object `pn` with the header the
/// target wants; `flag_f` is the linker's `-f`.
pub fn check(t: &LinkTarget, line: &str, pn: &str, flag_f: bool, st: &mut HeaderState) -> HeaderVerdict {
    let want = t.header.as_str();
    if t.release.header_prefix_check() {
        // t := fmt.Sprintf("%s %s %s ", GOOS, GOARCH, Version)
        let mut w = want.split(' ').skip(2);
        let t = format!(
            "{} {} {} ",
            w.next().unwrap_or_default(),
            w.next().unwrap_or_default(),
            w.next().unwrap_or_default()
        );
        let rest = line.get(10..).unwrap_or_default();
        if !format!("{rest} ").starts_with(&t) && !flag_f {
            return HeaderVerdict::Mismatch {
                message: format!("{pn}: object is [{rest}] expected [{t}]"),
                skips_object: true,
            };
        }
        if line.len() >= t.len() + 10 {
            match &st.theline {
                None => st.theline = Some(rest.to_string()),
                Some(the) if the != rest => {
                    return HeaderVerdict::Mismatch {
                        message: format!("{pn}: object is [{rest}] expected [{the}]"),
                        skips_object: true,
                    };
                }
                _ => {}
            }
        }
        return HeaderVerdict::Ok;
    }
    if line == want || (flag_f && t.release.flag_f_skips_header()) {
        return HeaderVerdict::Ok;
    }
    HeaderVerdict::Mismatch {
        message: format!(
            "{pn}: linked object header mismatch:\nhave {}\nwant {}",
            go_quote(&format!("{line}\n")),
            go_quote(&format!("{want}\n"))
        ),
        skips_object: false,
    }
}

/// Field-by-field difference between two header lines, e.g.
/// `version go1.22.5 → go1.23.1; experiments -allocheaders,-exectracer2`.
pub fn field_diff(have: &str, want: &str) -> String {
    use crate::read::goobj::TextHeader;
    let parse = |l: &str| {
        let b = format!("{l}\n!\n");
        TextHeader::parse(b.as_bytes(), true).ok().map(|(h, _)| {
            (
                h.goos.to_string(),
                h.goarch.to_string(),
                h.version.to_string(),
                h.gogoarch.map(str::to_string),
                h.experiments.map(str::to_string),
            )
        })
    };
    let (Some(h), Some(w)) = (parse(have), parse(want)) else {
        return "header lines differ".into();
    };
    let mut parts = Vec::new();
    if h.0 != w.0 || h.1 != w.1 {
        parts.push(format!("GOOS/GOARCH {}/{} → {}/{}", h.0, h.1, w.0, w.1));
    }
    if h.2 != w.2 {
        parts.push(format!("version {} → {}", h.2, w.2));
    }
    if h.3 != w.3 {
        parts.push(format!(
            "arch level {} → {}",
            h.3.as_deref().unwrap_or("(none)"),
            w.3.as_deref().unwrap_or("(none)")
        ));
    }
    if h.4 != w.4 {
        let split = |s: &Option<String>| -> Vec<String> {
            s.as_deref()
                .unwrap_or("")
                .split(',')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        let (he, we) = (split(&h.4), split(&w.4));
        let mut d: Vec<String> = he.iter().filter(|x| !we.contains(x)).map(|x| format!("+{x}")).collect();
        d.extend(we.iter().filter(|x| !he.contains(x)).map(|x| format!("-{x}")));
        if d.is_empty() {
            parts.push("experiment field present/absent".into());
        } else {
            parts.push(format!("experiments {} (object vs target)", d.join(",")));
        }
    }
    if parts.is_empty() {
        "header lines differ".into()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_per_release() {
        let mut st = HeaderState::default();
        let want = "go object linux amd64 go1.22.12 GOAMD64=v1 X:a,b";
        let have = "go object linux amd64 go1.21.13 GOAMD64=v1 X:a";
        let t = |v: &str, h: &str| LinkTarget::new(None, v, h);
        let HeaderVerdict::Mismatch { message, .. } = check(&t("go1.22.12", want), have, "l.a(_go_.o)", false, &mut st)
        else {
            panic!()
        };
        assert_eq!(
            message,
            "l.a(_go_.o): linked object header mismatch:\nhave \"go object linux amd64 go1.21.13 GOAMD64=v1 X:a\\n\"\nwant \"go object linux amd64 go1.22.12 GOAMD64=v1 X:a,b\\n\""
        );
        let want15 = "go object linux amd64 go1.15.15 X:framepointer";
        let HeaderVerdict::Mismatch { message, .. } =
            check(&t("go1.15.15", want15), have, "l.a(_go_.o)", false, &mut st)
        else {
            panic!()
        };
        assert_eq!(
            message,
            "l.a(_go_.o): object is [linux amd64 go1.21.13 GOAMD64=v1 X:a] expected [linux amd64 go1.15.15 ]"
        );
        assert_eq!(check(&t("go1.27.3", want), have, "x", true, &mut st), HeaderVerdict::Ok);
        assert_ne!(
            check(&t("go1.26.10", want), have, "x", true, &mut st),
            HeaderVerdict::Ok
        );
        assert_eq!(
            field_diff(have, want),
            "version go1.21.13 → go1.22.12; experiments -b (object vs target)"
        );
    }
}
