// Real-browser quality of the built test catalogue (tests/fixtures/catalogue), page kind
// by page kind, in headless Chromium: accessibility (axe-core, keyboard, headings, text
// alternatives), validity (Nu HTML Checker), privacy (no other origin before a click, only
// the video's host after), robustness (console, failed requests, 360 px screens,
// screenshots) and weight (bytes transferred, gzip, before any interaction).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { launch, watchedContext } from './lib/browser.mjs';
import { serve } from './lib/server.mjs';
import { REPO, builtFixture } from './lib/site.mjs';
import {
  PAGE_KINDS,
  VNU_JAR,
  builtFile,
  focusIsVisible,
  headingLevels,
  open,
  seriousViolations,
  tabTo,
} from './lib/pages.mjs';

/** Where the run leaves its screenshots (ignored by git). */
const SCREENSHOTS = process.env.CAPSULE_SCREENSHOTS || join(REPO, 'target/browser-screenshots');
/** Videos whose player is started, and the one host each may then contact. */
const PLAYERS = [
  { path: '/videos/calcul-mental-avec-les-ardoises/', host: 'www.youtube-nocookie.com', media: 'iframe' },
  { path: '/videos/la-boite-a-mots-de-la-grande-section/', host: 'player.vimeo.com', media: 'iframe' },
  { path: '/videos/la-lecture-offerte/', host: 'www.dailymotion.com', media: 'iframe' },
  { path: '/videos/fluence-a-deux/', host: 'videos.devoirsfaits.example.org', media: 'video' },
];
const WEIGHT_BUDGETS = [
  { kind: 'accueil', path: '/', budget: 100 * 1024 },
  { kind: 'vidéo', path: '/videos/calcul-mental-avec-les-ardoises/', budget: 80 * 1024 },
  { kind: 'vidéo avec vignette', path: '/videos/fluence-a-deux/', budget: 80 * 1024 },
];

let site;
let output;
let server;
let browser;

before(async () => {
  site = builtFixture();
  output = site.output;
  server = await serve(output);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  site?.remove();
});

/** A browser context whose requests to another origin get an empty page, their hosts recorded. */
const isolatedContext = (options = {}) => watchedContext(browser, server.url, options);

test('axe-core finds no serious or critical violation on any page kind', async () => {
  const { context } = await isolatedContext();
  const failures = [];
  for (const kind of PAGE_KINDS) {
    const page = await context.newPage();
    await open(page, server.url, kind);
    for (const violation of await seriousViolations(page)) failures.push(`${kind.kind} ${kind.path}: ${violation}`);
    await page.close();
  }
  for (const { path } of PLAYERS) {
    const page = await context.newPage();
    await open(page, server.url, { path });
    await page.click('.player__start');
    await page.waitForSelector('.player--started');
    for (const violation of await seriousViolations(page)) failures.push(`lecteur démarré ${path}: ${violation}`);
    await page.close();
  }
  await context.close();
  assert.deepEqual(failures, []);
});

test('the Nu HTML Checker reports no error on any page kind', () => {
  const files = [...new Set(PAGE_KINDS.map(({ path }) => join(output, builtFile(path))))];
  let report;
  try {
    execFileSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    report = { messages: [] };
  } catch (failure) {
    if (!failure.stderr?.startsWith('{')) throw failure;
    report = JSON.parse(failure.stderr);
  }
  const errors = report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${m.url.replace(`file:${output}`, '')}:${m.lastLine}:${m.lastColumn} ${m.message} «${m.extract}»`);
  assert.deepEqual(errors, []);
});

test('pages request nothing from another origin on load', async () => {
  const { context, foreignHosts } = await isolatedContext();
  for (const kind of PAGE_KINDS) {
    const page = await context.newPage();
    await open(page, server.url, kind);
    assert.deepEqual(foreignHosts, [], `${kind.kind} ${kind.path}`);
    await page.close();
  }
  await context.close();
});

test('after a click on the player only the video’s host is contacted, with a titled player', async () => {
  for (const { path, host, media } of PLAYERS) {
    const { context, foreignHosts } = await isolatedContext();
    const page = await context.newPage();
    await open(page, server.url, { path });
    assert.deepEqual(foreignHosts, [], `${path} avant le clic`);
    await page.click('.player__start');
    const player = await page.waitForSelector(`.player ${media}`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual([...new Set(foreignHosts)], [host], path);
    const name = await player.evaluate((el) => el.getAttribute(el.tagName === 'IFRAME' ? 'title' : 'aria-label'));
    assert.match(name, /\S/, `${path}: le lecteur a un titre`);
    await context.close();
  }
});

test('no console error, no failed request and no horizontal scrolling at 360 px; screenshots', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const problems = [];
  for (const width of [360, 1280]) {
    const { context } = await isolatedContext({ viewport: { width, height: width === 360 ? 740 : 900 } });
    for (const kind of PAGE_KINDS) {
      const page = await context.newPage();
      const here = `${width} px ${kind.kind}`;
      page.on('console', (m) => {
        const expected404 = kind.status === 404 && /404/.test(m.text());
        if (m.type() === 'error' && !expected404) problems.push(`${here}: console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`${here}: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`${here}: échec ${r.url()} ${r.failure()?.errorText}`));
      page.on('response', (r) => {
        const isPage = r.url() === server.url + kind.path;
        if (r.status() >= 400 && !(isPage && kind.status === 404)) problems.push(`${here}: ${r.status()} ${r.url()}`);
      });
      await open(page, server.url, kind);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (width === 360 && overflow > 0) problems.push(`${here}: défilement horizontal de ${overflow} px`);
      await page.close();
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
  await screenshots();
});

/** Home, a video page, a topic page and search results, at 360 and 1280 px. */
async function screenshots() {
  const shots = [
    ['accueil', '/'],
    ['video', '/videos/fluence-a-deux/'],
    ['theme', '/themes/lecture/'],
    ['recherche', '/recherche/?q=lecture', '.capsule-search-result__title a'],
  ];
  for (const width of [360, 1280]) {
    const { context } = await isolatedContext({ viewport: { width, height: width === 360 ? 740 : 900 } });
    const page = await context.newPage();
    for (const [name, path, ready] of shots) {
      await open(page, server.url, { path, ready });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    }
    await context.close();
  }
}

test('the indicators page prints on two A4 pages at most, without the site’s header', async () => {
  const { context } = await isolatedContext();
  const page = await context.newPage();
  await open(page, server.url, { path: '/indicateurs/' });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false, 'header hidden in print');
  assert.equal(await page.locator('.headline__item').count(), 4, 'four headline figures');
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'indicateurs-impression.png'), fullPage: true });
  // Each page of a PDF is an object of type /Page (the tree of them is /Pages).
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
  assert.ok(pages >= 1 && pages <= 2, `printed on ${pages} A4 pages`);
  await context.close();
});

test('headings are in order and images have text alternatives on every page kind', async () => {
  const { context } = await isolatedContext();
  const page = await context.newPage();
  for (const kind of PAGE_KINDS) {
    await open(page, server.url, kind);
    const levels = await headingLevels(page);
    assert.equal(levels.filter((l) => l === 1).length, 1, `${kind.kind}: un seul h1`);
    assert.equal(levels[0], 1, `${kind.kind}: le premier titre est le h1`);
    levels.forEach((level, i) => {
      if (i > 0) assert.ok(level <= levels[i - 1] + 1, `${kind.kind}: h${levels[i - 1]} suivi de h${level}`);
    });
    const unnamed = await page.$$eval('img, svg', (els) =>
      els
        .filter((el) => !el.closest('[aria-hidden="true"]'))
        .filter((el) => (el.tagName === 'IMG' ? !el.hasAttribute('alt') : !(el.getAttribute('role') === 'img' && (el.getAttribute('aria-label') || el.querySelector('title')))))
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unnamed, [], `${kind.kind}: images sans alternative`);
  }
  await context.close();
});

test('keyboard alone reaches the menu, plays the video and searches, with visible focus', async () => {
  const { context } = await isolatedContext();
  const page = await context.newPage();
  await open(page, server.url, { path: '/videos/calcul-mental-avec-les-ardoises/' });

  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link', 'first Tab: skip link');
  assert.ok(await focusIsVisible(page), 'skip link focus visible');
  assert.ok(await page.isVisible('.skip-link'), 'skip link shown when focused');

  await tabTo(page, '.site-nav a');
  assert.ok(await focusIsVisible(page), 'menu focus visible');

  await tabTo(page, '.player__start');
  assert.ok(await focusIsVisible(page), 'player focus visible');
  await page.keyboard.press('Enter');
  const frame = await page.waitForSelector('.player iframe');
  assert.ok(await frame.evaluate((el) => el === document.activeElement), 'the started player has the focus');

  await open(page, server.url, { path: '/videos/fluence-a-deux/' });
  await tabTo(page, '.player__start');
  await page.keyboard.press('Space');
  await page.waitForSelector('.player video');

  await open(page, server.url, { path: '/' });
  await tabTo(page, '#site-search-q');
  assert.ok(await focusIsVisible(page), 'search box focus visible');
  await page.keyboard.type('lecture');
  await Promise.all([page.waitForURL(/\/recherche\/\?q=lecture/), page.keyboard.press('Enter')]);
  await page.waitForSelector('.capsule-search-result__title a');
  await tabTo(page, '.capsule-search-result__title a');
  assert.ok(await focusIsVisible(page), 'result focus visible');
  const target = await page.evaluate(() => document.activeElement.getAttribute('href'));
  await Promise.all([page.waitForURL((url) => url.pathname === new URL(target, url).pathname), page.keyboard.press('Enter')]);
  await context.close();
});

test('filters open and toggle from the keyboard on a phone', async () => {
  const { context } = await isolatedContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await open(page, server.url, { path: '/recherche/?q=lecture', ready: '.capsule-search-result__title a' });
  await tabTo(page, '.capsule-search-filters__toggle');
  assert.ok(await focusIsVisible(page), 'toggle focus visible');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('.capsule-search-filters__toggle', 'aria-expanded'), 'true');
  await tabTo(page, '.capsule-search-filters__panel input[type="checkbox"]');
  assert.ok(await focusIsVisible(page), 'filter focus visible');
  await page.keyboard.press('Space');
  assert.ok(await page.evaluate(() => document.activeElement.checked), 'the filter is checked');
  await page.waitForURL(/[?&](type|theme|niveau|duree|contributeur)=/);
  await context.close();
});

test('home and video pages stay within their weight before any interaction', async () => {
  const { context } = await isolatedContext();
  const figures = [];
  for (const { kind, path, budget } of WEIGHT_BUDGETS) {
    const page = await context.newPage();
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await open(page, server.url, { path });
    let bytes = 0;
    for (const response of responses) {
      const sizes = await response.request().sizes();
      bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    }
    figures.push(`${kind} ${path}: ${(bytes / 1024).toFixed(1)} Ko en ${responses.length} requêtes`);
    assert.ok(bytes <= budget, `${kind} ${path}: ${bytes} octets > ${budget}`);
    await page.close();
  }
  console.log(figures.join('\n'));
  await context.close();
});
