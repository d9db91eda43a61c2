// Parity of the JS Snowball French port with tantivy's stemmer (fixture
// written by `cargo run -p capsule-search --example client_fixtures`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { stem } from '../capsule-search.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/stemmer.json', import.meta.url)));

test('fixture is large enough to be meaningful', () => {
  assert.ok(fixture.words.length > 3000, `${fixture.words.length} words`);
});

test('every word stems exactly like tantivy', () => {
  const wrong = fixture.words.filter(([word, expected]) => stem(word) !== expected);
  const sample = wrong.slice(0, 10).map(([w, e]) => `${w}: ${stem(w)} ≠ ${e}`);
  assert.deepEqual(sample, []);
});

test('classic French examples', () => {
  assert.equal(stem('lectures'), 'lectur');
  assert.equal(stem('chevaux'), 'cheval');
  assert.equal(stem('continuellement'), 'continuel');
});
