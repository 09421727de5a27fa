//! `IPAddressField` on a `std::net::IpAddr`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde_json::Value;

use super::formats::{is_ipv4, is_ipv6};
use super::{FieldSpec, FieldType, Represent};
use crate::exceptions::{Detail, ErrorDetail};
use crate::python::{marked_surrogate, str_strip};

/// `IPAddressField(protocol=...)`: which addresses are accepted. With `Both`, an IPv4-mapped
/// IPv6 address is unpacked (`::ffff:1.2.3.4` → `1.2.3.4`), as DRF sets `unpack_ipv4` then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpProtocol {
    /// `protocol="both"` (the default).
    Both,
    /// `protocol="ipv4"`.
    Ipv4,
    /// `protocol="ipv6"`.
    Ipv6,
}

const INVALID: &str = "Enter a valid IPv4 or IPv6 address.";

/// Django's `clean_ipv6_address`: the address, with an IPv4-mapped one unpacked on request.
fn clean_ipv6(text: &str, unpack_ipv4: bool) -> Option<IpAddr> {
    if !is_ipv6(text) {
        return None;
    }
    let addr: Ipv6Addr = text.parse().ok()?;
    match addr.to_ipv4_mapped() {
        Some(v4) if unpack_ipv4 => Some(IpAddr::V4(v4)),
        _ => Some(IpAddr::V6(addr)),
    }
}

/// `IPAddressField.to_internal_value` then the validators DRF gives it: `CharField`'s null and
/// surrogate checks and Django's `ip_address_validators(protocol)`, every failure reported.
impl FieldType for IpAddr {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "string"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        let Value::String(raw) = value else { return Err(spec.fail("invalid", INVALID)) };
        if raw.is_empty() || (spec.trim_whitespace && str_strip(raw).is_empty()) {
            return Err(spec.fail("blank", "This field may not be blank."));
        }
        if raw.contains(':') && spec.protocol != IpProtocol::Ipv4 {
            return clean_ipv6(raw, spec.protocol == IpProtocol::Both).ok_or_else(|| spec.fail("invalid", INVALID));
        }
        let text = if spec.trim_whitespace { str_strip(raw) } else { raw.as_str() };
        let mut errors = Vec::new();
        if text.contains('\0') {
            errors.push(ErrorDetail::new("Null characters are not allowed.", "null_characters_not_allowed"));
        }
        if let Some(code_point) = text.chars().find_map(marked_surrogate) {
            errors.push(ErrorDetail::new(
                format!("Surrogate characters are not allowed: U+{code_point:X}."),
                "surrogate_characters_not_allowed",
            ));
        }
        let parsed = match spec.protocol {
            IpProtocol::Ipv4 => is_ipv4(text).then(|| text.parse::<Ipv4Addr>().ok().map(IpAddr::V4)).flatten(),
            IpProtocol::Ipv6 => is_ipv6(text).then(|| text.parse::<Ipv6Addr>().ok().map(IpAddr::V6)).flatten(),
            IpProtocol::Both => is_ipv4(text).then(|| text.parse::<Ipv4Addr>().ok().map(IpAddr::V4)).flatten(),
        };
        let message = match spec.protocol {
            IpProtocol::Ipv4 => "Enter a valid IPv4 address.",
            IpProtocol::Ipv6 => "Enter a valid IPv6 address.",
            IpProtocol::Both => INVALID,
        };
        match parsed {
            Some(addr) if errors.is_empty() => Ok(addr),
            Some(_) => Err(Detail::List(errors.into_iter().map(Detail::from).collect())),
            None => {
                errors.push(ErrorDetail::new(message, "invalid"));
                Err(Detail::List(errors.into_iter().map(Detail::from).collect()))
            }
        }
    }
}

impl Represent for IpAddr {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        Value::String(self.to_string())
    }
}
