//! Fitting text to a width: word wrapping with a hanging indent, very long
//! words shortened in the middle (`abc…xyz`), control characters escaped,
//! and ANSI styles that are empty when colour is off. The width is the
//! terminal's, else `$COLUMNS`, else 100.

use std::io::IsTerminal;

/// The width to wrap stdout's text to.
pub fn stdout_width() -> usize {
    if std::io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
    {
        return (w as usize).max(40);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w >= 40)
        .unwrap_or(100)
}

/// `--color`: when to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether stdout gets colour.
    pub fn for_stdout(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// ANSI styles, or nothing when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    on: bool,
}

impl Paint {
    /// Styles that are empty unless `on`.
    pub fn new(on: bool) -> Paint {
        Paint { on }
    }

    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// Bold red.
    pub fn error(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    /// Bold yellow.
    pub fn warning(&self, s: &str) -> String {
        self.wrap("1;33", s)
    }
    /// Bold cyan.
    pub fn note(&self, s: &str) -> String {
        self.wrap("1;36", s)
    }
    /// Bold.
    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    /// Bold blue (gutters, arrows).
    pub fn gutter(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    /// Bold green.
    pub fn good(&self, s: &str) -> String {
        self.wrap("1;32", s)
    }
}

/// Control characters as Go's `%q` writes them (`\t`, `\n`, `\x1b`).
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The columns `s` takes on a terminal: characters, less ANSI style
/// sequences (`ESC [ … m`).
pub fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_seq = false;
    for c in s.chars() {
        match (in_seq, c) {
            (false, '\x1b') => in_seq = true,
            (true, 'm') => in_seq = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

/// `s` shortened to at most `max` characters by cutting its middle.
pub fn shorten_middle(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max || max < 5 {
        return s.to_string();
    }
    let keep = max - 1;
    let head = keep.div_ceil(2);
    let tail = keep - head;
    let mut out: String = s.chars().take(head).collect();
    out.push('…');
    out.extend(s.chars().skip(n - tail));
    out
}

/// Wraps one logical line (no newlines, no styles: control characters are
/// escaped) to `width` columns: the first output line starts with
/// `first`, the others with `rest` (prefixes, which may be styled, count
/// in the width by their visible length). A word longer than a line breaks after its commas
/// (lists such as `X:a,b,c`); a piece still too long is shortened in the
/// middle.
pub fn wrap(line: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let line = escape_controls(line);
    let room = width.saturating_sub(visible_len(first).max(visible_len(rest))).max(10);
    // (piece, glued to the previous piece without a space)
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for word in line.split(' ') {
        if word.chars().count() <= room || !word.contains(',') {
            pieces.push((shorten_middle(word, room), false));
            continue;
        }
        for (i, part) in word.split_inclusive(',').enumerate() {
            pieces.push((shorten_middle(part, room), i > 0));
        }
    }
    let mut out = Vec::new();
    let mut cur = first.to_string();
    let mut cur_len = visible_len(first);
    let mut empty = true;
    for (piece, glued) in pieces {
        let pl = piece.chars().count();
        let sep = usize::from(!empty && !glued);
        if !empty && cur_len + sep + pl > width {
            out.push(std::mem::take(&mut cur));
            cur = rest.to_string();
            cur_len = visible_len(rest);
            empty = true;
        }
        if !empty && !glued {
            cur.push(' ');
            cur_len += 1;
        }
        cur.push_str(&piece);
        cur_len += pl;
        empty = false;
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_a_hanging_indent() {
        let lines = wrap("aaa bbb ccc ddd", 9, "> ", "  ");
        assert_eq!(lines, vec!["> aaa bbb", "  ccc ddd"]);
        assert!(
            wrap(&"x".repeat(500), 40, "", "")
                .iter()
                .all(|l| l.chars().count() <= 40)
        );
        let list = wrap("X:aaaa,bbbb,cccc,dddd", 12, "", "");
        assert_eq!(list, vec!["X:aaaa,bbbb,", "cccc,dddd"]);
    }

    #[test]
    fn shortens_and_escapes() {
        assert_eq!(shorten_middle("abcdefghij", 7), "abc…hij");
        assert_eq!(shorten_middle("short", 7), "short");
        assert_eq!(escape_controls("a\tb\x1b"), "a\\tb\\x1b");
    }
}
