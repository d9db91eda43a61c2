//! Edit distance for typo tolerance, on analysed (folded, stemmed) terms.

/// Words of at least this many characters tolerate one edit.
pub const ONE_EDIT_MIN_CHARS: usize = 5;
/// Words of at least this many characters tolerate two edits.
pub const TWO_EDITS_MIN_CHARS: usize = 9;

/// Edits allowed for a typed word of `chars` characters (folded form).
pub fn max_edits(chars: usize) -> usize {
    if chars >= TWO_EDITS_MIN_CHARS {
        2
    } else if chars >= ONE_EDIT_MIN_CHARS {
        1
    } else {
        0
    }
}

/// Levenshtein distance where swapping two adjacent characters counts as one
/// edit (optimal string alignment), or `None` when it exceeds `limit`.
pub fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; a.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i][0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let value = cell_cost(&rows, &a, &b, i, j);
            rows[i][j] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
    }
    Some(rows[a.len()][b.len()]).filter(|d| *d <= limit)
}

fn cell_cost(rows: &[Vec<usize>], a: &[char], b: &[char], i: usize, j: usize) -> usize {
    let substitution = usize::from(a[i - 1] != b[j - 1]);
    let mut best = (rows[i - 1][j] + 1)
        .min(rows[i][j - 1] + 1)
        .min(rows[i - 1][j - 1] + substitution);
    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
        best = best.min(rows[i - 2][j - 2] + 1);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_grow_with_word_length() {
        assert_eq!(max_edits(4), 0);
        assert_eq!(max_edits(5), 1);
        assert_eq!(max_edits(8), 1);
        assert_eq!(max_edits(9), 2);
    }

    #[test]
    fn counts_basic_edits() {
        assert_eq!(distance("lectur", "lectur", 2), Some(0));
        assert_eq!(distance("lectur", "lectun", 2), Some(1));
        assert_eq!(distance("lectur", "lectr", 2), Some(1));
        assert_eq!(distance("lectur", "lecteur", 2), Some(1));
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
    }

    #[test]
    fn transposition_is_one_edit() {
        assert_eq!(distance("lectur", "letcur", 2), Some(1));
        assert_eq!(distance("ecritur", "ecirtur", 1), Some(1));
    }

    #[test]
    fn respects_the_limit() {
        assert_eq!(distance("lectur", "grammair", 2), None);
        assert_eq!(distance("abc", "abcdef", 2), None);
        assert_eq!(distance("", "ab", 2), Some(2));
    }

    #[test]
    fn works_on_characters_not_bytes() {
        assert_eq!(distance("été", "ete", 2), Some(2));
    }
}
