//! The linker's wording, read back: which check a line of a failed link's
//! output comes from (in every release's words, as the other modules of
//! `check` write them), what causes it and what to do. Used by `gosym
//! diagnose` on the output of a failed `go build`, `go test` or `go tool
//! link`. Leaf module but for the report vocabulary.

use crate::check::report::Category;

/// One line of linker output recognised as a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised {
    /// The check it comes from.
    pub category: Category,
    /// The line without its reporter prefix (timestamp, `<linker>: `,
    /// `link: `, `panic: `).
    pub message: String,
}

/// The line without the prefix its reporter gives it: go1.15/1.19's
/// `log` timestamp, `ld.Exitf`'s linker path, go1.21+'s `link: `, a
/// panic's `panic: `.
pub fn strip_reporter(line: &str) -> &str {
    let mut s = line.trim_end();
    let b = s.as_bytes();
    if b.len() > 20 && b[4] == b'/' && b[7] == b'/' && b[10] == b' ' && b[13] == b':' && b[16] == b':' {
        s = &s[20..];
    }
    for tool in ["/link: ", "/link.exe: "] {
        if let Some((head, rest)) = s.split_once(tool)
            && !head.contains(' ')
        {
            s = rest;
        }
    }
    s = s.strip_prefix("link: ").unwrap_or(s);
    s.strip_prefix("panic: ").unwrap_or(s)
}

/// The check `line` (one line of a failed link's output) comes from, if
/// it is a linker failure gosym knows.
pub fn recognise(line: &str) -> Option<Recognised> {
    let msg = strip_reporter(line);
    let category = classify(msg)?;
    Some(Recognised {
        category,
        message: msg.to_string(),
    })
}

fn classify(msg: &str) -> Option<Category> {
    let has = |p: &str| msg.contains(p);
    let category = if has("linked object header mismatch") || has(": object is [") {
        Category::Header
    } else if has("fingerprint mismatch") {
        Category::Fingerprint
    } else if msg == "runtime error: index out of range [0] with length 0" || msg == "nameless DWARF DIE" {
        // go1.15's / go1.16+'s DWARF pass on a plugin without -pluginpath.
        Category::LinkMode
    } else if has("cannot read object file")
        || has("in old format")
        || (msg.starts_with("runtime error") && !has("nil pointer dereference"))
    {
        Category::Format
    } else if has("unlinkable object") {
        Category::Unlinkable
    } else if has("cannot open file") || has("nonexisted package") || has("nonexistent package") {
        Category::Missing
    } else if has("duplicated definition of symbol") || has("with mismatched payload") {
        Category::Duplicate
    } else if has("invalid reference to") || has("passed to GetFuncDwarfAuxSyms") {
        // `non-function sym … passed to GetFuncDwarfAuxSyms`: a
        // //go:linkname variable took the name of another package's
        // function, which stays in the linker's list of functions.
        Category::Linkname
    } else if has("relocation target")
        || has("unreachable sym in relocation")
        || has("undefined symbol in relocation")
        || has("function main is undeclared")
        || msg.starts_with("bad carrier sym")
        || has("reference to undefined builtin")
        || msg.starts_with("missing entry symbol")
        || has("invalid memory address or nil pointer dereference")
    {
        // `reference to undefined builtin`: code instrumented
        // (-gcflags=-race) for a runtime built without it; go1.15
        // resolves such a call to symbol 0 and crashes in its stack check
        // (a nil pointer dereference).
        // `undefined symbol in relocation` (go1.21+): an external link's
        // method table or type offset to what no object defines.
        // `bad carrier sym`: pclntab meets a funcdata symbol nothing
        // defines (an assembly function without a Go declaration).
        Category::Undefined
    } else if has("invalid relocation") {
        Category::InvalidRelocation
    } else if msg.ends_with(": not package main") {
        Category::Input
    } else if has("cannot set with -X")
        || msg.starts_with("-X flag")
        || msg.starts_with("flag provided but not defined")
        || msg.starts_with("flag needs an argument")
        || msg.starts_with("invalid boolean value ")
        || msg.starts_with("invalid value ")
        || msg.starts_with("invalid headtype")
        || msg.starts_with("-aslr=false")
        || msg.starts_with("invalid -R value")
        || msg.starts_with("invalid -D value")
        || msg.starts_with("invalid -funcalign value")
        || msg.starts_with("unknown -H option")
        || msg.starts_with("unknown thread-local storage offset for darwin/")
        || msg.ends_with(" not available on AIX")
        || has("TLS reloc on unsupported OS")
        || msg.starts_with("invalid -strictdups flag value")
        || msg.starts_with("-B ")
        || has("load of unsafe package")
        || has("cannot use dynamic imports with -d flag")
        || has("-d flag cannot be used")
    {
        // The flag package, and what `ld.Main` checks of the flags.
        Category::Flag
    } else if msg.starts_with("internal linking requested")
        || msg.starts_with("running gcc failed")
        || msg.starts_with("cannot create ")
        || msg.starts_with("running clang failed")
    {
        // The external linker's failure is the Go linker's link-mode line;
        // what gcc said follows it.
        Category::LinkMode
    } else if has("undefined reference to `") || has("collect2: error:") || has("ld returned 1 exit status") {
        Category::HostUndefined
    } else if has("multiple definition of `") {
        Category::HostDuplicate
    } else if has("plugin was built with a different version of package") || has("plugin.Open(") {
        Category::Plugin
    } else if has("abi mismatch detected between") {
        Category::Linkshared
    } else {
        return None;
    };
    Some(category)
}

/// What causes a failure of `category`, and what to do.
pub fn explain(category: Category) -> (&'static str, &'static str) {
    match category {
        Category::Header => (
            "an object was compiled by another toolchain, or with other settings (GOAMD64, GOEXPERIMENT, GOARM …), \
             than the linker's: the header line it carries differs from the one the linker wants",
            "rebuild the stale archives with the linking toolchain (go build -a, or remove them from GOPATH/pkg), \
             or link with the toolchain that built them",
        ),
        Category::Format => (
            "an object in a format this linker cannot read: written by another Go release, or damaged",
            "rebuild the archive with the linking toolchain",
        ),
        Category::Fingerprint => (
            "a dependency was rebuilt after the package that imports it: the importer was compiled against \
             other export data",
            "rebuild the importer too (go build -a), or remove the stale archive",
        ),
        Category::Missing => (
            "an imported package has no archive in the link (importcfg, -L directories)",
            "build the package, or fix the import path or the importcfg",
        ),
        Category::Duplicate => (
            "two objects define the same symbol (two //go:linkname pushes of one name, a C symbol in two .syso, \
             DUPOK payloads that differ under -strictdups)",
            "keep one definition",
        ),
        Category::Linkname => (
            "go1.23+ refuses a //go:linkname pull of a symbol its package does not push (or a blocked one)",
            "stop pulling the symbol, upgrade the module that pulls it, or link with -ldflags=-checklinkname=0",
        ),
        Category::Undefined => (
            "a symbol is referenced but no loaded object defines it: a //go:linkname to a symbol this release \
             removed, assembly calling a function that is not there, or a reference under the other ABI \
             (ABI0 vs ABIInternal)",
            "define the symbol, drop the reference, or rebuild the package that refers to it for this release",
        ),
        Category::InvalidRelocation => (
            "a relocation reaches outside its symbol: a damaged object",
            "rebuild the archive",
        ),
        Category::Input => ("the main input is not package main", "link the main package's archive"),
        Category::Unlinkable => (
            "an object compiled without -p (go tool compile by hand)",
            "compile with the go command, or pass -p <import path>",
        ),
        Category::Flag => (
            "a linker flag this release refuses: -X needs importpath.name=value of a string variable; the flag \
             may not exist in this release",
            "fix the -ldflags value",
        ),
        Category::LinkMode => (
            "the external linker (gcc) failed (its own lines follow), or the link mode cannot work: internal \
             linking where the external linker is required (cgo on some platforms, -msan, -asan, some build \
             modes), or a plugin linked without -pluginpath",
            "read gcc's lines for the missing C symbol or library; otherwise use -ldflags=-linkmode=external \
             (or auto), and build plugins with go build -buildmode=plugin",
        ),
        Category::HostUndefined | Category::HostRuntimes => (
            "the external linker (gcc/ld) found a C symbol no input or library defines",
            "add the library (#cgo LDFLAGS: -lfoo) or the object that defines it",
        ),
        Category::HostDuplicate => (
            "the external linker found a C symbol defined by two inputs",
            "keep one definition (static, or one .syso)",
        ),
        Category::Plugin => (
            "the plugin and the host were built against different versions of a package",
            "rebuild the plugin and the host with the same toolchain and sources",
        ),
        Category::Linkshared => (
            "a Go shared library changed ABI since the executable was linked against it",
            "relink the -linkshared executable against the current library",
        ),
        Category::Forecast | Category::DuplicatePackage | Category::AbiMarker => {
            ("a consistency problem gosym reports", "see gosym check")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_release_prefix_is_removed() {
        for line in [
            "2024/01/02 03:04:05 main: invalid reference to runtime.gcount",
            "/usr/lib/go-1.22/pkg/tool/linux_amd64/link: main: invalid reference to runtime.gcount",
            "link: main: invalid reference to runtime.gcount",
        ] {
            assert_eq!(
                recognise(line),
                Some(Recognised {
                    category: Category::Linkname,
                    message: "main: invalid reference to runtime.gcount".into()
                }),
                "{line}"
            );
        }
        assert_eq!(recognise("# example.com/m"), None);
        assert_eq!(
            recognise("main.f: relocation target main.g not defined").map(|r| r.category),
            Some(Category::Undefined)
        );
        assert_eq!(
            recognise("type:*main.M: undefined symbol in relocation: main.(*M).Run").map(|r| r.category),
            Some(Category::Undefined)
        );
        assert_eq!(
            recognise("panic: bad carrier sym for symbol p.F.args_stackmap (funcdata p.F#0), want go.func.* got ?")
                .map(|r| r.category),
            Some(Category::Undefined)
        );
        assert_eq!(
            recognise("link: error: non-function sym 29348/runtime.newcoro t=SBSS passed to GetFuncDwarfAuxSyms")
                .map(|r| r.category),
            Some(Category::Linkname)
        );
        assert_eq!(
            recognise("link: reference to undefined builtin \"runtime.racefuncenter\" from package \"rp\"")
                .map(|r| r.category),
            Some(Category::Undefined)
        );
        assert_eq!(
            recognise("panic: runtime error: invalid memory address or nil pointer dereference").map(|r| r.category),
            Some(Category::Undefined)
        );
        assert_eq!(
            recognise("collect2: error: ld returned 1 exit status").map(|r| r.category),
            Some(Category::HostUndefined)
        );
        assert_eq!(
            recognise("/usr/lib/go-1.22/pkg/tool/linux_amd64/link: running gcc failed: exit status 1")
                .map(|r| r.category),
            Some(Category::LinkMode)
        );
    }
}
