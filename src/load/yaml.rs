//! The one door to the YAML parser (`yaml_serde`) for text written by contributors, with the
//! limits that keep hostile YAML cheap: a size cap before parsing, the parser's own nesting
//! (128 levels) and alias-repetition limits, and a budget on what aliases may expand to.
//!
//! The parser's repetition limit alone still lets 64 KB of aliases expand to a hundred million
//! values ("billion laughs"), so the value is built here, counting every node and every byte
//! of text as it comes, and parsing stops as soon as the budget is spent.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use yaml_serde::{Mapping, Value};

/// Front matter (or `site.yaml`) larger than this is refused before parsing. A two-minute
/// video's transcript is about 3 KB: 64 KB leaves room for twenty of them.
pub const MAX_YAML_BYTES: usize = 64 * 1024;

/// At most this many values (keys, items, scalars) once aliases are expanded.
const MAX_NODES: usize = 20_000;

/// At most this many bytes of text once aliases are expanded.
const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// What the budget error says, recognised by `yaml_errors` to explain it in French.
pub const BUDGET_EXCEEDED: &str = "capsule: alias expansion budget exceeded";

/// What a tagged value (`!tag value`) error says, recognised by `yaml_errors`.
pub const TAG_REFUSED: &str = "capsule: tagged value refused";

/// What one YAML text may cost: its size (checked by the caller, to say so in French) and
/// what its aliases may expand to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub bytes: usize,
    pub nodes: usize,
    pub text_bytes: usize,
}

/// The limits of front matter and `site.yaml`.
pub const FRONT_MATTER: Limits = Limits {
    bytes: MAX_YAML_BYTES,
    nodes: MAX_NODES,
    text_bytes: MAX_TEXT_BYTES,
};

/// Parses `text` as one YAML value, within the budget. The caller checks the size cap first
/// (to say so in French, with the file's position).
pub fn parse_value(text: &str) -> Result<Value, yaml_serde::Error> {
    parse_value_within(text, FRONT_MATTER)
}

/// [`parse_value`] within other `limits` (a data file may hold one line per video).
pub fn parse_value_within(text: &str, limits: Limits) -> Result<Value, yaml_serde::Error> {
    let mut budget = Budget {
        nodes: 0,
        text_bytes: 0,
        limits,
    };
    Bounded {
        budget: &mut budget,
    }
    .deserialize(yaml_serde::Deserializer::from_str(text))
}

struct Budget {
    nodes: usize,
    text_bytes: usize,
    limits: Limits,
}

impl Budget {
    fn spend<E: de::Error>(&mut self, text_bytes: usize) -> Result<(), E> {
        self.nodes += 1;
        self.text_bytes += text_bytes;
        if self.nodes > self.limits.nodes || self.text_bytes > self.limits.text_bytes {
            return Err(E::custom(BUDGET_EXCEEDED));
        }
        Ok(())
    }
}

/// Builds a [`Value`] like `yaml_serde`'s own `Deserialize`, spending the budget per node.
struct Bounded<'b> {
    budget: &'b mut Budget,
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        self.budget.spend(0)?;
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        self.budget.spend(0)?;
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        self.budget.spend(0)?;
        Ok(Value::Number(u.into()))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        self.budget.spend(0)?;
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        self.budget.spend(s.len())?;
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        self.budget.spend(s.len())?;
        Ok(Value::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.budget.spend(0)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        self.budget.spend(0)?;
        let mut sequence = Vec::new();
        while let Some(item) = items.next_element_seed(Bounded {
            budget: &mut *self.budget,
        })? {
            sequence.push(item);
        }
        Ok(Value::Sequence(sequence))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        self.budget.spend(0)?;
        let mut mapping = Mapping::new();
        while let Some(key) = entries.next_key_seed(Bounded {
            budget: &mut *self.budget,
        })? {
            let value = entries.next_value_seed(Bounded {
                budget: &mut *self.budget,
            })?;
            if mapping.contains_key(&key) {
                return Err(de::Error::custom(duplicate_key_message(&key)));
            }
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, _tagged: A) -> Result<Value, A::Error> {
        // `!tag value`: YAML's explicit types, never needed in front matter; a value that
        // starts with `!` is a text to put between quotes.
        Err(de::Error::custom(TAG_REFUSED))
    }
}

// The same words as `yaml_serde`'s own duplicate check, so one translation covers both.
fn duplicate_key_message(key: &Value) -> String {
    match key {
        Value::String(text) => format!("duplicate entry with key {text:?}"),
        _ => "duplicate entry in YAML map".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_same_value_as_the_parser() {
        let text = "title: A\nthemes: [a, b]\nn: 3\nx: 1.5\nd: true\ne:\nm: {k: v}\n";
        let ours = parse_value(text).unwrap();
        let theirs: Value = yaml_serde::from_str(text).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn alias_expansion_stops_at_the_budget() {
        let mut text = String::from("a: &a [");
        text.push_str(&vec!["x"; 2_000].join(","));
        text.push_str("]\nb: [");
        text.push_str(&vec!["*a"; 2_000].join(","));
        text.push_str("]\n");
        let error = parse_value(&text).unwrap_err();
        assert!(error.to_string().contains(BUDGET_EXCEEDED), "{error}");
        assert!(error.location().is_some());
    }

    #[test]
    fn duplicate_keys_and_tags_are_refused() {
        let error = parse_value("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(error
            .to_string()
            .starts_with("duplicate entry with key \"a\""));
        let error = parse_value("a: !x y\n").unwrap_err();
        assert!(error.to_string().contains(TAG_REFUSED), "{error}");
    }
}
