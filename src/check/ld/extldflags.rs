//! `-extldflags`, as the external link's C compiler takes them: `hostlink`
//! appends the words to the compiler's command line, where gcc refuses
//! an option it does not know (`gcc: error: unrecognized command-line
//! option`), passes `-Wl,` options to ld, which refuses its unknown ones
//! (`ld: unrecognized option`), runs another ld for `-fuse-ld=`
//! (`collect2: fatal error: cannot find 'ld'`), and reads every word that
//! is no option as an input file, every `-l` as a library on the `-L`
//! and system paths (`ld: cannot find -lfoo`). Each is the Go linker's
//! `running gcc failed: exit status 1`.
//!
//! Whether the compiler takes the options is asked of the compiler itself,
//! as the linker's own `linkerFlagSupported` does: one run with the
//! options and `-Wl,--version`, which makes ld check its options and stop
//! before it reads any input. Words that change what the link makes of
//! its inputs (`-static`, `-nostdlib`, a linker script, ignored undefined
//! symbols, an input file gosym does not read) leave the C link unjudged,
//! and gosym says so.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The `-extldflags` words sorted by what the C link does with them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExtraFlags {
    /// Options for the compiler driver and `-Wl,` options for ld, in
    /// order, with their separate arguments: asked of the compiler.
    pub options: Vec<String>,
    /// `-L` directories, searched before the system's.
    pub lib_dirs: Vec<PathBuf>,
    /// `-l` libraries.
    pub libs: Vec<String>,
    /// Words that are no option: input files.
    pub files: Vec<String>,
    /// The output is a shared object (`-shared`, `-static-pie`): the Go
    /// code in it must be position independent.
    pub shared_output: bool,
    /// The driver links no default library (`-nostdlib`,
    /// `-nodefaultlibs`): no C library, no libgcc.
    pub no_default_libs: bool,
    /// Words after which gosym does not judge the C link (what links
    /// against what changes beyond what gosym models).
    pub unjudged: Vec<String>,
}

/// gcc options whose argument is the next word.
const WITH_ARGUMENT: [&str; 13] = [
    "-L",
    "-l",
    "-o",
    "-T",
    "-Xlinker",
    "-u",
    "-z",
    "-e",
    "-x",
    "-B",
    "-isysroot",
    "--sysroot",
    "-specs",
];

/// Driver options that change what the link resolves against.
const UNJUDGED_DRIVER: [&str; 7] = ["-static", "-nolibc", "-r", "-T", "-Xlinker", "-u", "-o"];

/// ld options (after `-Wl,`) that change what the link resolves against
/// or whether an undefined reference fails it.
const UNJUDGED_LD: [&str; 16] = [
    "-static",
    "-Bstatic",
    "-dn",
    "-non_shared",
    "-r",
    "--relocatable",
    "-shared",
    "-T",
    "--script",
    "--defsym",
    "--wrap",
    "--unresolved-symbols",
    "--warn-unresolved-symbols",
    "--allow-shlib-undefined",
    "-u",
    "--undefined",
];

impl ExtraFlags {
    /// Sorts the words of `-extldflags`.
    pub fn parse(words: &[String]) -> ExtraFlags {
        let mut x = ExtraFlags::default();
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_str();
            i += 1;
            if !w.starts_with('-') || w == "-" {
                x.files.push(w.to_string());
                continue;
            }
            // An option and its separate argument.
            let arg = if WITH_ARGUMENT.contains(&w) && i < words.len() {
                i += 1;
                Some(words[i - 1].clone())
            } else {
                None
            };
            match w {
                "-L" => x.lib_dirs.extend(arg.map(PathBuf::from)),
                "-l" => x.libs.extend(arg),
                _ if w.starts_with("-L") => x.lib_dirs.push(PathBuf::from(&w[2..])),
                _ if w.starts_with("-l") => x.libs.push(w[2..].to_string()),
                _ => {
                    if w == "-shared" || w == "-static-pie" {
                        x.shared_output = true;
                    }
                    if w == "-nostdlib" || w == "-nodefaultlibs" {
                        x.no_default_libs = true;
                    }
                    if UNJUDGED_DRIVER.contains(&w)
                        || w.starts_with("-T")
                        || (w == "-z" && arg.as_deref() == Some("undefs"))
                        || w.strip_prefix("-Wl,").is_some_and(|ld| {
                            ld.split(',').any(|o| {
                                let name = o.split_once('=').map_or(o, |(n, _)| n);
                                UNJUDGED_LD.contains(&name) || o == "undefs"
                            })
                        })
                    {
                        x.unjudged.push(w.to_string());
                    }
                    x.options.push(w.to_string());
                    x.options.extend(arg);
                }
            }
        }
        x
    }

    /// The first `-l` library found neither on the `-L` directories nor
    /// on `system` nor where the compiler `cc` looks (`-print-file-name`),
    /// and the libraries found (shared ones first, as ld takes them).
    pub fn find_libs(&self, cc: &str, system: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
        let dirs: Vec<&Path> = self.lib_dirs.iter().chain(system).map(PathBuf::as_path).collect();
        let mut found = Vec::new();
        for lib in &self.libs {
            let names = [format!("lib{lib}.so"), format!("lib{lib}.a")];
            let hit = names
                .iter()
                .find_map(|n| dirs.iter().map(|d| d.join(n)).find(|p| p.is_file()))
                .or_else(|| names.iter().find_map(|n| ask_compiler_file(cc, n)));
            match hit {
                Some(p) => found.push(p),
                None => return Err(lib.clone()),
            }
        }
        Ok(found)
    }
}

/// What the compiler says of the options.
#[derive(Debug, PartialEq, Eq)]
pub enum Probe {
    /// It takes them.
    Accepted,
    /// It refuses them: its first error line.
    Refused(String),
    /// It could not be asked (did not start, or did not answer in time).
    NotAsked(String),
}

/// How long the compiler may take to answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(20);

/// Asks the compiler `cc` (with its own words, as the linker runs it)
/// whether it takes `options`: `cc OPTIONS -Wl,--version -o /dev/null`.
pub fn probe(cc: &[String], options: &[String]) -> Probe {
    let Some((argv0, rest)) = cc.split_first() else {
        return Probe::NotAsked("no C compiler".into());
    };
    let child = Command::new(argv0)
        .args(rest)
        .args(options)
        .args(["-Wl,--version", "-o", "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Probe::NotAsked(format!("{argv0}: {e}")),
    };
    // Its errors are read on another thread while it runs (so that a
    // compiler that says much, `-v`, does not stall on a full pipe), and
    // the exit is polled, so that a compiler that hangs is given up on.
    let reader = child.stderr.take().map(|mut e| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = std::io::Read::read_to_end(&mut e, &mut out);
            out
        })
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() < PROBE_TIMEOUT => std::thread::sleep(Duration::from_millis(2)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Probe::NotAsked(format!("{argv0} did not answer in {} s", PROBE_TIMEOUT.as_secs()));
            }
            Err(e) => return Probe::NotAsked(format!("{argv0}: {e}")),
        }
    };
    let out = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    if status.success() {
        return Probe::Accepted;
    }
    let text = String::from_utf8_lossy(&out);
    let line = text
        .lines()
        .find(|l| l.contains("error") || l.contains("unrecognized") || l.contains("cannot find"))
        .or_else(|| text.lines().rev().find(|l| !l.trim().is_empty()))
        .unwrap_or("")
        .trim()
        .to_string();
    Probe::Refused(line)
}

/// `cc -print-file-name=NAME`: the path the compiler finds `name` at (a
/// name it does not find comes back as it was given).
fn ask_compiler_file(cc: &str, name: &str) -> Option<PathBuf> {
    crate::check::ld::hostarchive::ask_extld(cc, &format!("-print-file-name={name}"))
        .filter(|p| p.is_absolute() && p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn words_are_sorted_by_what_the_link_does_with_them() {
        let x = ExtraFlags::parse(&words(
            "-L /opt/lib -L/usr/local/lib -lfoo -l bar -Wl,-z,relro main.o -fsanitize=address -static -Wl,--defsym=a=b",
        ));
        assert_eq!(x.lib_dirs, [PathBuf::from("/opt/lib"), PathBuf::from("/usr/local/lib")]);
        assert_eq!(x.libs, ["foo", "bar"]);
        assert_eq!(x.files, ["main.o"]);
        assert_eq!(
            x.options,
            ["-Wl,-z,relro", "-fsanitize=address", "-static", "-Wl,--defsym=a=b"]
        );
        assert_eq!(x.unjudged, ["-static", "-Wl,--defsym=a=b"]);
        assert!(!x.shared_output);
        let s = ExtraFlags::parse(&words("-shared -Wl,--unresolved-symbols=ignore-all"));
        assert!(s.shared_output);
        assert_eq!(s.unjudged, ["-Wl,--unresolved-symbols=ignore-all"]);
        // An option's separate argument is not an input file.
        let z = ExtraFlags::parse(&words("-z now -o out"));
        assert!(z.files.is_empty());
        assert_eq!(z.options, ["-z", "now", "-o", "out"]);
    }

    #[test]
    fn the_compiler_is_asked_and_refusals_are_its_words() {
        let gcc = vec!["gcc".to_string()];
        if probe(&gcc, &[]) != Probe::Accepted {
            return; // no working gcc on this machine
        }
        assert_eq!(probe(&gcc, &words("-Wl,-z,relro -pthread")), Probe::Accepted);
        match probe(&gcc, &words("-fgosym-no-such-option")) {
            Probe::Refused(l) => assert!(l.contains("-fgosym-no-such-option"), "{l}"),
            other => panic!("{other:?}"),
        }
        match probe(&gcc, &words("-Wl,--gosym-no-such-option")) {
            Probe::Refused(l) => assert!(l.contains("--gosym-no-such-option"), "{l}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            probe(&["/nonexistent/gosym-cc".to_string()], &[]),
            Probe::NotAsked(_)
        ));
    }

    #[test]
    fn libraries_are_found_on_the_given_directories_first() {
        let d = std::env::temp_dir().join(format!("gosym-extldflags-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("libgosymtest.a"), b"!<arch>\n").unwrap();
        let x = ExtraFlags::parse(&[format!("-L{}", d.display()), "-lgosymtest".into()]);
        assert_eq!(x.find_libs("/nonexistent/cc", &[]), Ok(vec![d.join("libgosymtest.a")]));
        let missing = ExtraFlags::parse(&words("-lgosym-no-such-lib"));
        assert_eq!(
            missing.find_libs("/nonexistent/cc", &[]),
            Err("gosym-no-such-lib".to_string())
        );
        std::fs::remove_dir_all(&d).unwrap();
    }
}
