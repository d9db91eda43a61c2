//! End to end: no file under `content/` is skipped in silence. A video saved under a name
//! the build would not read is an error naming the exact rename; a file nothing uses is a
//! warning, which does not fail `check`; operating-system clutter is ignored.

mod common;

use common::{stderr, stdout, video, Fixture};
use serde_json::Value;

/// `check --format json`: exit code and (severity, file, line, column, message, help).
fn check_json(site: &Fixture) -> (i32, Vec<[String; 6]>) {
    let output = site.run(&["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&output), stderr(&output)));
    let found = json
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            let text = |key: &str| match &d[key] {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            [
                text("severity"),
                text("file"),
                text("line"),
                text("column"),
                text("message"),
                text("help"),
            ]
        })
        .collect();
    (output.status.code().expect("exit code"), found)
}

fn a_video() -> String {
    video(
        "Ma vidéo",
        "2026-09-01",
        "https://vimeo.com/42",
        "[claire]",
        "[lecture]",
        "",
    )
}

#[test]
fn a_video_under_a_name_the_build_would_skip_is_an_error_with_the_exact_rename() {
    let cases = [
        (
            "content/videos/ma-video",
            "nom de fichier inattendu : `ma-video` (un fichier de contenu finit par `.md`)",
            "renommez `content/videos/ma-video` en `content/videos/ma-video.md`",
        ),
        (
            "content/videos/ma-video.MD",
            "nom de fichier inattendu : `ma-video.MD` (un fichier de contenu finit par `.md`)",
            "renommez `content/videos/ma-video.MD` en `content/videos/ma-video.md`",
        ),
        (
            "content/videos/ma-video.markdown",
            "nom de fichier inattendu : `ma-video.markdown` (un fichier de contenu finit par `.md`)",
            "renommez `content/videos/ma-video.markdown` en `content/videos/ma-video.md`",
        ),
        (
            "content/videos/ma-video.md.txt",
            "nom de fichier inattendu : `ma-video.md.txt` (un fichier de contenu finit par `.md`)",
            "renommez `content/videos/ma-video.md.txt` en `content/videos/ma-video.md`",
        ),
        (
            "content/videos/Ma-Video.MD",
            "nom de fichier inattendu : `Ma-Video.MD` (un fichier de contenu finit par `.md`)",
            "renommez `content/videos/Ma-Video.MD` en `content/videos/ma-video.md`",
        ),
        (
            "content/videos/ma-video/Index.md",
            "dossier de vidéo sans `index.md` : `content/videos/ma-video`",
            "renommez `content/videos/ma-video/Index.md` en `content/videos/ma-video/index.md`",
        ),
        (
            "content/ma-video.md",
            "fichier Markdown à un emplacement inattendu",
            "renommez `content/ma-video.md` en `content/videos/ma-video.md`",
        ),
        (
            "content/videos/Ma Vidéo.md",
            "nom de fichier invalide : `Ma Vidéo`",
            "renommez `content/videos/Ma Vidéo.md` en `content/videos/ma-video.md` (des minuscules sans accents, des chiffres et des tirets)",
        ),
        (
            "content/videos/Ma_Vidéo/index.md",
            "nom de fichier invalide : `Ma_Vidéo`",
            "renommez `content/videos/Ma_Vidéo` en `content/videos/ma-video` (des minuscules sans accents, des chiffres et des tirets)",
        ),
    ];
    for (file, message, help) in cases {
        let site = Fixture::small();
        site.write(file, &a_video());
        let (code, found) = check_json(&site);
        assert_eq!(code, 1, "{file}: {found:#?}");
        let expected = [
            "error".to_string(),
            file.to_string(),
            "1".to_string(),
            "1".to_string(),
            message.to_string(),
            help.to_string(),
        ];
        assert_eq!(found, [expected], "{file}");
    }
}

#[test]
fn a_misplaced_folder_is_an_error_with_the_folder_it_was_meant_to_be() {
    let site = Fixture::small();
    site.write("content/video/ma-video.md", &a_video());
    site.write("content/themes/anciens/lecture.md", "---\ntitle: x\n---\n");
    site.write("content/videos/vide/notes.txt", "des notes");
    let (code, found) = check_json(&site);
    assert_eq!(code, 1);
    let summary: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|d| (d[1].as_str(), d[4].as_str(), d[5].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "content/themes/anciens",
                "dossier inattendu : `content/themes/anciens`",
                "les fichiers vont directement dans content/themes/ : déplacez-y ses fichiers"
            ),
            (
                "content/video",
                "dossier inattendu : `content/video`",
                "renommez `content/video` en `content/videos`"
            ),
            (
                "content/videos/vide",
                "dossier de vidéo sans `index.md` : `content/videos/vide`",
                "créez `content/videos/vide/index.md` avec l'en-tête de la vidéo, ou supprimez le dossier"
            ),
        ]
    );
}

#[test]
fn the_rename_is_shown_in_the_human_and_github_reports() {
    let site = Fixture::small();
    site.write("content/videos/ma-video.MD", &a_video());
    let human = site.run(&["check"]);
    assert_eq!(human.status.code(), Some(1));
    let text = stderr(&human);
    assert!(
        text.contains("erreur : content/videos/ma-video.MD:1:1: nom de fichier inattendu"),
        "{text}"
    );
    assert!(
        text.contains(
            "aide : renommez `content/videos/ma-video.MD` en `content/videos/ma-video.md`"
        ),
        "{text}"
    );
    let github = site.run(&["check", "--format", "github"]);
    assert!(
        stdout(&github).contains(
            "::error file=content/videos/ma-video.MD,line=1,col=1::nom de fichier inattendu"
        ),
        "{}",
        stdout(&github)
    );
}

#[test]
fn an_attachment_nothing_names_is_a_warning_and_check_still_passes() {
    let site = Fixture::small();
    site.write_bytes("content/videos/fluence/photo-en-trop.jpg", b"jpeg");
    site.write_bytes("content/contributors/ancienne-photo.png", b"png");
    let (code, found) = check_json(&site);
    assert_eq!(code, 0, "{found:#?}");
    let summary: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|d| (d[0].as_str(), d[1].as_str(), d[4].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "warning",
                "content/contributors/ancienne-photo.png",
                "fichier inutilisé : `content/contributors/ancienne-photo.png`"
            ),
            (
                "warning",
                "content/videos/fluence/photo-en-trop.jpg",
                "fichier joint inutilisé : `photo-en-trop.jpg`"
            ),
        ]
    );

    let human = site.run(&["check"]);
    assert_eq!(human.status.code(), Some(0));
    let text = stderr(&human);
    assert!(
        text.contains("attention : content/videos/fluence/photo-en-trop.jpg:1:1: fichier joint inutilisé : `photo-en-trop.jpg`"),
        "{text}"
    );
    assert!(
        text.contains("Aucun problème trouvé, 2 avertissements."),
        "{text}"
    );
    let github = site.run(&["check", "--format", "github"]);
    assert_eq!(github.status.code(), Some(0));
    assert!(
        stdout(&github).contains(
            "::warning file=content/videos/fluence/photo-en-trop.jpg,line=1,col=1::fichier joint inutilisé"
        ),
        "{}",
        stdout(&github)
    );
    let build = site.build();
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(
        stderr(&build).contains("attention : "),
        "{}",
        stderr(&build)
    );
}

#[test]
fn an_attachment_named_in_the_text_or_an_avatar_is_used() {
    let site = Fixture::small();
    site.write_bytes("content/videos/fluence/schema.png", b"png");
    site.write_bytes("content/videos/fluence/fiche élève.pdf", b"pdf");
    let text = video(
        "Fluence à deux",
        "2026-03-01",
        "https://media.example.org/fluence.mp4",
        "[claire]",
        "[lecture]",
        "thumbnail: vignette.jpg\ncaptions: sous-titres.vtt\n",
    );
    site.write(
        "content/videos/fluence/index.md",
        &format!("{text}\n![Le schéma](./schema.png)\n\n[La fiche](fiche%20%C3%A9l%C3%A8ve.pdf)\n"),
    );
    site.write_bytes(
        "content/contributors/photos/karim.jpg",
        &common::jpeg(64, 64),
    );
    site.write(
        "content/contributors/karim.md",
        "---\nname: Karim Benali\nrole: conseiller pédagogique\navatar: photos/karim.jpg\n---\n",
    );
    let (code, found) = check_json(&site);
    assert_eq!((code, found.len()), (0, 0), "{found:#?}");
}

#[test]
fn operating_system_clutter_is_ignored_and_never_published() {
    let site = Fixture::small();
    site.write_bytes("content/.DS_Store", b"\0\0\0\x01Bud1");
    site.write_bytes("content/videos/.DS_Store", b"\0\0\0\x01Bud1");
    site.write_bytes("content/videos/fluence/.DS_Store", b"\0\0\0\x01Bud1");
    site.write_bytes("content/videos/fluence/._vignette.jpg", b"\0\x05\x16\x07");
    site.write_bytes("content/videos/Thumbs.db", b"\xd0\xcf");
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("Aucun problème trouvé."),
        "{}",
        stderr(&output)
    );
    let build = site.build();
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(!site.public().join("videos/fluence/.DS_Store").exists());
    assert!(!site.public().join("videos/fluence/._vignette.jpg").exists());
}

#[test]
fn other_stray_files_are_warnings_that_say_where_they_belong() {
    let site = Fixture::small();
    site.write_bytes("content/videos/vignette.jpg", b"jpeg");
    site.write("content/.brouillons/idee.md", "une idée");
    let (code, found) = check_json(&site);
    assert_eq!(code, 0, "{found:#?}");
    let summary: Vec<(&str, &str, &str, &str)> = found
        .iter()
        .map(|d| (d[0].as_str(), d[1].as_str(), d[4].as_str(), d[5].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "warning",
                "content/.brouillons",
                "dossier caché ignoré : `content/.brouillons`",
                "son contenu n'est pas publié : déplacez ses fichiers, ou supprimez-le"
            ),
            (
                "warning",
                "content/videos/vignette.jpg",
                "fichier inutilisé : `content/videos/vignette.jpg`",
                "une vignette ou des sous-titres vont dans le dossier de la vidéo, à côté de son index.md (content/videos/<nom>/) ; sinon, supprimez ce fichier"
            ),
        ]
    );
}

#[test]
fn a_symbolic_link_is_refused_rather_than_followed_out_of_the_site() {
    let site = Fixture::small();
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("ailleurs.md"), a_video()).expect("write");
    std::os::unix::fs::symlink(
        outside.path().join("ailleurs.md"),
        site.root().join("content/videos/ailleurs.md"),
    )
    .expect("symlink");
    let (code, found) = check_json(&site);
    assert_eq!(code, 1);
    let summary: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|d| (d[0].as_str(), d[1].as_str(), d[4].as_str()))
        .collect();
    assert_eq!(
        summary,
        [(
            "error",
            "content/videos/ailleurs.md",
            "lien symbolique refusé : `ailleurs.md`"
        )]
    );
}
