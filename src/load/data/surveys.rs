//! `data/enquetes.yaml`: the results of surveys of the community (who was asked, how many
//! answered, each question's result as a percentage or a range), validated once.

use chrono::NaiveDate;
use yaml_serde::Value;

use super::checks::{shown, Checker, Schema};
use super::located::{child, Step};

/// One survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    /// Identifier, unique in the file (an objective names `survey-id/question-id`).
    pub id: String,
    pub title: String,
    pub date: NaiveDate,
    /// Who was asked, in words.
    pub asked: String,
    /// How many answered.
    pub respondents: u64,
    pub source: SurveySource,
    pub questions: Vec<Question>,
}

/// Where the results come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SurveySource {
    /// An `https://` address.
    Link(String),
    /// A document named in words (a report, its page).
    Document(String),
}

/// One question and its result.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub question: String,
    pub result: Percent,
    /// The result as a statement, when it is a headline figure of the indicators page and
    /// the home page: « des enseignants ont découvert de nouvelles pratiques » follows « 76 % ».
    pub headline: Option<String>,
}

/// A percentage, or a range of percentages (`low < high`); each from 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percent {
    pub low: f64,
    pub high: f64,
}

impl Percent {
    pub fn is_range(&self) -> bool {
        self.low < self.high
    }

    /// "76 %", "80 à 86 %", "12,5 %" (French decimal comma, no-break space before `%`).
    pub fn label(&self) -> String {
        let number = |n: f64| format!("{n}").replace('.', ",");
        match self.is_range() {
            true => format!("{} à {}\u{a0}%", number(self.low), number(self.high)),
            false => format!("{}\u{a0}%", number(self.low)),
        }
    }
}

/// Why a text is not a percentage, in French, with the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PercentError {
    pub message: String,
    pub help: String,
}

const PERCENT_HELP: &str =
    "écrivez un nombre de 0 à 100, par exemple `76 %`, ou une fourchette, par exemple `80–86 %`";

/// Reads `76`, `76 %`, `12,5 %`, `80-86 %`, `80–86 %`, `80 à 86 %`.
pub fn parse_percent(value: &Value) -> Result<Percent, PercentError> {
    let text = match value {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        other => {
            return Err(PercentError {
                message: format!("{} n'est pas un pourcentage", shown(other)),
                help: PERCENT_HELP.to_string(),
            })
        }
    };
    let written = text.trim();
    let bare = written
        .trim_end_matches('%')
        .trim_end_matches([' ', '\u{a0}', '\u{202f}']);
    let unreadable = || PercentError {
        message: format!("`{written}` n'est pas un pourcentage"),
        help: PERCENT_HELP.to_string(),
    };
    let parts: Vec<&str> = bare
        .split(['-', '–', '—'])
        .flat_map(|part| part.split(" à "))
        .collect();
    let numbers: Vec<f64> = parts
        .iter()
        .map(|part| number(part).ok_or_else(unreadable))
        .collect::<Result<_, _>>()?;
    let (low, high) = match numbers.as_slice() {
        [one] => (*one, *one),
        [low, high] => (*low, *high),
        _ => return Err(unreadable()),
    };
    if high > 100.0 || low > 100.0 {
        return Err(PercentError {
            message: format!("un pourcentage va de 0 à 100 : `{written}` dépasse 100"),
            help: "vérifiez le chiffre dans le document de l'enquête".to_string(),
        });
    }
    if low > high {
        let fixed = written.replacen(parts[0].trim(), "\u{0}", 1);
        let fixed = fixed
            .replacen(parts[1].trim(), parts[0].trim(), 1)
            .replacen('\u{0}', parts[1].trim(), 1);
        return Err(PercentError {
            message: format!("fourchette à l'envers : `{written}`"),
            help: format!("écrivez la plus petite valeur d'abord : `{fixed}`"),
        });
    }
    Ok(Percent { low, high })
}

// `76`, `12,5`, `12.5` → a number, zero or more.
fn number(text: &str) -> Option<f64> {
    let text = text.trim().replace(',', ".");
    let plain = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && text.bytes().filter(|&b| b == b'.').count() <= 1
        && !text.starts_with('.')
        && !text.ends_with('.');
    plain.then(|| text.parse().ok()).flatten()
}

const SURVEY: Schema = Schema {
    what: "une enquête",
    required: &[
        "id",
        "title",
        "date",
        "asked",
        "respondents",
        "source",
        "questions",
    ],
    optional: &[],
};

const QUESTION: Schema = Schema {
    what: "une question",
    required: &["id", "question", "result"],
    optional: &["headline"],
};

/// Every survey of the file whose values are right; problems go to `checker`.
pub fn read(value: &Value, checker: &mut Checker) -> Vec<Survey> {
    let Some(items) = checker.list(
        value,
        &[],
        "une liste d'enquêtes, chacune commençant par `- id:`",
    ) else {
        return Vec::new();
    };
    let mut surveys: Vec<Survey> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = [Step::Index(index)];
        if let Some(survey) = survey(item, &path, checker) {
            if surveys.iter().any(|s| s.id == survey.id) {
                checker.value_error(
                    &child(&path, Step::Key("id".into())),
                    format!("identifiant d'enquête en double : `{}`", survey.id),
                    "chaque enquête a son propre identifiant : changez l'un des deux",
                );
                continue;
            }
            surveys.push(survey);
        }
    }
    surveys
}

fn survey(value: &Value, path: &[Step], checker: &mut Checker) -> Option<Survey> {
    let map = checker.mapping(value, path, &SURVEY)?;
    let id = checker.id(map, path, "id");
    let title = checker.text(map, path, "title");
    let date = checker.date(map, path, "date");
    let asked = checker.text(map, path, "asked");
    let respondents = checker.count(map, path, "respondents");
    let source = checker
        .text(map, path, "source")
        .and_then(|text| source(&text, path, checker));
    let questions = map.get("questions").and_then(|list| {
        let here = child(path, Step::Key("questions".into()));
        let items = checker.list(
            list,
            &here,
            "une liste de questions, chacune commençant par `- id:`",
        )?;
        questions(items, &here, checker)
    });
    Some(Survey {
        id: id?,
        title: title?,
        date: date?,
        asked: asked?,
        respondents: respondents?,
        source: source?,
        questions: questions?,
    })
}

fn source(text: &str, path: &[Step], checker: &mut Checker) -> Option<SurveySource> {
    if !text.starts_with("http") {
        return Some(SurveySource::Document(text.to_string()));
    }
    let valid =
        url::Url::parse(text).is_ok_and(|url| url.scheme() == "https" && url.host().is_some());
    if valid {
        return Some(SurveySource::Link(text.to_string()));
    }
    checker.value_error(
        &child(path, Step::Key("source".into())),
        format!("adresse invalide : `{text}`"),
        "écrivez l'adresse complète, en https://, ou le nom du document (par exemple « Rapport 2025, p. 12 »)",
    );
    None
}

// Every question, or `None` when one is wrong (its problem is recorded).
fn questions(items: &[Value], path: &[Step], checker: &mut Checker) -> Option<Vec<Question>> {
    let mut questions: Vec<Question> = Vec::new();
    let mut all_right = true;
    for (index, item) in items.iter().enumerate() {
        let here = child(path, Step::Index(index));
        let Some(map) = checker.mapping(item, &here, &QUESTION) else {
            all_right = false;
            continue;
        };
        let id = checker.id(map, &here, "id");
        let question = checker.text(map, &here, "question");
        let headline = checker.text(map, &here, "headline");
        let wrong_headline = map.contains_key("headline") && headline.is_none();
        let result = map.get("result").and_then(|value| {
            parse_percent(value)
                .map_err(|error| {
                    let at = child(&here, Step::Key("result".into()));
                    checker.value_error(&at, error.message, &error.help);
                })
                .ok()
        });
        match (id, question, result) {
            (Some(id), Some(question), Some(result)) if !wrong_headline => {
                if questions.iter().any(|q| q.id == id) {
                    checker.value_error(
                        &child(&here, Step::Key("id".into())),
                        format!("identifiant de question en double : `{id}`"),
                        "chaque question d'une enquête a son propre identifiant : changez l'un des deux",
                    );
                    all_right = false;
                }
                questions.push(Question {
                    id,
                    question,
                    result,
                    headline,
                });
            }
            _ => all_right = false,
        }
    }
    if questions.is_empty() && all_right {
        checker.value_error(
            path,
            "une enquête a au moins une question",
            "ajoutez ses questions sous `questions:`, chacune avec `id`, `question` et `result`",
        );
        return None;
    }
    all_right.then_some(questions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percent(text: &str) -> Result<Percent, PercentError> {
        parse_percent(&Value::String(text.to_string()))
    }

    #[test]
    fn reads_percentages_and_ranges() {
        assert_eq!(
            percent("76 %").unwrap(),
            Percent {
                low: 76.0,
                high: 76.0
            }
        );
        assert_eq!(percent("76%").unwrap().label(), "76\u{a0}%");
        assert_eq!(
            percent("80–86 %").unwrap(),
            Percent {
                low: 80.0,
                high: 86.0
            }
        );
        assert_eq!(percent("80-86").unwrap().label(), "80 à 86\u{a0}%");
        assert_eq!(percent("80 à 86 %").unwrap().high, 86.0);
        assert_eq!(percent("12,5 %").unwrap().label(), "12,5\u{a0}%");
        assert_eq!(parse_percent(&Value::Number(76.into())).unwrap().low, 76.0);
    }

    #[test]
    fn refuses_what_is_no_percentage() {
        let over = percent("120 %").unwrap_err();
        assert_eq!(
            over.message,
            "un pourcentage va de 0 à 100 : `120 %` dépasse 100"
        );
        let reversed = percent("86–80 %").unwrap_err();
        assert_eq!(reversed.message, "fourchette à l'envers : `86–80 %`");
        assert_eq!(
            reversed.help,
            "écrivez la plus petite valeur d'abord : `80–86 %`"
        );
        for wrong in ["beaucoup", "-5", "80-", "1-2-3", "7.5.1 %", ""] {
            assert!(percent(wrong).is_err(), "{wrong}");
        }
    }
}
