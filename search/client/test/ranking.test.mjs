// The JS client ranks the exported sample corpus exactly like tantivy
// (`Engine::rank`), and computes facets and result cards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from '../capsule-search.js';

const root = new URL('./fixtures/index/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('./fixtures/expected.json', import.meta.url)));

async function fakeFetch(url) {
  const path = new URL(url).pathname.replace(/^\/search\//, '');
  try {
    const body = readFileSync(new URL(path, root), 'utf8');
    return { ok: true, status: 200, json: async () => JSON.parse(body) };
  } catch {
    return { ok: false, status: 404, json: async () => null };
  }
}

const open = () => load('https://capsule.test/search/', { fetch: fakeFetch });

test('every query ranks like tantivy', async () => {
  for (const [query, ranking] of expected.queries) {
    const engine = await open();
    const got = await engine.rank(query);
    assert.deepEqual(got.map((r) => r.doc), ranking.map(([doc]) => doc), `order for ${query}`);
    for (let i = 0; i < ranking.length; i++) {
      const [doc, score] = ranking[i];
      const relative = Math.abs(got[i].score - score) / Math.max(Math.abs(score), 1e-9);
      assert.ok(relative <= 1e-4, `${query} doc ${doc}: ${got[i].score} vs ${score}`);
    }
  }
  assert.ok(expected.queries.filter(([, r]) => r.length).length >= 20);
});

test('search returns cards, facets and totals', async () => {
  const engine = await open();
  const { results, facets, total } = await engine.search('lecture ', { limit: 3 });
  assert.equal(results.length, 3);
  assert.ok(total >= 3);
  const first = results[0];
  assert.match(first.url, /^\/videos\//);
  assert.ok(first.title && first.thumbnail && first.duration > 0);
  assert.ok(first.topics.length > 0 && first.levels.length > 0);
  assert.ok(first.matches.includes('lectur'));
  const lecture = facets.topics.find((t) => t.label === 'Lecture');
  assert.ok(lecture && lecture.count > 0);
  const sum = facets.duration.reduce((s, d) => s + d.count, 0);
  assert.equal(sum, total);
});

test('filters narrow results and keep counts of other values', async () => {
  const engine = await open();
  const all = await engine.search('lecture ');
  const cp = await engine.search('lecture ', { filters: { levels: ['CP'] } });
  assert.ok(cp.total > 0 && cp.total < all.total);
  assert.ok(cp.results.every((r) => r.levels.includes('CP')));
  const levels = cp.facets.levels.map((l) => l.id);
  assert.ok(levels.length > 1, 'other levels stay available');
  assert.ok(cp.facets.levels.find((l) => l.id === 'CP').selected);
});

test('dropdown searches can skip facets', async () => {
  const engine = await open();
  await engine.search('dictée', { limit: 6, facets: false });
  assert.ok(!engine.fetched.includes('facets.json'));
});

test('refuses an index on another origin', async () => {
  const previous = globalThis.location;
  globalThis.location = new URL('https://capsule.test/recherche/');
  try {
    await assert.rejects(load('https://evil.test/search/', { fetch: fakeFetch }));
  } finally {
    globalThis.location = previous;
  }
});
