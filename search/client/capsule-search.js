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

const FACET_GROUPS = ['topics', 'levels', 'contributors', 'duration'];
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) DIGIT_VALUE[DIGITS.charCodeAt(i)] = i;
const f32 = Math.fround;
const bitsView = new DataView(new ArrayBuffer(4));

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

/**
 * Per-document facet indices, `width` base-64 digits a value, documents split by `.`,
 * as flat arrays: document `d` has `values[offsets[d]..offsets[d + 1]]`.
 */
function decodeColumn(text, count, tableLength) {
  let width = 1;
  while (64 ** width < tableLength) width += 1;
  const offsets = new Uint32Array(count + 1);
  const values = new Uint32Array(text.length);
  let doc = 0;
  let size = 0;
  for (let i = 0; i < text.length && doc < count; ) {
    if (text.charCodeAt(i) === 46) {
      doc += 1;
      offsets[doc] = size;
      i += 1;
      continue;
    }
    let value = 0;
    for (let j = 0; j < width; j++) value = value * 64 + DIGIT_VALUE[text.charCodeAt(i + j)];
    values[size++] = value;
    i += width;
  }
  for (let d = doc + 1; d <= count; d++) offsets[d] = size;
  return { offsets, values };
}

/** One value per document (duration buckets): one digit each. */
function decodeDigits(text, count) {
  const offsets = new Uint32Array(count + 1);
  const values = new Uint32Array(count);
  for (let d = 0; d < count; d++) {
    values[d] = Math.max(DIGIT_VALUE[text.charCodeAt(d)], 0);
    offsets[d + 1] = d + 1;
  }
  return { offsets, values };
}

/** Index of the shard holding `term`: the last key ≤ term. */
function locate(keys, term) {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] <= term) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(lo - 1, 0);
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

/** A shard: its terms (decoded on first use), cards by document, spill lists. */
function decodeShard(shard, fieldCount) {
  const raw = new Map(shard.terms.map((entry) => [entry[0], entry]));
  const decoded = new Map();
  const terms = {
    has: (term) => raw.has(term),
    get(term) {
      if (!decoded.has(term) && raw.has(term)) decoded.set(term, decodeTerm(raw.get(term), fieldCount));
      return decoded.get(term);
    },
    size: (term) => (raw.has(term) ? raw.get(term)[3].length : 0),
  };
  const cards = new Map(shard.cards.map((card) => [card[0], card]));
  return { terms, sorted: [...raw.keys()], cards, spill: shard.spill || {} };
}

/** A term's postings: documents and, per field holding the term, tf and norm id. */
function decodeTerm([, mask, weightBits, deltas, tfTexts, normBases, normTexts], fieldCount) {
  const count = deltas.length;
  const docs = new Uint32Array(count);
  for (let i = 0, doc = 0; i < count; i++) docs[i] = doc += deltas[i];
  const columns = [];
  for (let field = 0; field < fieldCount; field++) {
    if (!((mask >> field) & 1)) continue;
    const c = columns.length;
    const tfReader = new DigitReader(tfTexts[c]);
    const normReader = new DigitReader(normTexts[c]);
    const tfs = new Uint32Array(count);
    const norms = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const tf = tfReader.next();
      tfs[i] = tf;
      if (tf) norms[i] = normReader.next() + normBases[c];
    }
    columns.push({ field, weight: fromBits(weightBits[c]), tfs, norms });
  }
  return { docs, columns };
}

/** Whether sorted `docs` holds `doc`. */
function holds(docs, doc) {
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid] < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo < docs.length && docs[lo] === doc;
}

const NO_TERMS = { has: () => false, get: () => undefined, size: () => 0 };
const EMPTY_SHARD = { terms: NO_TERMS, sorted: [], cards: new Map(), spill: {} };

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
    this.shards = new Map();
    this.slices = new Map();
    this.docChunks = new Map();
    this.facetData = null;
    this.contributors = null;
    this.impactCache = new Map();
    this.lastRanking = null;
  }

  /** Paths fetched so far (for budgets and tests). */
  get fetched() {
    return [...this.loader.log];
  }

  /**
   * Ranks `query` and returns `{ results, facets, total }`. Options: `filters`
   * ({ topics, levels, contributors, duration }: arrays of ids), `limit` (10),
   * `offset` (0), `facets` (true; false skips facet counts) and `contributors`
   * (false; true fetches the contributor facet, also fetched when filtering by it).
   */
  async search(query, options = {}) {
    const { filters = {}, limit = 10, offset = 0 } = options;
    const wantContributors = options.contributors || (filters.contributors || []).length > 0;
    const wantFacets = options.facets !== false || hasFilters(filters);
    // Facet values decode while the shards are on their way.
    const [ranking, data] = await Promise.all([
      this.ranking(query),
      wantFacets ? this.facetValues(wantContributors) : null,
    ]);
    const selected = this.selection(filters, data);
    const filtered = data && selected.some(Boolean);
    const kept = filtered ? ranking.docs.filter((doc) => this.passes(doc, selected, data, -1)) : ranking.docs;
    const facets = options.facets === false ? {} : this.countFacets(ranking.docs, selected, data);
    const page = kept.slice(offset, offset + limit);
    const results = await this.results(page, ranking, data);
    return { results, facets, total: kept.length };
  }

  /** Every matching document `{ doc, score }`, best first. */
  async rank(query) {
    const { docs, scores } = await this.ranking(query);
    return Array.from(docs, (doc) => ({ doc, score: scores[doc] }));
  }

  /**
   * The ranking of `query`: `docs` best first, `scores[doc]`, and the planned groups.
   * All words must match (conjunction); when no document matches them all, any will do.
   * Sums are f32 in tantivy's order: terms of a group, then groups.
   */
  async ranking(query) {
    if (this.lastRanking && this.lastRanking.query === query) return this.lastRanking;
    const groups = await this.plan(query);
    const count = this.meta.docCount;
    const scored = groups.map((group) => this.groupScores(group, count));
    let docs = [];
    let scores = new Float64Array(count);
    if (scored.length === 1) {
      ({ docs, scores } = scored[0]);
    } else if (scored.length > 1) {
      const smallest = scored.reduce((a, b) => (b.docs.length < a.docs.length ? b : a));
      docs = smallest.docs.filter((doc) => scored.every((g) => g.seen[doc]));
      if (!docs.length) {
        const any = new Uint8Array(count);
        for (const g of scored) for (const doc of g.docs) any[doc] = 1;
        for (let doc = 0; doc < count; doc++) if (any[doc]) docs.push(doc);
      }
      for (const doc of docs) {
        let sum = 0;
        for (const g of scored) if (g.seen[doc]) sum = f32(sum + g.scores[doc]);
        scores[doc] = sum;
      }
    }
    this.lastRanking = { query, docs: bestFirst(docs, scores), scores, groups };
    return this.lastRanking;
  }

  /** One group's scores: the f32 sum over its terms of `weight × impact`. */
  groupScores(group, count) {
    const scores = new Float64Array(count);
    const seen = new Uint8Array(count);
    const touched = [];
    for (const { term, weight } of group) {
      const postings = this.postings(term);
      if (!postings) continue;
      const impacts = this.impacts(term, postings, weight);
      const docs = postings.docs;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        if (seen[doc]) {
          scores[doc] = f32(scores[doc] + impacts[i]);
        } else {
          seen[doc] = 1;
          scores[doc] = impacts[i];
          touched.push(doc);
        }
      }
    }
    return { scores, seen, docs: touched };
  }

  /**
   * tantivy's score of every posting of `term` boosted by `weight`: tantivy folds
   * `weight × field boost` into the field's BM25 weight before the length factor, then
   * sums the fields. Remembered per term and weight.
   */
  impacts(term, postings, weight) {
    const key = `${weight} ${term}`;
    if (this.impactCache.has(key)) return this.impactCache.get(key);
    const { docs, columns } = postings;
    const impacts = new Float32Array(docs.length);
    for (const column of columns) {
      const { tfs, norms } = column;
      const field = this.model[column.field];
      const boosted = f32(column.weight * f32(f32(weight) * field.boost));
      const cache = field.cache;
      for (let i = 0; i < docs.length; i++) {
        const tf = tfs[i];
        if (tf) impacts[i] = f32(impacts[i] + f32(boosted * f32(tf / f32(tf + cache[norms[i]]))));
      }
    }
    if (this.impactCache.size > 200) this.impactCache.clear();
    this.impactCache.set(key, impacts);
    return impacts;
  }

  /** Query words → groups of `{ term, weight }`, fetching the shards needed. */
  async plan(query) {
    const words = analyzeQuery(query, this.analyzer);
    const prefix = (w) => w.atEnd && [...w.folded].length >= this.meta.query.minPrefix;
    if (!this.vocabulary) {
      await Promise.all(words.flatMap((w) => [this.shard(w.stem), prefix(w) ? this.shard(w.folded) : null]));
    }
    const groups = [];
    for (const word of words) {
      const group = await this.planWord(word, prefix(word));
      if (group.length) groups.push(group);
    }
    await Promise.all(groups.flat().map((t) => this.shard(t.term)));
    return groups;
  }

  async planWord(word, isPrefix) {
    const q = this.meta.query;
    const group = [];
    if (this.hasTerm(word.stem)) group.push({ term: word.stem, weight: 1 });
    if (isPrefix) {
      for (const term of this.completions(word)) group.push({ term, weight: q.prefixWeight });
    }
    if (!group.length) {
      for (const term of await this.corrections(word)) group.push({ term, weight: q.fuzzyWeight });
    }
    return group;
  }

  hasTerm(term) {
    return this.vocabulary ? this.vocabulary.has(term) : this.loadedShard(term).terms.has(term);
  }

  completions(word) {
    let ranked;
    if (this.vocabulary) {
      ranked = this.vocabulary.completions(word.folded);
    } else {
      const shard = this.loadedShard(word.folded);
      ranked = shard.spill[word.folded];
      if (!ranked) {
        const found = [];
        for (let i = lowerBound(shard.sorted, word.folded); i < shard.sorted.length; i++) {
          if (!shard.sorted[i].startsWith(word.folded)) break;
          found.push([shard.sorted[i], shard.terms.size(shard.sorted[i])]);
        }
        ranked = found.sort(byDocFreqThenTerm).map(([term]) => term);
      }
    }
    return ranked.filter((t) => t !== word.stem).slice(0, this.meta.query.maxPrefix);
  }

  /** Typo corrections: same first letter, closest, then most frequent. */
  async corrections(word) {
    const q = this.meta.query;
    const limit = maxEdits([...word.folded].length, q);
    if (!limit || !word.stem) return [];
    const first = String.fromCodePoint(word.stem.codePointAt(0));
    const candidates = await this.typoCandidates(first);
    const found = [];
    for (const [term, df] of candidates) {
      if (df < q.fuzzyMinDocFreq || !term.startsWith(first)) continue;
      const d = distance(word.stem, term, limit);
      if (d >= 0) found.push([term, df, d]);
    }
    found.sort((a, b) => a[2] - b[2] || byDocFreqThenTerm(a, b));
    return found.slice(0, q.maxFuzzy).map(([term]) => term);
  }

  async typoCandidates(first) {
    if (this.vocabulary) return this.vocabulary.startingWith(first);
    const hex = first.codePointAt(0).toString(16);
    if (!this.meta.vocab.slices.includes(hex)) return [];
    if (!this.slices.has(hex)) this.slices.set(hex, this.loader.json(`vocab/${hex}.json`).then((f) => decodeVocab(f.terms)));
    return this.slices.get(hex);
  }

  shard(term) {
    const index = locate(this.meta.shards, term);
    if (!this.shards.has(index)) {
      const promise = this.loader.json(`shards/${index}.json`).then((s) => decodeShard(s, this.model.length));
      promise.then((s) => this.shards.set(index, s), () => this.shards.delete(index));
      this.shards.set(index, promise);
    }
    return this.shards.get(index);
  }

  loadedShard(term) {
    const shard = this.shards.get(locate(this.meta.shards, term));
    return shard && !(shard instanceof Promise) ? shard : EMPTY_SHARD;
  }

  postings(term) {
    return this.loadedShard(term).terms.get(term);
  }

  /** Facet values of every document; contributors only once fetched or wanted. */
  async facetValues(withContributors) {
    if (!this.facetData) {
      await new Promise((resolve) => setTimeout(resolve));
    }
    if (!this.facetData) {
      const { docCount, docFacets, facets } = this.meta;
      this.facetData = {
        topics: decodeColumn(docFacets.topics, docCount, facets.topics.length),
        levels: decodeColumn(docFacets.levels, docCount, facets.levels.length),
        duration: decodeDigits(docFacets.duration, docCount),
        contributors: null,
        contributorLabels: [],
      };
    }
    if (withContributors && !this.facetData.contributors) {
      if (!this.contributors) {
        this.contributors = this.loader.json('contributors.json').then((file) => ({
          labels: file.labels,
          docs: decodeColumn(file.docs, this.meta.docCount, file.labels.length),
        }));
        this.contributors.catch(() => (this.contributors = null));
      }
      const { labels, docs } = await this.contributors;
      this.facetData.contributorLabels = labels;
      this.facetData.contributors = docs;
    }
    return this.facetData;
  }

  /** The values `[id, label, …]` of a facet group. */
  values(group, data) {
    if (group === 'contributors') return data ? data.contributorLabels : [];
    return this.meta.facets[group];
  }

  /** Filters, in FACET_GROUPS order: a flag per value index, or null when none is set. */
  selection(filters, data) {
    return FACET_GROUPS.map((group) => {
      const ids = new Set(filters[group] || []);
      if (!ids.size) return null;
      const values = this.values(group, data);
      const flags = new Uint8Array(values.length);
      values.forEach((v, i) => (flags[i] = ids.has(v[0]) ? 1 : 0));
      return flags;
    });
  }

  /** Whether `doc` passes every filter group except `skip`. */
  passes(doc, selected, data, skip) {
    return (this.failures(doc, selected, data) & ~(1 << skip)) === 0;
  }

  /** Bit `g` set when `doc` has none of the values selected in group `g`. */
  failures(doc, selected, data) {
    let failed = 0;
    for (let g = 0; g < FACET_GROUPS.length; g++) {
      const flags = selected[g];
      const column = data[FACET_GROUPS[g]];
      if (!flags || !column) continue;
      let found = false;
      for (let k = column.offsets[doc]; k < column.offsets[doc + 1] && !found; k++) found = flags[column.values[k]] === 1;
      if (!found) failed |= 1 << g;
    }
    return failed;
  }

  /** Counts per value over the results kept by the other groups' filters. */
  countFacets(docs, selected, data) {
    const facets = {};
    const filtered = selected.some(Boolean);
    const failures = filtered ? Uint8Array.from(docs, (doc) => this.failures(doc, selected, data)) : null;
    FACET_GROUPS.forEach((group, g) => {
      const column = data && data[group];
      if (!column) return;
      const values = this.values(group, data);
      const counts = new Uint32Array(values.length);
      const others = ~(1 << g);
      const { offsets, values: codes } = column;
      for (let i = 0; i < docs.length; i++) {
        if (failures && (failures[i] & others) !== 0) continue;
        const doc = docs[i];
        for (let k = offsets[doc]; k < offsets[doc + 1]; k++) counts[codes[k]] += 1;
      }
      const shown = [];
      values.forEach((v, i) => {
        const isSelected = selected[g] ? selected[g][i] === 1 : false;
        if (counts[i] > 0 || isSelected) shown.push({ id: v[0], label: v[1], count: counts[i], selected: isSelected });
      });
      if (group === 'contributors') shown.sort((a, b) => b.count - a.count);
      facets[group] = shown;
    });
    return facets;
  }

  /** Result objects for the documents of `page`, fetching missing cards in parallel. */
  async results(page, ranking, data) {
    const chunk = this.meta.cards.chunk;
    const missing = [...page].filter((doc) => !this.shardCard(doc)).map((doc) => Math.floor(doc / chunk));
    await Promise.all([...new Set(missing)].map((j) => this.docChunk(j)));
    return [...page].map((doc) => this.result(doc, ranking, data));
  }

  shardCard(doc) {
    for (const shard of this.shards.values()) {
      if (!(shard instanceof Promise) && shard.cards.has(doc)) return shard.cards.get(doc);
    }
    return null;
  }

  docChunk(index) {
    if (!this.docChunks.has(index)) {
      const promise = this.loader.json(`docs/${index}.json`).then((f) => new Map(f.cards.map((c) => [c[0], c])));
      promise.then((cards) => this.docChunks.set(index, cards), () => this.docChunks.delete(index));
      this.docChunks.set(index, promise);
    }
    return this.docChunks.get(index);
  }

  chunkCard(doc) {
    const chunk = this.docChunks.get(Math.floor(doc / this.meta.cards.chunk));
    return chunk && !(chunk instanceof Promise) ? chunk.get(doc) : undefined;
  }

  /** A result: its card, facet values, score and the planned terms it contains. */
  result(doc, ranking, data) {
    const card = this.shardCard(doc) || this.chunkCard(doc);
    if (!card) throw new Error(`Document ${doc} absent de l'index de recherche`);
    const [, url, title, summary, thumbnail, duration] = card;
    const values = (group) => {
      const column = data && data[group];
      if (!column) return [];
      const labels = this.values(group, data);
      return Array.from(column.values.subarray(column.offsets[doc], column.offsets[doc + 1]), (i) => labels[i]);
    };
    const matches = ranking.groups.flat().map((t) => t.term).filter((term) => {
      const postings = this.postings(term);
      return postings && holds(postings.docs, doc);
    });
    return {
      doc,
      url,
      title,
      summary,
      thumbnail,
      duration,
      topics: values('topics').map(([id, label]) => ({ id, label })),
      levels: values('levels').map(([, label]) => label),
      contributors: values('contributors').map(([id, label]) => ({ id, label })),
      score: ranking.scores[doc],
      matches: [...new Set(matches)],
    };
  }
}

const f32Slot = new Float32Array(1);
const bitsSlot = new Uint32Array(f32Slot.buffer);
const DOC_RANGE = 2 ** 21;

/**
 * `docs` by decreasing score, ties by document: sorted as numbers
 * `(~score bits) × 2²¹ + doc`, exact in a double (scores are non-negative f32).
 */
function bestFirst(docs, scores) {
  const keys = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    f32Slot[0] = scores[docs[i]];
    keys[i] = (0xffffffff - bitsSlot[0]) * DOC_RANGE + docs[i];
  }
  keys.sort();
  const sorted = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) sorted[i] = keys[i] % DOC_RANGE;
  return sorted;
}

function hasFilters(filters) {
  return FACET_GROUPS.some((group) => (filters[group] || []).length > 0);
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
  if (meta.format !== 'capsule-search' || meta.version !== 2) {
    throw new Error("Format d'index de recherche inconnu.");
  }
  loader.version = meta.build;
  return new SearchEngine(meta, loader);
}

export const CapsuleSearch = { load, analyze, analyzeQuery, tokenize, highlight, stem, fold, distance };
export default CapsuleSearch;
