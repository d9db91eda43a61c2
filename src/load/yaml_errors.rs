//! The YAML parser's errors, said in French for teachers, at the place to fix, with the fix.
//!
//! `yaml_serde` (and libyaml under it) reports in English and often at the token after the
//! mistake ("mapping values are not allowed in this context"). Here the commonest mistakes
//! are recognised from the text around the error (a `: ` inside a value, a tab or a stray
//! space in the indentation, a list item out of line, an unclosed quote or bracket…) and
//! explained; every other error kind maps to a French sentence. No English text from the
//! parser is ever passed on: an unknown message becomes a generic French one.

use std::ops::Range;

use super::yaml::{BUDGET_EXCEEDED, MAX_YAML_BYTES, TAG_REFUSED};
use super::yaml_layout::{self, Line, Problem, Shape};

/// A YAML error located in the YAML text and said in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Byte range in the YAML text.
    pub range: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Explanation {
    fn new(range: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Self {
        Explanation {
            range,
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

/// Explains `error`, met while parsing `yaml` whose top-level keys may be `known_keys`.
pub fn explain(yaml: &str, error: &yaml_serde::Error, known_keys: &[&str]) -> Explanation {
    let text = error.to_string();
    let at = error.location().map(|l| l.index().min(yaml.len()));
    data_error(yaml, &text, at).unwrap_or_else(|| syntax_error(yaml, &text, at, known_keys))
}

/// The message and help for YAML over the size cap: a front matter, or a whole file such
/// as `site.yaml`.
pub fn too_big(bytes: usize, whole_file: bool) -> (String, String) {
    let size = format!(
        "{} Ko, plus que le maximum de {} Ko",
        bytes.div_ceil(1024),
        MAX_YAML_BYTES / 1024
    );
    if whole_file {
        return (
            format!("le fichier fait {size}"),
            "ce fichier ne contient que des réglages courts : raccourcissez les textes trop longs"
                .to_string(),
        );
    }
    (
        format!("l'en-tête fait {size}"),
        "l'en-tête ne contient que des valeurs courtes : le texte long (description, \
         transcription) va sous la seconde ligne `---`, en Markdown"
            .to_string(),
    )
}

// ---------------------------------------------------------------------------------------
// Errors about values: wrong type, repeated key, limits.

fn data_error(yaml: &str, text: &str, at: Option<usize>) -> Option<Explanation> {
    let here = token_range(yaml, at.unwrap_or(0));
    let (path, rest) = [
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "unknown field ",
        "missing field ",
        "duplicate field ",
        "duplicate entry",
        "unknown variant ",
        BUDGET_EXCEEDED,
        TAG_REFUSED,
        "recursion limit exceeded",
        "repetition limit exceeded",
        "unknown anchor",
        "EOF while parsing",
        "expected a mapping",
        "unexpected tagged value in merge",
        "empty YAML tag",
        "failed to parse YAML number",
    ]
    .iter()
    .find_map(|marker| {
        let found = text.find(marker)?;
        let path = text[..found].strip_suffix(": ").filter(|p| *p != ".");
        Some((path, without_mark(&text[found..])))
    })?;
    let for_key = path.map(|k| format!(" pour `{k}`")).unwrap_or_default();
    let explanation = if let Some(rest) = rest.strip_prefix("invalid type: ") {
        wrong_type(yaml, here, rest, &for_key)
    } else if let Some(rest) = rest.strip_prefix("invalid value: ") {
        let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        Explanation::new(
            here,
            format!("valeur incorrecte{for_key} : {}", french_found(found)),
            format!("il faut {}", french_expected(expected)),
        )
    } else if rest.starts_with("invalid length ") {
        Explanation::new(
            here,
            format!("nombre d'éléments incorrect{for_key}"),
            "vérifiez la liste : ni élément en trop, ni élément manquant",
        )
    } else if rest.starts_with("duplicate") {
        repeated_key(yaml, rest, here)
    } else if let Some(name) = rest.strip_prefix("missing field ") {
        Explanation::new(
            here,
            format!("clé obligatoire manquante : {}", name.trim()),
            "ajoutez cette clé à l'en-tête",
        )
    } else if rest.starts_with("unknown field ") || rest.starts_with("unknown variant ") {
        let name = rest.split('`').nth(1).unwrap_or_default();
        Explanation::new(
            here,
            format!("valeur inconnue{for_key} : `{name}`"),
            "vérifiez l'orthographe de la clé et de la valeur (voir CONTRIBUTING.md)",
        )
    } else {
        return Some(limit_or_oddity(yaml, rest, here));
    };
    Some(explanation)
}

fn limit_or_oddity(yaml: &str, rest: &str, here: Range<usize>) -> Explanation {
    if rest.starts_with(BUDGET_EXCEEDED) || rest.starts_with("repetition limit exceeded") {
        let at = first_alias(yaml).unwrap_or(here.start);
        return Explanation::new(
            token_range(yaml, at),
            "l'en-tête est bien trop gros une fois ses alias (`*nom`) recopiés",
            "n'utilisez ni ancre `&nom` ni alias `*nom` : écrivez chaque valeur en toutes lettres",
        );
    }
    if rest.starts_with("recursion limit exceeded") {
        return Explanation::new(
            here,
            "l'en-tête est imbriqué trop profondément (plus de 128 niveaux)",
            "les valeurs de l'en-tête sont des textes ou des listes simples : retirez les crochets \
             ou les décalages en trop",
        );
    }
    if rest.starts_with("unknown anchor") {
        return reserved_start(yaml, here, '*');
    }
    if rest.starts_with(TAG_REFUSED) || rest.starts_with("empty YAML tag") {
        return reserved_start(yaml, here, '!');
    }
    if rest.starts_with("EOF while parsing") {
        return Explanation::new(
            here,
            "l'en-tête est vide",
            "écrivez les clés de l'en-tête, une par ligne : `clé: valeur`",
        );
    }
    // Merge keys (`<<`) and unreadable numbers: YAML features no contributor needs.
    Explanation::new(
        here,
        "valeur illisible à cet endroit de l'en-tête",
        "écrivez la valeur simplement, entre guillemets si c'est un texte",
    )
}

fn wrong_type(yaml: &str, here: Range<usize>, rest: &str, for_key: &str) -> Explanation {
    let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
    let message = format!(
        "type incorrect{for_key} : {} alors qu'il faut {}",
        french_found(found),
        french_expected(expected)
    );
    let help = if expected.contains("string") {
        if found.starts_with("sequence") || found.starts_with("map") {
            "écrivez un seul texte, entre guillemets".to_string()
        } else {
            quote_help(yaml, here.start)
        }
    } else if expected.contains("sequence") {
        "écrivez la liste entre crochets, les éléments séparés par des virgules : `[a, b]`"
            .to_string()
    } else if expected.contains("bool") {
        "écrivez `true` (oui) ou `false` (non), sans guillemets".to_string()
    } else if is_integer(expected) {
        "écrivez un nombre entier, sans guillemets, par exemple `24`".to_string()
    } else {
        "voir CONTRIBUTING.md pour la forme de chaque clé".to_string()
    };
    Explanation::new(here, message, help)
}

fn repeated_key(yaml: &str, rest: &str, here: Range<usize>) -> Explanation {
    let key = rest
        .split_once("key ")
        .map(|(_, k)| k.trim().trim_matches('"'))
        .unwrap_or_default();
    let second = yaml_layout::lines(yaml)
        .into_iter()
        .filter(|l| matches!(l.shape, Shape::Key { name, .. } if name == key))
        .nth(1);
    let range = second.map_or(here, |l| l.start + l.indent..l.start + l.indent + key.len());
    Explanation::new(
        range,
        format!("clé répétée : `{key}`"),
        "la même clé apparaît deux fois : gardez-en une seule",
    )
}

fn is_integer(expected: &str) -> bool {
    expected.contains("integer")
        || matches!(
            expected,
            "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
        )
}

fn french_found(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = value.trim_start_matches("point ").trim_matches('`');
    match kind {
        "string" => format!("le texte {value}"),
        "integer" | "floating" => format!("le nombre {value}"),
        "boolean" => format!("la valeur {value}"),
        "sequence" => "une liste".to_string(),
        "map" => "un ensemble de clés".to_string(),
        "unit" | "null" => "une valeur vide".to_string(),
        _ => "une valeur d'une autre forme".to_string(),
    }
}

fn french_expected(expected: &str) -> String {
    match expected {
        e if e.contains("string") => "un texte".into(),
        e if e.contains("sequence") => "une liste (`[a, b]` ou des lignes `- a`)".into(),
        e if e.contains("bool") => "`true` ou `false`".into(),
        e if e.contains("map") || e.starts_with("struct") => {
            "un ensemble de clés `clé: valeur`".into()
        }
        e if e.starts_with('u') && is_integer(e) => "un nombre entier positif".into(),
        e if is_integer(e) => "un nombre entier".into(),
        e if e.starts_with('f') || e.contains("float") => "un nombre".into(),
        _ => "une autre forme de valeur".into(),
    }
}

// ---------------------------------------------------------------------------------------
// Syntax errors: the parser could not read the text.

fn syntax_error(yaml: &str, text: &str, at: Option<usize>, known_keys: &[&str]) -> Explanation {
    let lines = yaml_layout::lines(yaml);
    let error_line = at.map(|at| line_at(&lines, at));
    let problem = without_mark(text);
    let context = context_of(yaml, text);
    if let Some(found) = layout_mistake(yaml, error_line, known_keys) {
        return found;
    }
    let last_line = error_line.unwrap_or(lines.len().saturating_sub(1));
    if let Some(found) =
        key_without_colon_space(&lines[..(last_line + 1).min(lines.len())], known_keys)
    {
        return found;
    }
    if let Some(found) =
        context.and_then(|(context, at)| unclosed(yaml, &lines, problem, context, at))
    {
        return found;
    }
    let flow_context = text.contains("while parsing a flow");
    if let Some(found) = flow_context
        .then(|| unbalanced_bracket(&lines[..(last_line + 1).min(lines.len())]))
        .flatten()
        .and_then(|at| unclosed(yaml, &lines, problem, "while parsing a flow sequence", at))
    {
        return found;
    }
    if let Some(found) = error_line
        .and_then(|n| lines.get(n))
        .and_then(|line| value_mistake(yaml, line, problem, at))
    {
        return found;
    }
    if problem.starts_with("could not find expected ':'") {
        if let Some(line) = context.and_then(|(_, at)| lines.get(line_at(&lines, at))) {
            return Explanation::new(
                line.start + line.indent..line.start + line.text.len(),
                "cette ligne n'a pas la forme `clé: valeur`",
                "ajoutez les deux-points après la clé, suivis d'une espace ; si la ligne continue \
                 la valeur du dessus, mettez toute cette valeur entre guillemets, sur une ligne",
            );
        }
    }
    if problem.starts_with("deserializing from YAML containing more than one document") {
        return extra_document_line(yaml, &lines);
    }
    let (message, help) = french_syntax(problem);
    Explanation::new(
        token_range(yaml, at.unwrap_or(0)),
        format!("erreur de syntaxe YAML : {message}"),
        help,
    )
}

// A tab or a misaligned line at or above the line where the parser stopped.
fn layout_mistake(
    yaml: &str,
    error_line: Option<usize>,
    known_keys: &[&str],
) -> Option<Explanation> {
    let problem = yaml_layout::problems(yaml)
        .into_iter()
        .find(|p| error_line.is_none_or(|n| p.line_number() <= n))?;
    Some(explain_layout(yaml, &problem, known_keys))
}

/// A layout problem of `yaml` said in French.
pub fn explain_layout(yaml: &str, problem: &Problem, known_keys: &[&str]) -> Explanation {
    let (line, expected, previous, owner) =
        match *problem {
            Problem::Tab { at, .. } => return Explanation::new(
                at..at + 1,
                "tabulation dans le décalage de la ligne",
                "remplacez la tabulation par des espaces : l'en-tête se décale uniquement avec \
                 des espaces (deux par niveau)",
            ),
            Problem::Misaligned {
                line,
                expected,
                previous,
                owner,
            } => (line, expected, previous, owner),
        };
    let content = line.start + line.indent..line.start + line.text.len();
    match line.shape {
        Shape::Dash { item } => misaligned_item(yaml, &line, item, expected, previous, owner),
        Shape::Key { name, .. } if expected == 0 => {
            let continues_value = previous
                .and_then(|p| match p.shape {
                    Shape::Key { name, value } if !value.is_empty() => Some(name),
                    _ => None,
                })
                .filter(|_| !known_keys.contains(&name));
            match continues_value {
                Some(key) => Explanation::new(
                    content,
                    format!(
                        "la valeur de `{key}` continue sur cette ligne et contient un deux-points"
                    ),
                    format!(
                        "mettez toute la valeur de `{key}` entre guillemets, sur une seule ligne : \
                         {key}: \"…\""
                    ),
                ),
                None => Explanation::new(
                    line.start..line.start + line.indent + name.len(),
                    format!("espace en trop au début de la ligne, avant `{name}`"),
                    format!(
                        "supprimez les espaces avant `{name}` : les clés de l'en-tête commencent \
                         tout à gauche, au début de la ligne"
                    ),
                ),
            }
        }
        _ => Explanation::new(
            content,
            format!(
                "ligne mal alignée : {} avant le texte, au lieu de {}",
                spaces(line.indent),
                spaces(expected)
            ),
            format!(
                "alignez cette ligne sur la clé du dessus : {} au début de la ligne",
                spaces(expected)
            ),
        ),
    }
}

fn misaligned_item(
    yaml: &str,
    line: &Line,
    item: &str,
    expected: usize,
    previous: Option<Line>,
    owner: Option<&str>,
) -> Explanation {
    let dash = line.start + line.indent..line.start + line.text.len();
    let key = owner.unwrap_or("la clé");
    let one_line = owner
        .map(|k| format!("`{k}: [{}]`", yaml_layout::list_items(yaml, k).join(", ")))
        .unwrap_or_default();
    let after_value = previous.is_some_and(
        |p| matches!(p.shape, Shape::Key { value, .. } if !value.is_empty() && p.indent < line.indent),
    );
    if after_value {
        return Explanation::new(
            dash,
            format!("élément de liste `- {item}` inattendu : `{key}` a déjà une valeur sur sa ligne"),
            format!(
                "écrivez toute la liste entre crochets : {one_line} ; ou laissez `{key}:` seul \
                 sur sa ligne, et chaque élément sur la sienne, décalé de deux espaces : `  - {item}`"
            ),
        );
    }
    Explanation::new(
        dash,
        format!("élément `- {item}` mal aligné dans la liste `{key}`"),
        format!(
            "placez ce tiret exactement sous celui de la ligne du dessus ({} avant le `-`), \
             ou écrivez la liste sur une ligne : {one_line}",
            spaces(expected)
        ),
    )
}

fn spaces(count: usize) -> String {
    match count {
        0 => "aucune espace".to_string(),
        1 => "1 espace".to_string(),
        n => format!("{n} espaces"),
    }
}

// `title:Calcul` (a known key glued to its value) or `title "Calcul"` (no colon).
fn key_without_colon_space(lines: &[Line], known_keys: &[&str]) -> Option<Explanation> {
    lines.iter().find_map(|line| {
        if line.shape != Shape::Other {
            return None;
        }
        let body = &line.text[line.indent..];
        let (key, rest) = known_keys
            .iter()
            .find_map(|key| Some((*key, body.strip_prefix(*key)?)))?;
        let at = line.start + line.indent;
        if let Some(value) = rest.strip_prefix(':') {
            return Some(Explanation::new(
                at..at + key.len() + 1,
                format!("il manque une espace après `{key}:`"),
                format!(
                    "écrivez `{key}: {}`, avec une espace après les deux-points",
                    value.trim()
                ),
            ));
        }
        let value = rest
            .strip_prefix([' ', '\t', '"', '\''].as_slice())
            .map(|_| rest.trim())?;
        Some(Explanation::new(
            at..at + key.len(),
            format!("il manque les deux-points après `{key}`"),
            format!("écrivez `{key}: {value}`, avec les deux-points et une espace"),
        ))
    })
}

// An unclosed quote, bracket or brace, found from the parser's context.
fn unclosed(
    yaml: &str,
    lines: &[Line],
    problem: &str,
    context: &str,
    at: usize,
) -> Option<Explanation> {
    let opening = yaml[at..].chars().next()?;
    let closing = match (context, opening) {
        ("while scanning a quoted scalar", '"' | '\'')
            if problem.starts_with("found unexpected end of stream") =>
        {
            opening
        }
        ("while parsing a flow sequence", '[') => ']',
        ("while parsing a flow mapping", '{') => '}',
        _ => return None,
    };
    let line = lines.get(line_at(lines, at))?;
    if closing != opening && line.text[at - line.start..].contains(closing) {
        return Some(Explanation::new(
            at..line.start + line.text.len(),
            "élément illisible dans la liste entre crochets",
            "mettez entre guillemets chaque élément qui contient `:`, `#` ou des guillemets, \
             par exemple `[\"a : b\", c]`",
        ));
    }
    let (what, message) = match closing {
        ']' => (
            "le crochet",
            "crochet `[` ouvert ici, jamais fermé".to_string(),
        ),
        '}' => (
            "l'accolade",
            "accolade `{` ouverte ici, jamais fermée".to_string(),
        ),
        _ => (
            "le guillemet",
            format!("guillemet `{opening}` ouvert ici, jamais fermé"),
        ),
    };
    let fixed = format!("{}{closing}", line.text.trim_end());
    Some(Explanation::new(
        at..at + 1,
        message,
        format!(
            "fermez {what} à la fin de la valeur, sur la même ligne : {}",
            fixed.trim_start()
        ),
    ))
}

// Mistakes inside a `key: value` line: a `: ` in the value, a reserved first character, a
// quoted text followed by more text.
fn value_mistake(yaml: &str, line: &Line, problem: &str, at: Option<usize>) -> Option<Explanation> {
    let Shape::Key { name, value } = line.shape else {
        return None;
    };
    let range = line.value_range()?;
    let fixed = corrected_line(yaml, line.start);
    let after_value_start = at.is_some_and(|at| at > range.start);
    if problem.starts_with("mapping values are not allowed")
        && after_value_start
        && (value.contains(": ") || value.ends_with(':'))
    {
        return Some(Explanation::new(
            range,
            format!("deux-points dans la valeur de `{name}`, qui n'est pas entre guillemets"),
            format!("mettez la valeur entre guillemets{fixed}"),
        ));
    }
    let first = value.chars().next()?;
    if "*&!%@`|>".contains(first) || value.starts_with("- ") || value.starts_with("? ") {
        return Some(reserved_start(yaml, range, first));
    }
    let quoted_then_more = matches!(first, '"' | '\'' | '[' | '{')
        && problem.starts_with("did not find expected key")
        && after_value_start;
    if quoted_then_more {
        return Some(Explanation::new(
            range,
            format!("la valeur de `{name}` continue après le guillemet (ou le crochet) fermant"),
            format!("mettez toute la valeur entre guillemets{fixed}"),
        ));
    }
    if problem.starts_with("found unknown escape character")
        || problem.starts_with("did not find expected hexadecimal number")
        || problem.starts_with("found invalid Unicode character escape code")
    {
        return Some(Explanation::new(
            range,
            format!(
                "barre oblique inverse `\\` dans la valeur de `{name}`, entre guillemets doubles"
            ),
            format!(
                "écrivez `\\\\` pour une barre oblique inverse, ou mettez la valeur entre \
                 apostrophes : {name}: '{}'",
                value.trim_matches('"')
            ),
        ));
    }
    None
}

// The last `[` left open in `lines`, outside quotes.
fn unbalanced_bracket(lines: &[Line]) -> Option<usize> {
    lines.iter().rev().find_map(|line| {
        let mut open = Vec::new();
        let mut quote = None;
        for (i, c) in line.text.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[') => open.push(line.start + i),
                (None, ']') => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.last().copied()
    })
}

// A value starting with a character YAML reserves (`*`, `&`, `!`…), at `range`.
fn reserved_start(yaml: &str, range: Range<usize>, first: char) -> Explanation {
    let lines = yaml_layout::lines(yaml);
    let name = match lines.get(line_at(&lines, range.start)).map(|l| l.shape) {
        Some(Shape::Key { name, .. }) => format!("la valeur de `{name}`"),
        _ => "une valeur".to_string(),
    };
    Explanation::new(
        range.clone(),
        format!("{name} commence par « {first} », un signe réservé en YAML"),
        quote_help(yaml, range.start),
    )
}

fn extra_document_line(yaml: &str, lines: &[Line]) -> Explanation {
    let separator = lines.iter().find(|l| {
        let text = l.text.trim_end();
        text == "---" || text == "..." || text.starts_with("--- ")
    });
    match separator {
        Some(line) => Explanation::new(
            line.start..line.start + line.text.len(),
            "ligne `---` (ou `...`) en trop au milieu de l'en-tête",
            "l'en-tête s'ouvre et se ferme par une ligne `---` exactement : supprimez celle-ci, \
             ou retirez ce qui la suit sur la ligne",
        ),
        None => Explanation::new(
            token_range(yaml, 0),
            "l'en-tête contient plusieurs documents YAML",
            "gardez une seule série de clés `clé: valeur`, sans ligne `---` au milieu",
        ),
    }
}

/// Every problem the parser (libyaml) reports, as (English start, French message, help).
const SYNTAX: &[(&str, &str, &str)] = &[
    ("mapping values are not allowed", "deux-points inattendu", QUOTE_OR_ALIGN),
    ("mapping keys are not allowed", "`?` inattendu en début de valeur", QUOTE),
    ("block sequence entries are not allowed", "tiret `-` inattendu : une liste ne peut pas commencer ici", "passez à la ligne après `clé:`, puis une ligne `  - élément` par élément ; ou écrivez la liste entre crochets"),
    ("did not find expected key", "ligne inattendue : une clé `nom: valeur` était attendue ici", QUOTE_OR_ALIGN),
    ("did not find expected '-' indicator", "un élément de liste `- …` était attendu ici", "alignez tous les tirets de la liste les uns sous les autres"),
    ("could not find expected ':'", "il manque les deux-points après une clé", "chaque ligne de l'en-tête s'écrit `clé: valeur`"),
    ("found character that cannot start any token", "caractère interdit au début d'une valeur", QUOTE),
    ("found a tab character", "tabulation dans le décalage de la ligne", "remplacez la tabulation par des espaces"),
    ("found unexpected end of stream", "l'en-tête s'arrête au milieu d'une valeur", "fermez les guillemets et les crochets ouverts"),
    ("did not find expected ',' or ']'", "crochet `[` jamais fermé", "fermez la liste par `]`, les éléments séparés par des virgules"),
    ("did not find expected ',' or '}'", "accolade `{` jamais fermée", "fermez par `}`, les éléments séparés par des virgules"),
    ("did not find expected node content", "valeur manquante ou illisible", QUOTE),
    ("found unknown escape character", "barre oblique inverse `\\` non permise entre guillemets doubles", "écrivez `\\\\`, ou mettez la valeur entre apostrophes"),
    ("found invalid Unicode character escape code", "code de caractère `\\u` invalide entre guillemets", "écrivez le caractère lui-même"),
    ("did not find expected hexadecimal number", "code de caractère `\\x` ou `\\u` incomplet entre guillemets", "écrivez le caractère lui-même"),
    ("found undefined alias", "alias `*nom` inconnu", QUOTE),
    ("did not find expected alphabetic or numeric character", "une valeur qui commence par `*` ou `&` doit être entre guillemets", QUOTE),
    ("found undefined tag handle", "une valeur qui commence par `!` doit être entre guillemets", QUOTE),
    ("did not find expected tag URI", "une valeur qui commence par `!` doit être entre guillemets", QUOTE),
    ("did not find the expected '>'", "une valeur qui commence par `!` doit être entre guillemets", QUOTE),
    ("did not find expected '!'", "une valeur qui commence par `!` doit être entre guillemets", QUOTE),
    ("did not find URI escaped octet", "une valeur qui commence par `!` doit être entre guillemets", QUOTE),
    ("found unexpected document indicator", "ligne `---` ou `...` inattendue", "l'en-tête s'ouvre et se ferme par une ligne `---` exactement"),
    ("control characters are not allowed", "caractère de contrôle invisible", "supprimez ce caractère, souvent copié d'un traitement de texte, et retapez le texte"),
    ("found an indentation indicator equal to 0", "`0` interdit après `|` ou `>`", "écrivez `|` seul, puis le texte dessous, décalé de deux espaces"),
    ("did not find expected comment or line break", "texte inattendu après la valeur", QUOTE),
    ("did not find expected whitespace or line break", "espace attendue après ce signe", QUOTE),
    ("did not find expected whitespace", "espace attendue après ce signe", QUOTE),
    ("found unexpected ':'", "deux-points inattendu", QUOTE),
    ("found duplicate anchor", "ancre `&nom` en double", NO_ANCHOR),
    ("found unknown directive name", "ligne commençant par `%` inattendue", DIRECTIVE),
    ("found duplicate %YAML directive", "ligne `%YAML` en double", DIRECTIVE),
    ("found duplicate %TAG directive", "ligne `%TAG` en double", DIRECTIVE),
    ("found incompatible YAML document", "version de YAML non prise en charge", DIRECTIVE),
    ("found extremely long version number", "ligne `%YAML` illisible", DIRECTIVE),
    ("did not find expected version number", "ligne `%YAML` illisible", DIRECTIVE),
    ("did not find expected digit or '.' character", "ligne `%YAML` illisible", DIRECTIVE),
    ("could not find expected directive name", "ligne commençant par `%` inattendue", DIRECTIVE),
    ("found unexpected non-alphabetical character", "ligne commençant par `%` inattendue", DIRECTIVE),
    ("did not find expected <document start>", "texte inattendu après la fin de l'en-tête", QUOTE_OR_ALIGN),
    ("did not find expected <stream-start>", "début de l'en-tête illisible", QUOTE_OR_ALIGN),
    ("input is too long", "l'en-tête est trop long", "raccourcissez l'en-tête"),
    ("invalid", "caractère illisible (encodage)", "enregistrez le fichier en UTF-8"),
    ("incomplete", "caractère illisible (encodage)", "enregistrez le fichier en UTF-8"),
    ("unexpected low surrogate area", "caractère illisible (encodage)", "enregistrez le fichier en UTF-8"),
    ("expected low surrogate area", "caractère illisible (encodage)", "enregistrez le fichier en UTF-8"),
];

const QUOTE: &str = "mettez la valeur entre guillemets : `clé: \"valeur\"`";
const QUOTE_OR_ALIGN: &str = "vérifiez le décalage de la ligne (des espaces, alignés sur la ligne \
     du dessus) ; un texte qui contient `: `, `#` ou des guillemets se met entre guillemets";
const NO_ANCHOR: &str = "n'utilisez ni ancre `&nom` ni alias `*nom` : écrivez chaque valeur";
const DIRECTIVE: &str = "supprimez la ligne qui commence par `%`";

fn french_syntax(problem: &str) -> (&'static str, &'static str) {
    SYNTAX
        .iter()
        .find(|(english, _, _)| problem.starts_with(english))
        .map(|(_, message, help)| (*message, *help))
        .unwrap_or(("en-tête illisible à cet endroit", QUOTE_OR_ALIGN))
}

// ---------------------------------------------------------------------------------------
// Reading the parser's message and the text around it.

// The message without its ` at line L column C` and what follows.
fn without_mark(text: &str) -> &str {
    [" at line ", " at position ", ", while "]
        .iter()
        .filter_map(|mark| text.find(mark))
        .min()
        .map_or(text, |end| &text[..end])
}

// The parser's context (`while scanning a quoted scalar`) and where it started.
fn context_of<'t>(yaml: &str, text: &'t str) -> Option<(&'t str, usize)> {
    let start = text.find(", while ")? + 2;
    let rest = &text[start..];
    let (context, mark) = rest.split_once(" at line ")?;
    let (line, column) = mark.split_once(" column ")?;
    let line: usize = line.trim().parse().ok()?;
    let column: usize = column
        .trim()
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    Some((context, offset_of(yaml, line, column)))
}

/// Byte offset of 1-based `line` and character `column` in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    let in_line = text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len() - line_start, |(i, _)| i);
    line_start + in_line
}

fn line_at(lines: &[Line], at: usize) -> usize {
    lines.iter().rposition(|l| l.start <= at).unwrap_or(0)
}

// From `at` to the end of its line (at least one byte when the text allows).
fn token_range(yaml: &str, at: usize) -> Range<usize> {
    let at = floor_boundary(yaml, at.min(yaml.len()));
    let end = yaml[at..].find(['\n', '\r']).map_or(yaml.len(), |e| at + e);
    at..end.max((at + 1).min(yaml.len()))
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn first_alias(yaml: &str) -> Option<usize> {
    yaml.match_indices('*').map(|(i, _)| i).find(|&i| {
        let before = yaml[..i].chars().next_back();
        let after = yaml[i + 1..].chars().next();
        before.is_none_or(|c| c.is_whitespace() || "[,{:-".contains(c))
            && after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

fn quote_help(yaml: &str, at: usize) -> String {
    format!(
        "mettez la valeur entre guillemets{}",
        corrected_line(yaml, at)
    )
}

/// ` : key: "value"`, the line at `at` with its value between quotes (empty if none).
fn corrected_line(yaml: &str, at: usize) -> String {
    let lines = yaml_layout::lines(yaml);
    let Some(line) = lines.get(line_at(&lines, at)) else {
        return String::new();
    };
    let (Shape::Key { name, .. }, Some(range)) = (line.shape, line.value_range()) else {
        return String::new();
    };
    // The whole rest of the line, comment included: a `#` in a title is part of it.
    let value = yaml[range.start..line.start + line.text.len()].trim();
    format!(" : {name}: {}", quote(value))
}

/// `value` as a YAML quoted text: double quotes, or single quotes when it holds double ones.
pub fn quote(value: &str) -> String {
    let bare = match (value.chars().next(), value.chars().next_back()) {
        (Some(a), Some(b)) if value.len() > 1 && a == b && (a == '"' || a == '\'') => {
            let inner = &value[1..value.len() - 1];
            // `'L'école'` was meant as one text; `"a" "b"` was not.
            if a == '"' && inner.contains('"') {
                value
            } else {
                inner
            }
        }
        _ => value,
    };
    if !bare.contains('"') {
        format!("\"{}\"", bare.replace('\\', "\\\\"))
    } else if !bare.contains('\'') {
        format!("'{bare}'")
    } else {
        format!("\"{}\"", bare.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(yaml: &str) -> Explanation {
        let error = super::super::yaml::parse_value(yaml).unwrap_err();
        explain(
            yaml,
            &error,
            &["title", "date", "themes", "summary", "links"],
        )
    }

    fn position(yaml: &str, explanation: &Explanation) -> (usize, usize) {
        crate::diagnostics::line_column(yaml, explanation.range.start)
    }

    #[test]
    fn colon_in_a_value_asks_for_quotes_and_shows_the_line() {
        let yaml = "title: Calcul mental : la méthode\ndate: 2026-01-01\n";
        let found = explained(yaml);
        assert_eq!(position(yaml, &found), (1, 8));
        assert_eq!(
            found.message,
            "deux-points dans la valeur de `title`, qui n'est pas entre guillemets"
        );
        assert_eq!(
            found.help.as_deref(),
            Some("mettez la valeur entre guillemets : title: \"Calcul mental : la méthode\"")
        );
    }

    #[test]
    fn quoting_keeps_the_text() {
        assert_eq!(quote("a : b"), "\"a : b\"");
        assert_eq!(quote("'L'école'"), "\"L'école\"");
        assert_eq!(quote("\"Le\" rituel"), "'\"Le\" rituel'");
        assert_eq!(quote("C:\\x"), "\"C:\\\\x\"");
    }

    /// Words of the parser's English messages that must never reach a contributor.
    const ENGLISH: &[&str] = &[
        "expected",
        "found",
        "invalid",
        "while",
        "parsing",
        "scanning",
        "did",
        "not",
        "find",
        "allowed",
        "mapping",
        "mappings",
        "scalar",
        "unknown",
        "duplicate",
        "missing",
        "field",
        "line",
        "column",
        "error",
        "could",
        "eof",
        "anchor",
        "recursion",
        "repetition",
        "limit",
        "exceeded",
        "sequence",
        "string",
        "integer",
        "boolean",
        "map",
        "entry",
        "key",
        "value",
        "document",
        "stream",
        "token",
        "character",
        "indentation",
        "tab",
        "the",
        "of",
        "in",
        "at",
        "is",
        "with",
        "tagged",
        "refused",
        "capsule",
        "budget",
    ];

    fn english_words(text: &str) -> Vec<String> {
        // Words between backticks come from the contributor's own file.
        let outside_quotes: String = text
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, part)| part)
            .collect::<Vec<_>>()
            .join(" ");
        outside_quotes
            .split(|c: char| !c.is_alphabetic())
            .map(str::to_lowercase)
            .filter(|w| ENGLISH.contains(&w.as_str()))
            .collect()
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        #[serde(default)]
        themes: Vec<String>,
        #[serde(default)]
        draft: bool,
        menu: Option<i32>,
        per_page: Option<usize>,
        #[serde(default)]
        links: std::collections::BTreeMap<String, String>,
    }

    const SCHEMA: crate::load::frontmatter::Schema = crate::load::frontmatter::Schema {
        kind: "vidéo",
        required: &["title"],
        optional: &["themes", "draft", "menu", "per_page", "links"],
    };

    fn nested(depth: usize) -> String {
        format!(
            "title: A\nthemes: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        )
    }

    fn alias_bomb() -> String {
        let mut text = String::from("title: A\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let previous = (b'a' + level - 1) as char;
            let name = (b'a' + level) as char;
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{previous}"); 10].join(", ")
            ));
        }
        text
    }

    #[test]
    fn no_parser_english_reaches_a_contributor() {
        let mut cases: Vec<String> = [
            "title: Calcul mental : la méthode\n",
            "title: A\nthemes:\n\t- lecture\n",
            "title: A\n\tdraft: true\n",
            "title: A\n draft: true\n",
            " title: A\ndraft: true\n",
            "title: A\nthemes:\n  - lecture\n - fluence\n",
            "title: A\nthemes:\n  - lecture\n    - fluence\n",
            "title: A\nthemes: lecture\n  - fluence\n",
            "title: A\nthemes: [\n",
            "title: *La* dictée\n",
            "title: &x\n",
            "title: \"Le\" rituel\n",
            "title: \"Le rituel\ndraft: true\n",
            "title: 'L'école'\n",
            "title: A\nthemes: [a, b\n",
            "title: {a\n",
            "title:Calcul\ndraft: true\n",
            "title \"x\"\ndraft: true\n",
            "title: A\nlinks:\n  A: x\n B: y\n",
            "title: A\n...\ndraft: true\n",
            "title: A\n--- x\n",
            "title: *nope\n",
            "title: !x y\n",
            "title: !<a y\n",
            "title: !!str\n",
            "title: %x\n",
            "title: @x\n",
            "title: `x\n",
            "title: |0\n  x\n",
            "title: > 10 ans\n",
            "title: - a\n",
            "title: ? a\n",
            "title: \"C:\\Users\"\n",
            "title: \"\\x4\"\n",
            "title: \"\\uZZZZ\"\n",
            "title: \"a\u{1}b\"\n",
            "title: a\u{7}b\n",
            "title: A\ntitle: B\n",
            "title: [a, b]\n",
            "title: 2026\n",
            "title: true\n",
            "title:\n",
            "title: A\nthemes: lecture\n",
            "title: A\nthemes: {a: b}\n",
            "title: A\ndraft: oui\n",
            "title: A\nmenu: premier\n",
            "title: A\nmenu: 1.5\n",
            "title: A\nmenu: 99999999999\n",
            "title: A\nper_page: -1\n",
            "title: A\nlinks: [a]\n",
            "title: A\nlinks:\n  Site: [a]\n",
            "title: A\n<<: {a: b}\n",
            "title: A\n<<: x\n",
            "%YAML 2.0\n---\ntitle: A\n",
            "%FOO\ntitle: A\n",
            "%YAML 1.1\n%YAML 1.1\n---\ntitle: A\n",
            "%TAG ! x\n%TAG ! y\n---\ntitle: A\n",
            "title: A\n? [a]\n: b\n",
            "title: A\nfoo bar\n",
            "title: |\n x\ny\n",
            "[a, b]\n",
            "- a\n",
            "title\n",
            "title: a: b: c\n",
            "title: A\n&a b: c\n",
            "title: [a, b]]\n",
            "title: \"a\" \"b\"\n",
            "title: 'a\n",
            "title: A\nthemes: [a: b: c]\n",
            "title: A\nthemes: [a, &b c, *b, *b]\n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cases.push(nested(200));
        cases.push(alias_bomb());
        cases.push(format!("title: A\n{}", "x: y\n".repeat(20_000)));
        let mut failures = Vec::new();
        for case in &cases {
            let source = crate::diagnostics::Source {
                rel_path: "content/videos/x.md".into(),
                text: format!("---\n{case}---\n").into(),
            };
            let front = crate::load::frontmatter::split(&source).unwrap();
            let Err(problems) = front.parse::<Sample>(&SCHEMA) else {
                continue;
            };
            for problem in problems {
                let help = problem.help.clone().unwrap_or_default();
                if std::env::var_os("SHOW_YAML_ERRORS").is_some() {
                    let shown: String = case.chars().take(80).collect();
                    println!(
                        "{shown:?}\n  {}:{} {}\n  aide : {help}",
                        problem.line, problem.column, problem.message
                    );
                }
                assert!(
                    !problem.message.is_empty() && problem.line >= 2,
                    "{case:?}: {problem:?}"
                );
                let english = english_words(&format!("{} {help}", problem.message));
                if !english.is_empty() {
                    failures.push(format!("{case:?}: {english:?} in {problem:#?}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn offsets_count_characters_in_columns() {
        let text = "é: a\nbé: c\n";
        assert_eq!(offset_of(text, 2, 3), text.rfind(':').unwrap());
    }
}
