//! Django 6.1's format validators (`django/core/validators.py`), rule by rule, for the string
//! field classes: `EmailValidator`, `URLValidator`, the IP address checks behind them, and DRF's
//! slug patterns.
//!
//! Django's patterns use look-around, which the `regex` crate does not support, so each pattern
//! is spelled out as code, with the regex it stands for in the comment above it.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::python::marked_surrogate;

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
    if user.len() < 2 {
        return false;
    }
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        let ok = match c {
            '\\' => chars.next().is_some_and(|e| matches!(e, '\x01'..='\x09' | '\x0b' | '\x0c' | '\x0e'..='\x7f')),
            '\x01'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '!' | '#'..='[' | ']'..='\x7f' => true,
            _ => false,
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
