//! DRF's `search_smart_split` on top of Django's `smart_split` and `unescape_string_literal`.

use crate::python::{is_whitespace, str_strip};

/// DRF's `search_smart_split`: the search terms of a `?search=` value. Words are split on
/// whitespace and commas; a quoted phrase (`"long text"`, `'a, b'`) stays one term with its
/// quotes removed and `\"` / `\\` unescaped, as Django's `smart_split` and
/// `unescape_string_literal` do.
///
/// ```
/// use restframe::filters::search_smart_split;
/// assert_eq!(search_smart_split(",,\"hello, world\",,"), ["hello, world"]);
/// assert_eq!(search_smart_split("hello, world,,"), ["hello", "world"]);
/// assert_eq!(search_smart_split("\"hello, world\",found"), ["\"hello", "world\"", "found"]);
/// ```
pub fn search_smart_split(search_terms: &str) -> Vec<String> {
    let mut split_terms = Vec::new();
    for term in smart_split(search_terms) {
        // Commas around a quoted phrase would otherwise keep it from being recognised.
        let term = term.trim_matches(',');
        let first = term.chars().next();
        if matches!(first, Some('"' | '\'')) && term.chars().last() == first {
            split_terms.push(unescape_string_literal(term));
        } else {
            split_terms.extend(term.split(',').filter(|sub| !sub.is_empty()).map(|sub| str_strip(sub).to_owned()));
        }
    }
    split_terms
}

/// Django's `smart_split`: the matches of
/// `[^\s'"]*(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[^\s'"]*)+|\S+`, written out so that `\s`
/// is Python's whitespace.
fn smart_split(text: &str) -> Vec<&str> {
    let mut bits = Vec::new();
    let mut start = 0;
    while let Some(offset) = text[start..].find(|c: char| !is_whitespace(c)) {
        start += offset;
        let end = token_end(text, start);
        bits.push(&text[start..end]);
        start = end;
    }
    bits
}

/// Where the token starting at `start` (not whitespace) ends.
fn token_end(text: &str, start: usize) -> usize {
    let mut pos = skip(text, start, |c| !is_whitespace(c) && c != '"' && c != '\'');
    let mut end = None;
    while let Some(after) = quoted_end(text, pos) {
        pos = skip(text, after, |c| !is_whitespace(c) && c != '"' && c != '\'');
        end = Some(pos);
    }
    end.unwrap_or_else(|| skip(text, start, |c| !is_whitespace(c)))
}

fn skip(text: &str, from: usize, keep: impl Fn(char) -> bool) -> usize {
    text[from..].find(|c: char| !keep(c)).map_or(text.len(), |offset| from + offset)
}

/// The end of the quoted string at `pos`, if one starts and closes there (`\` escapes any
/// character but a newline, as the regex's `\\.`).
fn quoted_end(text: &str, pos: usize) -> Option<usize> {
    let quote = text[pos..].chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let mut chars = text[pos + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        if c == quote {
            return Some(pos + 1 + i + 1);
        }
        if c == '\\' && matches!(chars.next(), None | Some((_, '\n'))) {
            return None;
        }
    }
    None
}

/// Django's `unescape_string_literal` on a term that starts and ends with the same quote.
fn unescape_string_literal(term: &str) -> String {
    let quote = &term[..1];
    // A lone quote is both the first and the last character: Python's `s[1:-1]` is empty.
    let inner = term.get(1..term.len() - 1).unwrap_or_default();
    inner.replace(&format!("\\{quote}"), quote).replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    // DRF's SearchSplitTests, then cases checked against Django's smart_split.
    #[test]
    fn splits_as_drf() {
        assert_eq!(search_smart_split("\"hello, world\""), ["hello, world"]);
        assert_eq!(search_smart_split(",,\"hello, world\""), ["hello, world"]);
        assert_eq!(search_smart_split("\"hello, world\",,"), ["hello, world"]);
        assert_eq!(search_smart_split(",,hello, world"), ["hello", "world"]);
        assert_eq!(search_smart_split(",,hello, world,,"), ["hello", "world"]);
        assert_eq!(search_smart_split("\"hello, world\",found"), ["\"hello", "world\"", "found"]);
        assert_eq!(search_smart_split("\"\\\"text\""), ["\"text"]);
        assert_eq!(search_smart_split("a\"b c\"d 'x"), ["a\"b c\"d", "'x"]);
        assert_eq!(search_smart_split("a\"b\"c\"d"), ["a\"b\"c", "\"d"]);
        assert_eq!(search_smart_split("\""), [""]);
        assert_eq!(search_smart_split(" ,, \u{3000}"), Vec::<String>::new());
        assert_eq!(search_smart_split("'it\\'s' \\\\"), ["it's", "\\\\"]);
    }
}
