//! The indicators as open data: `/indicateurs/indicateurs.csv` for a spreadsheet and
//! `/indicateurs/indicateurs.json` for a program, the same figures as the page
//! (`docs/urls.md` describes both).
//!
//! The CSV is for French spreadsheets, as they open a file by double-click: UTF-8 with a
//! byte order mark (or Excel reads the accents as Latin-1), `;` between values and a decimal
//! comma (what French Excel and LibreOffice expect), one table in long format. Its texts come
//! from pull requests: a cell that a spreadsheet would take for a formula (`=`, `+`, `-`,
//! `@`) is prefixed with `'`, and quoting is the `csv` crate's.

use serde::Serialize;

use super::figures::{Figures, Point};
use crate::catalog::Catalog;
use crate::output::Writer;
use crate::paths;
use crate::Error;

/// The JSON's `schema`, and its version: a change that breaks a reader bumps the version.
pub const SCHEMA: &str = "capsule-indicateurs";
pub const VERSION: u32 = 1;

/// The CSV's columns.
#[derive(Debug, Default, Serialize)]
struct CsvRow {
    indicateur: String,
    libelle: String,
    periode: String,
    categorie: String,
    valeur: String,
    valeur_haute: String,
    /// An objective's starting value and target.
    depart: String,
    cible: String,
    unite: String,
    source: String,
    date: String,
}

#[derive(Serialize)]
struct Document<'f> {
    schema: &'static str,
    version: u32,
    site: SiteRef<'f>,
    #[serde(flatten)]
    figures: &'f Figures,
}

#[derive(Serialize)]
struct SiteRef<'f> {
    title: &'f str,
    url: String,
    page: String,
}

/// Writes both files.
pub fn write(catalog: &Catalog, figures: &Figures, writer: &Writer) -> Result<(), Error> {
    writer.write(&paths::file_for(paths::INDICATORS_CSV), &csv(figures)?)?;
    writer.write(
        &paths::file_for(paths::INDICATORS_JSON),
        json(catalog, figures)?.as_bytes(),
    )
}

/// The JSON document, indented, ending with a newline.
pub fn json(catalog: &Catalog, figures: &Figures) -> Result<String, Error> {
    let document = Document {
        schema: SCHEMA,
        version: VERSION,
        site: SiteRef {
            title: &catalog.config.title,
            url: catalog.config.absolute(paths::HOME),
            page: catalog.config.absolute(paths::INDICATORS),
        },
        figures,
    };
    let mut text = serde_json::to_string_pretty(&document).map_err(|source| Error::Json {
        path: paths::INDICATORS_JSON,
        source,
    })?;
    text.push('\n');
    Ok(text)
}

/// The CSV file's bytes: a byte order mark, the header, one row per figure.
pub fn csv(figures: &Figures) -> Result<Vec<u8>, Error> {
    let failed = |source| Error::Csv {
        path: paths::INDICATORS_CSV,
        source,
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer("\u{feff}".as_bytes().to_vec());
    for row in rows(figures) {
        writer.serialize(row.defused()).map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| Error::io(paths::INDICATORS_CSV, e.into_error()))
}

impl CsvRow {
    // Text cells a spreadsheet would run as a formula start with `'` instead.
    fn defused(self) -> CsvRow {
        let cell = |text: String| match text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            true => format!("'{text}"),
            false => text,
        };
        CsvRow {
            indicateur: self.indicateur,
            libelle: cell(self.libelle),
            categorie: cell(self.categorie),
            source: cell(self.source),
            ..self
        }
    }
}

/// A number as French spreadsheets read it: `12,5`, `24217`.
fn decimal(value: f64) -> String {
    format!("{value}").replace('.', ",")
}

fn rows(figures: &Figures) -> Vec<CsvRow> {
    let mut rows = Vec::new();
    let headline = &figures.headline;
    if let Some(views) = &headline.views {
        rows.push(CsvRow {
            indicateur: "vues".into(),
            libelle: format!(
                "Vues des vidéos (au moins : {} vidéos sur {} relevées)",
                views.videos_counted, headline.videos
            ),
            valeur: views.total.to_string(),
            unite: "vues".into(),
            source: format!("compteurs publics : {}", views.sources.join(", ")),
            date: views.last_fetched.to_string(),
            ..CsvRow::default()
        });
    }
    rows.push(CsvRow {
        indicateur: "videos".into(),
        libelle: "Vidéos publiées".into(),
        valeur: headline.videos.to_string(),
        unite: "vidéos".into(),
        source: "catalogue du site".into(),
        date: headline
            .newest_video
            .map(|d| d.to_string())
            .unwrap_or_default(),
        ..CsvRow::default()
    });
    for result in &headline.surveys {
        rows.push(CsvRow {
            indicateur: "enquete".into(),
            libelle: format!("{} — {}", result.headline, result.question),
            categorie: result.id.clone(),
            valeur: decimal(result.low),
            valeur_haute: decimal(result.high),
            unite: "%".into(),
            source: format!(
                "{} ({} réponses) : {}",
                result.survey, result.respondents, result.source
            ),
            date: result.date.to_string(),
            ..CsvRow::default()
        });
    }
    for objective in &figures.objectives {
        rows.push(CsvRow {
            indicateur: format!("objectif:{}", objective.indicator),
            libelle: objective.label.clone(),
            categorie: objective.question.clone().unwrap_or_default(),
            valeur: objective.current.map(decimal).unwrap_or_default(),
            depart: decimal(objective.baseline),
            cible: decimal(objective.target),
            unite: objective.unit.into(),
            source: format!(
                "progression : {} %{}",
                (objective.progress * 100.0).round(),
                if objective.reached { " (atteint)" } else { "" }
            ),
            date: objective.deadline.to_string(),
            ..CsvRow::default()
        });
    }
    let series = &figures.series;
    let periods = |rows: &mut Vec<CsvRow>, id: &str, unit: &str, points: &[Point]| {
        rows.extend(points.iter().map(|p| CsvRow {
            indicateur: id.into(),
            libelle: p.label.clone(),
            periode: p.key.clone(),
            valeur: p.value.to_string(),
            unite: unit.into(),
            source: "catalogue du site".into(),
            ..CsvRow::default()
        }))
    };
    periods(
        &mut rows,
        "videos_par_mois",
        "vidéos",
        &series.videos_per_month,
    );
    periods(
        &mut rows,
        "contributeurs_actifs_par_mois",
        "contributeurs",
        &series.active_contributors_per_month,
    );
    periods(
        &mut rows,
        "nouveaux_contributeurs_par_trimestre",
        "contributeurs",
        &series.new_contributors_per_quarter,
    );
    let categories = |rows: &mut Vec<CsvRow>, id: &str, unit: &str, points: &[Point]| {
        rows.extend(points.iter().map(|p| CsvRow {
            indicateur: id.into(),
            libelle: p.label.clone(),
            categorie: p.key.clone(),
            valeur: p.value.to_string(),
            unite: unit.into(),
            source: "catalogue du site".into(),
            ..CsvRow::default()
        }))
    };
    categories(
        &mut rows,
        "contributeurs_par_fonction",
        "contributeurs",
        &series.contributors_by_role,
    );
    categories(
        &mut rows,
        "videos_par_niveau",
        "vidéos",
        &series.videos_per_level,
    );
    categories(
        &mut rows,
        "videos_par_theme",
        "vidéos",
        &series.videos_per_topic,
    );
    rows.extend(series.events_held.iter().map(|e| {
        let names: Vec<&str> = e.facilitators.iter().map(|p| p.name.as_str()).collect();
        CsvRow {
            indicateur: "evenement_tenu".into(),
            libelle: e.title.clone(),
            periode: e.start.to_string(),
            categorie: e.kind.into(),
            valeur: "1".into(),
            unite: "événement".into(),
            source: format!("animé par : {}", names.join(", ")),
            date: e.end.to_string(),
            ..CsvRow::default()
        }
    }));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_use_a_comma() {
        let row = CsvRow {
            libelle: "=HYPERLINK(\"http://x\")".into(),
            source: "-2+3".into(),
            categorie: "ordinaire".into(),
            ..CsvRow::default()
        }
        .defused();
        assert_eq!(row.libelle, "'=HYPERLINK(\"http://x\")");
        assert_eq!(row.source, "'-2+3");
        assert_eq!(row.categorie, "ordinaire");
        assert_eq!(decimal(12.5), "12,5");
        assert_eq!(decimal(76.0), "76");
    }
}
