// End-to-end test of the search UI in headless Chromium: the test catalogue
// (tests/fixtures/catalogue) is built, served on 127.0.0.1, and its search page must rank
// exactly like `capsule search` (tantivy), filter and count like the catalogue's facets,
// announce results, keep history, suggest from the header, stay on its origin, never
// turn indexed text into markup, and show training paths as results of type « Parcours »
// with a type filter. The built site is shared; every test opens its own
// browser context, whose requests and page errors it checks itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launch, watchedContext } from './lib/browser.mjs';
import { SEARCH_INPUT, search, shownResults } from './lib/search-page.mjs';
import { serve } from './lib/server.mjs';
import { builtFixture, searchCli } from './lib/site.mjs';

/** Queries whose top 10 must equal `capsule search`'s; `typed` ones are typed key by key. */
const RANKED_QUERIES = [
  { kind: 'accents omis', queries: ['dictee negociee', 'ecriture', 'eleves', 'geometrie', 'numeration', 'decametre'] },
  { kind: 'pluriel', queries: ['lectures', 'comptines', 'graines', 'tablettes', 'parents', 'syllabes'] },
  { kind: 'élision', queries: ["l'école", 'l’école', "d'écriture", 'l’appel en anglais', "conseil d'élèves", "l'accueil"] },
  {
    kind: 'plusieurs mots',
    queries: ['calcul mental', 'lecture offerte', 'robot quadrillage', 'carte mentale', 'mur de mots', 'café des parents', 'problème du jour'],
  },
  { kind: 'casse', queries: ['CP', 'LECTURE', 'Rituel'] },
];
const TYPED_QUERIES = ['lec', 'dict', 'prob', 'géom', 'chor', 'compt', 'numér'];
/** Misspelled queries and the video they mean. */
const TYPOS = [
  ['dictée négosiée', '/videos/la-dictee-negociee/'],
  ['geometire', '/videos/geometrie-avec-les-tablettes/'],
  ['autonomei', '/videos/devoirs-faits-en-autonomie/'],
  ['problmee', '/videos/le-probleme-du-jour/'],
  ['chorale du lundi matni', '/videos/la-chorale-du-lundi-matin/'],
  ['jogging d’écritrue', '/videos/le-jogging-d-ecriture/'],
  ['message clari', '/videos/le-message-clair/'],
];
const FILTER_QUERY = 'élèves';
const FACET_PARAMS = { topics: 'theme', levels: 'niveau', duration: 'duree', contributors: 'contributeur', kinds: 'type' };
/** A word of a training path's prompts only, and a query that finds videos and paths. */
const PATH_WORD = 'paliers';
const PATH_URL = '/parcours/le-calcul-mental-au-quotidien/';
const MIXED_QUERY = 'calcul';

let site;
let server;
let browser;
let meta;

before(async () => {
  site = builtFixture();
  meta = JSON.parse(readFileSync(join(site.output, 'search/meta.json'), 'utf8'));
  server = await serve(site.output);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  site?.remove();
});

/**
 * A browser context for one test (closed when the test ends), recording its requests
 * and page errors; `assertClean()` checks that none left the site's origin and no script
 * failed.
 */
async function ownContext(t, viewport = { width: 1280, height: 900 }) {
  const watched = await watchedContext(browser, server.url, { viewport });
  t.after(() => watched.context.close());
  return {
    ...watched,
    assertClean() {
      const foreign = watched.requests.filter((url) => !url.startsWith(`${server.url}/`) && !url.startsWith('data:'));
      assert.deepEqual(foreign, [], 'requests to another origin');
      assert.deepEqual(watched.foreignHosts, [], 'hosts of another origin');
      assert.deepEqual(watched.pageErrors, [], 'script errors');
    },
  };
}

/** A new page of `own`'s context on the search page (with `?q=query` when given). */
async function searchPage(own, query = '') {
  const page = await own.context.newPage();
  await page.goto(`${server.url}/recherche/${query ? `?q=${encodeURIComponent(query)}` : ''}`);
  await page.waitForSelector('#capsule-search .capsule-search-form input');
  return page;
}

const expectedUrls = (query, limit = 10) => searchCli(site.binary, site.root, query, limit).map((hit) => hit.url);

test('the top 10 and its order equal capsule search for 35 queries', async (t) => {
  const own = await ownContext(t);
  const page = await searchPage(own);
  let checked = 0;
  let answered = 0;
  for (const { kind, queries } of RANKED_QUERIES) {
    for (const query of queries) {
      const expected = expectedUrls(query);
      assert.deepEqual(await search(page, query), expected, `${kind} : ${query}`);
      checked += 1;
      answered += expected.length > 0 ? 1 : 0;
    }
  }
  for (const query of TYPED_QUERIES) {
    assert.deepEqual(await search(page, query, { typed: true }), expectedUrls(query), `préfixe tapé : ${query}`);
    checked += 1;
    answered += 1;
  }
  assert.ok(checked >= 30 && answered >= 30, `${checked} queries, ${answered} with results`);
  own.assertClean();
});

test('typos still find the intended video in the top 3', async (t) => {
  const own = await ownContext(t);
  const page = await searchPage(own);
  for (const [query, intended] of TYPOS) {
    const shown = await search(page, query);
    assert.ok(shown.slice(0, 3).includes(intended), `${query}: ${shown.slice(0, 3).join(', ')}`);
    assert.deepEqual(shown, expectedUrls(query), `same ranking as capsule search for ${query}`);
  }
  own.assertClean();
});

/** Hits passing `filters` (`{ group: [ids] }`) except the group `skip`. */
function passing(hits, filters, skip) {
  return hits.filter((hit) =>
    Object.entries(filters).every(([group, ids]) => group === skip || !ids.length || valuesOf(hit, group).some((v) => ids.includes(v))),
  );
}

function valuesOf(hit, group) {
  if (group === 'duration') {
    const bucket = meta.facets.duration.find(([, , min, max]) => hit.duration_secs >= min && (max === null || hit.duration_secs < max));
    return bucket ? [bucket[0]] : [];
  }
  if (group === 'kinds') return [hit.kind.id];
  return hit[group];
}

/** Expected `{ id: count }` of a facet group, as the sidebar shows it. */
function expectedCounts(hits, filters, group) {
  const counts = {};
  for (const hit of passing(hits, filters, group)) for (const id of valuesOf(hit, group)) counts[id] = (counts[id] || 0) + 1;
  for (const id of filters[group] || []) counts[id] = counts[id] || 0;
  return counts;
}

async function shownCounts(page, group) {
  return page.$$eval(
    `.capsule-search-filter input[name="${FACET_PARAMS[group]}"]`,
    (boxes) => Object.fromEntries(boxes.map((box) => [box.value, Number(box.closest('label').querySelector('.count').textContent)])),
  );
}

/** Runs `action` and waits until the page has rendered results again. */
async function rerender(page, action) {
  const renders = () => performance.getEntriesByName('capsule-search-render').length;
  const before = await page.evaluate(renders);
  await action();
  await page.waitForFunction((n) => performance.getEntriesByName('capsule-search-render').length > n, before);
}

async function assertFiltered(page, hits, filters) {
  const kept = passing(hits, filters);
  const status = await page.textContent('.capsule-search-status');
  assert.ok(status.startsWith(kept.length === 0 ? 'Aucun' : `${kept.length} résultat`), status);
  const shown = await page.$$eval('.capsule-search-result__title a', (links) => links.map((a) => new URL(a.href).pathname));
  assert.deepEqual(shown, kept.slice(0, 10).map((h) => h.url), `results for ${JSON.stringify(filters)}`);
  for (const group of Object.keys(filters)) {
    if (group === 'contributors' && !filters.contributors.length) continue;
    assert.deepEqual(await shownCounts(page, group), expectedCounts(hits, filters, group), `${group} counts`);
  }
}

test('filters and their counts match the catalogue’s facets', async (t) => {
  const hits = searchCli(site.binary, site.root, FILTER_QUERY, 1000);
  assert.ok(hits.length > 10, 'the filter query must have several pages');
  const own = await ownContext(t);
  const page = await searchPage(own, FILTER_QUERY);
  await shownResults(page, FILTER_QUERY);
  const filters = { topics: [], levels: [], duration: [], contributors: [] };
  await assertFiltered(page, hits, filters);

  const level = Object.entries(expectedCounts(hits, filters, 'levels')).sort((a, b) => b[1] - a[1])[0][0];
  await rerender(page, () => page.check(`input[name="niveau"][value="${level}"]`));
  filters.levels = [level];
  await assertFiltered(page, hits, filters);
  assert.match(page.url(), new RegExp(`niveau=${encodeURIComponent(level)}`));

  const topic = Object.keys(expectedCounts(hits, filters, 'topics'))[0];
  await rerender(page, () => page.check(`input[name="theme"][value="${topic}"]`));
  filters.topics = [topic];
  await assertFiltered(page, hits, filters);

  await rerender(page, () => page.uncheck(`input[name="niveau"][value="${level}"]`));
  filters.levels = [];
  await assertFiltered(page, hits, filters);

  await rerender(page, () => page.click('.capsule-search-contributors summary'));
  assert.deepEqual(await shownCounts(page, 'contributors'), expectedCounts(hits, filters, 'contributors'));
  const person = Object.keys(expectedCounts(hits, filters, 'contributors'))[0];
  await rerender(page, () => page.check(`input[name="contributeur"][value="${person}"]`));
  filters.contributors = [person];
  await assertFiltered(page, hits, filters);

  const box = `input[name="theme"][value="${topic}"]`;
  await page.focus(box);
  await rerender(page, () => page.keyboard.press('Space'));
  filters.topics = [];
  await assertFiltered(page, hits, filters);
  assert.ok(await page.$eval(box, (input) => input === document.activeElement && !input.checked), 'focus stays on the box');
  own.assertClean();
});

test('?q= pre-fills the page and the count is announced in the live region', async (t) => {
  const own = await ownContext(t);
  const page = await searchPage(own, 'lecture');
  const shown = await shownResults(page, 'lecture');
  assert.equal(await page.inputValue(SEARCH_INPUT), 'lecture');
  assert.deepEqual(shown, expectedUrls('lecture'));
  const total = searchCli(site.binary, site.root, 'lecture', 1000).length;
  const status = page.locator('.capsule-search-status');
  assert.equal(await status.getAttribute('role'), 'status');
  assert.equal(await status.getAttribute('aria-live'), 'polite');
  assert.equal(await status.textContent(), `${total} résultats pour « lecture ».`);
  own.assertClean();
});

test('the back button restores the previous query', async (t) => {
  const own = await ownContext(t);
  const page = await searchPage(own);
  const input = page.locator(SEARCH_INPUT);
  await input.fill('lecture');
  await input.press('Enter');
  await shownResults(page, 'lecture');
  await input.fill('calcul mental');
  await input.press('Enter');
  await shownResults(page, 'calcul mental');
  await page.goBack();
  assert.deepEqual(await shownResults(page, 'lecture'), expectedUrls('lecture'));
  assert.equal(await input.inputValue(), 'lecture');
  await page.goForward();
  assert.deepEqual(await shownResults(page, 'calcul mental'), expectedUrls('calcul mental'));
  own.assertClean();
});

/** Types `text` in the header's search box of `page` and waits for its suggestions. */
async function typeInHeader(page, text) {
  const input = page.locator('#site-search-q');
  await input.click();
  await input.pressSequentially(text, { delay: 40 });
  await page.waitForFunction(() => document.querySelectorAll('.site-search-results [role="option"]').length > 0);
  return input;
}

test('the header shows suggestions as you type and Enter opens the search page', async (t) => {
  const own = await ownContext(t);
  const page = await own.context.newPage();
  await page.goto(`${server.url}/`);
  const input = await typeInHeader(page, 'calcul');
  const titles = await page.$$eval('.site-search-results [role="option"] .site-search-option__title', (o) => o.map((x) => x.textContent));
  assert.deepEqual(titles, searchCli(site.binary, site.root, 'calcul', 6).map((hit) => hit.title));
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  await input.press('ArrowDown');
  const active = await input.getAttribute('aria-activedescendant');
  assert.equal(await page.getAttribute(`#${active}`, 'aria-selected'), 'true');
  const outline = await page.$eval(`#${active}`, (option) => getComputedStyle(option).outlineStyle);
  assert.equal(outline, 'solid', 'the chosen suggestion is visibly marked');
  assert.notEqual(await input.evaluate((i) => getComputedStyle(i).outlineStyle), 'none', 'visible focus');
  await input.press('ArrowUp');
  await input.press('ArrowUp');
  await input.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  await Promise.all([page.waitForURL(/\/recherche\/\?q=calcul$/), input.press('Enter')]);
  assert.deepEqual(await shownResults(page, 'calcul'), expectedUrls('calcul'));
  own.assertClean();
});

test('choosing a suggestion with the keyboard opens its video', async (t) => {
  const own = await ownContext(t);
  const page = await own.context.newPage();
  await page.goto(`${server.url}/videos/`);
  const input = await typeInHeader(page, 'chorale');
  await input.press('ArrowDown');
  const [first] = expectedUrls('chorale', 1);
  await Promise.all([page.waitForURL(`${server.url}${first}`), input.press('Enter')]);
  own.assertClean();
});

test('results and open filters fit a 360 px screen', async (t) => {
  const own = await ownContext(t, { width: 360, height: 740 });
  const page = await searchPage(own, 'élèves');
  await shownResults(page, 'élèves');
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok((await width()) <= 360, `page is ${await width()} px wide`);
  await page.click('.capsule-search-filters__toggle');
  assert.equal(await page.getAttribute('.capsule-search-filters__toggle', 'aria-expanded'), 'true');
  assert.ok(await page.isVisible('.capsule-search-filters__panel'));
  assert.ok((await width()) <= 360, 'filters open');
  assert.deepEqual(await search(page, 'lecture'), expectedUrls('lecture'));
  assert.ok((await width()) <= 360, 'other results');
  own.assertClean();
});

test('indexed text never becomes markup', async (t) => {
  const own = await ownContext(t);
  const page = await searchPage(own, 'balisé piège');
  await shownResults(page, 'balisé piège');
  const title = page.locator('.capsule-search-result__title a').first();
  assert.equal(await title.textContent(), 'Piège <img src=x onerror="window.injected=1"> <b>balisé</b>');
  assert.equal(new URL(await title.evaluate((a) => a.href)).pathname, '/videos/piege-a-balises/');
  const injected = await page.evaluate(() => ({
    flag: window.injected,
    elements: document.querySelectorAll('.capsule-search-results img[src="x"], .capsule-search-results b, .capsule-search-results script, .capsule-search-results a[href^="https://evil"]').length,
    marks: [...document.querySelectorAll('.capsule-search-results mark')].every((m) => m.children.length === 0),
  }));
  assert.deepEqual(injected, { flag: undefined, elements: 0, marks: true });
  own.assertClean();
});

test('a whole search session asks only the site’s origin and no script fails', async (t) => {
  const own = await ownContext(t);
  const page = await own.context.newPage();
  await page.goto(`${server.url}/`);
  const input = await typeInHeader(page, 'calcul');
  await Promise.all([page.waitForURL(/\/recherche\/\?q=calcul$/), input.press('Enter')]);
  await shownResults(page, 'calcul');
  await rerender(page, () => page.check('.capsule-search-filter input[name="niveau"]'));
  const [first] = await search(page, 'lecture offerte');
  await Promise.all([page.waitForURL(`${server.url}${first}`), page.click('.capsule-search-result__title a')]);
  const paths = own.requests.map((url) => new URL(url).pathname);
  assert.ok(paths.includes('/search/meta.json'), 'the search index was fetched');
  assert.ok(paths.some((path) => path.startsWith('/search/') && path !== '/search/meta.json'), 'and its term files');
  own.assertClean();
});

test('a training path is a result with its « Parcours » badge, and the type filter keeps paths only', async (t) => {
  const own = await ownContext(t);
  const page = await searchPage(own, PATH_WORD);
  const shown = await shownResults(page, PATH_WORD);
  assert.deepEqual(shown, [PATH_URL]);
  assert.deepEqual(shown, expectedUrls(PATH_WORD), 'same as capsule search');
  const result = page.locator('.capsule-search-result').first();
  assert.equal(await result.locator('.capsule-search-kind').textContent(), 'Parcours');
  assert.ok(await result.locator('.capsule-search-kind').isVisible(), 'the badge is visible');

  const hits = searchCli(site.binary, site.root, MIXED_QUERY, 1000);
  const kinds = expectedCounts(hits, {}, 'kinds');
  assert.ok(kinds.video > 0 && kinds.parcours > 0, `the query finds both kinds: ${JSON.stringify(kinds)}`);
  await search(page, MIXED_QUERY);
  assert.equal(await page.textContent('.capsule-search-filters fieldset:first-child legend'), 'Type');
  assert.deepEqual(await shownCounts(page, 'kinds'), kinds);
  const videoBadges = await page.$$eval('.capsule-search-result', (items) =>
    items.filter((item) => new URL(item.querySelector('a').href).pathname.startsWith('/videos/') && item.querySelector('.capsule-search-kind')).length,
  );
  assert.equal(videoBadges, 0, 'videos, the main kind, carry no badge');

  await rerender(page, () => page.check('input[name="type"][value="parcours"]'));
  const filters = { kinds: ['parcours'] };
  await assertFiltered(page, hits, filters);
  const paths = await page.$$eval('.capsule-search-result', (items) =>
    items.map((item) => [new URL(item.querySelector('a').href).pathname, item.querySelector('.capsule-search-kind')?.textContent]),
  );
  assert.equal(paths.length, kinds.parcours);
  assert.ok(paths.every(([url, badge]) => url.startsWith('/parcours/') && badge === 'Parcours'), JSON.stringify(paths));
  assert.match(page.url(), /[?&]type=parcours/);
  own.assertClean();
});
