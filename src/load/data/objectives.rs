//! `data/objectifs.yaml`: the community's objectives (an indicator, a target, a deadline,
//! optionally a starting value), validated once, for the indicators page to show progress.

use chrono::NaiveDate;
use yaml_serde::{Mapping, Value};

use super::checks::{Checker, Schema};
use super::located::{child, Step};
use super::surveys::{parse_percent, Survey};
use crate::diagnostics::suggest;

/// One objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    pub indicator: Indicator,
    /// How the page names it, when the file gives a wording.
    pub label: Option<String>,
    pub target: f64,
    pub deadline: NaiveDate,
    /// Where the indicator stood when the objective was set.
    pub baseline: Option<f64>,
}

/// What an objective measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Indicator {
    /// Videos published.
    Videos,
    /// Views of every video together (`data/vues.yaml`).
    Views,
    /// Contributors with at least one published video.
    Contributors,
    /// Events held (past).
    Events,
    /// A survey's result: the survey's id and the question's id.
    Survey { survey: String, question: String },
}

/// The values of `indicator`, as written, with what they mean in French.
pub const INDICATORS: [(&str, &str); 5] = [
    ("videos", "vidéos publiées"),
    ("views", "vues des vidéos"),
    ("contributors", "contributeurs actifs"),
    ("events", "événements tenus"),
    ("survey", "résultat d'une enquête"),
];

const OBJECTIVE: Schema = Schema {
    what: "un objectif",
    required: &["indicator", "target", "deadline"],
    optional: &["baseline", "label", "question"],
};

/// Every objective of the file whose values are right; problems go to `checker`.
/// `surveys` are the surveys of `data/enquetes.yaml`, which `question` refers to (`None`
/// when that file has errors: its questions cannot be checked against it).
pub fn read(value: &Value, surveys: Option<&[Survey]>, checker: &mut Checker) -> Vec<Objective> {
    let what = "une liste d'objectifs, chacun commençant par `- indicator:`";
    let Some(items) = checker.list(value, &[], what) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| objective(item, &[Step::Index(index)], surveys, checker))
        .collect()
}

fn objective(
    value: &Value,
    path: &[Step],
    surveys: Option<&[Survey]>,
    checker: &mut Checker,
) -> Option<Objective> {
    let map = checker.mapping(value, path, &OBJECTIVE)?;
    let indicator = indicator(map, path, surveys, checker);
    let label = checker.text(map, path, "label");
    let deadline = checker.date(map, path, "deadline");
    // Read from the text: a survey objective whose question is wrong still has percentages.
    let is_survey = map.get("indicator").and_then(Value::as_str) == Some("survey");
    let target = figure(map, path, "target", is_survey, checker);
    let baseline = match map.contains_key("baseline") {
        true => Some(figure(map, path, "baseline", is_survey, checker)?),
        false => None,
    };
    Some(Objective {
        indicator: indicator?,
        label,
        target: target?,
        deadline: deadline?,
        baseline,
    })
}

fn indicator(
    map: &Mapping,
    path: &[Step],
    surveys: Option<&[Survey]>,
    checker: &mut Checker,
) -> Option<Indicator> {
    let written = checker.text(map, path, "indicator")?;
    let here = child(path, Step::Key("indicator".into()));
    let question = map.contains_key("question");
    let indicator = match written.as_str() {
        "videos" => Indicator::Videos,
        "views" => Indicator::Views,
        "contributors" => Indicator::Contributors,
        "events" => Indicator::Events,
        "survey" => return survey_question(map, path, surveys, checker),
        other => {
            let help = match suggest(other, INDICATORS.iter().map(|(id, _)| *id)) {
                Some(close) => format!("vouliez-vous dire `{close}` ?"),
                None => format!(
                    "indicateurs possibles : {}",
                    INDICATORS
                        .iter()
                        .map(|(id, meaning)| format!("`{id}` ({meaning})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            checker.value_error(&here, format!("indicateur inconnu : `{other}`"), &help);
            return None;
        }
    };
    if question {
        checker.value_error(
            &child(path, Step::Key("question".into())),
            "la clé `question` ne sert qu'avec `indicator: survey`",
            "retirez-la, ou choisissez l'indicateur `survey` (résultat d'une enquête)",
        );
        return None;
    }
    Some(indicator)
}

// `question: survey-id/question-id`, which must name a question of `data/enquetes.yaml`.
fn survey_question(
    map: &Mapping,
    path: &[Step],
    surveys: Option<&[Survey]>,
    checker: &mut Checker,
) -> Option<Indicator> {
    let here = child(path, Step::Key("question".into()));
    let Some(written) = checker.text(map, path, "question") else {
        if !map.contains_key("question") {
            checker.value_error(
                &child(path, Step::Key("indicator".into())),
                "un objectif sur une enquête nomme sa question : clé `question` manquante",
                "ajoutez `question: identifiant-de-l-enquete/identifiant-de-la-question` (voir data/enquetes.yaml)",
            );
        }
        return None;
    };
    let (survey_id, question_id) = written.split_once('/').unwrap_or((&written, ""));
    let indicator = Indicator::Survey {
        survey: survey_id.to_string(),
        question: question_id.to_string(),
    };
    let Some(surveys) = surveys else {
        return Some(indicator);
    };
    let known: Vec<String> = surveys
        .iter()
        .flat_map(|s| {
            s.questions
                .iter()
                .map(move |q| format!("{}/{}", s.id, q.id))
        })
        .collect();
    let found = surveys
        .iter()
        .find(|s| s.id == survey_id)
        .is_some_and(|s| s.questions.iter().any(|q| q.id == question_id));
    if !found {
        let help = match suggest(&written, known.iter().map(String::as_str)) {
            Some(close) => format!("vouliez-vous dire `{close}` ?"),
            None if known.is_empty() => {
                "data/enquetes.yaml n'a encore aucune question : ajoutez-y l'enquête d'abord"
                    .to_string()
            }
            None => format!("questions possibles : {}", known.join(", ")),
        };
        checker.value_error(
            &here,
            format!("question d'enquête inconnue : `{written}`"),
            &help,
        );
        return None;
    }
    Some(indicator)
}

// A target or a starting value: a percentage for a survey, else a whole number.
fn figure(
    map: &Mapping,
    path: &[Step],
    key: &str,
    percentage: bool,
    checker: &mut Checker,
) -> Option<f64> {
    if !percentage {
        return checker.count(map, path, key).map(|n| n as f64);
    }
    let value = map.get(key)?;
    let here = child(path, Step::Key(key.to_string()));
    match parse_percent(value) {
        Ok(percent) if !percent.is_range() => Some(percent.low),
        Ok(_) => {
            checker.value_error(
                &here,
                format!("`{key}` est un seul pourcentage, pas une fourchette"),
                "écrivez une seule valeur, par exemple `90 %`",
            );
            None
        }
        Err(error) => {
            checker.value_error(&here, error.message, &error.help);
            None
        }
    }
}
