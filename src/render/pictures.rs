//! Gives the video and news cards the pictures `images` wrote: resized WebP copies for
//! `srcset` when the bundle thumbnail (or news image) could be read, the titled placeholder
//! (for news, no picture) when it could not.

use super::views::ThumbView;
use std::sync::OnceLock;

use super::Site;
use crate::images::hue;
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
        let news = self.catalog.news.iter().zip(&pictures.news);
        for (card, (item, picture)) in self.news_cards.iter_mut().zip(news) {
            card.thumb = picture
                .as_ref()
                .map(|picture| news_thumb(&item.slug, picture, |path| base.url(path)));
        }
        // Cards made so far showed the former pictures.
        self.cards
            .iter_mut()
            .for_each(|card| *card = OnceLock::new());
        self
    }
}

pub(super) fn news_thumb(
    slug: &str,
    picture: &LocalPicture,
    url: impl Fn(&str) -> String,
) -> ThumbView {
    let mut thumb = ThumbView {
        src: None,
        width: 0,
        height: 0,
        hue: hue(slug),
        srcset_webp: String::new(),
    };
    show(&mut thumb, picture, url);
    thumb
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
