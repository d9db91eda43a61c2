//! The theme's static files (CSS, JS, icons) and the search client, published under
//! `/assets/` with a content hash in their names so that CDNs may cache them for a year.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::output::Writer;
use crate::paths;
use crate::Error;

/// Static files to publish, and their hashed URLs by short name (`style` for `style.css`).
pub struct Assets {
    files: Vec<(String, Vec<u8>)>,
    pub urls: BTreeMap<String, String>,
}

impl Assets {
    /// Reads `theme_dir/static/` and adds the search engine's browser client.
    pub fn load(theme_dir: &Path, config: &Config) -> Result<Assets, Error> {
        let static_dir = theme_dir.join("static");
        let mut sources: Vec<(String, Vec<u8>)> = Vec::new();
        for entry in walkdir::WalkDir::new(&static_dir)
            .sort_by_file_name()
            .max_depth(1)
        {
            let entry = entry.map_err(|e| Error::io(&static_dir, e.into()))?;
            if entry.file_type().is_file() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
                sources.push((name, bytes));
            }
        }
        let mut files = Vec::new();
        let mut urls = BTreeMap::new();
        for (name, bytes) in sources {
            let (stem, extension) = name.rsplit_once('.').unwrap_or((&name, ""));
            let hash = blake3::hash(&bytes).to_hex();
            let address = paths::asset(stem, &hash[..10], extension);
            urls.insert(stem.to_string(), config.url(&address));
            files.push((paths::file_for(&address), bytes));
        }
        add_search_client(&mut files, &mut urls, config);
        Ok(Assets { files, urls })
    }

    /// URL of the search client's entry module, if published.
    pub fn search_client(&self) -> Option<&str> {
        self.urls.get(SEARCH_CLIENT_KEY).map(String::as_str)
    }

    pub fn write(&self, writer: &Writer) -> Result<(), Error> {
        self.files
            .iter()
            .try_for_each(|(path, bytes)| writer.write(path, bytes))
    }
}

const SEARCH_CLIENT_KEY: &str = "search-client";

// The search client's modules import each other by relative path: they keep their names in
// a folder whose name carries the hash of both.
fn add_search_client(
    files: &mut Vec<(String, Vec<u8>)>,
    urls: &mut BTreeMap<String, String>,
    config: &Config,
) {
    let mut hasher = blake3::Hasher::new();
    for (_, source) in capsule_search::CLIENT_FILES {
        hasher.update(source.as_bytes());
    }
    let hash = hasher.finalize().to_hex();
    let hash = &hash[..10];
    for (name, source) in capsule_search::CLIENT_FILES {
        let address = paths::search_client_file(hash, name);
        files.push((paths::file_for(&address), source.as_bytes().to_vec()));
    }
    urls.insert(
        SEARCH_CLIENT_KEY.to_string(),
        config.url(&paths::search_client_file(
            hash,
            capsule_search::CLIENT_ENTRY,
        )),
    );
}
