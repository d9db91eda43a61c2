// The JS client ranks the exported sample corpus like tantivy (`Engine::rank`):
// same documents, same order, same f32 scores but for the order of additions; its
// results pages (heads only, tiers fetched when their bounds leave the page in doubt)
// show tantivy's first documents, totals and the catalogue's facet counts; with the
// vocabulary inline or sliced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load, decodeNumbers, fnv1a, estimatedUnion } from '../capsule-search.js';

const expected = JSON.parse(readFileSync(new URL('./fixtures/expected.json', import.meta.url)));

function fakeFetch(folder) {
  const root = new URL(`./fixtures/${folder}/`, import.meta.url);
  return async (url) => {
    const path = new URL(url).pathname.replace(/^\/search\//, '');
    try {
      const body = readFileSync(new URL(path, root), 'utf8');
      return { ok: true, status: 200, json: async () => JSON.parse(body) };
    } catch {
      return { ok: false, status: 404, json: async () => null };
    }
  };
}

const open = (folder = 'index') => load('https://capsule.test/search/', { fetch: fakeFetch(folder) });

for (const folder of ['index', 'index-sliced']) {
  test(`every query ranks like tantivy (${folder})`, async () => {
    for (const [query, ranking] of expected.queries) {
      const engine = await open(folder);
      const got = await engine.rank(query);
      assert.deepEqual(got.map((r) => r.doc), ranking.map(([doc]) => doc), `order for ${query}`);
      for (let i = 0; i < ranking.length; i++) {
        const [doc, score] = ranking[i];
        const relative = Math.abs(got[i].score - score) / Math.max(Math.abs(score), 1e-9);
        assert.ok(relative <= 1e-6, `${query} doc ${doc}: ${got[i].score} vs ${score}`);
      }
    }
    assert.ok(expected.queries.filter(([, r]) => r.length).length >= 20);
  });
}

for (const folder of ['index', 'index-sliced']) {
  test(`results pages show tantivy's first documents and the catalogue's counts (${folder})`, async () => {
    for (const [query, pairs, expectedPage] of expected.pages) {
      const filters = {};
      for (const [group, id] of pairs) (filters[group] ||= []).push(id);
      const engine = await open(folder);
      const found = await engine.search(query, { filters, contributors: true });
      const label = `${query} ${JSON.stringify(filters)}`;
      assert.deepEqual(found.results.map((r) => r.doc), expectedPage.docs, `documents for ${label}`);
      assert.equal(found.total, expectedPage.total, `total for ${label}`);
      for (const [group, counts] of Object.entries(expectedPage.facets)) {
        const shown = Object.fromEntries(found.facets[group].filter((v) => v.count > 0).map((v) => [v.id, v.count]));
        assert.deepEqual(shown, counts, `${group} counts for ${label}`);
      }
    }
  });
}

test('a first result needs fewer document chunks than the whole ranking', async () => {
  const engine = await open('index-sliced');
  await engine.search('élève dictée lecture', { limit: 1, facets: false });
  const first = engine.fetched.filter((p) => p.startsWith('docs/')).length;
  const full = await open('index-sliced');
  await full.rank('élève dictée lecture');
  const all = full.fetched.filter((p) => p.startsWith('docs/')).length;
  assert.ok(all > first, `${first} chunks for the first result, ${all} for the whole ranking`);
});

test('beyond meta.facets.exactUpTo, counts are estimates and results stay exact', async () => {
  const query = 'élèves lecture';
  const ranking = await (await open('index-sliced')).rank(query);
  const engine = await open('index-sliced');
  engine.meta.facets.exactUpTo = 0;
  const found = await engine.search(query);
  assert.equal(found.estimated, true);
  assert.ok(!engine.fetched.some((p) => p.startsWith('facets/')), 'no facet file fetched');
  assert.deepEqual(found.results.map((r) => r.doc), ranking.slice(0, 10).map((r) => r.doc));
  assert.equal(found.total, ranking.length);
  assert.ok(found.facets.levels.length > 0);
  const filtered = await engine.search(query, { filters: { levels: ['CE1'] } });
  assert.equal(filtered.estimated, false, 'a filter counts exactly');
});

test('numbers decode from base-64 digits', () => {
  assert.deepEqual(decodeNumbers('ABfgB'), [0, 1, 31, 32]);
  assert.throws(() => decodeNumbers('A*'));
});

test('the inline vocabulary plans without fetching shards of unknown words', async () => {
  const engine = await open();
  await engine.rank('xyzzy ortografe');
  assert.ok(engine.fetched.every((p) => p === 'meta.json' || p.startsWith('shards/')));
  assert.ok(!engine.fetched.some((p) => p.startsWith('vocab/')));
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
  assert.equal(facets.contributors, undefined, 'contributors wait until asked for');
  assert.ok(!engine.fetched.includes('contributors.json'));
});

test('cards come with frequent terms, then from document chunks', async () => {
  const engine = await open();
  const { results } = await engine.search('élèves', { limit: 12 });
  assert.equal(results.length, 12);
  assert.ok(engine.fetched.some((p) => p.startsWith('terms/')));
  assert.ok(engine.fetched.some((p) => p.startsWith('docs/')));
  assert.ok(results.every((r) => r.title && r.url));
});

test('meta.json carries no per-document data', async () => {
  const engine = await open();
  const text = JSON.stringify(engine.meta);
  assert.ok(!('docFacets' in engine.meta));
  for (const url of ['/videos/dictee-negociee/', 'La dictée négociée']) assert.ok(!text.includes(url));
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

test('the contributor facet loads on demand and filters', async () => {
  const engine = await open();
  const all = await engine.search('lecture ', { contributors: true });
  assert.ok(engine.fetched.includes('contributors.json'));
  const [someone] = all.facets.contributors;
  assert.ok(someone && someone.count > 0);
  const fresh = await open();
  const theirs = await fresh.search('lecture ', { filters: { contributors: [someone.id] } });
  assert.equal(theirs.total, someone.count);
  assert.ok(theirs.results.every((r) => r.contributors.some((c) => c.id === someone.id)));
});

test('results have a kind, counted and filtered from meta.json', async () => {
  const engine = await open();
  const all = await engine.search('élèves', { limit: 30 });
  assert.deepEqual(all.facets.kinds.map((k) => k.label), ['Vidéo', 'Parcours']);
  assert.equal(all.facets.kinds.reduce((s, k) => s + k.count, 0), all.total);
  assert.ok(all.results.every((r) => r.kind && ['video', 'parcours'].includes(r.kind.id)));
  const paths = all.facets.kinds.find((k) => k.id === 'parcours');
  const only = await engine.search('élèves', { filters: { kinds: ['parcours'] }, limit: 30 });
  assert.equal(only.total, paths.count);
  assert.ok(only.total > 0 && only.total < all.total);
  assert.ok(only.results.every((r) => r.kind.label === 'Parcours'));
  assert.ok(only.facets.kinds.find((k) => k.id === 'parcours').selected);
  assert.ok(!engine.fetched.some((p) => /kind|contributors/.test(p)), 'kinds come with meta.json');
});

test('dropdown searches can skip facets', async () => {
  const engine = await open('index-sliced');
  const { results, facets } = await engine.search('dictée', { limit: 6, facets: false });
  assert.ok(results.length > 0);
  assert.deepEqual(facets, {});
});

test('terms are routed by FNV-1a like the exporter', () => {
  assert.equal(fnv1a(''), 0x811c9dc5);
  assert.equal(fnv1a('a'), 0xe40c292c);
  assert.equal(fnv1a('foobar'), 0xbf9cf968);
  assert.equal(fnv1a('élève'), fnv1a('\u00e9l\u00e8ve'));
});

test('refuses an index on another origin', async () => {
  const previous = globalThis.location;
  globalThis.location = new URL('https://capsule.test/recherche/');
  try {
    await assert.rejects(load('https://evil.test/search/', { fetch: fakeFetch('index') }));
  } finally {
    globalThis.location = previous;
  }
});

for (const folder of ['index', 'index-sliced']) {
  test(`one-word pages come from the heads of frequent terms, without their lists (${folder})`, async () => {
    let fromHeads = 0;
    for (const [query, ranking] of expected.queries) {
      const engine = await open(folder);
      const found = await engine.search(query, { limit: 2 });
      const first = ranking.slice(0, 2).map(([doc]) => doc);
      assert.deepEqual(found.results.map((r) => r.doc), first, `first documents of ${query}`);
      const fetched = engine.fetched;
      const listed = fetched.some((path) => engine.listOfHome(path));
      if (!listed || fetched.some((path) => path.startsWith('lists/'))) continue;
      fromHeads += 1;
      if (found.totalEstimated) assert.ok(found.estimated, `counts of ${query} are estimates`);
      else assert.equal(found.total, ranking.length, `total of ${query}`);
    }
    assert.ok(fromHeads >= 2, `${fromHeads} pages from heads`);
  });
}

for (const folder of ['index', 'index-sliced']) {
  test(`results pages and the files fetched for them are the Rust twin's (${folder})`, async () => {
    for (const [query, docs, total, totalEstimated, estimated, facets, fetched] of expected.twin[folder]) {
      const engine = await open(folder);
      const found = await engine.search(query, { limit: 2 });
      assert.deepEqual(found.results.map((r) => r.doc), docs, `documents for ${query}`);
      assert.equal(found.total, total, `total for ${query}`);
      assert.equal(found.totalEstimated, totalEstimated, `estimated total for ${query}`);
      assert.equal(found.estimated, estimated, `estimated counts for ${query}`);
      for (const [group, counts] of Object.entries(facets)) {
        const shown = Object.fromEntries((found.facets[group] || []).map((v) => [v.id, v.count]));
        assert.deepEqual(shown, counts, `${group} counts for ${query}`);
      }
      assert.deepEqual([...engine.fetched].sort(), fetched, `files fetched for ${query}`);
    }
  });
}

test('estimated totals assume independent terms and keep two significant digits (as the Rust twin)', () => {
  assert.equal(estimatedUnion([48123, 30000], 100000, 100), 64000);
  assert.equal(estimatedUnion([95], 1000, 10), 95);
  assert.equal(estimatedUnion([600, 500], 1000, 700), 800);
  assert.equal(estimatedUnion([5, 3], 100000, 2), 8);
});

test('a word with a stored first page shows it: documents, total and counts, without lists', async () => {
  const [query, , page] = expected.pages.find(([q, filters]) => q === 'lec' && !filters.length);
  const meta = JSON.parse(readFileSync(new URL('./fixtures/index-sliced/meta.json', import.meta.url)));
  const shard = `shards/${fnv1a('lec') % meta.shards.count}.json`;
  const column = (labels, counts) => labels.map(([id]) => counts[id] || 0);
  const stored = [page.total, page.docs, column(meta.facets.topics, page.facets.topics),
    column(meta.facets.levels, page.facets.levels), column(meta.facets.duration, page.facets.duration),
    column(meta.facets.kinds, page.facets.kinds)];
  const plain = fakeFetch('index-sliced');
  const fetchWithPage = async (url) => {
    const response = await plain(url);
    if (!new URL(url).pathname.endsWith(shard)) return response;
    const body = await response.json();
    return { ok: true, status: 200, json: async () => ({ ...body, pages: { lec: stored } }) };
  };
  const engine = await load('https://capsule.test/search/', { fetch: fetchWithPage });
  const found = await engine.search(query);
  assert.deepEqual(found.results.map((r) => r.doc), page.docs);
  assert.equal(found.total, page.total);
  assert.equal(found.totalEstimated, false);
  for (const group of ['topics', 'levels', 'duration', 'kinds']) {
    const shown = Object.fromEntries(found.facets[group].map((v) => [v.id, v.count]));
    assert.deepEqual(shown, page.facets[group], `${group} counts`);
  }
  assert.ok(!engine.fetched.some((p) => p.startsWith('lists/') || p.startsWith('facets/')));
  const filtered = await engine.search(query, { filters: { levels: ['CE1'] } });
  assert.ok(filtered.total < page.total, 'a filter ranks from the index again');
});
