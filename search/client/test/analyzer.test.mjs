// Parity of the JS analyzer (tokens, folding, elision, stop words, stemming)
// with the Rust/tantivy pipeline, plus the typo distance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, analyzeQuery, distance, fold, highlight } from '../capsule-search.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/analyzer.json', import.meta.url)));

test('texts analyse to the same terms as tantivy', () => {
  for (const [text, terms] of fixture.texts) assert.deepEqual(analyze(text), terms, text);
});

test('query words keep folded form, stem and end flag', () => {
  for (const [text, words] of fixture.queries) {
    const got = analyzeQuery(text).map((w) => [w.folded, w.stem, w.atEnd]);
    assert.deepEqual(got, words, text);
  }
});

test('every Latin letter folds like AsciiFoldingFilter', () => {
  const wrong = fixture.fold.filter(([ch, folded]) => fold(ch) !== folded);
  assert.deepEqual(wrong.slice(0, 10), []);
});

test('accents, elision with both apostrophes, plurals and stop words', () => {
  assert.deepEqual(analyze('écriture'), analyze('ecriture'));
  assert.deepEqual(analyze("l'école"), ['ecol']);
  assert.deepEqual(analyze('l’école'), ['ecol']);
  assert.deepEqual(analyze("d'abord qu'il"), ['abord']);
  assert.deepEqual(analyze('lectures'), analyze('lecture'));
  assert.deepEqual(analyze('le chat et la souris'), ['chat', 'sour']);
});

test('typo distance counts transpositions as one edit', () => {
  assert.equal(distance('lectur', 'letcur', 2), 1);
  assert.equal(distance('lectur', 'lecteur', 2), 1);
  assert.equal(distance('kitten', 'sitting', 3), 3);
  assert.equal(distance('lectur', 'grammair', 2), -1);
});

test('highlight marks the words of matched stems', () => {
  const parts = highlight('Les lectures du soir', ['lectur']);
  assert.deepEqual(parts, [
    { text: 'Les ', mark: false },
    { text: 'lectures', mark: true },
    { text: ' du soir', mark: false },
  ]);
});
