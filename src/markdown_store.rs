//! Markdown rendered by the previous build, kept in the cache folder: a build renders only
//! the texts whose source changed since (about 85 % of validating a catalogue is rendering
//! its Markdown), as `serve` does with the texts it keeps in memory.
//!
//! The store is a shortcut, never trusted beyond what it can vouch for: it belongs to one
//! capsule binary (another build of the code renders other HTML), a text is taken only
//! for the very source it was rendered from (its hash), and a store missing, unreadable,
//! cut short or from another binary is simply not used. It is replaced atomically, written
//! entry by entry through a buffer (never whole in memory: at 100 000 videos it holds
//! about 300 MB of HTML and text).

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::hashing::hash_of;
use crate::markdown::{Cache, Rendered};
use crate::reuse::replace_file;
use crate::Error;

/// Changes every seed: bump it when the store's meaning changes.
const VERSION: &str = "capsule-markdown-1";
/// Room to read one entry: a text is at most 50 000 characters (`load`), its HTML a few
/// times that; an entry too large for it makes the store unreadable, never wrong.
const ENTRY_BYTES: usize = 16 << 20;

/// What opens the file: which binary wrote it, and how many entries follow.
#[derive(Serialize, Deserialize)]
struct Header {
    seed: u64,
    count: u64,
}

/// Where the rendered texts of builds using the cache folder `cache` are kept.
#[derive(Debug, Clone)]
pub struct MarkdownStore {
    file: PathBuf,
    seed: Option<u64>,
}

impl MarkdownStore {
    pub fn new(cache: &Path) -> MarkdownStore {
        MarkdownStore {
            file: cache.join("markdown").join("rendered.postcard"),
            seed: crate::reuse::binary_identity().map(|binary| hash_of(&(VERSION, binary))),
        }
    }

    /// The texts the previous build left; empty when there are none this binary can use.
    pub fn load(&self) -> Cache {
        let read = || -> Option<Vec<Arc<Rendered>>> {
            let file = std::fs::File::open(&self.file).ok()?;
            let mut reader = BufReader::with_capacity(1 << 20, file);
            let mut room = vec![0u8; ENTRY_BYTES];
            let header: Header = next(&mut reader, &mut room)?;
            if Some(header.seed) != self.seed {
                return None;
            }
            (0..header.count)
                .map(|_| next::<Rendered>(&mut reader, &mut room).map(Arc::new))
                .collect()
        };
        read().map_or_else(Cache::default, |texts| Cache::from_rendered(&texts))
    }

    /// Keeps `rendered` for the next build, unless it holds the texts of the same sources
    /// as `previous` (what [`MarkdownStore::load`] gave).
    pub fn save(&self, rendered: &Cache, previous: &Cache) -> Result<(), Error> {
        let Some(seed) = self.seed else {
            return Ok(());
        };
        if rendered.same_sources(previous) {
            return Ok(());
        }
        self.write(seed, rendered)
            .map_err(|e| Error::io(&self.file, e))
    }

    fn write(&self, seed: u64, rendered: &Cache) -> std::io::Result<()> {
        replace_file(&self.file, |writer| {
            let header = Header {
                seed,
                count: rendered.len() as u64,
            };
            postcard::to_io(&header, &mut *writer).map_err(std::io::Error::other)?;
            for text in rendered.texts() {
                postcard::to_io(text.as_ref(), &mut *writer).map_err(std::io::Error::other)?;
            }
            Ok(())
        })
    }
}

// The next value of the stream, read through `room`.
fn next<T: for<'de> Deserialize<'de>>(reader: &mut impl Read, room: &mut [u8]) -> Option<T> {
    postcard::from_io((reader, room))
        .ok()
        .map(|(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;

    fn cache_of(texts: &[&str]) -> Cache {
        let rendered: Vec<Arc<Rendered>> = texts.iter().map(|t| Arc::new(render(t))).collect();
        Cache::from_rendered(&rendered)
    }

    #[test]
    fn texts_saved_are_loaded_by_the_same_binary_each_for_its_source() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let store = MarkdownStore::new(folder.path());
        assert!(store.load().is_empty(), "nothing saved yet");
        let saved = cache_of(&[
            "Un *rituel* de lecture.",
            "Deux <b>élèves</b> : « bonjour »",
        ]);
        store.save(&saved, &Cache::default()).expect("save");
        let loaded = store.load();
        assert!(loaded.same_sources(&saved));
        let again = loaded.render("Un *rituel* de lecture.");
        assert_eq!(*again, render("Un *rituel* de lecture."));
        assert!(Arc::ptr_eq(
            &again,
            &loaded.render("Un *rituel* de lecture.")
        ));
    }

    #[test]
    fn a_store_cut_short_or_from_another_binary_is_not_used() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let store = MarkdownStore::new(folder.path());
        store
            .save(&cache_of(&["Texte", "Autre texte"]), &Cache::default())
            .expect("save");
        let bytes = std::fs::read(&store.file).expect("store");
        std::fs::write(&store.file, &bytes[..bytes.len() - 3]).expect("cut");
        assert!(store.load().is_empty());
        std::fs::write(&store.file, &bytes).expect("restore");
        let other = MarkdownStore {
            seed: store.seed.map(|seed| seed ^ 1),
            ..store.clone()
        };
        assert!(other.load().is_empty());
        assert_eq!(store.load().len(), 2);
    }

    #[test]
    fn the_same_sources_are_not_written_again() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let store = MarkdownStore::new(folder.path());
        let texts = cache_of(&["Texte"]);
        store.save(&texts, &Cache::default()).expect("save");
        std::fs::write(&store.file, b"").expect("empty the store");
        store.save(&texts, &cache_of(&["Texte"])).expect("save");
        assert_eq!(std::fs::read(&store.file).expect("store"), b"");
    }
}
