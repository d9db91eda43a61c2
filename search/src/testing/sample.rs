//! Sample catalogues for tests, examples and benchmarks: a small hand-written
//! French corpus and a deterministic synthetic generator of any size.

use capsule_synth::SplitMix64;

use crate::{Document, Facet};

/// A hand-written catalogue of 24 classroom videos (accents, elisions, plurals); every
/// fourth (from the third) is of another kind (a training path), so that kinds interleave.
pub fn corpus() -> Vec<Document> {
    CORPUS
        .iter()
        .enumerate()
        .map(|(i, row)| corpus_doc(i, row))
        .collect()
}

type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
);

fn corpus_doc(index: usize, row: &Row) -> Document {
    let (slug, title, summary, body, topics, levels, duration) = *row;
    let kind = match index % 4 {
        2 => Facet::new("parcours", "Parcours"),
        _ => Facet::new("video", "Vidéo"),
    };
    Document {
        url: format!("/videos/{slug}/"),
        title: title.to_string(),
        summary: summary.to_string(),
        body: body.to_string(),
        transcript: if index.is_multiple_of(3) {
            format!("{summary} {body}")
        } else {
            String::new()
        },
        topics: topics
            .split(',')
            .map(|t| Facet::new(slug_of(t), t))
            .collect(),
        contributors: vec![Facet::new(
            format!("c{}", index % 5),
            CONTRIBUTORS[index % 5],
        )],
        levels: levels.split(',').map(str::to_string).collect(),
        duration_secs: duration,
        date: format!("2026-09-{:02}", index + 1),
        thumbnail: format!("/images/{slug}.jpg"),
        kind,
    }
}

fn slug_of(label: &str) -> String {
    crate::analyzer::fold(label).replace(' ', "-")
}

const CONTRIBUTORS: [&str; 5] = [
    "Émilie Durand",
    "Jérôme Lefèvre",
    "Awa Diop",
    "François Nguyen",
    "Hélène Martin",
];

const CORPUS: [Row; 24] = [
    (
        "dictee-negociee",
        "La dictée négociée",
        "Les élèves discutent l'orthographe avant d'écrire.",
        "Par groupes, les élèves négocient chaque accord et justifient leurs choix d'orthographe.",
        "Orthographe,Écriture",
        "CE1,CE2",
        95,
    ),
    (
        "lecture-voix-haute",
        "Lire à voix haute",
        "Une séance de lecture à voix haute pour gagner en fluidité.",
        "L'enseignante lit un album puis les élèves s'entraînent à la lecture expressive.",
        "Lecture,Oral",
        "CP,CE1",
        70,
    ),
    (
        "ecriture-cursive",
        "L'écriture cursive au CP",
        "Apprendre le geste d'écriture des lettres rondes.",
        "Les élèves tracent les boucles et les ponts sur l'ardoise avant le cahier.",
        "Écriture",
        "GS,CP",
        50,
    ),
    (
        "calcul-mental",
        "Calcul mental : les compléments à dix",
        "Un rituel quotidien de calcul mental.",
        "Chaque matin, la classe joue avec les compléments à dix et les doubles.",
        "Calcul,Nombres",
        "CP,CE1",
        110,
    ),
    (
        "lectures-offertes",
        "Les lectures offertes",
        "Des lectures d'albums offertes par des parents.",
        "Les parents viennent lire des histoires ; les élèves écoutent et débattent.",
        "Lecture,Culture",
        "MS,GS",
        130,
    ),
    (
        "son-ou",
        "Le son ou",
        "Découvrir le son [u] et ses graphies.",
        "Les élèves cherchent des mots qui contiennent le son ou : loup, chou, hibou.",
        "Phonologie,Lecture",
        "GS,CP",
        45,
    ),
    (
        "debat-philo",
        "Un débat philosophique en classe",
        "Qu'est-ce qu'un ami ? Les élèves argumentent.",
        "Le débat réglé apprend à écouter l'autre et à justifier son avis.",
        "Oral,Citoyenneté",
        "CM1,CM2",
        240,
    ),
    (
        "fractions",
        "Comprendre les fractions",
        "Partager une tarte pour comprendre les fractions.",
        "Les élèves manipulent des bandes de papier pour comparer des fractions simples.",
        "Nombres,Calcul",
        "CM1",
        180,
    ),
    (
        "geometrie-symetrie",
        "La symétrie axiale",
        "Plier, découper et tracer l'axe de symétrie.",
        "Avec du papier calque, les élèves complètent des figures symétriques.",
        "Géométrie",
        "CE2,CM1",
        150,
    ),
    (
        "jardin-ecole",
        "Le jardin de l'école",
        "Observer la germination des graines au jardin.",
        "La classe plante des haricots et note chaque jour la croissance dans un carnet.",
        "Sciences,Écologie",
        "CP,CE1",
        200,
    ),
    (
        "chorale",
        "La chorale de l'école",
        "Chanter ensemble et respirer en rythme.",
        "Les élèves échauffent leur voix puis chantent un canon à trois voix.",
        "Musique",
        "CE2,CM1,CM2",
        85,
    ),
    (
        "conseil-eleves",
        "Le conseil d'élèves",
        "Les élèves prennent la parole pour améliorer la vie de classe.",
        "Chaque semaine, le conseil vote des règles et règle les conflits.",
        "Citoyenneté,Oral",
        "CE2,CM1,CM2",
        160,
    ),
    (
        "production-ecrit",
        "Écrire une histoire à plusieurs",
        "Produire un récit collectif en atelier d'écriture.",
        "Les élèves inventent un personnage, planifient le récit puis rédigent et révisent.",
        "Écriture,Lecture",
        "CE2,CM1",
        210,
    ),
    (
        "grammaire-nature",
        "La nature des mots",
        "Trier les mots : noms, verbes, adjectifs.",
        "Avec des étiquettes, les élèves classent les mots et justifient leurs tris.",
        "Grammaire",
        "CE1,CE2",
        100,
    ),
    (
        "conjugaison-present",
        "Conjuguer au présent",
        "Les verbes du premier groupe au présent.",
        "Les élèves repèrent les terminations et conjuguent des verbes en -er.",
        "Conjugaison,Grammaire",
        "CE1,CE2",
        90,
    ),
    (
        "resolution-problemes",
        "Résoudre des problèmes",
        "Schématiser un problème avant de calculer.",
        "La classe dessine des schémas en barres pour résoudre des problèmes additifs.",
        "Calcul,Problèmes",
        "CE1,CE2,CM1",
        260,
    ),
    (
        "anglais-comptine",
        "Une comptine en anglais",
        "Apprendre les nombres en anglais en chantant.",
        "Les élèves miment une comptine et répètent les nombres de un à dix.",
        "Langues vivantes,Musique",
        "CP,CE1",
        40,
    ),
    (
        "histoire-frise",
        "La frise chronologique",
        "Situer les grandes périodes de l'histoire.",
        "Les élèves placent des images sur une frise : préhistoire, Antiquité, Moyen Âge.",
        "Histoire",
        "CM1,CM2",
        190,
    ),
    (
        "lecture-compréhension",
        "Comprendre ce qu'on lit",
        "Des stratégies de compréhension en lecture.",
        "Les élèves surlignent les indices et reformulent l'histoire lue.",
        "Lecture,Compréhension",
        "CE2,CM1",
        175,
    ),
    (
        "vocabulaire-champ",
        "Le champ lexical de la mer",
        "Enrichir le vocabulaire avec des mots de la mer.",
        "Les élèves collectent des mots : vague, marée, coquillage, écume.",
        "Vocabulaire",
        "CE1,CE2",
        80,
    ),
    (
        "eps-parcours",
        "Un parcours de motricité",
        "Sauter, ramper, grimper : le parcours en maternelle.",
        "Les enfants enchaînent les ateliers de motricité en respectant les consignes.",
        "EPS",
        "PS,MS",
        55,
    ),
    (
        "arts-peinture",
        "Peindre comme Miró",
        "Découvrir l'œuvre de Miró et peindre des formes.",
        "Les élèves observent un tableau puis créent une composition colorée.",
        "Arts plastiques,Culture",
        "CE1,CE2",
        120,
    ),
    (
        "numerique-robot",
        "Programmer un robot",
        "Initiation au codage avec un petit robot.",
        "Les élèves écrivent une suite d'instructions pour guider le robot sur un quadrillage.",
        "Numérique,Sciences",
        "CM1,CM2",
        230,
    ),
    (
        "dictee-flash",
        "La dictée flash",
        "Une courte dictée quotidienne de mots fréquents.",
        "Chaque jour, une phrase dictée permet de réviser l'orthographe des mots outils.",
        "Orthographe",
        "CE1,CE2,CM1",
        35,
    ),
];

/// A deterministic catalogue of `count` videos whose titles nearly repeat: each practice
/// (« Rituel de lecture ») at every level, once as « Rituel de lecture en CE2 » and then
/// in longer variants (« Rituel de lecture du matin en CE2 »), all with the same
/// summaries and bodies but for the level. Returns the documents; the video of practice
/// `p` at level `l` with the plain title is at index `p + l × PRACTICES.len()`.
pub fn near_duplicates(count: usize) -> Vec<Document> {
    (0..count).map(near_duplicate).collect()
}

/// The practices of [`near_duplicates`]: `(title, topic)`.
pub const PRACTICES: [(&str, &str); 24] = [
    ("Rituel de lecture", "Lecture"),
    ("Dictée négociée", "Orthographe"),
    ("Calcul mental", "Calcul"),
    ("Jogging d'écriture", "Écriture"),
    ("Quoi de neuf", "Oral"),
    ("Lecture offerte", "Lecture"),
    ("Problème du jour", "Problèmes"),
    ("Atelier philo", "Philosophie"),
    ("Chorale du lundi", "Musique"),
    ("Conseil d'élèves", "Citoyenneté"),
    ("Rituel de calcul", "Calcul"),
    ("Dictée flash", "Orthographe"),
    ("Lecture à voix haute", "Lecture"),
    ("Atelier d'écriture", "Écriture"),
    ("Rituel du nombre", "Nombres"),
    ("Phrase du jour", "Grammaire"),
    ("Mot du jour", "Vocabulaire"),
    ("Géométrie sur tablettes", "Géométrie"),
    ("Débat réglé", "Oral"),
    ("Jardin potager", "Sciences"),
    ("Rituel de vocabulaire", "Vocabulaire"),
    ("Atelier de lecture", "Lecture"),
    ("Calcul posé", "Calcul"),
    ("Rituel de conjugaison", "Conjugaison"),
];

/// The levels of [`near_duplicates`], in order.
pub const NEAR_LEVELS: [&str; 9] = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2", "6e"];

/// What variants add to a practice's title.
const VARIANTS: [&str; 12] = [
    "",
    "du matin",
    ": deuxième séance",
    "en petits groupes",
    "avec le tableau",
    ": les premiers pas",
    "en autonomie",
    "et différenciation",
    "au fil de l'année",
    "en fin de période",
    ": bilan",
    "pour bien démarrer",
];

fn near_duplicate(index: usize) -> Document {
    let (practices, levels) = (PRACTICES.len(), NEAR_LEVELS.len());
    let (practice, topic) = PRACTICES[index % practices];
    let level = NEAR_LEVELS[(index / practices) % levels];
    let round = index / (practices * levels);
    let variant = VARIANTS[round % VARIANTS.len()];
    let title = match (variant, round) {
        ("", 0) => format!("{practice} en {level}"),
        ("", _) => format!("{practice} en {level}, épisode {round}"),
        _ => format!("{practice} {variant} en {level}"),
    };
    let lower = practice.to_lowercase();
    Document {
        kind: Facet::default(),
        url: format!(
            "/videos/{}-{index}/",
            slug_of(&title).replace([':', ',', '\''], "")
        ),
        summary: format!(
            "Une séance de {lower} en {level} : les élèves s'entraînent chaque jour en classe."
        ),
        body: format!(
            "L'enseignante présente le {lower} à sa classe de {level}. Les élèves travaillent \
             d'abord seuls, puis comparent leurs réponses. La séance dure un quart d'heure."
        ),
        transcript: String::new(),
        topics: vec![Facet::new(slug_of(topic), topic)],
        contributors: vec![Facet::new(
            format!("c{}", index % 40),
            CONTRIBUTORS[index % CONTRIBUTORS.len()],
        )],
        levels: vec![level.to_string()],
        duration_secs: 30 + (index as u32 * 37) % 400,
        date: format!("2025-{:02}-{:02}", 1 + index % 12, 1 + index % 28),
        thumbnail: format!("/images/videos/{index}.jpg"),
        title,
    }
}

/// A deterministic synthetic catalogue of `count` French-looking documents.
pub fn synthetic(count: usize, seed: u64) -> Vec<Document> {
    let mut rng = Draws::new(seed ^ 0x9e37_79b9_7f4a_7c15);
    (0..count).map(|i| synthetic_doc(i, &mut rng)).collect()
}

fn synthetic_doc(index: usize, rng: &mut Draws) -> Document {
    let title = sentence(rng, 3, 6);
    let topic_count = 1 + rng.below(3);
    let topics = pick_facets(rng, &TOPICS, topic_count, "t");
    let levels = pick_levels(rng);
    let contributor = rng.zipf(CONTRIBUTOR_COUNT);
    let transcript = if rng.below(2) == 0 {
        String::new()
    } else {
        sentence(rng, 80, 320)
    };
    Document {
        kind: Facet::default(),
        url: format!("/videos/{}-{index}/", slug_of(&title)),
        summary: sentence(rng, 18, 20),
        body: sentence(rng, 60, 140),
        transcript,
        topics,
        contributors: vec![Facet::new(format!("p{contributor}"), person(contributor))],
        levels,
        duration_secs: 20 + rng.below(400) as u32,
        date: format!(
            "20{:02}-{:02}-{:02}",
            20 + rng.below(7),
            1 + rng.below(12),
            1 + rng.below(28)
        ),
        thumbnail: format!("/images/videos/{index}.jpg"),
        title,
    }
}

const CONTRIBUTOR_COUNT: usize = 400;

const TOPICS: [&str; 30] = [
    "Lecture",
    "Écriture",
    "Orthographe",
    "Grammaire",
    "Conjugaison",
    "Vocabulaire",
    "Oral",
    "Phonologie",
    "Calcul",
    "Nombres",
    "Géométrie",
    "Mesures",
    "Problèmes",
    "Sciences",
    "Écologie",
    "Histoire",
    "Géographie",
    "Citoyenneté",
    "Musique",
    "Arts plastiques",
    "EPS",
    "Anglais",
    "Numérique",
    "Philosophie",
    "Théâtre",
    "Poésie",
    "Littérature",
    "Cinéma",
    "Santé",
    "Maternelle",
];

const LEVELS: [&str; 9] = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2", "6e"];

fn pick_facets(rng: &mut Draws, labels: &[&str], count: usize, prefix: &str) -> Vec<Facet> {
    let mut picked: Vec<usize> = (0..count).map(|_| rng.zipf(labels.len())).collect();
    picked.sort_unstable();
    picked.dedup();
    picked
        .into_iter()
        .map(|i| Facet::new(format!("{prefix}{i}"), labels[i]))
        .collect()
}

fn pick_levels(rng: &mut Draws) -> Vec<String> {
    let start = rng.below(LEVELS.len());
    let span = 1 + rng.below(3);
    LEVELS[start..(start + span).min(LEVELS.len())]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

fn person(index: usize) -> String {
    let first = FIRST_NAMES[index % FIRST_NAMES.len()];
    let last = pseudo_word(index as u64 * 7 + 3, 2 + index % 2);
    let mut chars = last.chars();
    let last: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{first} {last}")
}

const FIRST_NAMES: [&str; 12] = [
    "Émilie",
    "Jérôme",
    "Awa",
    "François",
    "Hélène",
    "Karim",
    "Léa",
    "Noël",
    "Inès",
    "Théo",
    "Chloé",
    "Raphaël",
];

fn sentence(rng: &mut Draws, min_words: usize, spread: usize) -> String {
    let words = min_words + rng.below(spread);
    let mut out = String::new();
    for i in 0..words {
        if i > 0 && !out.ends_with('\'') {
            out.push(' ');
        }
        out.push_str(&word(rng));
        if i % 12 == 11 {
            out.push('.');
        }
    }
    if let Some(first) = out.chars().next() {
        let upper: String = first.to_uppercase().collect();
        out.replace_range(..first.len_utf8(), &upper);
    }
    out
}

/// A word of running text: 30 % function words, 60 % content words drawn with
/// Zipf's law from 5 000 ranks (every tenth of the first 1 700 ranks is a real
/// lexicon word, the others pseudo-words), 10 % rare pseudo-words (names).
fn word(rng: &mut Draws) -> String {
    let roll = rng.below(100);
    if roll < 30 {
        FUNCTION_WORDS[rng.zipf(FUNCTION_WORDS.len())].to_string()
    } else if roll < 90 {
        let rank = rng.zipf(CONTENT_RANKS);
        let base = match LEXICON.get(rank / 10).filter(|_| rank.is_multiple_of(10)) {
            Some(word) => word.to_string(),
            None => pseudo_word(1_000_000 + rank as u64, 2 + rank % 2),
        };
        if rng.below(4) == 0 {
            plural(&base)
        } else {
            base
        }
    } else {
        let tail = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
        pseudo_word((tail.powi(3) * 60_000.0) as u64, 2 + rng.below(3))
    }
}

const CONTENT_RANKS: usize = 5_000;

fn plural(word: &str) -> String {
    if word.ends_with('s') || word.ends_with('x') {
        word.to_string()
    } else if let Some(stem) = word.strip_suffix("al") {
        format!("{stem}aux")
    } else {
        format!("{word}s")
    }
}

/// A pronounceable pseudo-word determined by `id` (the long tail of names).
fn pseudo_word(id: u64, syllables: usize) -> String {
    let mut rng = Draws::new(id.wrapping_mul(0x2545_f491_4f6c_dd1d) + 1);
    (0..syllables)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect()
}

const SYLLABLES: [&str; 40] = [
    "ba", "bé", "cha", "co", "da", "di", "fa", "fé", "ga", "go", "la", "li", "lo", "ma", "mé",
    "mi", "na", "no", "pa", "pi", "po", "ra", "ré", "ri", "ro", "sa", "si", "so", "ta", "té", "ti",
    "to", "va", "vi", "zo", "gui", "quin", "tron", "plan", "bri",
];

const FUNCTION_WORDS: [&str; 24] = [
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "en", "à", "au", "pour", "dans",
    "sur", "avec", "qui", "que", "est", "sont", "l'", "d'", "ce", "par",
];

pub(crate) const LEXICON: [&str; 170] = [
    "élève",
    "classe",
    "lecture",
    "écriture",
    "enseignant",
    "séance",
    "mot",
    "phrase",
    "texte",
    "histoire",
    "album",
    "cahier",
    "dictée",
    "orthographe",
    "grammaire",
    "verbe",
    "nom",
    "adjectif",
    "calcul",
    "nombre",
    "problème",
    "figure",
    "mesure",
    "temps",
    "espace",
    "carte",
    "jeu",
    "atelier",
    "groupe",
    "oral",
    "débat",
    "parole",
    "écoute",
    "voix",
    "chant",
    "musique",
    "rythme",
    "corps",
    "mouvement",
    "parcours",
    "équipe",
    "règle",
    "consigne",
    "projet",
    "sortie",
    "musée",
    "jardin",
    "plante",
    "graine",
    "animal",
    "eau",
    "air",
    "lumière",
    "ombre",
    "saison",
    "météo",
    "climat",
    "énergie",
    "robot",
    "écran",
    "code",
    "programme",
    "image",
    "dessin",
    "peinture",
    "couleur",
    "forme",
    "sculpture",
    "théâtre",
    "poème",
    "conte",
    "personnage",
    "récit",
    "fable",
    "auteur",
    "illustrateur",
    "bibliothèque",
    "livre",
    "page",
    "lettre",
    "son",
    "syllabe",
    "phonème",
    "graphème",
    "alphabet",
    "accent",
    "virgule",
    "point",
    "majuscule",
    "paragraphe",
    "brouillon",
    "révision",
    "évaluation",
    "progrès",
    "compétence",
    "objectif",
    "apprentissage",
    "autonomie",
    "coopération",
    "entraide",
    "tutorat",
    "différenciation",
    "manipulation",
    "matériel",
    "réglette",
    "cube",
    "jeton",
    "boulier",
    "tableau",
    "fraction",
    "décimal",
    "multiplication",
    "division",
    "addition",
    "soustraction",
    "géométrie",
    "symétrie",
    "angle",
    "droite",
    "cercle",
    "triangle",
    "carré",
    "volume",
    "masse",
    "longueur",
    "durée",
    "horloge",
    "calendrier",
    "frise",
    "époque",
    "château",
    "village",
    "ville",
    "pays",
    "continent",
    "océan",
    "rivière",
    "montagne",
    "forêt",
    "paysage",
    "citoyen",
    "vote",
    "conseil",
    "droit",
    "devoir",
    "respect",
    "émotion",
    "colère",
    "joie",
    "peur",
    "amitié",
    "famille",
    "parent",
    "maternelle",
    "école",
    "récréation",
    "cantine",
    "matin",
    "semaine",
    "rituel",
    "mémoire",
    "attention",
    "concentration",
    "réussite",
    "erreur",
    "fierté",
    "curiosité",
    "question",
    "réponse",
    "hypothèse",
];

/// Draws from the workspace's one PRNG ([`SplitMix64`]). Bounds are reduced by modulo
/// (not by [`SplitMix64::below`]'s multiply-shift) and ranks follow this Zipf-like formula,
/// as they always have here, so that the documents, and the figures measured on them, stay
/// the same.
struct Draws(SplitMix64);

impl Draws {
    fn new(seed: u64) -> Draws {
        Draws(SplitMix64::new(seed))
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    /// Zipf-like rank in `0..n`: low ranks are much more frequent.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        let rank = ((n as f64 + 1.0).powf(u) - 1.0) as usize;
        rank.min(n - 1)
    }
}
