// The browser's Snowball French stemmer (french-stemmer.js) against tantivy's: every word
// of french-stems.tsv must get the stem tantivy gives, written beside it by the Rust test
// `search/tests/french_stems.rs` (`UPDATE_STEMS=1 cargo test -p capsule-search --test
// french_stems`), which fails when the file is stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { stem } from '../french-stemmer.js';
import { CapsuleSearch, stem as engineStem } from '../capsule-search.js';

const words = readFileSync(new URL('./french-stems.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t'));

test('the word list is large enough to be meaningful and carries stems', () => {
  assert.ok(words.length > 5000, `${words.length} words`);
  const unstemmed = words.filter((pair) => pair.length !== 2 || !pair[0]).slice(0, 5);
  assert.deepEqual(unstemmed, [], 'lines without a stem: run the Rust test with UPDATE_STEMS=1');
});

test('every word stems exactly like tantivy', () => {
  const wrong = words.filter(([word, expected]) => stem(word) !== expected);
  const sample = wrong.slice(0, 10).map(([w, e]) => `${w}: ${stem(w)} ≠ ${e}`);
  assert.deepEqual(sample, [], `${wrong.length} of ${words.length} words differ`);
});

test('classic French examples', () => {
  assert.equal(stem('lectures'), 'lectur');
  assert.equal(stem('chevaux'), 'cheval');
  assert.equal(stem('continuellement'), 'continuel');
});

test('the search engine stems with this module', () => {
  assert.equal(engineStem, stem);
  assert.equal(CapsuleSearch.stem, stem);
});
