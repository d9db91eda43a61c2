//! The four kinds of contributors the indicators count (teachers, trainers, pedagogical
//! advisers, inspectors), read from the free-text `role` of each contributor's file.

use serde::Serialize;

/// What a contributor does, as the indicators group people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleGroup {
    Teacher,
    Trainer,
    Adviser,
    Inspector,
    Other,
}

impl RoleGroup {
    pub const ALL: [RoleGroup; 5] = [
        RoleGroup::Teacher,
        RoleGroup::Trainer,
        RoleGroup::Adviser,
        RoleGroup::Inspector,
        RoleGroup::Other,
    ];

    /// The group's id in the open data files.
    pub fn id(self) -> &'static str {
        match self {
            RoleGroup::Teacher => "enseignant",
            RoleGroup::Trainer => "formateur",
            RoleGroup::Adviser => "conseiller-pedagogique",
            RoleGroup::Inspector => "inspecteur",
            RoleGroup::Other => "autre",
        }
    }

    /// As the page names the group.
    pub fn label(self) -> &'static str {
        match self {
            RoleGroup::Teacher => "Enseignants",
            RoleGroup::Trainer => "Formateurs",
            RoleGroup::Adviser => "Conseillers pédagogiques",
            RoleGroup::Inspector => "Inspecteurs",
            RoleGroup::Other => "Autres fonctions",
        }
    }
}

/// The group of a `role` as contributors write it: « IEN », « inspectrice » → inspector;
/// « conseiller pédagogique », « CPC » → adviser; « formatrice », « PEMF », « maître
/// formateur » → trainer; « professeure des écoles », « enseignant », « directrice
/// d'école » → teacher; anything else → other. The first that matches wins, in that order:
/// a « professeur des écoles maître formateur » is a trainer.
pub fn role_group(role: &str) -> RoleGroup {
    let lower = role.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has_word = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let has_start = |list: &[&str]| words.iter().any(|w| list.iter().any(|s| w.starts_with(s)));
    if has_word(&["ien", "ia", "dasen", "ipr"]) || has_start(&["inspect"]) {
        RoleGroup::Inspector
    } else if has_word(&["cpc", "cpd", "cpaien"]) || has_start(&["conseill"]) {
        RoleGroup::Adviser
    } else if has_word(&["pemf", "emf", "cmf"]) || has_start(&["format"]) {
        RoleGroup::Trainer
    } else if has_word(&["pe"]) || has_start(&["professeur", "enseignant", "institut", "direct"]) {
        RoleGroup::Teacher
    } else {
        RoleGroup::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_as_contributors_write_them() {
        let cases = [
            ("professeure des écoles", RoleGroup::Teacher),
            ("Professeur des écoles, CP", RoleGroup::Teacher),
            ("enseignante en maternelle", RoleGroup::Teacher),
            ("directrice d'école", RoleGroup::Teacher),
            ("PE", RoleGroup::Teacher),
            ("formatrice", RoleGroup::Trainer),
            ("Formateur INSPÉ", RoleGroup::Trainer),
            ("professeur des écoles maître formateur", RoleGroup::Trainer),
            ("PEMF", RoleGroup::Trainer),
            ("conseiller pédagogique", RoleGroup::Adviser),
            (
                "Conseillère pédagogique de circonscription",
                RoleGroup::Adviser,
            ),
            ("CPC numérique", RoleGroup::Adviser),
            ("IEN", RoleGroup::Inspector),
            ("inspectrice de l'Éducation nationale", RoleGroup::Inspector),
            ("IEN, ancien conseiller pédagogique", RoleGroup::Inspector),
            ("documentaliste", RoleGroup::Other),
            ("personnel de la DANE", RoleGroup::Other),
            ("", RoleGroup::Other),
        ];
        for (role, group) in cases {
            assert_eq!(role_group(role), group, "{role}");
        }
    }
}
