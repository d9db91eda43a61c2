//! French rules for the text the site composes around names: « de » elided before a vowel
//! (« académie d'Aix-Marseille », never « de Aix-Marseille »), and the French alphabetical
//! order of lists of names and titles (« Écriture » among the E, not after « Vocabulaire »),
//! by the Unicode Collation Algorithm with CLDR's French data (ICU4X), never by code points.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

/// « de » before `name`, elided before a vowel: `d'Aix-Marseille`, `d'Yves`, `de Lille`.
pub fn de(name: &str) -> String {
    let name = name.trim_start();
    if elides(name) {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

/// [`de`] opening a sentence: `D'octobre 2025`, `De mars 2026`.
pub fn de_capitalised(name: &str) -> String {
    let phrase = de(name);
    let mut letters = phrase.chars();
    match letters.next() {
        Some(first) => first.to_uppercase().chain(letters).collect(),
        None => phrase,
    }
}

/// Whether « de » (or « le », « que ») loses its vowel before `word`: when the word starts
/// with a vowel, accented or not, or with a `y` sounded as a vowel (`Yves`, `Yvelines`: a
/// consonant follows it; not `Yasmina`). A word starting with `h` keeps « de »: a mute `h`
/// (« d'Hélène ») and an aspirated one (« de Hautefeuille ») cannot be told apart without a
/// dictionary, and the aspirated one is common in names of places.
pub fn elides(word: &str) -> bool {
    let mut letters = word.chars().flat_map(char::to_lowercase);
    match letters.next() {
        Some('y') => letters
            .next()
            .is_some_and(|next| next.is_alphabetic() && !is_vowel(next)),
        Some(first) => is_vowel(first),
        None => false,
    }
}

fn is_vowel(letter: char) -> bool {
    "aàáâãäåæeèéêëiìíîïoòóôõöøœuùúûü".contains(letter)
}

/// The French collator (root collation as tailored for `fr`, tertiary strength: base
/// letters first, then accents, then case), built once.
fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        // The French data is compiled into the crate: creating it cannot fail.
        Collator::try_new(
            icu_locale_core::locale!("fr").into(),
            CollatorOptions::default(),
        )
        .expect("ICU4X ships French collation data")
    })
}

/// 29310 → "29 310": a narrow no-break space between thousands, as French writes them.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{202F}');
        }
        grouped.push(digit);
    }
    grouped
}

/// `a` and `b` in French alphabetical order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// A key whose byte order is the French alphabetical order of `text`: computed once per
/// name, compared many times while sorting.
pub fn sort_key(text: &str) -> Vec<u8> {
    let mut key = Vec::new();
    // Writing into a Vec cannot fail.
    let Ok(()) = collator().write_sort_key_to(text, &mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_with_narrow_spaces() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(29_310), "29\u{202F}310");
        assert_eq!(thousands(1_234_567), "1\u{202F}234\u{202F}567");
    }

    #[test]
    fn de_is_elided_before_a_vowel() {
        assert_eq!(de("Aix-Marseille"), "d'Aix-Marseille");
        assert_eq!(de("Orléans-Tours"), "d'Orléans-Tours");
        assert_eq!(de("Amiens"), "d'Amiens");
        assert_eq!(de("Écoles en réseau"), "d'Écoles en réseau");
        assert_eq!(de("île-de-France"), "d'île-de-France");
        assert_eq!(de("Œuvres"), "d'Œuvres");
        assert_eq!(de("Yves Martin"), "d'Yves Martin");
        assert_eq!(de("Ugo"), "d'Ugo");
        assert_eq!(de_capitalised("octobre 2025"), "D'octobre 2025");
        assert_eq!(de_capitalised("août 2026"), "D'août 2026");
        assert_eq!(de_capitalised("mars 2026"), "De mars 2026");
    }

    #[test]
    fn de_is_kept_before_a_consonant_an_h_or_a_y_sounded_as_a_consonant() {
        assert_eq!(de("Lille"), "de Lille");
        assert_eq!(de("Versailles"), "de Versailles");
        assert_eq!(de("Hautefeuille"), "de Hautefeuille");
        assert_eq!(de("Yasmina Benali"), "de Yasmina Benali");
        assert_eq!(de("2026"), "de 2026");
        assert_eq!(de("« Lire »"), "de « Lire »");
        assert_eq!(de("  Lyon"), "de Lyon");
        assert_eq!(de(""), "de ");
    }

    #[test]
    fn accented_words_sort_among_their_letter() {
        let mut words = vec![
            "Vocabulaire",
            "Écriture",
            "Zoologie",
            "étude",
            "Espace",
            "Calcul",
            "Éducation musicale",
            "Œuvres",
            "Orthographe",
            "ça",
            "Cahier",
        ];
        words.sort_by(|a, b| compare(a, b));
        assert_eq!(
            words,
            [
                "ça",
                "Cahier",
                "Calcul",
                "Écriture",
                "Éducation musicale",
                "Espace",
                "étude",
                "Œuvres",
                "Orthographe",
                "Vocabulaire",
                "Zoologie",
            ]
        );
    }

    #[test]
    fn sort_keys_order_like_compare() {
        let words = [
            "Vocabulaire",
            "Écriture",
            "ecriture",
            "Espace",
            "Émile Zola",
        ];
        for a in words {
            for b in words {
                assert_eq!(sort_key(a).cmp(&sort_key(b)), compare(a, b), "{a} / {b}");
            }
        }
        assert_ne!(
            sort_key("Écriture"),
            sort_key("ecriture"),
            "accents still count"
        );
    }
}
