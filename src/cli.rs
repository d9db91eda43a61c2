//! Command-line interface: arguments (clap), dispatch, and the exit codes of
//! `docs/commands.md` (0 ok, 1 content errors, 2 usage or I/O errors). Messages to people
//! are in French.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::diagnostics::{self, Format, Report};
use crate::{BuildOptions, BuildReport, Error};

#[derive(Debug, Parser)]
#[command(
    name = "capsule",
    version,
    about = "Construit le catalogue de vidéos de la communauté"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Construit le site dans public/ (ou --output).
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long = "base-url")]
        base_url: Option<String>,
        /// Inclut les brouillons (draft: true).
        #[arg(long)]
        drafts: bool,
        /// Inclut les vidéos datées dans le futur.
        #[arg(long)]
        future: bool,
        /// Remplace le dossier de sortie même s'il contient des fichiers que Capsule n'a
        /// pas écrits (jamais les sources du site).
        #[arg(long = "force-output")]
        force_output: bool,
        /// Dossier du cache des images (par défaut : .capsule-cache/ dans --root).
        #[arg(long)]
        cache: Option<PathBuf>,
    },
    /// Vérifie le contenu et signale tous les problèmes.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Sert le site en local et le reconstruit à chaque enregistrement.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Dossier du cache des images (par défaut : .capsule-cache/ dans --root).
        #[arg(long)]
        cache: Option<PathBuf>,
    },
    /// Cherche dans les vidéos publiées, comme la recherche du site.
    Search {
        /// Les mots à chercher.
        query: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Résultats en JSON (url, title, score).
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Relève le nombre de vues de chaque vidéo sur son hébergeur, dans data/vues.yaml
    /// (réseau ; jamais pendant build). Clés : YOUTUBE_API_KEY, VIMEO_TOKEN.
    Views {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Crée le squelette d'une vidéo, d'une fiche de contributeur, d'un événement, d'un
    /// parcours de formation ou d'une actualité.
    New {
        /// Ce qu'il faut créer.
        #[arg(value_enum)]
        kind: crate::new_content::NewKind,
        /// Le titre (pour un contributeur : « Prénom Nom ») ; il donne le nom du fichier.
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            future,
            force_output,
            cache,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let cache = cache.unwrap_or_else(|| root.join(crate::images::CACHE_DIR));
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                future,
                minify_each_page: false,
                force_output,
                cache,
            };
            finish(
                crate::build(&options).map(|report| print_build(&report)),
                Format::Human,
            )
        }
        Command::Check { root, format } => finish(check(&root, format), format),
        Command::Serve {
            root,
            port,
            bind,
            cache,
        } => {
            let cache = cache.unwrap_or_else(|| root.join(crate::images::CACHE_DIR));
            let options = crate::serve::ServeOptions {
                root,
                bind,
                port,
                cache,
            };
            finish(crate::serve::serve(&options), Format::Human)
        }
        Command::Search {
            query,
            root,
            json,
            limit,
        } => finish(search(&root, &query, json, limit), Format::Human),
        Command::Views { root } => {
            let options = crate::view_counts::ViewsOptions::from_env(&root);
            match crate::view_counts::run(&options) {
                Ok(report) => crate::view_counts::print(&report),
                Err(error) => finish(Err(error), Format::Human),
            }
        }
        Command::New { kind, title, root } => {
            finish(crate::new_content::run(&root, kind, &title), Format::Human)
        }
    }
}

fn check(root: &std::path::Path, format: Format) -> Result<(), Error> {
    let publication = crate::catalog::Publication {
        drafts: true,
        future: true,
        now: crate::dates::build_clock(),
    };
    let (catalog, _) = crate::load_catalog(root, None, publication)?;
    // Warnings only: reported like errors, with exit code 0.
    write_report(&catalog.warnings, &Default::default(), format).map_err(Error::Stdout)
}

// People read the human report on stderr; tools parse the others from stdout.
fn write_report(
    diagnostics: &[diagnostics::Diagnostic],
    sources: &std::collections::BTreeMap<String, std::sync::Arc<str>>,
    format: Format,
) -> std::io::Result<()> {
    let report = Report {
        diagnostics,
        sources,
    };
    let mut stream = match format {
        Format::Human => StandardStream::stderr(ColorChoice::Auto),
        _ => StandardStream::stdout(ColorChoice::Never),
    };
    report.write(format, &mut stream)?;
    stream.flush()
}

fn search(root: &std::path::Path, query: &str, json: bool, limit: usize) -> Result<(), Error> {
    let publication = crate::catalog::Publication {
        drafts: false,
        future: false,
        now: crate::dates::build_clock(),
    };
    let (catalog, _) = crate::load_catalog(root, None, publication)?;
    let engine = crate::search_index::engine(&catalog)?;
    let hits = engine.search(query, limit).map_err(Error::Search)?;
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &hits)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else if hits.is_empty() {
        writeln!(out, "Aucun résultat pour « {query} ».")
    } else {
        hits.iter().enumerate().try_for_each(|(rank, hit)| {
            writeln!(
                out,
                "{:>2}. {}{}  {}  ({:.3})",
                rank + 1,
                result_type(hit),
                hit.title,
                hit.url,
                hit.score
            )
        })
    };
    written.map_err(Error::Stdout)
}

// "[Parcours] " before a result that is not a video; nothing before a video.
fn result_type(hit: &capsule_search::Hit) -> String {
    match hit.kind.id.as_str() {
        "video" | "" => String::new(),
        _ => format!("[{}] ", hit.kind.label),
    }
}

fn print_build(report: &BuildReport) {
    if !report.warnings.is_empty() {
        let _ = write_report(&report.warnings, &Default::default(), Format::Human);
    }
    eprintln!(
        "Site construit : {} vidéos, {} fichiers, {} écrits, {} inchangés (chargement {} ms, validation {} ms, index {} ms, rendu {} ms, écriture {} ms)",
        report.videos,
        french_number(report.files),
        french_number(report.files - report.kept),
        french_number(report.kept),
        report.load.as_millis(),
        report.validate.as_millis(),
        report.index.as_millis(),
        report.render.as_millis(),
        report.write.as_millis()
    );
    eprintln!(
        "Images : {} générées, {} reprises du cache ({} ms)",
        report.pictures_made,
        report.pictures_cached,
        report.pictures.as_millis()
    );
}

// 29310 → "29 310" (narrow no-break space between thousands, as French writes them).
fn french_number(n: usize) -> String {
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

fn finish(result: Result<(), Error>, format: Format) -> i32 {
    match result {
        Ok(()) => 0,
        Err(Error::Content {
            diagnostics,
            sources,
        }) => match write_report(&diagnostics, &sources, format) {
            Ok(()) => 1,
            Err(_) => 2,
        },
        Err(other) => {
            eprintln!("erreur : {other}");
            2
        }
    }
}
