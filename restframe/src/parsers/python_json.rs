//! Python's `json` error messages for a body serde_json rejected, so a 400 says exactly what DRF
//! says (`Expecting value: line 1 column 6 (char 5)`). Only runs on the error path.
//!
//! This is a validator that walks the text the way CPython's `_json` scanner does (3.13,
//! including DRF's strict `parse_constant` that rejects `NaN` / `Infinity`) and reports the first
//! problem it meets, with Python's position rules (character offsets, 1-based line and column).

/// Nesting deeper than this is refused (serde_json's own recursion limit allows 127 levels).
pub(crate) const MAX_DEPTH: usize = 127;

enum Failure {
    /// A `JSONDecodeError`: message plus character position.
    At(&'static str, usize),
    /// A message without position (`ValueError` from DRF's strict constant hook, or too deep).
    Plain(String),
}

type Scan = Result<usize, Failure>;

/// The message Python's `json.loads` (as DRF calls it) would raise for `text`, or `None` when
/// Python would accept it.
pub(crate) fn python_json_error(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let scanner = Scanner { s: &chars };
    let result = if chars.first() == Some(&'\u{feff}') {
        Err(Failure::At("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0))
    } else {
        scanner.scan_value(scanner.skip_ws(0), 0).and_then(|end| {
            let end = scanner.skip_ws(end);
            if end == chars.len() { Ok(end) } else { Err(Failure::At("Extra data", end)) }
        })
    };
    match result {
        Ok(_) => None,
        Err(Failure::Plain(msg)) => Some(msg),
        Err(Failure::At(msg, pos)) => {
            let before = &chars[..pos.min(chars.len())];
            let line = before.iter().filter(|&&c| c == '\n').count() + 1;
            let column = match before.iter().rposition(|&c| c == '\n') {
                Some(nl) => pos - nl,
                None => pos + 1,
            };
            Some(format!("{msg}: line {line} column {column} (char {pos})"))
        }
    }
}

/// `text` (which Python accepts) with every lone surrogate escape (`\ud800` not followed by a
/// low surrogate escape, or a low one without a high one before it) replaced by its marker
/// character (see [`crate::python::SURROGATE_MARKER_BASE`]), so serde_json can parse it and the
/// fields answer as DRF's do. `None` when there was no lone surrogate.
pub(crate) fn mark_lone_surrogates(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut marked = false;
    let mut in_string = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            '"' => in_string = !in_string,
            '\\' if in_string => {
                if let Some(unit) = unicode_escape(rest) {
                    let low_follows = unicode_escape(&rest[6..]).is_some_and(|next| (0xDC00..=0xDFFF).contains(&next));
                    if (0xD800..=0xDBFF).contains(&unit) && low_follows {
                        out.push_str(&rest[..12]); // a proper pair: serde_json joins it
                        rest = &rest[12..];
                        continue;
                    }
                    if let Some(marker) = crate::python::surrogate_marker(unit) {
                        out.push(marker);
                        marked = true;
                        rest = &rest[6..];
                        continue;
                    }
                }
                // Any other escape: copy the backslash and the escaped character together.
                let escaped = rest[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&rest[..1 + escaped]);
                rest = &rest[1 + escaped..];
                continue;
            }
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    marked.then_some(out)
}

/// The code unit of the `\uXXXX` escape at the start of `text`, if there is one.
fn unicode_escape(text: &str) -> Option<u16> {
    let hex = text.strip_prefix("\\u")?.get(..4)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

struct Scanner<'a> {
    s: &'a [char],
}

impl Scanner<'_> {
    fn at(&self, idx: usize) -> Option<char> {
        self.s.get(idx).copied()
    }

    fn skip_ws(&self, mut idx: usize) -> usize {
        while matches!(self.at(idx), Some(' ' | '\t' | '\n' | '\r')) {
            idx += 1;
        }
        idx
    }

    fn starts_with(&self, idx: usize, word: &str) -> bool {
        (idx..).zip(word.chars()).all(|(i, c)| self.at(i) == Some(c))
    }

    fn scan_value(&self, idx: usize, depth: usize) -> Scan {
        match self.at(idx) {
            Some('"') => self.scan_string(idx + 1),
            Some('{') => self.scan_object(idx + 1, depth + 1),
            Some('[') => self.scan_array(idx + 1, depth + 1),
            Some('n') if self.starts_with(idx, "null") => Ok(idx + 4),
            Some('t') if self.starts_with(idx, "true") => Ok(idx + 4),
            Some('f') if self.starts_with(idx, "false") => Ok(idx + 5),
            Some('N') if self.starts_with(idx, "NaN") => Err(constant("NaN")),
            Some('I') if self.starts_with(idx, "Infinity") => Err(constant("Infinity")),
            Some('-') if self.starts_with(idx, "-Infinity") => Err(constant("-Infinity")),
            _ => self.scan_number(idx),
        }
    }

    fn scan_number(&self, start: usize) -> Scan {
        let digit = |i: usize| self.at(i).is_some_and(|c| c.is_ascii_digit());
        let mut idx = start;
        if self.at(idx) == Some('-') {
            idx += 1;
        }
        match self.at(idx) {
            Some('0') => idx += 1,
            Some('1'..='9') => {
                while digit(idx) {
                    idx += 1;
                }
            }
            _ => return Err(Failure::At("Expecting value", start)),
        }
        if self.at(idx) == Some('.') && digit(idx + 1) {
            idx += 1;
            while digit(idx) {
                idx += 1;
            }
        }
        if matches!(self.at(idx), Some('e' | 'E')) {
            let mut exp = idx + 1;
            if matches!(self.at(exp), Some('+' | '-')) {
                exp += 1;
            }
            if digit(exp) {
                while digit(exp) {
                    exp += 1;
                }
                idx = exp;
            }
        }
        Ok(idx)
    }

    /// `idx` is just after the opening quote.
    fn scan_string(&self, mut idx: usize) -> Scan {
        let begin = idx - 1;
        loop {
            match self.at(idx) {
                None => return Err(Failure::At("Unterminated string starting at", begin)),
                Some('"') => return Ok(idx + 1),
                Some('\\') => {
                    idx += 1;
                    match self.at(idx) {
                        None => return Err(Failure::At("Unterminated string starting at", begin)),
                        Some('u') => {
                            let hex = (1..=4).all(|k| self.at(idx + k).is_some_and(|c| c.is_ascii_hexdigit()));
                            if !hex {
                                return Err(Failure::At("Invalid \\uXXXX escape", idx));
                            }
                            idx += 5;
                        }
                        Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') => idx += 1,
                        Some(_) => return Err(Failure::At("Invalid \\escape", idx - 1)),
                    }
                }
                Some(c) if (c as u32) < 0x20 => return Err(Failure::At("Invalid control character at", idx)),
                Some(_) => idx += 1,
            }
        }
    }

    /// `idx` is just after `{`.
    fn scan_object(&self, idx: usize, depth: usize) -> Scan {
        if depth > MAX_DEPTH {
            return Err(too_deep("object"));
        }
        let mut idx = self.skip_ws(idx);
        if self.at(idx) == Some('}') {
            return Ok(idx + 1);
        }
        loop {
            if self.at(idx) != Some('"') {
                return Err(Failure::At("Expecting property name enclosed in double quotes", idx));
            }
            idx = self.skip_ws(self.scan_string(idx + 1)?);
            if self.at(idx) != Some(':') {
                return Err(Failure::At("Expecting ':' delimiter", idx));
            }
            idx = self.skip_ws(self.scan_value(self.skip_ws(idx + 1), depth)?);
            match self.at(idx) {
                Some('}') => return Ok(idx + 1),
                Some(',') => {}
                _ => return Err(Failure::At("Expecting ',' delimiter", idx)),
            }
            let comma = idx;
            idx = self.skip_ws(idx + 1);
            if self.at(idx) == Some('}') {
                return Err(Failure::At("Illegal trailing comma before end of object", comma));
            }
        }
    }

    /// `idx` is just after `[`.
    fn scan_array(&self, idx: usize, depth: usize) -> Scan {
        if depth > MAX_DEPTH {
            return Err(too_deep("array"));
        }
        let mut idx = self.skip_ws(idx);
        if self.at(idx) == Some(']') {
            return Ok(idx + 1);
        }
        loop {
            idx = self.skip_ws(self.scan_value(idx, depth)?);
            match self.at(idx) {
                Some(']') => return Ok(idx + 1),
                Some(',') => {}
                _ => return Err(Failure::At("Expecting ',' delimiter", idx)),
            }
            let comma = idx;
            idx = self.skip_ws(idx + 1);
            if self.at(idx) == Some(']') {
                return Err(Failure::At("Illegal trailing comma before end of array", comma));
            }
        }
    }
}

fn constant(literal: &str) -> Failure {
    Failure::Plain(format!("Out of range float values are not JSON compliant: '{literal}'"))
}

/// Python raises `RecursionError` here (a 500 in DRF); restframe answers 400 with its text.
fn too_deep(kind: &str) -> Failure {
    Failure::Plain(format!("maximum recursion depth exceeded while decoding a JSON {kind} from a unicode string"))
}

/// Python's `UnicodeDecodeError` text for bytes that are not UTF-8
/// (`'utf-8' codec can't decode byte 0xff in position 0: invalid start byte`).
pub(crate) fn utf8_error_message(bytes: &[u8], err: &std::str::Utf8Error) -> String {
    let start = err.valid_up_to();
    let lead = bytes.get(start).copied().unwrap_or(0);
    let (end, reason) = match err.error_len() {
        None => (bytes.len(), "unexpected end of data"),
        Some(len) if (0xC2..=0xF4).contains(&lead) => (start + len, "invalid continuation byte"),
        Some(len) => (start + len, "invalid start byte"),
    };
    if end - start > 1 {
        format!("'utf-8' codec can't decode bytes in position {start}-{}: {reason}", end - 1)
    } else {
        format!("'utf-8' codec can't decode byte 0x{lead:02x} in position {start}: {reason}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected strings produced by CPython 3.13's `json.loads` with DRF's strict constant hook.
    #[test]
    fn messages_match_cpython() {
        let cases = [
            (r#"{"a":}"#, "Expecting value: line 1 column 6 (char 5)"),
            ("[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"),
            ("\u{feff}{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"),
            (r#"{"a":1} x"#, "Extra data: line 1 column 9 (char 8)"),
            (r#""abc"#, "Unterminated string starting at: line 1 column 1 (char 0)"),
            ("\"a\u{1}\"", "Invalid control character at: line 1 column 3 (char 2)"),
            (r#""\x""#, "Invalid \\escape: line 1 column 2 (char 1)"),
            (r#""\u12zz""#, "Invalid \\uXXXX escape: line 1 column 3 (char 2)"),
            (r#"{"a" 1}"#, "Expecting ':' delimiter: line 1 column 6 (char 5)"),
            ("{a:1}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
            ("[1, ]", "Illegal trailing comma before end of array: line 1 column 3 (char 2)"),
            (r#"{"a":1 , }"#, "Illegal trailing comma before end of object: line 1 column 8 (char 7)"),
            ("[1,,]", "Expecting value: line 1 column 4 (char 3)"),
            ("", "Expecting value: line 1 column 1 (char 0)"),
            ("  ", "Expecting value: line 1 column 3 (char 2)"),
            ("tru", "Expecting value: line 1 column 1 (char 0)"),
            ("01", "Extra data: line 1 column 2 (char 1)"),
            ("1.", "Extra data: line 1 column 2 (char 1)"),
            ("[-]", "Expecting value: line 1 column 2 (char 1)"),
            (r#"{"a":1"#, "Expecting ',' delimiter: line 1 column 7 (char 6)"),
            ("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
            ("\n\n  x", "Expecting value: line 3 column 3 (char 4)"),
            (r#"{"é":x}"#, "Expecting value: line 1 column 6 (char 5)"),
            ("[NaN]", "Out of range float values are not JSON compliant: 'NaN'"),
            ("-Infinity", "Out of range float values are not JSON compliant: '-Infinity'"),
            (r#"{"a": Infinity}"#, "Out of range float values are not JSON compliant: 'Infinity'"),
        ];
        for (input, expected) in cases {
            assert_eq!(python_json_error(input).as_deref(), Some(expected), "input {input:?}");
        }
    }

    #[test]
    fn valid_documents_have_no_error() {
        for input in ["{}", "[]", " 1 ", "-0.5e+3", r#"{"a":[1,{"b":null}],"c":"\u00e9\n"}"#, "1e400"] {
            assert_eq!(python_json_error(input), None, "input {input:?}");
        }
    }

    #[test]
    fn lone_surrogate_escapes_become_markers_and_pairs_stay() {
        assert_eq!(mark_lone_surrogates(r#"{"a":"x"}"#), None);
        assert_eq!(mark_lone_surrogates(r#"["\ud800\udc00"]"#), None);
        assert_eq!(mark_lone_surrogates(r#"["\ud800"]"#).as_deref(), Some("[\"\u{10F800}\"]"));
        assert_eq!(mark_lone_surrogates(r#"["\udc00\uD800x"]"#).as_deref(), Some("[\"\u{10FC00}\u{10F800}x\"]"));
        assert_eq!(mark_lone_surrogates(r#"{"\ud800":"\\ud800"}"#).as_deref(), Some("{\"\u{10F800}\":\"\\\\ud800\"}"));
        assert_eq!(mark_lone_surrogates(r#"["\"\udfff\n"]"#).as_deref(), Some("[\"\\\"\u{10FFFF}\\n\"]"));
    }

    #[test]
    fn depth_limit() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert_eq!(python_json_error(&ok), None);
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(
            python_json_error(&deep).as_deref(),
            Some("maximum recursion depth exceeded while decoding a JSON array from a unicode string")
        );
    }

    #[test]
    fn utf8_messages_match_cpython() {
        let cases: [(&[u8], &str); 6] = [
            (b"\xff", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
            (b"{\"a\":\"\xe2\x28\"}", "'utf-8' codec can't decode byte 0xe2 in position 6: invalid continuation byte"),
            (b"\xe2\x82", "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"),
            (b"\xf0\x90\x28", "'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"),
            (b"\xc0\xaf", "'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"),
            (b"\xed\xa0\x80", "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"),
        ];
        for (bytes, expected) in cases {
            let err = std::str::from_utf8(bytes).expect_err("invalid on purpose");
            assert_eq!(utf8_error_message(bytes, &err), expected);
        }
    }
}
