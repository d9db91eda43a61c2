//! Files for crawlers and hosts: `sitemap.xml` (split into an index past 50 000 addresses, as
//! the protocol requires), `robots.txt`, the aliases as Netlify `_redirects` plus small
//! HTML redirect pages for other hosts, and for a preview (drafts or future videos shown) a
//! Netlify `_headers` file that marks every file `noindex`.

use quick_xml::escape::escape;

use super::Job;
use crate::catalog::Catalog;
use crate::output::Writer;
use crate::paths;
use crate::Error;

/// Addresses per sitemap file (the protocol's limit).
const SITEMAP_LIMIT: usize = 50_000;

/// Writes the sitemap for the rendered `pages` (job and output path), robots and redirects.
pub fn write(catalog: &Catalog, pages: &[(Job, String)], writer: &Writer) -> Result<(), Error> {
    write_sitemaps(catalog, pages, writer)?;
    writer.write(&paths::file_for(paths::ROBOTS), robots(catalog).as_bytes())?;
    if catalog.preview {
        writer.write(&paths::file_for(paths::HEADERS), PREVIEW_HEADERS.as_bytes())?;
    }
    write_redirects(catalog, writer)
}

/// Netlify's `_headers` for a preview: every file, pages and feeds alike, `noindex`.
const PREVIEW_HEADERS: &str = "# Aperçu (brouillons ou vidéos à venir) : rien ne doit être indexé.\n/*\n  X-Robots-Tag: noindex\n";

// A preview lets crawlers in, so that they read its `noindex` (a page they may not fetch can
// still be listed from links), but does not announce its sitemap.
fn robots(catalog: &Catalog) -> String {
    if catalog.preview {
        "# Aperçu : les pages portent « noindex ».\nUser-agent: *\nAllow: /\n".to_string()
    } else {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            catalog.config.absolute(paths::SITEMAP)
        )
    }
}

fn write_sitemaps(
    catalog: &Catalog,
    pages: &[(Job, String)],
    writer: &Writer,
) -> Result<(), Error> {
    let entries: Vec<String> = pages
        .iter()
        .filter(|(job, _)| !matches!(job, Job::NotFound | Job::SocialKit))
        .map(|(job, path)| url_entry(catalog, *job, path))
        .collect();
    if entries.len() <= SITEMAP_LIMIT {
        return writer.write(
            &paths::file_for(paths::SITEMAP),
            urlset(&entries).as_bytes(),
        );
    }
    let mut index = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    index.push_str("\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (number, chunk) in entries.chunks(SITEMAP_LIMIT).enumerate() {
        let part = paths::sitemap_part(number + 1);
        writer.write(&paths::file_for(&part), urlset(chunk).as_bytes())?;
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(catalog.config.absolute(&part))
        ));
    }
    index.push_str("</sitemapindex>\n");
    writer.write(&paths::file_for(paths::SITEMAP), index.as_bytes())
}

fn url_entry(catalog: &Catalog, job: Job, output_path: &str) -> String {
    let site_path = paths::page_of_file(output_path);
    let loc = escape(catalog.config.absolute(&site_path)).into_owned();
    let lastmod = match job {
        Job::Video(index) => Some(catalog.videos[index].date.format("%Y-%m-%d").to_string()),
        Job::News(index) => Some(catalog.news[index].date.format("%Y-%m-%d").to_string()),
        Job::Home | Job::VideoList(1) => catalog
            .videos
            .first()
            .map(|v| v.date.format("%Y-%m-%d").to_string()),
        _ => None,
    };
    match lastmod {
        Some(date) => format!("<url><loc>{loc}</loc><lastmod>{date}</lastmod></url>\n"),
        None => format!("<url><loc>{loc}</loc></url>\n"),
    }
}

fn urlset(entries: &[String]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    entries.iter().for_each(|e| xml.push_str(e));
    xml.push_str("</urlset>\n");
    xml
}

fn write_redirects(catalog: &Catalog, writer: &Writer) -> Result<(), Error> {
    let mut rules = String::new();
    for video in &catalog.videos {
        let target = catalog.config.url(&paths::video(&video.slug));
        for alias in &video.aliases {
            rules.push_str(&format!("{}  {target}  301\n", catalog.config.url(alias)));
            writer.write(
                &paths::alias_file(alias),
                redirect_page(&catalog.config.absolute(&paths::video(&video.slug))).as_bytes(),
            )?;
        }
    }
    writer.write(&paths::file_for(paths::REDIRECTS), rules.as_bytes())
}

fn redirect_page(target: &str) -> String {
    let target = escape(target);
    format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Redirection</title><link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head><body><p>Cette vidéo a changé d'adresse : <a href=\"{target}\">{target}</a></p></body></html>"
    )
}
