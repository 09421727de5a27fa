//! Django 6.1's format validators (`django/core/validators.py`), rule by rule, for the string
//! field classes: `EmailValidator`, `URLValidator`, the IP address checks behind them, and DRF's
//! slug patterns.
//!
//! Django's patterns use look-around, which the `regex` crate does not support, so each pattern
//! is spelled out as code, with the regex it stands for in the comment above it.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::python::{self, marked_surrogate};

/// `EmailValidator.__call__`: at most 320 characters (RFC 3696), split at the last `@`, a
/// dot-atom or quoted-string user part, and a domain that is `localhost` (the allowlist,
/// compared exactly), a dotted host name, or an address literal `[1.2.3.4]` / `[::1]`.
pub(crate) fn is_email(value: &str) -> bool {
    if value.is_empty() || value.chars().count() > 320 {
        return false;
    }
    let Some((user, domain)) = value.rsplit_once('@') else { return false };
    is_email_user(user) && (domain == "localhost" || is_email_domain(domain))
}

/// `user_regex` (IGNORECASE): `^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*\Z`
/// or a quoted string `^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z`.
fn is_email_user(user: &str) -> bool {
    let atom_char = |c: char| c.is_ascii_alphanumeric() || "-!#$%&'*+/=?^_`{}|~".contains(c) || ignorecase_ascii(c);
    let dot_atom = user.split('.').all(|atom| !atom.is_empty() && atom.chars().all(atom_char));
    dot_atom || is_quoted_string(user)
}

/// Python's `re.IGNORECASE` lets `[A-Z]` / `[a-z]` match four non-ASCII letters whose case
/// partner is ASCII: `İ` (U+0130), `ı` (U+0131), `ſ` (U+017F) and the Kelvin sign (U+212A)
/// (CPython 3.13: `[hex(c) for c in range(0x80, 0x110000) if re.match('[A-Z]', chr(c), re.I)]`).
fn ignorecase_ascii(c: char) -> bool {
    matches!(c, '\u{130}' | '\u{131}' | '\u{17f}' | '\u{212a}')
}

fn is_quoted_string(user: &str) -> bool {
    let Some(inner) = user.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) else { return false };
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        // IGNORECASE reaches these ranges too: `"\u{212a}"` (Kelvin sign, lower `k`) is accepted.
        let ok = match c {
            '\\' => chars.next().is_some_and(|e| {
                matches!(e, '\x01'..='\x09' | '\x0b' | '\x0c' | '\x0e'..='\x7f') || ignorecase_ascii(e)
            }),
            '\x01'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '!' | '#'..='[' | ']'..='\x7f' => true,
            other => ignorecase_ascii(other),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// `EmailValidator.validate_domain_part`: the `domain_regex`, else an address literal.
fn is_email_domain(domain: &str) -> bool {
    is_domain_name(domain, false) || is_address_literal(domain)
}

/// `literal_regex` (`\[([A-F0-9:.]+)\]\Z`, IGNORECASE) followed by `validate_ipv46_address`.
fn is_address_literal(domain: &str) -> bool {
    let Some(ip) = domain.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) else { return false };
    !ip.is_empty() && ip.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') && (is_ipv4(ip) || is_ipv6(ip))
}

/// `DomainNameValidator`'s letters (`[a-z\u00a1-\uffff0-9]` under IGNORECASE): ASCII letters and
/// digits plus every code point from U+00A1 to U+FFFF, lone surrogates (carried as markers)
/// included.
fn is_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{a1}'..='\u{ffff}').contains(&c) || marked_surrogate(c).is_some()
}

/// `hostname_re + domain_re + tld_no_fqdn_re` (`tld_re`, which allows one trailing dot, when
/// `trailing_dot`), anchored:
/// - `hostname_re`: `[a-z\u00a1-\uffff0-9](?:[a-z\u00a1-\uffff0-9-]{0,61}[a-z\u00a1-\uffff0-9])?`
/// - `domain_re`: `(?:\.(?!-)[a-z\u00a1-\uffff0-9-]{1,63}(?<!-))*`
/// - `tld_no_fqdn_re`: `\.(?!-)(?:[a-z\u00a1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)`
fn is_domain_name(domain: &str, trailing_dot: bool) -> bool {
    let domain = if trailing_dot { domain.strip_suffix('.').unwrap_or(domain) } else { domain };
    let labels: Vec<&str> = domain.split('.').collect();
    let [first, middle @ .., tld] = labels.as_slice() else { return false };
    let dashless_ends = |label: &str| !label.starts_with('-') && !label.ends_with('-');
    let label_ok = |label: &&str| {
        let length = label.chars().count();
        (1..=63).contains(&length) && dashless_ends(label) && label.chars().all(|c| is_label_char(c) || c == '-')
    };
    let tld_length = tld.chars().count();
    let tld_letters = (2..=63).contains(&tld_length)
        && dashless_ends(tld)
        && tld.chars().all(|c| (is_label_char(c) && !c.is_ascii_digit()) || c == '-');
    let punycode = tld.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("xn--"))
        && (1..=59).contains(&tld[4..].chars().count())
        && tld[4..].chars().all(|c| c.is_ascii_alphanumeric() || ignorecase_ascii(c));
    label_ok(first) && middle.iter().all(label_ok) && (tld_letters || punycode)
}

/// `URLValidator.__call__` (schemes http, https, ftp, ftps): at most 2,048 characters, no tab
/// or line break, a listed scheme, a URL `urllib.parse.urlsplit` accepts, the `regex`, a valid
/// IPv6 literal when the host is bracketed, and a host name of at most 253 characters.
pub(crate) fn is_url(value: &str) -> bool {
    if value.chars().count() > 2048 || value.contains(['\t', '\r', '\n']) {
        return false;
    }
    let Some((scheme, rest)) = value.split_once("://") else { return false };
    if !["http", "https", "ftp", "ftps"].contains(&scheme.to_lowercase().as_str()) {
        return false;
    }
    let netloc = rest.split(['/', '?', '#']).next().unwrap_or("");
    if !urlsplit_accepts(netloc) || !url_regex_matches(rest) {
        return false;
    }
    // `re.search(r"^\[(.+)\](?::[0-9]{1,5})?$", netloc)` then `validate_ipv6_address`.
    if let Some((inner, port)) = netloc.strip_prefix('[').and_then(|bracketed| bracketed.rsplit_once(']')) {
        let port_ok = port.is_empty() || port.strip_prefix(':').is_some_and(is_port);
        if !inner.is_empty() && port_ok && !is_ipv6(inner) {
            return false;
        }
    }
    // `urlsplit(value).hostname`: after the last `@`, inside the brackets or before the port.
    let host = netloc.rsplit('@').next().unwrap_or("");
    let host = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    !host.is_empty() && host.chars().flat_map(char::to_lowercase).count() <= 253
}

/// `(?::[0-9]{1,5})`'s digits.
fn is_port(port: &str) -> bool {
    (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit())
}

/// The `ValueError`s Python 3.13's `urlsplit` raises for a netloc: unbalanced brackets, a
/// bracketed host that is neither IPv6 nor `v<hex>.<anything>`, and non-ASCII characters whose
/// NFKC form introduces one of `/?#@:`.
fn urlsplit_accepts(netloc: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    if netloc.contains('[') != netloc.contains(']') {
        return false;
    }
    if let Some((_, after)) = netloc.split_once('[') {
        let bracketed = after.split(']').next().unwrap_or("");
        let future = bracketed.strip_prefix('v').and_then(|rest| rest.split_once('.')).is_some_and(|(hex, tail)| {
            !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) && !tail.is_empty()
        });
        if !future && bracketed.split('%').next().is_none_or(|ip| ip.parse::<Ipv6Addr>().is_err()) {
            return false;
        }
    }
    if netloc.is_ascii() {
        return true;
    }
    let stripped: String = netloc.chars().filter(|c| !"@:#?".contains(*c)).collect();
    let normalized: String = stripped.nfkc().collect();
    normalized == stripped || !normalized.contains(['/', '?', '#', '@', ':'])
}

/// Django's `URLValidator.regex` after the scheme's `://` (IGNORECASE):
/// `(?:[^\s:@/]+(?::[^\s:@/]*)?@)?(?:ipv4_re|ipv6_re|host_re)(?::[0-9]{1,5})?(?:[/?#][^\s]*)?\Z`.
/// User info cannot contain `@`, so it can only end at the first one; both readings are tried.
fn url_regex_matches(rest: &str) -> bool {
    let after_user_info = rest.split_once('@').and_then(|(user_info, after)| {
        let (user, password) = user_info.split_once(':').unwrap_or((user_info, ""));
        let allowed = |c: char| !python::is_whitespace(c) && !":@/".contains(c);
        (!user.is_empty() && user.chars().all(allowed) && password.chars().all(allowed)).then_some(after)
    });
    [Some(rest), after_user_info].into_iter().flatten().any(|candidate| {
        let split = candidate.find(['/', '?', '#']).unwrap_or(candidate.len());
        let (host_port, path) = candidate.split_at(split);
        let host = match host_port.rsplit_once(':') {
            Some((host, port)) if is_port(port) => host,
            _ => host_port,
        };
        // `ipv4_re` (0..=255 without leading zeros, as `is_ipv4`), `ipv6_re`, `host_re`.
        let host_ok = is_ipv4(host)
            || is_bracketed_ipv6_shape(host)
            || is_domain_name(host, true)
            || ignorecase_eq(host, "localhost");
        host_ok && !path.chars().any(python::is_whitespace)
    })
}

/// `ipv6_re`: `\[[0-9a-f:.]+\]` (the address itself is checked afterwards).
fn is_bracketed_ipv6_shape(host: &str) -> bool {
    host.strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|inner| !inner.is_empty() && inner.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.'))
}

/// `text` equals the lower-case ASCII `word` under Python's IGNORECASE (see [`ignorecase_ascii`]).
fn ignorecase_eq(text: &str, word: &str) -> bool {
    text.chars().count() == word.len()
        && text.chars().zip(word.chars()).all(|(c, w)| {
            c.to_ascii_lowercase() == w
                || matches!((c, w), ('\u{130}' | '\u{131}', 'i') | ('\u{17f}', 's') | ('\u{212a}', 'k'))
        })
}

/// Django's `validate_ipv4_address`: Python's `ipaddress.IPv4Address`, four decimal octets
/// without leading zeros.
pub(crate) fn is_ipv4(text: &str) -> bool {
    let octets: Vec<&str> = text.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|octet| {
            (1..=3).contains(&octet.len())
                && octet.bytes().all(|b| b.is_ascii_digit())
                && (octet.len() == 1 || !octet.starts_with('0'))
                && octet.parse::<u8>().is_ok()
        })
}

/// Django's `is_valid_ipv6_address`: at most 39 characters, then Python's
/// `ipaddress.IPv6Address` (which, like Rust's parser, accepts an embedded IPv4 tail).
pub(crate) fn is_ipv6(text: &str) -> bool {
    text.len() <= 39 && text.parse::<Ipv6Addr>().is_ok() && ipv4_tail_ok(text)
}

/// Python refuses leading zeros in an embedded IPv4 tail (`::1.02.3.4`); make sure Rust did too.
fn ipv4_tail_ok(text: &str) -> bool {
    match text.rsplit_once(':') {
        Some((_, tail)) if tail.contains('.') => tail.parse::<Ipv4Addr>().is_ok() && is_ipv4(tail),
        _ => true,
    }
}

/// DRF's `SlugField`: `^[-a-zA-Z0-9_]+$` (Python's `$` also matches before one final `\n`).
pub(crate) fn is_slug(text: &str) -> bool {
    let text = text.strip_suffix('\n').unwrap_or(text);
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// DRF's `SlugField(allow_unicode=True)`: `^[-\w]+\Z`. Python's `\w` is `_` plus
/// `str.isalnum()` (general categories L* and N*); Rust's `char::is_alphanumeric` is the closest
/// standard test (it also accepts Other_Alphabetic marks such as U+093E, which Python does not).
pub(crate) fn is_unicode_slug(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c == '-' || c == '_' || c.is_alphanumeric())
}
