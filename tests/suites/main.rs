//! The test suites that run on the libtest harness, one module each, in
//! one binary (one link, one `tests/common`): `cargo test --release --test
//! suites NAME::` runs one. The oracle against the real linkers is
//! `tests/oracle.rs` (its own harness).

#[path = "../common/mod.rs"]
mod common;

mod archive_formats;
mod audit;
mod build_cache;
mod builtin_std;
mod check_fixtures;
mod conventions;
mod corrupt;
mod diagnose;
mod elf_peers;
mod exit_codes;
mod explain;
mod forecast_thirdparty;
mod fuzz_regressions;
mod golden_nm;
mod golden_text;
mod goroot;
mod hostile;
mod info;
mod json_schema;
mod macho;
mod matrix;
mod memory_bound;
mod open_once;
mod oracle_cgo;
mod oracle_flags;
mod oracle_host;
mod oracle_libdirs;
mod oracle_linkshared;
mod oracle_methods;
mod oracle_platforms;
mod oracle_plugin;
mod oracle_stackcheck;
mod pe_wasm;
mod release_facts;
mod residency;
mod stddiff;
mod streaming;
mod strict;
mod threads;
mod toolchains;
mod toolexec;
mod truncated_while_read;
mod unreadable;
