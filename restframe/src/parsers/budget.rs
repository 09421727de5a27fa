//! Parsing JSON into a `serde_json::Value` while counting the memory it takes, so a small body
//! cannot expand without bound (a 2.5 MB `[0,0,...]` is ~150 MB of `Value`s, 57 times its
//! size: each `Value` is 72 bytes and a growing `Vec` doubles).
//!
//! The visitor builds exactly what serde_json's own `Value` visitor builds (same numbers, last
//! duplicate key wins in the first key's place) and charges, before each allocation, what it
//! will take: the root `Value`, every string's bytes, every array's buffer as it grows (the
//! `Vec` growth rule, so slack capacity counts, and the old and new buffers while one moves)
//! and per object entry its key and the map's entry and hash-table growth (modelled on
//! indexmap and hashbrown, whose buffers double too). A duplicate key's replaced value is not refunded: the count is an upper bound
//! of what is held at any moment of the parse.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

const VALUE: usize = size_of::<Value>();
/// One object entry in indexmap's entry `Vec`: the hash, the key, the value.
const ENTRY: usize = size_of::<usize>() + size_of::<String>() + VALUE;
/// One bucket of indexmap's hash table: an 8-byte index and a control byte.
const SLOT: usize = size_of::<usize>() + 1;

/// Why [`parse`] failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// serde_json rejected the text.
    Json(serde_json::Error),
    /// The value would take more than the budget.
    OverBudget,
}

/// Parses `text` like `serde_json::from_str::<Value>`, stopping once the value would take more
/// than `budget` bytes.
pub(crate) fn parse(text: &str, budget: usize) -> Result<Value, Failure> {
    let counter = Counter { left: Cell::new(budget.saturating_sub(VALUE)), exceeded: Cell::new(budget < VALUE) };
    if counter.exceeded.get() {
        return Err(Failure::OverBudget);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Seed(&counter).deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    match result {
        Ok(value) => Ok(value),
        Err(_) if counter.exceeded.get() => Err(Failure::OverBudget),
        Err(err) => Err(Failure::Json(err)),
    }
}

/// Bytes left; `exceeded` tells a budget stop from a syntax error after the fact.
struct Counter {
    left: Cell<usize>,
    exceeded: Cell<bool>,
}

impl Counter {
    fn charge<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        match self.left.get().checked_sub(bytes) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => {
                self.exceeded.set(true);
                Err(E::custom("parsed JSON over budget"))
            }
        }
    }

    /// Charges a collection's growth from `len` to `len + 1` elements of `size` bytes, by
    /// `Vec`'s rule (double, at least 4). `cap` is the modelled capacity. While the buffer
    /// moves, the old and the new one are both held, so the new one is charged in full
    /// before the old one is given back.
    fn grow<E: de::Error>(&self, len: usize, cap: &mut usize, size: usize) -> Result<(), E> {
        if len < *cap {
            return Ok(());
        }
        let new_cap = (*cap * 2).max(4);
        self.charge(new_cap.saturating_mul(size))?;
        self.left.set(self.left.get() + *cap * size);
        *cap = new_cap;
        Ok(())
    }

    /// Charges an object's growth from `len` to `len + 1` entries. `buckets` is the modelled
    /// hash table size; it doubles (at least 4) when full, that is at 7/8 of its buckets (all
    /// but one below 8), and the entry `Vec` is then resized to the table's capacity.
    fn grow_map<E: de::Error>(&self, len: usize, buckets: &mut usize) -> Result<(), E> {
        let capacity = |buckets: usize| if buckets < 8 { buckets.saturating_sub(1) } else { buckets / 8 * 7 };
        let bytes = |buckets: usize| capacity(buckets) * ENTRY + buckets * SLOT;
        if len < capacity(*buckets) {
            return Ok(());
        }
        let new_buckets = (*buckets * 2).max(4);
        self.charge(bytes(new_buckets))?;
        self.left.set(self.left.get() + bytes(*buckets));
        *buckets = new_buckets;
        Ok(())
    }
}

struct Seed<'c>(&'c Counter);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor(self.0))
    }
}

struct ValueVisitor<'c>(&'c Counter);

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        self.0.charge(value.len())?;
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        self.0.charge(value.len())?;
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut values = Vec::new();
        let mut cap = 0;
        // Charging only when an element arrives keeps `[]` free, as `Vec::new()` is.
        while let Some(value) = seq.next_element_seed(Seed(self.0))? {
            self.0.grow(values.len(), &mut cap, VALUE)?;
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut values = Map::new();
        let mut buckets = 0;
        while let Some(key) = map.next_key::<String>()? {
            self.0.charge(key.len())?;
            let value = map.next_value_seed(Seed(self.0))?;
            self.0.grow_map(values.len(), &mut buckets)?;
            values.insert(key, value);
        }
        Ok(Value::Object(values))
    }
}

/// The bytes `value` holds on the heap plus its own size, by the rules [`parse`] charges
/// (exact capacities for arrays and strings): what tests compare the budget with.
#[cfg(test)]
pub(crate) fn held(value: &Value) -> usize {
    fn heap(value: &Value) -> usize {
        match value {
            Value::String(s) => s.capacity(),
            Value::Array(items) => items.capacity() * VALUE + items.iter().map(heap).sum::<usize>(),
            Value::Object(map) => map.iter().map(|(k, v)| ENTRY + SLOT + k.capacity() + heap(v)).sum(),
            _ => 0,
        }
    }
    VALUE + heap(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(size: usize) -> Vec<(&'static str, String)> {
        let fill = |open: &str, item: &dyn Fn(usize) -> String, close: &str| {
            let mut s = String::from(open);
            let mut i = 0;
            while s.len() + 40 < size {
                s.push_str(&item(i));
                s.push(',');
                i += 1;
            }
            s.push_str(&item(i));
            s.push_str(close);
            s
        };
        vec![
            ("[0,0,...]", fill("[", &|_| "0".into(), "]")),
            ("[[],[],...]", fill("[", &|_| "[]".into(), "]")),
            ("{\"a\":{},...}", fill("{", &|i| format!("\"{i:x}\":{{}}"), "}")),
            ("[\"\",...]", fill("[", &|_| "\"\"".into(), "]")),
        ]
    }

    #[test]
    fn builds_what_serde_json_builds() {
        for text in [
            r#"{"a":[1,-2,2.5,1e300,18446744073709551615,-9223372036854775808],"b":null,"c":true,"a":"x"}"#,
            r#"[{"k\u00e9":"\ud83d\ude00"},[],{},"",[[[]]]]"#,
            "12345678901234567890123",
            "\"s\"",
        ] {
            let expected: Value = serde_json::from_str(text).expect("valid JSON");
            let value = parse(text, usize::MAX).expect("within budget");
            assert_eq!(value, expected, "{text}");
            // Same order too (the duplicate "a" keeps its first place).
            assert_eq!(value.to_string(), expected.to_string(), "{text}");
        }
    }

    #[test]
    fn syntax_errors_pass_through() {
        for text in ["[1,", "{\"a\" 1}", "[1] x", "1e400"] {
            let expected = serde_json::from_str::<Value>(text).expect_err("invalid").to_string();
            match parse(text, usize::MAX) {
                Err(Failure::Json(err)) => assert_eq!(err.to_string(), expected, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    /// Every dense shape stops at the budget, and what a parse within budget holds never
    /// exceeds what was charged.
    #[test]
    fn dense_bodies_stop_at_the_budget() {
        let budget = 1 << 20;
        for (name, text) in shapes(512 * 1024) {
            let unbounded: Value = serde_json::from_str(&text).expect("valid JSON");
            assert!(held(&unbounded) > budget, "{name}: {} bytes is not a test of the budget", held(&unbounded));
            assert!(matches!(parse(&text, budget), Err(Failure::OverBudget)), "{name}");
        }
        for (name, text) in shapes(16 * 1024) {
            let value = parse(&text, budget).expect("a small body fits");
            assert!(held(&value) <= budget, "{name}");
        }
    }

    /// The count is an upper bound of what the value holds, and not a loose one.
    #[test]
    fn charges_bound_what_is_held() {
        for (name, text) in shapes(64 * 1024) {
            let value: Value = serde_json::from_str(&text).expect("valid JSON");
            let held = held(&value);
            // The smallest budget that parses it, found by bisection.
            let (mut lo, mut hi) = (0usize, 64 * held);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if parse(&text, mid).is_ok() { hi = mid } else { lo = mid + 1 }
            }
            assert!(lo >= held, "{name}: charged {lo} < held {held}");
            assert!(lo <= 2 * held, "{name}: charged {lo} > 2 x held {held}");
        }
    }
}
