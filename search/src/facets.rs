//! Facet tables (topics, levels, contributors, duration buckets, kinds) shared by the
//! export and the client, which counts facet values over a result set.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::Document;

/// A duration bucket: `[min_secs, max_secs)`, `max_secs == None` meaning open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DurationBucket {
    pub id: String,
    pub label: String,
    pub min: u32,
    pub max: Option<u32>,
}

/// The duration buckets offered as filters, shortest first.
pub fn duration_buckets() -> Vec<DurationBucket> {
    let bucket = |id: &str, label: &str, min, max| DurationBucket {
        id: id.to_string(),
        label: label.to_string(),
        min,
        max,
    };
    vec![
        bucket("moins-1", "moins d'1 min", 0, Some(60)),
        bucket("1-2", "1 à 2 min", 60, Some(120)),
        bucket("2-5", "2 à 5 min", 120, Some(300)),
        bucket("5-plus", "5 min et plus", 300, None),
    ]
}

/// Index of the bucket a duration falls in.
pub fn duration_bucket(secs: u32) -> usize {
    let buckets = duration_buckets();
    buckets
        .iter()
        .position(|b| b.max.is_none_or(|max| secs < max))
        .unwrap_or(buckets.len() - 1)
}

/// School levels in teaching order; unknown levels sort after, by name.
const LEVEL_ORDER: &[&str] = &[
    "TPS", "PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2", "6e", "5e", "4e", "3e",
];

/// Distinct facet values of a catalogue, each as `(id, label)`, in display order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetTables {
    pub topics: Vec<(String, String)>,
    pub levels: Vec<(String, String)>,
    pub contributors: Vec<(String, String)>,
    /// Document kinds, in order of first appearance.
    pub kinds: Vec<(String, String)>,
}

impl FacetTables {
    /// Collects the distinct values; topics and contributors sorted by label.
    pub fn collect(docs: &[Document]) -> FacetTables {
        let by_label = |pick: fn(&Document) -> Vec<(String, String)>| {
            let mut map = BTreeMap::new();
            for (id, label) in docs.iter().flat_map(pick) {
                map.entry(id).or_insert(label);
            }
            let mut values: Vec<(String, String)> = map.into_iter().collect();
            values.sort_by_cached_key(|(id, label)| (sort_key(label), id.clone()));
            values
        };
        FacetTables {
            topics: by_label(|d| pairs(&d.topics)),
            contributors: by_label(|d| pairs(&d.contributors)),
            levels: sorted_levels(docs),
            kinds: kinds_table(docs),
        }
    }

    /// Each document's index into `kinds`.
    pub fn kind_codes(&self, docs: &[Document]) -> Vec<u32> {
        let positions = positions(&self.kinds);
        docs.iter()
            .map(|d| positions.get(d.kind.id.as_str()).copied().unwrap_or(0))
            .collect()
    }

    /// Per-document indices into the tables: (topics, levels, contributors).
    #[cfg(test)]
    pub fn codes(&self, doc: &Document) -> [Vec<u32>; 3] {
        self.lookup().codes(doc)
    }

    /// Hash maps from ids to table positions, to code many documents.
    pub fn lookup(&self) -> FacetLookup<'_> {
        FacetLookup {
            topics: positions(&self.topics),
            levels: positions(&self.levels),
            contributors: positions(&self.contributors),
        }
    }
}

/// Positions of facet ids in their [`FacetTables`].
pub struct FacetLookup<'a> {
    topics: HashMap<&'a str, u32>,
    levels: HashMap<&'a str, u32>,
    contributors: HashMap<&'a str, u32>,
}

impl FacetLookup<'_> {
    /// A document's indices into the tables: (topics, levels, contributors).
    pub fn codes(&self, doc: &Document) -> [Vec<u32>; 3] {
        let find = |map: &HashMap<&str, u32>, id: &str| map.get(id).copied();
        [
            doc.topics
                .iter()
                .filter_map(|t| find(&self.topics, &t.id))
                .collect(),
            doc.levels
                .iter()
                .filter_map(|l| find(&self.levels, l))
                .collect(),
            doc.contributors
                .iter()
                .filter_map(|c| find(&self.contributors, &c.id))
                .collect(),
        ]
    }
}

fn positions(table: &[(String, String)]) -> HashMap<&str, u32> {
    table
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i as u32))
        .collect()
}

fn pairs(facets: &[crate::Facet]) -> Vec<(String, String)> {
    facets
        .iter()
        .map(|f| (f.id.clone(), f.label.clone()))
        .collect()
}

fn kinds_table(docs: &[Document]) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    docs.iter()
        .filter(|d| seen.insert(d.kind.id.as_str()))
        .map(|d| (d.kind.id.clone(), d.kind.label.clone()))
        .collect()
}

/// Per-document codes as runs `[code, length, code, length, …]`: two numbers per change
/// of kind along the documents, so a catalogue grouped by kind needs a few numbers.
pub fn runs(codes: &[u32]) -> Vec<u32> {
    let mut runs: Vec<u32> = Vec::new();
    for &code in codes {
        match runs.len() {
            n if n >= 2 && runs[n - 2] == code => runs[n - 1] += 1,
            _ => runs.extend([code, 1]),
        }
    }
    runs
}

fn sorted_levels(docs: &[Document]) -> Vec<(String, String)> {
    let mut levels: Vec<String> = docs.iter().flat_map(|d| d.levels.clone()).collect();
    levels.sort_by_key(|l| {
        let rank = LEVEL_ORDER.iter().position(|known| known == l);
        (rank.unwrap_or(LEVEL_ORDER.len()), l.clone())
    });
    levels.dedup();
    levels.into_iter().map(|l| (l.clone(), l)).collect()
}

// The label's French collation key (Unicode Collation Algorithm, CLDR's French data), so
// that the filters list « Écriture » among the E, in the same order as the site's pages.
fn sort_key(label: &str) -> Vec<u8> {
    static COLLATOR: std::sync::OnceLock<icu_collator::CollatorBorrowed<'static>> =
        std::sync::OnceLock::new();
    let collator = COLLATOR.get_or_init(|| {
        icu_collator::Collator::try_new(
            icu_locale_core::locale!("fr").into(),
            icu_collator::options::CollatorOptions::default(),
        )
        .expect("ICU4X ships French collation data")
    });
    let mut key = Vec::new();
    let Ok(()) = collator.write_sort_key_to(label, &mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Facet;

    #[test]
    fn buckets_cover_all_durations() {
        assert_eq!(duration_bucket(0), 0);
        assert_eq!(duration_bucket(59), 0);
        assert_eq!(duration_bucket(60), 1);
        assert_eq!(duration_bucket(119), 1);
        assert_eq!(duration_bucket(299), 2);
        assert_eq!(duration_bucket(3600), 3);
    }

    #[test]
    fn tables_are_sorted_and_coded() {
        let doc = |topic: &str, level: &str| Document {
            topics: vec![Facet::new(topic.to_lowercase(), topic)],
            levels: vec![level.to_string()],
            ..Document::default()
        };
        let docs = vec![
            doc("Écriture", "CE1"),
            doc("Calcul", "CP"),
            doc("Dictée", "CE1"),
            doc("Vocabulaire", "CP"),
            doc("Espace", "CP"),
        ];
        let tables = FacetTables::collect(&docs);
        let labels: Vec<&str> = tables.topics.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            vec!["Calcul", "Dictée", "Écriture", "Espace", "Vocabulaire"]
        );
        let levels: Vec<&str> = tables.levels.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(levels, vec!["CP", "CE1"]);
        assert_eq!(tables.codes(&docs[0]), [vec![2], vec![1], vec![]]);
    }

    #[test]
    fn kinds_are_coded_as_runs() {
        let doc = |kind: &str| Document {
            kind: Facet::new(kind, kind.to_uppercase()),
            ..Document::default()
        };
        let docs = vec![doc("video"), doc("video"), doc("path"), doc("video")];
        let tables = FacetTables::collect(&docs);
        assert_eq!(tables.kinds[1], ("path".to_string(), "PATH".to_string()));
        let codes = tables.kind_codes(&docs);
        assert_eq!(codes, vec![0, 0, 1, 0]);
        assert_eq!(runs(&codes), vec![0, 2, 1, 1, 0, 1]);
    }
}
