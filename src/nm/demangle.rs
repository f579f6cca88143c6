//! Demangling of the C++ and Rust names that reach Go programs through cgo
//! (static libraries linked into cgo packages): Rust legacy (`_ZN…17h<hash>E`)
//! and v0 (`_R…`) with `rustc-demangle`, C++ (Itanium `_Z…`) with
//! `cpp_demangle`. Go names are not mangled and pass through. A version
//! suffix (`@GLIBC_2.2.5`) is kept as is.

use std::borrow::Cow;

/// The demangled form of `name`, or `name` itself.
pub fn demangle(name: &[u8]) -> Cow<'_, [u8]> {
    let Ok(s) = std::str::from_utf8(name) else {
        return Cow::Borrowed(name);
    };
    let (base, version) = match s.find('@') {
        Some(i) if i > 0 => (&s[..i], &s[i..]),
        _ => (s, ""),
    };
    if let Ok(d) = rustc_demangle::try_demangle(base) {
        return Cow::Owned(format!("{d:#}{version}").into_bytes());
    }
    if base.starts_with("_Z")
        && let Ok(sym) = cpp_demangle::Symbol::new(base)
    {
        let opts = cpp_demangle::DemangleOptions::default();
        if let Ok(d) = sym.demangle_with_options(&opts) {
            return Cow::Owned(format!("{d}{version}").into_bytes());
        }
    }
    Cow::Borrowed(name)
}

#[cfg(test)]
mod tests {
    use super::demangle;

    #[test]
    fn rust_cpp_and_go_names() {
        assert_eq!(&*demangle(b"_ZN3foo3bar17h05af221e174051e9E"), b"foo::bar");
        assert_eq!(&*demangle(b"_ZN3foo3barEv"), b"foo::bar()");
        assert_eq!(&*demangle(b"runtime.main"), b"runtime.main");
        assert_eq!(&*demangle(b"_Z3addii@VER_1"), b"add(int, int)@VER_1");
    }
}
