//! Gives the video cards the pictures `images` wrote: resized WebP copies for `srcset` when
//! the bundle thumbnail could be read, the titled placeholder when it could not.

use super::views::ThumbView;
use std::sync::OnceLock;

use super::Site;
use crate::images::{LocalPicture, Pictures};
use crate::paths;

impl<'c> Site<'c> {
    /// The site with each video card showing the pictures of `pictures` (by video index).
    pub fn with_pictures(mut self, pictures: &Pictures) -> Site<'c> {
        let base = &self.catalog.config;
        for (thumb, picture) in self.thumbs.iter_mut().zip(&pictures.videos) {
            match picture {
                Some(picture) => show(thumb, picture, |path| base.url(path)),
                None => thumb.src = None,
            }
        }
        // Cards made so far showed the former pictures.
        self.cards
            .iter_mut()
            .for_each(|card| *card = OnceLock::new());
        self
    }
}

fn show(thumb: &mut ThumbView, picture: &LocalPicture, url: impl Fn(&str) -> String) {
    thumb.src = Some(url(&picture.original));
    thumb.width = picture.width;
    thumb.height = picture.height;
    thumb.srcset_webp = picture
        .variants
        .iter()
        .map(|v| {
            let path = paths::resized_webp(&picture.stem, v.width);
            format!("{} {}w", url(&path), v.width)
        })
        .collect::<Vec<_>>()
        .join(", ");
}
