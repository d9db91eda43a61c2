// Capsule search client: the browser half of the `capsule-search` crate.
//
// Why it exists: the site is static, so the browser ranks results itself from
// the precomputed index (search/FORMAT.md). It analyses French exactly like the
// Rust side (tantivy): split on non-alphanumerics, lower-case, fold accents,
// drop elided articles, long tokens and stop words, Snowball French stemming
// (french-stemmer.js); then it fetches only the shards of the query's terms, recomputes tantivy's
// BM25 in f32 from their term frequencies and field norms, expands the last
// word as a prefix, tolerates typos and counts facets.
// Plain modern JavaScript, no dependency, same-origin requests only.
//
//   const engine = await CapsuleSearch.load('/search/');
//   const { results, facets, total } = await engine.search('dictée', { limit: 10 });

import { stem } from './french-stemmer.js';

export { stem };

/* ------------------------------------------------------------------------ */
/* Analyzer: the same pipeline as search/src/analyzer.rs.                   */
/* ------------------------------------------------------------------------ */

/** Defaults; `load` replaces them with the exported `meta.json` values. */
export const DEFAULT_ANALYZER = {
  stopWords: ['a', 'au', 'aux', 'avec', 'c', 'ce', 'ces', 'cet', 'cette', 'd', 'dans', 'de',
    'des', 'du', 'elle', 'elles', 'en', 'est', 'et', 'il', 'ils', 'j', 'je', 'l', 'la', 'le',
    'les', 'leur', 'leurs', 'lui', 'm', 'mais', 'me', 'n', 'ne', 'nous', 'par', 'pas', 'pour',
    'qu', 'que', 'qui', 's', 'sa', 'se', 'ses', 'sont', 'sur', 't', 'te', 'tu', 'un', 'une',
    'vous', 'y'],
  elisions: ['c', 'd', 'j', 'jusqu', 'l', 'lorsqu', 'm', 'n', 'puisqu', 'qu', 'quoiqu', 's', 't'],
  apostrophes: ["'", '\u2019'],
  maxTokenBytes: 40,
};

/** Letters that tantivy's AsciiFoldingFilter folds but NFD does not decompose:
 * each entry is the letter followed by its ASCII replacement. */
const FOLD_TABLE = new Map(
  'æae ðd øo þth ßss đd ħh ıi ĳij ĸq ŀl łl ŉn ŋn œoe ŧt ſs ƀb ɓb ƃb ɔo ƈc ɖd ɗd ƌd ǝe əa ɛe ƒf ɠg ƕhv ɨi ƙk ƚl ɯm ɲn ƞn ɵo ƥp ʀR ƫt ƭt ʈt ʋv ƴy ƶz ƿw ǆdz ǉlj ǌnj ǣae ǥG ǧG ǳdz ǽae ǿo ȝz ȡd ȣou ȥz ȴl ȵn ȶt ȷj ȸdb ȹqp ⱥa ȼc ⱦt ȿs ɀz ʉu ʌv ɇe ɉj ɋq ɍr ɏy ẚa ẛf ẜs ẝs ỻll ỿy ⱡl ɫl ᵽp ɽr ⱨh ⱪk ⱬz ɱm ɐa ⱱv ⱳw ⱴv ⱶh ⱸe ⱺo ⱻE ⱼj ꜩtz ꜰF ꜱS ꜳaa ꜵao ꜷau ꜹav ꜻav ꜽay ꜿc ꝁk ꝃk ꝅk ꝇl ꝉl ꝋo ꝍo ꝏoo ꝑp ꝓp ꝕp ꝗq ꝙq ꝛr ꝟv ꝡvy ꝣz ꝧth ꝺd ꝼf ᵹg ꝿg ꞁl ꞃr ꞅS ɥh ɦh ɜe ɡg ɬl ɪI ʞk ʇt ʝj ʂs ᶎz ꟻF ꟼp ꟽM ꟾI ꟿM ﬀff ﬁfi ﬂfl ﬃffi ﬄffl ﬆst'.split(' ').map((entry) => {
    const [first, ...rest] = [...entry];
    return [first, rest.join('')];
  }),
);

const WORD = /[\p{Alphabetic}\p{N}]+/gu;
const MARKS = /\p{M}/gu;
const ASCII = /^[\x00-\x7f]+$/;
const encoder = new TextEncoder();

/** Lower-cases character by character, like tantivy's LowerCaser. */
function lowerCase(text) {
  let out = '';
  for (const ch of text) out += ch.toLowerCase();
  return out;
}

function foldChar(ch) {
  const mapped = FOLD_TABLE.get(ch);
  if (mapped !== undefined) return mapped;
  if (ch.charCodeAt(0) < 0x80) return ch;
  const stripped = ch.normalize('NFD').replace(MARKS, '');
  return ASCII.test(stripped) ? stripped : ch;
}

/** Lower-cases and folds accents to ASCII, like tantivy's AsciiFoldingFilter. */
export function fold(text) {
  if (ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) {
    let folded = FOLDED.get(ch);
    if (folded === undefined) {
      folded = '';
      for (const lower of lowerCase(ch)) folded += foldChar(lower);
      FOLDED.set(ch, folded);
    }
    out += folded;
  }
  return out;
}

/** Each character's lower-cased, folded form, computed once (both steps go by character). */
const FOLDED = new Map();

function configOf(config) {
  const c = config || DEFAULT_ANALYZER;
  if (!c._stop) {
    Object.defineProperty(c, '_stop', { value: new Set(c.stopWords) });
    Object.defineProperty(c, '_elisions', { value: new Set(c.elisions) });
  }
  return c;
}

/**
 * Analyses text into tokens `{ start, end, folded, stem }` (UTF-16 offsets in
 * `text`), dropping elided articles, long tokens and stop words.
 */
export function tokenize(text, config) {
  return words(text, config).map((w) => ({ ...w, stem: stem(w.folded) }));
}

/** The tokens of `tokenize` before stemming: `{ start, end, folded }`. */
function words(text, config) {
  const c = configOf(config);
  const tokens = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const folded = fold(match[0]);
    const elided = c._elisions.has(folded) && c.apostrophes.some((a) => text.startsWith(a, end));
    if (elided || encoder.encode(folded).length >= c.maxTokenBytes || c._stop.has(folded)) continue;
    tokens.push({ start, end, folded });
  }
  return tokens;
}

const stemCache = new Map();

/** `stem`, remembered: result pages stem the same words again and again. */
function cachedStem(word) {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    if (stemCache.size > 20000) stemCache.clear();
    stemmed = stem(word);
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** The indexed terms of a text. */
export function analyze(text, config) {
  return tokenize(text, config).map((t) => t.stem);
}

/** The words of a query: `{ folded, stem, atEnd }`, repeated words dropped. */
export function analyzeQuery(text, config) {
  const words = [];
  for (const t of tokenize(text, config)) {
    const word = { folded: t.folded, stem: t.stem, atEnd: t.end === text.length };
    if (!words.some((w) => w.stem === word.stem && w.atEnd === word.atEnd)) words.push(word);
  }
  return words;
}

/** Splits text into `{ text, mark }` parts, marking words whose stem is in `terms`. */
export function highlight(text, terms, config) {
  const wanted = new Set(terms);
  // Snowball only rewrites French endings: an ASCII word keeps its first two letters, so
  // most words need no stemming to be ruled out.
  const heads = new Set(terms.map((t) => t.slice(0, 2)));
  const mayMatch = (w) => w.length <= 3 || !ASCII.test(w) || heads.has(w.slice(0, 2));
  const parts = [];
  let last = 0;
  for (const t of words(text, config)) {
    if (!mayMatch(t.folded) || !wanted.has(cachedStem(t.folded))) continue;
    if (t.start > last) parts.push({ text: text.slice(last, t.start), mark: false });
    parts.push({ text: text.slice(t.start, t.end), mark: true });
    last = t.end;
  }
  if (last < text.length) parts.push({ text: text.slice(last), mark: false });
  return parts;
}

/* ------------------------------------------------------------------------ */
/* Typo distance: Levenshtein with adjacent transpositions (search/src/typo.rs). */
/* ------------------------------------------------------------------------ */

/** Edit distance between `a` and `b`, or -1 when it exceeds `limit`. */
export function distance(a, b, limit) {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > limit) return -1;
  let before = null;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      let best = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (before && i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        best = Math.min(best, before[j - 2] + 1);
      }
      row.push(best);
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > limit) return -1;
    before = previous;
    previous = row;
  }
  const d = previous[y.length];
  return d <= limit ? d : -1;
}

/** Edits allowed for a typed word of `chars` characters. */
export function maxEdits(chars, query) {
  if (chars >= query.twoEdits) return 2;
  if (chars >= query.oneEdit) return 1;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Static index access and ranking (search/src/ranker.rs is its Rust twin). */
/* ------------------------------------------------------------------------ */

/** Facet groups, in the order of filter bits. */
const FACET_GROUPS = ['topics', 'levels', 'duration', 'contributors', 'kinds'];
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) DIGIT_VALUE[DIGITS.charCodeAt(i)] = i;
const f32 = Math.fround;
const bitsView = new DataView(new ArrayBuffer(4));
/** Relative margin on score bounds: f32 rounding never moves a score that much. */
const BOUND_MARGIN = 1e-5;
const utf8 = new TextEncoder();

/** The f32 whose bit pattern is `bits` (weights and averages are exported exactly). */
function fromBits(bits) {
  bitsView.setUint32(0, bits);
  return bitsView.getFloat32(0);
}

/** Reads small numbers written as base-64 digits, least significant first. */
class DigitReader {
  constructor(text) {
    this.text = text;
    this.at = 0;
  }

  next() {
    let value = 0;
    let scale = 1;
    for (;;) {
      const digit = DIGIT_VALUE[this.text.charCodeAt(this.at++)];
      if (!(digit >= 0)) throw new Error("Nombre illisible dans l'index de recherche.");
      value += (digit & 31) * scale;
      if (digit < 32) return value;
      scale *= 32;
    }
  }
}

/** Decodes every number of `text` (see `DigitReader`). */
export function decodeNumbers(text) {
  const reader = new DigitReader(text);
  const values = [];
  while (reader.at < text.length) values.push(reader.next());
  return values;
}

/** Each of `count` documents' kind from runs `[kind, length, …]`; null without runs. */
function decodeRuns(text, count) {
  const runs = decodeNumbers(text);
  if (!runs.length) return null;
  const kinds = new Uint16Array(count);
  let at = 0;
  for (let i = 0; i + 1 < runs.length; i += 2) {
    kinds.fill(runs[i], at, at + runs[i + 1]);
    at += runs[i + 1];
  }
  if (at !== count) throw new Error("Types de documents illisibles dans l'index de recherche.");
  return kinds;
}

/** Increasing numbers written as their differences. */
function decodeGaps(text) {
  const reader = new DigitReader(text);
  const values = [];
  let value = 0;
  while (reader.at < text.length) values.push((value += reader.next()));
  return Uint32Array.from(values);
}

/** A term's documents: gaps, or `~` and the gaps of the documents without the term. */
function decodeDocs(text, docCount) {
  if (text[0] !== '~') return decodeGaps(text);
  const missing = decodeGaps(text.slice(1));
  const docs = new Uint32Array(docCount - missing.length);
  for (let doc = 0, at = 0, n = 0; doc < docCount; doc++) {
    if (at < missing.length && missing[at] === doc) at += 1;
    else docs[n++] = doc;
  }
  return docs;
}

/**
 * Facet value indices of `count` items, `width` base-64 digits a value, items split by
 * `.`: item `i` has `values[offsets[i]..offsets[i + 1]]`.
 */
function decodeColumn(text, count, tableLength) {
  let width = 1;
  while (64 ** width < tableLength) width += 1;
  const offsets = new Uint32Array(count + 1);
  const values = new Uint32Array(text.length);
  let item = 0;
  let size = 0;
  for (let i = 0; i < text.length && item < count; ) {
    if (text.charCodeAt(i) === 46) {
      item += 1;
      offsets[item] = size;
      i += 1;
      continue;
    }
    let value = 0;
    for (let j = 0; j < width; j++) value = value * 64 + DIGIT_VALUE[text.charCodeAt(i + j)];
    values[size++] = value;
    i += width;
  }
  for (let d = item + 1; d <= count; d++) offsets[d] = size;
  return { offsets, values };
}

/** FNV-1a (32 bits) of the UTF-8 bytes of `text`, as search/src/export/routing.rs. */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

/** The first `keyChars` characters of `term`. */
function shardKey(term, keyChars) {
  return [...term].slice(0, keyChars).join('');
}

/** First index of `sorted` whose entry (or `entry[0]`) is ≥ `prefix`. */
function lowerBound(sorted, prefix, key = (x) => x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]) < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position of `doc` in sorted `docs`, or -1. */
function positionOf(docs, doc) {
  const at = lowerBound(docs, doc);
  return at < docs.length && docs[at] === doc ? at : -1;
}

function byDocFreqThenTerm(a, b) {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

function decodeVocab(text) {
  const terms = [];
  let previous = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const first = line.indexOf(',');
    const last = line.lastIndexOf(',');
    const chars = previous.slice(0, Number(line.slice(0, first))).concat([...line.slice(first + 1, last)]);
    terms.push([chars.join(''), Number(line.slice(last + 1))]);
    previous = chars;
  }
  return terms;
}

/** tantivy's BM25 per field: boost and length cache, rebuilt in f32 from meta.json. */
function scoringModel(meta) {
  const k1 = f32(meta.bm25.k1);
  const b = f32(meta.bm25.b);
  return meta.fields.map(([, boost, averageBits]) => {
    const average = fromBits(averageBits);
    const cache = new Float32Array(256);
    for (let id = 0; id < 256; id++) {
      const fieldnorm = f32(meta.bm25.fieldnorms[id]);
      cache[id] = f32(k1 * f32(f32(1 - b) + f32(f32(b * fieldnorm) / average)));
    }
    return { boost: f32(boost), cache };
  });
}

/**
 * A term's entry: every posting's document and tier (0: the head); per field of its
 * mask, columns of the head postings' term frequencies and norm ids. The other postings
 * come document by document with the chunks.
 */
function decodeTerm(entry, fieldCount, docCount, bigDocFreq) {
  const [term, mask, weightBits, docText, tierText, tfTexts, normBases, normTexts, , tail] = entry;
  // `!`: a frequent term's head documents only, the others in `lists/{rank}.json`.
  const complete = docText[0] !== '!';
  const docs = complete ? decodeDocs(docText, docCount) : decodeGaps(docText.slice(1));
  const tiers = Uint8Array.from(tierText, (ch) => DIGIT_VALUE[ch.charCodeAt(0)]);
  const columns = [];
  for (let field = 0; field < fieldCount; field++) {
    if (!((mask >> field) & 1)) continue;
    const weight = fromBits(weightBits[columns.length]);
    columns.push({ field, weight, tfs: new Uint32Array(docs.length), norms: new Uint8Array(docs.length) });
  }
  const df = complete ? docs.length : bigDocFreq;
  const data = { term, docs, tiers, columns, known: new Uint8Array(docs.length), tail: null, version: 0, complete, df };
  const head = [];
  for (let i = 0; i < docs.length; i++) if (!tiers.length || !tiers[i]) head.push(i);
  fillColumns(data, head, tfTexts, normBases, normTexts);
  if (tail) {
    const [id, ranges, counts, kinds] = tail;
    data.tail = { id, ranges: ranges.map(([high, low]) => [fromBits(high), fromBits(low)]), counts, kinds };
  }
  return data;
}

/**
 * A frequent term's list file: every posting's document and label; the head postings'
 * term frequencies and norms move to their positions in the full list.
 */
function completeTerm(data, file, docCount) {
  const docs = decodeDocs(file.docs, docCount);
  const tiers = Uint8Array.from(file.tiers, (ch) => DIGIT_VALUE[ch.charCodeAt(0)]);
  const head = [];
  for (let i = 0; i < docs.length; i++) if (!tiers[i]) head.push(i);
  if (head.length !== data.docs.length) throw new Error("Liste illisible dans l'index de recherche.");
  for (const column of data.columns) {
    const tfs = new Uint32Array(docs.length);
    const norms = new Uint8Array(docs.length);
    head.forEach((position, i) => {
      tfs[position] = column.tfs[i];
      norms[position] = column.norms[i];
    });
    Object.assign(column, { tfs, norms });
  }
  const known = new Uint8Array(docs.length);
  for (const position of head) known[position] = 1;
  Object.assign(data, { docs, tiers, known, complete: true, df: docs.length });
  data.version += 1;
}

/** Sets the term frequencies and norm ids of the postings at `positions` (in order). */
function fillColumns(data, positions, tfTexts, normBases, normTexts) {
  data.columns.forEach((column, c) => {
    const tfs = new DigitReader(tfTexts[c]);
    const norms = new DigitReader(normTexts[c]);
    for (const i of positions) {
      const tf = tfs.next();
      column.tfs[i] = tf;
      if (tf) column.norms[i] = norms.next() + normBases[c];
    }
  });
  for (const i of positions) data.known[i] = 1;
  data.version += 1;
}

/** Labels: 0 head, 1..BUCKETS score buckets, FIRST_TIER.. tiers (search/src/export/terms.rs). */
const BUCKETS = 31;
const FIRST_TIER = 32;
const BUCKETS_PER_FILE = 8;

/**
 * The highest and lowest scores of the term alone that the label of posting `i` allows:
 * its bucket's bounds, in f64 from the span of the bucketed postings, or its tier's range.
 */
function tierRange(data, i) {
  const label = data.tiers.length ? data.tiers[i] : 0;
  if (!label || !data.tail) return [0, 0];
  const { ranges } = data.tail;
  if (label >= FIRST_TIER) return ranges[label - FIRST_TIER + 1];
  const [high, low] = ranges[0];
  const step = (high - low) / BUCKETS;
  const top = label === BUCKETS ? high : low + label * step;
  return [Math.max(top, low), low + (label - 1) * step];
}

/** The best score of the term alone beyond its head (0 without a tail). */
function beyondHead(data) {
  return data.tail && data.tail.ranges.length ? data.tail.ranges[0][0] : 0;
}

/**
 * An estimate of the number of documents holding any of terms found in `dfs` documents
 * each out of `count`, as if they were independent, rounded to two significant digits,
 * within what the known documents allow (search/src/testing/ranker.rs does the same).
 */
export function estimatedUnion(dfs, count, known) {
  const n = Math.max(count, 1);
  let missing = 1;
  for (const df of dfs) missing *= 1 - df / n;
  const largest = Math.max(0, known, ...dfs);
  const sum = dfs.reduce((a, b) => a + b, 0);
  const raw = Math.min(Math.max(Math.round(n * (1 - missing)), largest), Math.max(sum, largest));
  const digits = String(Math.max(raw, 1)).length;
  const scale = digits >= 2 ? 10 ** (digits - 2) : 1;
  return Math.floor((raw + Math.floor(scale / 2)) / scale) * scale;
}

/** The tier file (from 1) holding a posting labelled `label`: 8 buckets a file, then a file a tier. */
function tierFileOf(label) {
  if (!label) return 0;
  if (label <= BUCKETS) return Math.floor((label - 1) / BUCKETS_PER_FILE) + 1;
  return label - FIRST_TIER + Math.ceil(BUCKETS / BUCKETS_PER_FILE) + 1;
}

/**
 * A document chunk's postings of one document: per tail id, `[[field, tf, norm], …]`,
 * from its field norm ids and `gap, mask, tf…` numbers.
 */
function decodeDocPostings(normText, postingText) {
  const norms = decodeNumbers(normText);
  const values = decodeNumbers(postingText);
  const found = new Map();
  for (let at = 0, id = 0; at < values.length; ) {
    id += values[at];
    const mask = values[at + 1];
    at += 2;
    const fields = [];
    for (let field = 0; field < norms.length; field++) {
      if ((mask >> field) & 1) fields.push([field, values[at++], norms[field]]);
    }
    found.set(id, fields);
  }
  return found;
}

/** The whole vocabulary, when meta.json carries it: planning needs no request. */
class InlineVocabulary {
  constructor(text) {
    this.terms = decodeVocab(text);
    this.docFreq = new Map(this.terms);
  }

  has(term) {
    return this.docFreq.has(term);
  }

  /** Terms starting with `prefix`, most frequent first. */
  completions(prefix) {
    return this.startingWith(prefix).sort(byDocFreqThenTerm).map(([term]) => term);
  }

  /** `[term, df]` of the terms starting with `first`. */
  startingWith(first) {
    const found = [];
    for (let i = lowerBound(this.terms, first, (t) => t[0]); i < this.terms.length; i++) {
      if (!this.terms[i][0].startsWith(first)) break;
      found.push(this.terms[i]);
    }
    return found;
  }
}

/** Fetches JSON files of the index, each once, from the same origin only. */
class Loader {
  constructor(base, fetchImpl) {
    this.base = base;
    this.fetch = fetchImpl;
    this.cache = new Map();
    this.version = '';
    this.log = [];
  }

  json(path) {
    if (!this.cache.has(path)) {
      const suffix = this.version ? `?v=${this.version}` : '';
      const url = new URL(path + suffix, this.base).href;
      this.log.push(path);
      const request = this.fetch(url, { credentials: 'same-origin' }).then((response) => {
        if (!response.ok) throw new Error(`Index de recherche indisponible (${response.status}) : ${path}`);
        return response.json();
      });
      request.catch(() => this.cache.delete(path));
      this.cache.set(path, request);
    }
    return this.cache.get(path);
  }
}

/** A loaded static index: `search()` is the whole public surface. */
export class SearchEngine {
  constructor(meta, loader) {
    this.meta = meta;
    this.loader = loader;
    this.analyzer = meta.analyzer;
    this.model = scoringModel(meta);
    this.vocabulary = meta.vocab.inline ? new InlineVocabulary(meta.vocab.inline) : null;
    this.big = decodeVocab(meta.shards.big);
    this.terms = new Map();
    this.tailPostings = new Map();
    this.sortedTerms = null;
    this.tailTerms = new Map();
    this.prefixes = new Map();
    this.pages = new Map();
    this.earlyFacets = new Map();
    this.earlyLists = new Map();
    this.cards = new Map();
    this.slices = [];
    this.contributors = null;
    const n = meta.docCount;
    this.kinds = decodeRuns(meta.facets.kindRuns || '', n);
    this.facetStore = { topics: new Array(n), levels: new Array(n), duration: new Int8Array(n).fill(-1) };
    this.loading = new Map();
    this.loaded = new Set(['meta.json']);
    this.impactCache = new Map();
    /** How many documents the last unproven page left in doubt. */
    this.doubt = 0;
  }

  /** Paths fetched so far (for budgets and tests). */
  get fetched() {
    return [...this.loader.log];
  }

  /**
   * Ranks `query` and returns `{ results, facets, total, estimated }` (`estimated`: the
   * counts of topics, levels and durations are estimates). Options: `filters`
   * ({ topics, levels, contributors, duration, kinds }: arrays of ids), `limit` (10),
   * `offset` (0), `facets` (true; false skips facet counts) and `contributors`
   * (false; true fetches the contributor facet, also fetched when filtering by it).
   */
  async search(query, options = {}) {
    const { filters = {}, limit = 10, offset = 0 } = options;
    const wantFacets = options.facets !== false;
    const filtered = hasFilters(filters);
    const groups = await this.plan(query);
    const stored = await this.storedPage(query, groups, options);
    if (stored) return stored;
    const fromHead = await this.headPage(groups, options);
    if (fromHead) return fromHead;
    await this.fetchWave(this.missingLists(groups));
    const { docs: matching, conjunction } = this.candidates(groups);
    const precounted = wantFacets && !filtered ? this.precounted(groups) : null;
    const pending = this.facetFiles(groups, conjunction, precounted, wantFacets || hasFacetFilters(filters));
    const estimate = !filtered && wantFacets ? this.estimateFrom(groups, pending) : null;
    if (estimate) pending.length = 0;
    if (options.contributors || (filters.contributors || []).length) pending.push('contributors.json');
    if (filtered) await this.fetchWave(pending.splice(0));
    const selected = this.selection(filters);
    const kept = filtered ? matching.filter((doc) => this.failures(doc, selected) === 0) : matching;
    let top;
    for (;;) {
      const proof = this.certify(groups, kept, offset + limit);
      if (proof.page) {
        top = proof.page;
        break;
      }
      pending.push(...proof.chunks);
      await this.fetchWave(pending.splice(0));
    }
    const page = top.slice(offset);
    pending.push(...this.missingCards(page));
    await this.fetchWave(pending);
    let facets = {};
    if (estimate) facets = this.estimateFacets(matching, estimate);
    else if (wantFacets) facets = this.countFacets(matching, selected, precounted);
    const results = page.map((doc) => this.result(doc, groups));
    return { results, facets, total: kept.length, estimated: Boolean(estimate), totalEstimated: false };
  }

  /** Every matching document `{ doc, score }`, best first, every score exact. */
  async rank(query) {
    const groups = await this.plan(query);
    await this.fetchWave(this.missingLists(groups));
    const { docs } = this.candidates(groups);
    const known = this.scores(groups);
    await this.fetchWave(this.chunks(docs.filter((doc) => known.unknown[doc])));
    const scores = this.scores(groups);
    const ranked = Array.from(docs, (doc) => ({ doc, score: scores.total[doc] }));
    return ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /**
   * The page of a one-word query without filters whose frequent terms' lists are not
   * loaded, when their heads (and the chunks of the documents they leave in doubt, one
   * round trip at most) prove it: the documents not listed hold those terms beyond their
   * heads, so they score at most the sum of their best scores there. The total is a single
   * term's document frequency, else an estimate (`totalEstimated`); the counts a single
   * term's own, else scaled from the most frequent term's. Null when the lists are needed.
   */
  async headPage(groups, options) {
    const { filters = {}, limit = 10, offset = 0 } = options;
    if (groups.length !== 1 || hasFilters(filters) || options.contributors || this.contributors) return null;
    const terms = groups[0].map(({ term, weight }) => [this.terms.get(term), weight]).filter(([data]) => data);
    const partial = terms.filter(([data]) => !data.complete);
    if (!partial.length || partial.some(([data]) => !data.tail)) return null;
    let outside = 0;
    for (const [data, weight] of partial) outside += f32(weight) * beyondHead(data);
    outside *= 1 + BOUND_MARGIN;
    const dfs = terms.map(([data]) => data.df);
    let reference = null;
    for (const [data] of partial) if (!reference || data.df >= reference.df) reference = data;
    const single = terms.length === 1;
    const listed = this.groupDocs(groups[0]);
    const need = offset + limit;
    let top = null;
    for (let waves = 0; ; waves++) {
      const proof = this.certify(groups, listed, need);
      if (proof.chunks) {
        // One round trip of chunks at most; beyond, the lists settle it.
        const settles = waves === 0 && this.doubt <= this.meta.cards.wave;
        if (!settles || proof.chunks.some((path) => path.startsWith('tails/'))) return this.giveUpHeads(groups);
        await this.fetchWave(proof.chunks);
        continue;
      }
      const { page } = proof;
      let proven = page.length === need;
      if (proven && page.length) {
        const s = this.scores(groups);
        const last = page[page.length - 1];
        const low = s.unknown[last] ? s.lower[last] * (1 - BOUND_MARGIN) : s.total[last];
        proven = low > outside;
      }
      if (!proven) return this.giveUpHeads(groups);
      top = page;
      break;
    }
    const page = top.slice(offset);
    await this.fetchWave(this.missingCards(page));
    const total = single ? dfs[0] : estimatedUnion(dfs, this.meta.docCount, listed.length);
    const facets = {};
    if (options.facets !== false) {
      const own = [...reference.tail.counts, reference.tail.kinds || []];
      const df = Math.max(reference.df, 1);
      const scaled = single ? own : own.map((counts) => counts.map((c) => Math.round((c * total) / df)));
      Object.assign(facets, this.ownFacets(scaled));
    }
    const results = page.map((doc) => this.result(doc, groups));
    return { results, facets, total, estimated: !single && options.facets !== false, totalEstimated: !single };
  }

  /** A head page that cannot be proven: fetches the lists of the query's terms. */
  async giveUpHeads(groups) {
    await this.fetchWave(this.missingLists(groups));
    return null;
  }

  /** The documents listed by the terms of `group` (heads of terms without their list), sorted. */
  groupDocs(group) {
    const docs = new Set();
    for (const { term } of group) for (const doc of (this.terms.get(term) || { docs: [] }).docs) docs.add(doc);
    return [...docs].sort((a, b) => a - b);
  }

  /** The list files of the planned terms not loaded yet. */
  missingLists(groups) {
    const paths = [];
    for (const group of groups) {
      for (const { term } of group) {
        const data = this.terms.get(term);
        const path = data && !data.complete ? this.listPath(term) : null;
        if (path) paths.push(path);
      }
    }
    return paths;
  }

  /** The list file of a frequent term that has one, or null. */
  listPath(term) {
    const rank = lowerBound(this.big, term, (t) => t[0]);
    const found = rank < this.big.length && this.big[rank][0] === term;
    return found && this.big[rank][1] > this.meta.shards.listsAbove ? `lists/${rank}.json` : null;
  }

  /** The list file going with a frequent term's file `terms/{rank}.json`, or null. */
  listOfHome(path) {
    const match = /^terms\/(\d+)\.json$/.exec(path);
    const entry = match ? this.big[Number(match[1])] : null;
    return entry && entry[1] > this.meta.shards.listsAbove ? `lists/${match[1]}.json` : null;
  }

  /**
   * Whether the query will likely need the lists of its frequent terms, fetched then with
   * their files: with several words (a one-word page comes from a stored page or heads).
   */
  prefetchesLists(words) {
    return words.length > 1;
  }

  /**
   * The stored first page of a one-word query without filters (a word completing to
   * several frequent terms): its documents, total and counts as tantivy gives them.
   */
  async storedPage(query, groups, options) {
    const { filters = {}, limit = 10, offset = 0 } = options;
    const words = analyzeQuery(query, this.analyzer);
    if (words.length !== 1 || hasFilters(filters) || options.contributors || this.contributors) return null;
    const [word] = words;
    if (!word.atEnd || [...word.folded].length < this.meta.query.minPrefix) return null;
    const stored = this.pages.get(word.folded);
    if (!stored) return null;
    const [total, docs, ...counts] = stored;
    if (offset + limit > docs.length && docs.length < total) return null;
    const page = docs.slice(offset, offset + limit);
    await this.fetchWave(this.missingCards(page));
    const facets = {};
    if (options.facets !== false) Object.assign(facets, this.ownFacets(counts));
    const results = page.map((doc) => this.result(doc, groups));
    return { results, facets, total, estimated: false, totalEstimated: false };
  }

  /** Facets from counts of topics, levels, durations and kinds (table order): the values counted. */
  ownFacets(counts) {
    const facets = {};
    [0, 1, 2, 4].forEach((g, i) => {
      const shown = [];
      this.labels(g).forEach((v, at) => {
        if (counts[i][at] > 0) shown.push({ id: v[0], label: v[1], count: counts[i][at], selected: false });
      });
      facets[FACET_GROUPS[g]] = shown;
    });
    return facets;
  }

  /** Whether `term` is a frequent term (a file of its own). */
  isBig(term) {
    const rank = lowerBound(this.big, term, (t) => t[0]);
    return rank < this.big.length && this.big[rank][0] === term;
  }

  /* Files ---------------------------------------------------------------- */

  /** Fetches `paths` (those not loaded yet) in parallel: one round trip. */
  async fetchWave(paths) {
    const wanted = [...new Set(paths)].filter((path) => !this.loaded.has(path));
    await Promise.all(wanted.map((path) => this.loadFile(path)));
  }

  loadFile(path) {
    if (!this.loading.has(path)) {
      const done = this.loader.json(path).then((file) => {
        this.apply(path, file);
        this.loaded.add(path);
      });
      done.catch(() => this.loading.delete(path));
      this.loading.set(path, done);
    }
    return this.loading.get(path);
  }

  apply(path, file) {
    const [folder, name] = path.split('/');
    const id = name ? name.replace(/\.json$/, '') : '';
    if (folder === 'shards' || folder === 'terms') this.applyShard(file);
    else if (folder === 'tails') this.applyTier(id, file);
    else if (folder === 'lists') this.applyList(id, file);
    else if (folder === 'facets') this.applyFacetFile(id, file);
    else if (folder === 'docs') this.applyChunk(file);
    else if (folder === 'vocab') this.slices.push(...decodeVocab(file.terms));
    else this.contributors = { labels: file.labels, docs: decodeColumn(file.docs, this.meta.docCount, file.labels.length) };
  }

  applyShard(shard) {
    for (const entry of shard.terms) {
      if (this.terms.has(entry[0])) continue;
      const bigDocFreq = this.isBig(entry[0]) ? this.big[lowerBound(this.big, entry[0], (t) => t[0])][1] : 0;
      const data = decodeTerm(entry, this.model.length, this.meta.docCount, bigDocFreq);
      this.terms.set(entry[0], data);
      if (data.tail) this.tailTerms.set(data.tail.id, data);
      const list = this.earlyLists.get(data.term);
      if (list) {
        this.earlyLists.delete(data.term);
        this.completeList(data, list);
      }
      const facets = entry[8];
      if (facets) this.addFacets(data.docs, facets[0], facets[1], facets[2]);
    }
    this.sortedTerms = null;
    for (const card of shard.cards) this.addCard(card);
    for (const [prefix, list] of Object.entries(shard.prefixes || {})) this.prefixes.set(prefix, list);
    for (const [word, page] of Object.entries(shard.pages || {})) this.pages.set(word, page);
  }

  applyTier(name, file) {
    const data = this.tailTerms.get(Number(name.split('-')[0]));
    if (!data) throw new Error(`Palier inconnu dans l'index de recherche : ${name}`);
    fillColumns(data, decodeGaps(file.postings), file.tfs, file.normBases, file.norms);
  }

  applyChunk(file) {
    file.cards.forEach((card, i) => {
      this.tailPostings.set(card[0], decodeDocPostings(file.norms[i], file.postings[i]));
      this.addCard(card);
    });
  }

  applyFacetFile(name, file) {
    const data = this.tailTerms.get(Number(name));
    if (!data) throw new Error(`Facettes inconnues dans l'index de recherche : ${name}`);
    if (!data.complete) this.earlyFacets.set(data.term, file);
    else this.addFacets(data.docs, file.topics, file.levels, file.duration);
  }

  /** A list file, applied to its term now or once the term's file arrives. */
  applyList(rank, file) {
    const entry = this.big[Number(rank)];
    if (!entry) throw new Error(`Liste inconnue dans l'index de recherche : ${rank}`);
    const data = this.terms.get(entry[0]);
    if (data) this.completeList(data, file);
    else this.earlyLists.set(entry[0], file);
  }

  completeList(data, file) {
    if (data.complete) return;
    completeTerm(data, file, this.meta.docCount);
    const early = this.earlyFacets.get(data.term);
    if (early) {
      this.earlyFacets.delete(data.term);
      this.addFacets(data.docs, early.topics, early.levels, early.duration);
    }
  }

  addFacets(docs, topicText, levelText, durationText) {
    const { topics, levels } = this.meta.facets;
    const topicColumn = decodeColumn(topicText, docs.length, topics.length);
    const levelColumn = decodeColumn(levelText, docs.length, levels.length);
    const store = this.facetStore;
    docs.forEach((doc, i) => {
      store.topics[doc] = topicColumn.values.subarray(topicColumn.offsets[i], topicColumn.offsets[i + 1]);
      store.levels[doc] = levelColumn.values.subarray(levelColumn.offsets[i], levelColumn.offsets[i + 1]);
      store.duration[doc] = DIGIT_VALUE[durationText.charCodeAt(i)];
    });
  }

  addCard(card) {
    const [doc, , , , , secs, topics, levels] = card;
    if (this.cards.has(doc)) return;
    this.cards.set(doc, card);
    const store = this.facetStore;
    if (store.duration[doc] < 0) {
      store.topics[doc] = topics;
      store.levels[doc] = levels;
      store.duration[doc] = this.meta.facets.duration.findIndex(([, , min, max]) => secs >= min && (max === null || secs < max));
    }
  }

  /** Where `term` lives: its own file when frequent, else its key's shard. */
  home(term) {
    const rank = lowerBound(this.big, term, (t) => t[0]);
    if (rank < this.big.length && this.big[rank][0] === term) return `terms/${rank}.json`;
    return this.shardPath(term);
  }

  shardPath(key) {
    const { count, keyChars } = this.meta.shards;
    return `shards/${fnv1a(shardKey(key, keyChars)) % count}.json`;
  }

  /* Planning -------------------------------------------------------------- */

  /** The query's groups of `{ term, weight }`, every planned term loaded. */
  async plan(query) {
    const words = analyzeQuery(query, this.analyzer);
    for (;;) {
      const needed = [];
      const groups = words.map((word) => this.planWord(word, needed));
      // A completion may already be loaded from its prefix's shard (a copy).
      for (const group of groups) for (const { term } of group) if (!this.terms.has(term)) needed.push(this.home(term));
      if (this.prefetchesLists(words)) needed.push(...needed.map((path) => this.listOfHome(path)).filter(Boolean));
      const missing = needed.filter((path) => !this.loaded.has(path));
      if (!missing.length) return groups.filter((group) => group.length);
      await this.fetchWave(missing);
    }
  }

  /** The word's terms as far as the loaded files tell; files still needed go to `needed`. */
  planWord(word, needed) {
    const q = this.meta.query;
    const group = [];
    const known = this.hasTerm(word.stem);
    if (known === null) needed.push(this.home(word.stem));
    else if (known) group.push({ term: word.stem, weight: 1 });
    if (word.atEnd && [...word.folded].length >= q.minPrefix) {
      const completions = this.completions(word);
      if (typeof completions === 'string') {
        needed.push(completions, ...this.bigCompletions(word).map((term) => this.home(term)));
      } else {
        for (const term of completions) group.push({ term, weight: q.prefixWeight });
      }
    }
    if (!group.length && !needed.length) {
      const corrections = this.corrections(word);
      if (typeof corrections === 'string') needed.push(corrections);
      else for (const term of corrections) group.push({ term, weight: q.fuzzyWeight });
    }
    return group;
  }

  /** Whether `term` is indexed; null until its home is loaded. */
  hasTerm(term) {
    if (this.vocabulary) return this.vocabulary.has(term);
    if (this.terms.has(term)) return true;
    return this.loaded.has(this.home(term)) ? false : null;
  }

  /** The word's prefix completions, or the path of the file that lists them. */
  completions(word) {
    const limit = this.meta.query.maxPrefix;
    let ranked;
    if (this.vocabulary) {
      ranked = this.vocabulary.completions(word.folded);
    } else {
      const keyChars = this.meta.shards.keyChars;
      const path = this.shardPath(word.folded);
      if (!this.loaded.has(path)) return path;
      ranked = [...word.folded].length < keyChars ? this.prefixes.get(word.folded) || [] : this.loadedCompletions(word.folded);
    }
    return ranked.filter((term) => term !== word.stem).slice(0, limit);
  }

  /** The frequent terms among the word's completions (all of them come first). */
  bigCompletions(word) {
    const found = [];
    for (let i = lowerBound(this.big, word.folded, (t) => t[0]); i < this.big.length; i++) {
      if (!this.big[i][0].startsWith(word.folded)) break;
      if (this.big[i][0] !== word.stem) found.push(this.big[i]);
    }
    return found.sort(byDocFreqThenTerm).slice(0, this.meta.query.maxPrefix).map(([term]) => term);
  }

  /** Loaded and frequent terms starting with `prefix`, most frequent first. */
  loadedCompletions(prefix) {
    if (!this.sortedTerms) this.sortedTerms = [...this.terms.keys()].sort();
    const found = [];
    for (let i = lowerBound(this.sortedTerms, prefix); i < this.sortedTerms.length; i++) {
      const term = this.sortedTerms[i];
      if (!term.startsWith(prefix)) break;
      found.push([term, this.terms.get(term).df]);
    }
    for (let i = lowerBound(this.big, prefix, (t) => t[0]); i < this.big.length; i++) {
      if (!this.big[i][0].startsWith(prefix)) break;
      if (!this.terms.has(this.big[i][0])) found.push(this.big[i]);
    }
    return found.sort(byDocFreqThenTerm).map(([term]) => term);
  }

  /** Typo corrections (same first letter, closest, then most frequent), or the slice they need. */
  corrections(word) {
    const q = this.meta.query;
    const limit = maxEdits([...word.folded].length, q);
    if (!limit || !word.stem) return [];
    const first = String.fromCodePoint(word.stem.codePointAt(0));
    let candidates;
    if (this.vocabulary) {
      candidates = this.vocabulary.startingWith(first);
    } else {
      const hex = first.codePointAt(0).toString(16);
      const path = `vocab/${hex}.json`;
      if (this.meta.vocab.slices.includes(hex) && !this.loaded.has(path)) return path;
      candidates = this.slices;
    }
    const found = [];
    for (const [term, df] of candidates) {
      if (df < q.fuzzyMinDocFreq || !term.startsWith(first)) continue;
      const d = distance(word.stem, term, limit);
      if (d >= 0) found.push([term, df, d]);
    }
    found.sort((a, b) => a[2] - b[2] || byDocFreqThenTerm(a, b));
    return found.slice(0, q.maxFuzzy).map(([term]) => term);
  }

  /* Ranking --------------------------------------------------------------- */

  /** Documents matching every group (or, when none does, any), sorted; and which it is. */
  candidates(groups) {
    const count = this.meta.docCount;
    const held = new Uint8Array(count);
    const any = new Uint8Array(count);
    groups.forEach((group, g) => {
      for (const { term } of group) {
        const data = this.terms.get(term);
        if (!data) continue;
        for (const doc of data.docs) {
          if (held[doc] === g) held[doc] = g + 1;
          any[doc] = 1;
        }
      }
    });
    const all = [];
    for (let doc = 0; doc < count; doc++) if (groups.length && held[doc] === groups.length) all.push(doc);
    if (all.length || groups.length <= 1) return { docs: all, conjunction: true };
    const some = [];
    for (let doc = 0; doc < count; doc++) if (any[doc]) some.push(doc);
    return { docs: some, conjunction: false };
  }

  /**
   * Scores of every document as far as the loaded postings tell: `total` (exact when
   * `unknown` is 0), `lower` and `upper` bounds otherwise. Sums are f32 in tantivy's
   * order: terms of a group in plan order, then groups; bounds are f64, in the same order
   * as the Rust twin's.
   */
  scores(groups) {
    const count = this.meta.docCount;
    const total = new Float32Array(count);
    const lower = new Float64Array(count);
    const upper = new Float64Array(count);
    const unknown = new Uint8Array(count);
    const sum = new Float32Array(count);
    const seen = new Uint8Array(count);
    for (const group of groups) {
      const touched = [];
      const partial = group.some(({ term }) => this.terms.has(term) && !this.terms.get(term).complete);
      const listed = partial ? this.groupDocs(group) : null;
      for (const { term, weight } of group) {
        const data = this.terms.get(term);
        if (!data) continue;
        const impacts = this.impacts(data, weight);
        const w = f32(weight);
        const { docs } = data;
        const tailId = data.tail ? data.tail.id : -1;
        if (!data.complete) {
          // Beyond the head of a term whose list is not loaded: the document's chunk tells
          // whether it holds the term; without it, 0 to the best score beyond the head.
          const high = beyondHead(data);
          for (const doc of listed) {
            if (!seen[doc]) {
              seen[doc] = 1;
              touched.push(doc);
            }
            const i = positionOf(docs, doc);
            if (i >= 0) {
              sum[doc] = f32(sum[doc] + impacts[i]);
              continue;
            }
            const chunked = this.tailPostings.get(doc);
            const fields = chunked && chunked.get(tailId);
            if (fields) sum[doc] = f32(sum[doc] + this.postingImpact(data, fields, weight));
            else if (!chunked) {
              unknown[doc] = 1;
              upper[doc] += w * high;
            }
          }
          continue;
        }
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i];
          if (!seen[doc]) {
            seen[doc] = 1;
            touched.push(doc);
          }
          if (data.known[i]) {
            sum[doc] = f32(sum[doc] + impacts[i]);
            continue;
          }
          const chunked = this.tailPostings.get(doc);
          const fields = chunked && chunked.get(tailId);
          if (fields) {
            sum[doc] = f32(sum[doc] + this.postingImpact(data, fields, weight));
          } else {
            const [high, low] = tierRange(data, i);
            unknown[doc] = 1;
            lower[doc] += w * low;
            upper[doc] += w * high;
          }
        }
      }
      for (const doc of touched) {
        total[doc] = f32(total[doc] + sum[doc]);
        lower[doc] += sum[doc];
        upper[doc] += sum[doc];
        sum[doc] = 0;
        seen[doc] = 0;
      }
    }
    return { total, lower, upper, unknown };
  }

  /**
   * tantivy's score of every head posting of a term boosted by `weight`: tantivy folds
   * `weight × field boost` into the field's BM25 weight before the length factor, then
   * sums the fields. Remembered per term, weight and tiers loaded.
   */
  impacts(data, weight) {
    const key = `${weight} ${data.term}`;
    const cached = this.impactCache.get(key);
    if (cached && cached.version === data.version) return cached.impacts;
    const impacts = new Float32Array(data.docs.length);
    for (const column of data.columns) {
      const { tfs, norms } = column;
      const field = this.model[column.field];
      const boosted = f32(column.weight * f32(f32(weight) * field.boost));
      const cache = field.cache;
      for (let i = 0; i < impacts.length; i++) {
        const tf = tfs[i];
        if (tf) impacts[i] = f32(impacts[i] + f32(boosted * f32(tf / f32(tf + cache[norms[i]]))));
      }
    }
    if (this.impactCache.size > 200) this.impactCache.clear();
    this.impactCache.set(key, { version: data.version, impacts });
    return impacts;
  }

  /** The same score for one posting from a document chunk: `[[field, tf, norm], …]`. */
  postingImpact(data, fields, weight) {
    let impact = 0;
    for (const [fieldIndex, tf, norm] of fields) {
      const column = data.columns.find((c) => c.field === fieldIndex);
      const field = this.model[fieldIndex];
      const boosted = f32(column.weight * f32(f32(weight) * field.boost));
      impact = f32(impact + f32(boosted * f32(tf / f32(tf + field.cache[norm]))));
    }
    return impact;
  }

  /**
   * The `need` best of `kept`, best first: `{ page }` when the loaded postings prove their
   * order (not necessarily their scores); else `{ chunks }` to load: those of every
   * document that could still reach the page (its chunk gives its exact score), best
   * upper bounds first, and of the page's documents still without a card; or, with more
   * documents in doubt than meta.cards.wave, the tiers holding their postings.
   */
  certify(groups, kept, need) {
    const s = this.scores(groups);
    const low = (doc) => (s.unknown[doc] ? s.lower[doc] * (1 - BOUND_MARGIN) : s.total[doc]);
    const high = (doc) => (s.unknown[doc] ? s.upper[doc] * (1 + BOUND_MARGIN) : s.total[doc]);
    const before = (a, b) => {
      if (!s.unknown[a] && !s.unknown[b]) return s.total[a] > s.total[b] || (s.total[a] === s.total[b] && a < b);
      if (low(a) > high(b)) return true;
      if (low(b) > high(a)) return false;
      return null;
    };
    const page = bestByLower(kept, low, need);
    let proven = page.every((doc, i) => i + 1 === page.length || before(doc, page[i + 1]) === true);
    if (proven && page.length) {
      const last = page[page.length - 1];
      const inPage = new Set(page);
      proven = kept.every((doc) => inPage.has(doc) || before(last, doc) === true);
    }
    if (proven) return { page };
    const threshold = page.length ? low(page[page.length - 1]) : -Infinity;
    const open = kept.filter((doc) => s.unknown[doc] && high(doc) >= threshold);
    open.sort((a, b) => high(b) - high(a) || a - b);
    this.doubt = open.length;
    const wave = this.meta.cards.wave;
    if (open.length > wave) {
      const tiers = this.tiersOf(groups, open);
      if (tiers.length) return { chunks: tiers };
    }
    // The chunks of the documents in doubt and of the page's documents without a card.
    const chunks = this.chunks([...open.slice(0, wave), ...page.filter((doc) => !this.cards.has(doc))]);
    return chunks.length ? { chunks } : { page };
  }

  /** The tier files holding the unknown postings of `docs`, not loaded yet. */
  tiersOf(groups, docs) {
    const paths = new Set();
    for (const group of groups) {
      for (const { term } of group) {
        const data = this.terms.get(term);
        if (!data || !data.tail) continue;
        for (const doc of docs) {
          const at = positionOf(data.docs, doc);
          const chunked = this.tailPostings.get(doc);
          const file = at >= 0 ? tierFileOf(data.tiers[at]) : 0;
          if (file && !data.known[at] && !(chunked && chunked.has(data.tail.id))) {
            paths.add(`tails/${data.tail.id}-${file}.json`);
          }
        }
      }
    }
    return [...paths].filter((path) => !this.loaded.has(path));
  }

  /** The chunks holding `docs`, not loaded yet. */
  chunks(docs) {
    const size = this.meta.cards.chunk;
    const paths = new Set(docs.map((doc) => `docs/${Math.floor(doc / size)}.json`));
    return [...paths].filter((path) => !this.loaded.has(path));
  }

  /* Facets and cards ------------------------------------------------------ */

  /** A one-word query's most frequent term with facet counts (over all its documents). */
  precounted(groups) {
    if (groups.length !== 1) return null;
    let best = null;
    for (const { term } of groups[0]) {
      const data = this.terms.get(term);
      if (!data || !data.tail) continue;
      const better = !best || data.df > best.df || (data.df === best.df && term < best.term);
      if (better) best = data;
    }
    return best;
  }

  /** Facet files to fetch: the frequent terms' of the cheapest group holding every result. */
  facetFiles(groups, conjunction, precounted, wanted) {
    if (!wanted) return [];
    const perGroup = groups.map((group) => {
      const files = [];
      for (const { term } of group) {
        const data = this.terms.get(term);
        if (!data || !data.tail || data === precounted) continue;
        const path = `facets/${data.tail.id}.json`;
        if (!this.loaded.has(path)) files.push([path, data.df]);
      }
      return files;
    });
    const cost = (files) => files.reduce((sum, [, n]) => sum + n, 0);
    let chosen = [];
    if (!conjunction) chosen = perGroup.flat();
    else if (perGroup.length) chosen = perGroup.reduce((best, files) => (cost(files) < cost(best) ? files : best));
    return chosen.map(([path]) => path);
  }

  /**
   * When counting exactly would fetch facet files of more postings than meta.json allows,
   * the term whose counts to scale instead: the most frequent term with counts of the
   * group with the fewest documents.
   */
  estimateFrom(groups, pending) {
    let postings = 0;
    for (const path of pending) {
      const data = this.tailTerms.get(Number(path.slice('facets/'.length, -'.json'.length)));
      if (data) postings += data.df;
    }
    if (!pending.length || postings <= this.meta.facets.exactUpTo) return null;
    let smallest = null;
    let size = Infinity;
    for (const group of groups) {
      const docs = new Set();
      for (const { term } of group) for (const doc of (this.terms.get(term) || { docs: [] }).docs) docs.add(doc);
      if (docs.size < size) [smallest, size] = [group, docs.size];
    }
    return smallest ? this.precounted([smallest]) : null;
  }

  /** Counts of topics, levels and durations scaled from `reference`'s own counts. */
  estimateFacets(matching, reference) {
    const facets = this.countFacets(matching, FACET_GROUPS.map(() => null), null);
    const scale = matching.length / Math.max(reference.df, 1);
    reference.tail.counts.forEach((own, g) => {
      const shown = [];
      this.labels(g).forEach((v, i) => {
        const count = Math.round(own[i] * scale);
        if (count > 0) shown.push({ id: v[0], label: v[1], count, selected: false });
      });
      facets[FACET_GROUPS[g]] = shown;
    });
    return facets;
  }

  /** The value indices of `doc` in facet group `g`. */
  values(doc, g) {
    const store = this.facetStore;
    if (g === 0) return store.topics[doc] || [];
    if (g === 1) return store.levels[doc] || [];
    if (g === 2) return store.duration[doc] >= 0 ? [store.duration[doc]] : [];
    if (g === 4) return this.kinds ? [this.kinds[doc]] : [];
    if (!this.contributors) return [];
    const { offsets, values } = this.contributors.docs;
    return values.subarray(offsets[doc], offsets[doc + 1]);
  }

  /** The `[id, label, …]` values of facet group `g`. */
  labels(g) {
    if (g === 3) return this.contributors ? this.contributors.labels : [];
    if (g === 4) return this.meta.facets.kinds || [];
    return this.meta.facets[FACET_GROUPS[g]];
  }

  /** Filters, in FACET_GROUPS order: a flag per value index, or null when none is set. */
  selection(filters) {
    return FACET_GROUPS.map((group, g) => {
      const ids = new Set(filters[group] || []);
      if (!ids.size) return null;
      return Uint8Array.from(this.labels(g), (v) => (ids.has(v[0]) ? 1 : 0));
    });
  }

  /** Bit `g` set when `doc` has none of the values selected in group `g`. */
  failures(doc, selected) {
    let failed = 0;
    selected.forEach((flags, g) => {
      if (flags && !Array.from(this.values(doc, g)).some((v) => flags[v] === 1)) failed |= 1 << g;
    });
    return failed;
  }

  /**
   * Counts per value over the matching documents kept by the other groups' filters,
   * starting, for a one-word query, from its most frequent term's own counts; values
   * shown are those counted or selected (contributors by decreasing count).
   */
  countFacets(matching, selected, precounted) {
    const facets = {};
    const filtered = selected.some(Boolean);
    const failures = filtered ? Uint8Array.from(matching, (doc) => this.failures(doc, selected)) : null;
    FACET_GROUPS.forEach((group, g) => {
      if (g === 3 && !this.contributors) return;
      const labels = this.labels(g);
      const counts = new Uint32Array(labels.length);
      const start = precounted && g < 3 ? precounted : null;
      if (start) counts.set(start.tail.counts[g]);
      matching.forEach((doc, i) => {
        if (start && positionOf(start.docs, doc) >= 0) return;
        if (failures && (failures[i] & ~(1 << g)) !== 0) return;
        for (const v of this.values(doc, g)) counts[v] += 1;
      });
      const shown = [];
      labels.forEach((v, i) => {
        const isSelected = selected[g] ? selected[g][i] === 1 : false;
        if (counts[i] > 0 || isSelected) shown.push({ id: v[0], label: v[1], count: counts[i], selected: isSelected });
      });
      if (group === 'contributors') shown.sort((a, b) => b.count - a.count);
      facets[group] = shown;
    });
    return facets;
  }

  /** The chunks holding the cards of `page` that no loaded file has. */
  missingCards(page) {
    return this.chunks(page.filter((doc) => !this.cards.has(doc)));
  }


  /** A result: its card, facet values and the planned terms it contains. */
  result(doc, groups) {
    const card = this.cards.get(doc);
    if (!card) throw new Error(`Document ${doc} absent de l'index de recherche`);
    const [, url, title, summary, thumbnail, duration, topics, levels] = card;
    const { facets } = this.meta;
    const chunked = this.tailPostings.get(doc);
    const matches = groups.flat().map((t) => t.term).filter((term) => {
      const data = this.terms.get(term);
      if (!data) return false;
      if (positionOf(data.docs, doc) >= 0) return true;
      // A term without its list: the document's chunk, when loaded, has its other postings.
      return !data.complete && Boolean(chunked && data.tail && chunked.has(data.tail.id));
    });
    const contributors = Array.from(this.values(doc, 3), (i) => this.contributors.labels[i]);
    const [kind] = Array.from(this.values(doc, 4), (i) => this.meta.facets.kinds[i]);
    return {
      doc,
      url,
      title,
      summary,
      thumbnail,
      duration,
      topics: topics.map((i) => ({ id: facets.topics[i][0], label: facets.topics[i][1] })),
      levels: levels.map((i) => facets.levels[i][1]),
      contributors: contributors.map(([id, label]) => ({ id, label })),
      matches: [...new Set(matches)],
      kind: kind ? { id: kind[0], label: kind[1] } : null,
    };
  }
}

/** The `need` documents of `docs` with the highest `lower`, ties to the lower document. */
function bestByLower(docs, lower, need) {
  const best = [];
  if (need <= 0) return best;
  for (const doc of docs) {
    const value = lower(doc);
    if (best.length === need) {
      const last = best[need - 1];
      if (!(value > last.value || (value === last.value && doc < last.doc))) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && (value > best[at - 1].value || (value === best[at - 1].value && doc < best[at - 1].doc))) at -= 1;
    best.splice(at, 0, { doc, value });
  }
  return best.map((b) => b.doc);
}

function hasFilters(filters) {
  return FACET_GROUPS.some((group) => (filters[group] || []).length > 0);
}

function hasFacetFilters(filters) {
  return FACET_GROUPS.slice(0, 3).some((group) => (filters[group] || []).length > 0);
}

/**
 * Loads `meta.json` from `baseUrl` (e.g. "/search/") and returns a
 * `SearchEngine`. Options: `fetch` (a fetch implementation, for tests).
 * Refuses an index on another origin than the page's.
 */
export async function load(baseUrl, options = {}) {
  const page = globalThis.location ? globalThis.location.href : undefined;
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, page);
  if (globalThis.location && base.origin !== globalThis.location.origin) {
    throw new Error("L'index de recherche doit être servi par le même site.");
  }
  const fetchImpl = options.fetch || globalThis.fetch.bind(globalThis);
  const loader = new Loader(base.href, fetchImpl);
  const meta = await loader.json('meta.json');
  if (meta.format !== 'capsule-search' || meta.version !== 6) {
    throw new Error("Format d'index de recherche inconnu.");
  }
  loader.version = meta.build;
  return new SearchEngine(meta, loader);
}

export const CapsuleSearch = { load, analyze, analyzeQuery, tokenize, highlight, stem, fold, distance };
export default CapsuleSearch;
