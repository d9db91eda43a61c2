//! `capsule new`: the skeleton of a new video, contributor, event, training path or news
//! item, so that a teacher starts
//! from a file that already has every key, today's date and a valid file name, with French
//! comments (YAML `#` lines) saying what each key means.
//!
//! As written, a skeleton fails `capsule check` only on the values its author must give
//! (marked « À REMPLIR »: a video's address, duration, contributors, themes and summary; a
//! contributor's role; an event's place; a path's authors and its steps' videos; a news
//! item's summary), each with a clear message; everything else holds a valid default. `new`
//! never overwrites a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::config::Config;
use crate::fields::{format_duration, is_valid_slug};
use crate::Error;

/// What `capsule new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// Une vidéo : content/videos/<nom>.md
    #[value(alias = "vidéo")]
    Video,
    /// Une fiche de contributeur : content/contributors/<nom>.md
    #[value(alias = "contributeur")]
    Contributor,
    /// Un événement (défi ou focus) : content/events/<nom>.md
    #[value(alias = "evenement", alias = "événement")]
    Event,
    /// Un parcours de formation : content/parcours/<nom>.md
    #[value(name = "parcours", alias = "training-path")]
    TrainingPath,
    /// Une actualité du projet : content/actualites/<nom>.md
    #[value(name = "actualite", alias = "actualité", alias = "news")]
    News,
}

impl NewKind {
    fn folder(self) -> &'static str {
        match self {
            NewKind::Video => "videos",
            NewKind::Contributor => "contributors",
            NewKind::Event => "events",
            NewKind::TrainingPath => "parcours",
            NewKind::News => "actualites",
        }
    }
}

/// `capsule new KIND TITLE`: writes the skeleton, prints its path on stdout and what to do
/// next on stderr.
pub fn run(root: &Path, kind: NewKind, title: &str) -> Result<(), Error> {
    let path = create(root, kind, title)?;
    println!("{}", path.strip_prefix(".").unwrap_or(&path).display());
    eprintln!("Complétez les valeurs marquées « À REMPLIR », puis vérifiez avec `capsule check`.");
    Ok(())
}

/// Writes the skeleton of `kind` named after `title` under `root/content/`, and returns its
/// path. Refuses to replace an existing file.
pub fn create(root: &Path, kind: NewKind, title: &str) -> Result<PathBuf, Error> {
    let title = title.trim();
    let slug = slug_of(title)?;
    let config = read_config(root)?;
    let today = crate::dates::build_clock()
        .with_timezone(&config.timezone)
        .date_naive();
    let text = match kind {
        NewKind::Video => video(title, today, &config, &theme_ids(root)),
        NewKind::Contributor => contributor(title),
        NewKind::Event => event(title, today, config.timezone),
        NewKind::TrainingPath => training_path(title, today, &config),
        NewKind::News => news(title, today),
    };
    let path = root
        .join("content")
        .join(kind.folder())
        .join(format!("{slug}.md"));
    refuse_existing(root, kind, &slug, &path)?;
    write_new(&path, &text)?;
    Ok(path)
}

/// The file name a title gives: lower case, accents folded, words joined by dashes
/// ("Élèves & Maîtres : l'été" → `eleves-maitres-l-ete`).
pub fn slug_of(title: &str) -> Result<String, Error> {
    if title.is_empty() {
        return Err(Error::Usage(
            "le titre est vide : écrivez-le entre guillemets, par exemple capsule new video \"La dictée négociée\""
                .to_string(),
        ));
    }
    let slug = slug::slugify(title);
    if !is_valid_slug(&slug) {
        return Err(Error::Usage(format!(
            "impossible de tirer un nom de fichier du titre « {title} » : il faut au moins une lettre ou un chiffre"
        )));
    }
    Ok(slug)
}

fn read_config(root: &Path) -> Result<Config, Error> {
    // A skeleton needs the configuration, not the theme: only a broken site.yaml stops it.
    crate::config::SiteFile::load(root, None)?.into_config()
}

// The theme ids a video may use: the file names of `content/themes/`, sorted.
fn theme_ids(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join("content").join("themes")) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            entry
                .file_name()
                .to_str()?
                .strip_suffix(".md")
                .map(str::to_string)
        })
        .collect();
    ids.sort();
    ids
}

fn refuse_existing(root: &Path, kind: NewKind, slug: &str, path: &Path) -> Result<(), Error> {
    let shown = |p: &Path| crate::diagnostics::relative_display(root, p);
    if path.exists() {
        return Err(already_there(&shown(path)));
    }
    let bundle = root.join("content").join(kind.folder()).join(slug);
    if matches!(kind, NewKind::Video | NewKind::News) && bundle.exists() {
        return Err(already_there(&shown(&bundle.join("index.md"))));
    }
    Ok(())
}

fn already_there(shown: &str) -> Error {
    Error::Usage(format!(
        "{shown} existe déjà : capsule new ne remplace jamais un fichier. Modifiez ce fichier, ou choisissez un autre titre."
    ))
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => already_there(&path.display().to_string()),
            _ => Error::io(path, e),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))
}

/// A YAML double-quoted string: `\` and `"` escaped, control characters made spaces.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `items` as YAML comment lines `#   a, b, c`, cut before 92 characters.
fn comment_list(items: &[String]) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::from("#  ");
    for (index, item) in items.iter().enumerate() {
        let piece = if index + 1 < items.len() {
            format!(" {item},")
        } else {
            format!(" {item}")
        };
        if line.len() + piece.len() > 92 && line.len() > 3 {
            lines.push(std::mem::replace(&mut line, String::from("#  ")));
        }
        line.push_str(&piece);
    }
    lines.push(line);
    lines.join("\n")
}

fn video(title: &str, today: NaiveDate, config: &Config, themes: &[String]) -> String {
    let hosts = if config.peertube_hosts.is_empty() {
        "#   (aucun : voir peertube_hosts dans site.yaml)".to_string()
    } else {
        comment_list(&config.peertube_hosts)
    };
    let max = format_duration(config.max_duration_secs);
    let themes = if themes.is_empty() {
        "#   (aucun thème pour l'instant : voir content/themes/)".to_string()
    } else {
        comment_list(themes)
    };
    let levels = comment_list(&config.levels);
    format!(
        r#"---
# Nouvelle vidéo. Les lignes qui commencent par # sont des explications : le site les ignore.
# Remplacez chaque valeur marquée « À REMPLIR » ; le guide complet est dans CONTRIBUTING.md.

# Le titre de la vidéo (120 caractères au plus), entre guillemets.
title: {title}

# La date de publication, AAAA-MM-JJ. Une date à venir : la vidéo paraît ce jour-là.
date: {today}

# À REMPLIR : l'adresse de la page de la vidéo, copiée depuis la barre d'adresse :
#   PeerTube      https://SERVEUR/w/…  (SERVEUR : l'un de ceux de la liste ci-dessous)
#   YouTube       https://www.youtube.com/watch?v=…  ou  https://youtu.be/…
#   Vimeo         https://vimeo.com/…
#   Dailymotion   https://www.dailymotion.com/video/…
#   un fichier    https://….mp4  ou  https://….webm
# Serveurs PeerTube acceptés :
{hosts}
video: ""

# À REMPLIR : la durée, minutes:secondes entre guillemets, {max} au plus. Exemple : "1:45"
duration: "m:ss"

# À REMPLIR : qui a réalisé la vidéo. Chacun est désigné par le nom de sa fiche dans
# content/contributors/, sans .md. Exemple : [claire-martin, karim-benali]
# Pas encore de fiche ? Créez-la d'abord (voir CONTRIBUTING.md).
contributors: []

# À REMPLIR : un ou plusieurs thèmes, parmi :
{themes}
# Exemple : [lecture, fluence]
themes: []

# Facultatif : les niveaux de classe, parmi :
{levels}
# Exemple : [CP, CE1]
levels: []

# À REMPLIR : un résumé en texte simple, 300 caractères au plus, entre guillemets. Il
# s'affiche sous la vignette, dans les flux RSS et dans les moteurs de recherche.
summary: ""

# Facultatif : pour utiliser une ligne, retirez le # qui la commence (et rien d'autre).
# Une vignette ou des sous-titres : faites d'abord de la vidéo un dossier,
# content/videos/<nom>/index.md, et placez l'image ou le fichier .vtt à côté d'index.md.
#thumbnail: vignette.jpg
#captions: sous-titres.vtt
# La transcription : retirez le # de ses deux lignes.
#transcript: |
#  Ce qui est dit dans la vidéo, mot pour mot.
#aliases: [/videos/ancien-nom/]
#draft: true
---
<!--
Sous cette ligne, en Markdown : la pratique présentée, son objectif, le matériel, comment
l'adapter à une autre classe. Ce commentaire n'apparaît pas sur le site : remplacez-le.
-->
"#,
        title = quoted(title),
        today = today.format("%Y-%m-%d"),
    )
}

fn contributor(name: &str) -> String {
    format!(
        r#"---
# Nouvelle fiche de contributeur. Les lignes qui commencent par # sont des explications : le
# site les ignore. Le nom de ce fichier (sans .md) est votre identifiant : c'est lui que l'on
# écrit dans `contributors` d'une vidéo.

# Prénom et nom, tels qu'ils s'afficheront.
name: {name}

# À REMPLIR : votre fonction, par exemple "professeure des écoles", "conseiller pédagogique", "IEN".
role: ""

# Facultatif : pour utiliser une ligne, retirez le # qui la commence (et rien d'autre).
#academie: "Lille"
#school: "École Jean-Jaurès, Roubaix"
# Votre photo : une image carrée (jpg, png, webp) placée dans content/contributors/.
#avatar: photo.jpg
# Vos liens : retirez le # de la ligne links: et de chaque lien, puis mettez vos adresses.
#links:
#  Mastodon: https://mastodon.example/@prenom
#  Site: https://example.org/mon-site
---
<!--
Sous cette ligne, en Markdown : quelques phrases de présentation (classe, parcours, ce qui
vous tient à cœur). Ce commentaire n'apparaît pas sur le site : remplacez-le.
-->
"#,
        name = quoted(name),
    )
}

fn event(title: &str, today: NaiveDate, zone: Tz) -> String {
    let at = |hour: u32| {
        today
            .and_hms_opt(hour, 0, 0)
            .and_then(|local| zone.from_local_datetime(&local).earliest())
            .map(|moment| moment.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
            .unwrap_or_else(|| format!("{}T{hour:02}:00:00+00:00", today.format("%Y-%m-%d")))
    };
    format!(
        r#"---
# Nouvel événement. Les lignes qui commencent par # sont des explications : le site les ignore.

# Le titre de l'événement (120 caractères au plus).
title: {title}

# Le type : challenge (un défi ouvert à tous) ou focus (une séance autour d'une vidéo,
# à indiquer dans `videos`).
kind: challenge

# Début et fin : date, heure et décalage horaire (+01:00 en hiver, +02:00 en été).
# Réglés sur aujourd'hui de 17 h à 18 h : changez-les.
start: {start}
end: {end}

# À REMPLIR, l'un des deux : retirez le # qui commence la ligne qui convient, et
# complétez-la.
#location: "Atelier Canopé de Lille"
#online: https://visio.example.org/salle

# Facultatif : les animateurs (noms de fiches de content/contributors/), les thèmes, les
# vidéos présentées (noms de fichiers de content/videos/), l'adresse d'inscription.
facilitators: []
themes: []
videos: []
# L'adresse d'inscription : retirez le # et mettez la vôtre.
#registration: https://inscription.example.org/mon-evenement
---
<!--
Sous cette ligne, en Markdown : le programme, à qui s'adresse l'événement, comment y
participer. Ce commentaire n'apparaît pas sur le site : remplacez-le.
-->
"#,
        title = quoted(title),
        start = at(17),
        end = at(18),
    )
}

fn training_path(title: &str, today: NaiveDate, config: &Config) -> String {
    let levels = comment_list(&config.levels);
    format!(
        r#"---
# Nouveau parcours de formation : des vidéos à regarder dans l'ordre pendant une séance,
# chacune suivie d'une question ou d'une activité. Les lignes qui commencent par # sont des
# explications : le site les ignore. Remplacez chaque valeur marquée « À REMPLIR ».

# Le titre du parcours (120 caractères au plus).
title: {title}

# À REMPLIR : qui a conçu le parcours. Chacun est désigné par le nom de sa fiche dans
# content/contributors/, sans .md. Exemple : [nadia-ferhat]
authors: []

# Facultatif : le public, parmi les niveaux :
{levels}
# Le cycle s'en déduit (cycle 1 : PS, MS, GS ; cycle 2 : CP, CE1, CE2 ; cycle 3 : CM1, CM2).
# Exemple : [CP, CE1, CE2]
levels: []

# La durée prévue de la séance, en heures et minutes : "45 min", "1 h", "1 h 30".
duration: "1 h"

# La date de publication, AAAA-MM-JJ. Une date à venir : le parcours paraît ce jour-là.
date: {today}

# À REMPLIR : les étapes, dans l'ordre. Pour chacune, la vidéo (le nom de son fichier dans
# content/videos/, sans .md : la fin de l'adresse de sa page, /videos/NOM/), puis, sur la
# ligne suivante et décalée comme `video`, la consigne : la question ou l'activité qui suit
# la vidéo. Pour ajouter une étape, copiez ses deux lignes à la suite.
steps:
  - video: nom-de-la-video
    prompt: "La question ou l'activité qui suit la vidéo."

# Facultatif : retirez le # pour garder le parcours en brouillon.
#draft: true
---
<!--
Sous cette ligne, en Markdown : l'introduction du parcours (à qui il s'adresse, son
objectif, ce qu'il faut préparer avant la séance). Ce commentaire n'apparaît pas sur le
site : remplacez-le.
-->
"#,
        title = quoted(title),
        today = today.format("%Y-%m-%d"),
    )
}

fn news(title: &str, today: NaiveDate) -> String {
    format!(
        r#"---
# Nouvelle actualité du projet. Les lignes qui commencent par # sont des explications : le
# site les ignore. Remplacez chaque valeur marquée « À REMPLIR ».

# Le titre de l'actualité (120 caractères au plus).
title: {title}

# La date de publication, AAAA-MM-JJ. Une date à venir : l'actualité paraît ce jour-là.
date: {today}

# À REMPLIR : un résumé en texte simple, 300 caractères au plus, entre guillemets. Il
# s'affiche dans la liste des actualités, les flux RSS et la lettre d'information.
summary: ""

# Facultatif : les vidéos et les événements dont parle l'actualité, par le nom de leur
# fichier (dans content/videos/ et content/events/), sans .md.
# Exemple : videos: [fluence-a-deux]
videos: []
events: []

# Facultatif : pour utiliser une ligne, retirez le # qui la commence (et rien d'autre).
# Une image : faites d'abord de l'actualité un dossier, content/actualites/<nom>/index.md,
# et placez l'image (jpg, png, webp) à côté d'index.md.
#image: photo.jpg
#draft: true
---
<!--
Sous cette ligne, en Markdown : l'actualité elle-même. Ce commentaire n'apparaît pas sur le
site : remplacez-le.
-->
"#,
        title = quoted(title),
        today = today.format("%Y-%m-%d"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_french_accents() {
        assert_eq!(
            slug_of("Élèves & Maîtres : l'été").ok().as_deref(),
            Some("eleves-maitres-l-ete")
        );
        assert_eq!(
            slug_of("Cœur de la classe").ok().as_deref(),
            Some("coeur-de-la-classe")
        );
        assert!(slug_of("").is_err());
        assert!(slug_of("!!!").is_err());
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(
            quoted(r#"Le "quoi" \ et : # le"#),
            r#""Le \"quoi\" \\ et : # le""#
        );
        assert_eq!(quoted("a\nb"), "\"a b\"");
    }

    #[test]
    fn comment_lists_wrap() {
        let items: Vec<String> = (0..40).map(|i| format!("theme-{i}")).collect();
        let text = comment_list(&items);
        assert!(
            text.lines().all(|l| l.starts_with("#   ") && l.len() <= 92),
            "{text}"
        );
        assert!(text.ends_with("theme-39"));
    }
}
