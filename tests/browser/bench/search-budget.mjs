// Benchmark, not a test: what a visitor's browser downloads, and how
// soon it shows results, to search a large catalogue with Capsule's own search and with
// Pagefind run on the same built site, side by side in one run of headless Chromium.
// Budgets (Capsule): a first query transfers ≤ 100 kB (gzip) in ≤ 3 round trips after the
// page itself (parallel requests count once) and shows its results ≤ 50 ms after the data
// arrive; a second query on other words transfers ≤ 30 kB more.
//
// Run (from the repository; prints Markdown tables on stdout):
//   node tests/browser/bench/search-budget.mjs --root /tmp/s10k
// Options: --capsule BIN (default $CAPSULE_BIN, else target/release/capsule), --runs N
// (default 3; timings are medians), --out DIR (where the temporary build goes; default
// /dev/shm when it exists), --pagefind-glob GLOB (passed to `pagefind --glob`, e.g.
// "videos/*/index.html"), --keep (leave the build in place), --built DIR (measure a site
// already built into DIR and indexed by Pagefind: no build, no indexing times).
// The site root comes from `cargo run --release --example synth -- DIR 10000` followed by
// `ln -s $PWD/themes DIR/themes`. Pagefind is the exact devDependency of
// tests/browser/bench/package.json: `npm install --prefix tests/browser/bench` installs it
// with the binary of this platform (kept out of the test command's `npm ci`).
// The file name and folder keep it out of `node --test tests/browser/`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { launch } from '../lib/browser.mjs';
import { SEARCH_INPUT, shownResults } from '../lib/search-page.mjs';
import { serve } from '../lib/server.mjs';
import { BUILD_CLOCK, REPO } from '../lib/site.mjs';

/** First queries, each in a fresh browser context: one to three words, a prefix, typos. */
const FIRST_QUERIES = [
  { kind: 'one word', query: 'lecture' },
  { kind: 'two words', query: 'calcul mental' },
  { kind: 'three words', query: 'lecture à voix haute' },
  { kind: 'prefix', query: 'orth' },
  { kind: 'typo: swapped letters', query: 'lectrue' },
  { kind: 'typo: missing letter', query: 'ortographe' },
];
/** The second query, on other words, typed in the same page after each first query. */
const SECOND_QUERY = 'géométrie';
/** Results on the first screen: Capsule's search page shows 10 (PAGE_SIZE of capsule-search-ui.js). */
const SHOWN = 10;
const BUDGET = { firstBytes: 100_000, firstRounds: 3, renderMs: 50, secondBytes: 30_000 };
const PAGEFIND_DIR = join(REPO, 'tests/browser/bench/node_modules/pagefind');
/** The page that drives Pagefind, written into the built site (after indexing). */
const PAGEFIND_PAGE = '/pagefind-bench/';
const VIDEO_PAGE = /^\/videos\/(?!page\/)[^/]+\/$/;

const { values: args } = parseArgs({
  options: {
    root: { type: 'string' },
    capsule: { type: 'string' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string' },
    'pagefind-glob': { type: 'string' },
    built: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
if (!args.root && !args.built) {
  console.error('usage: node tests/browser/bench/search-budget.mjs --root DIR [--capsule BIN] [--runs N] [--out DIR] [--pagefind-glob GLOB] [--keep]');
  console.error('       node tests/browser/bench/search-budget.mjs --built PUBLIC_DIR [--runs N]');
  console.error('DIR: `cargo run --release --example synth -- DIR 10000 && ln -s $PWD/themes DIR/themes`');
  process.exit(2);
}
const ROOT = args.root ? resolve(args.root) : null;
const CAPSULE = resolve(args.capsule || process.env.CAPSULE_BIN || join(REPO, 'target/release/capsule'));
const RUNS = Math.max(1, Number(args.runs) || 1);
const needed = [['pagefind (npm install --prefix tests/browser/bench)', join(PAGEFIND_DIR, 'lib/runner/bin.cjs')]];
if (!args.built) needed.push(['site root', join(ROOT, 'site.yaml')], ['capsule binary', CAPSULE]);
for (const [what, path] of needed) {
  if (!existsSync(path)) {
    console.error(`missing ${what}: ${path}`);
    process.exit(2);
  }
}

const parent = args.out ? resolve(args.out) : existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
let work = null;
let OUT;
if (args.built) {
  OUT = resolve(args.built);
  if (!existsSync(join(OUT, 'search/meta.json')) || !existsSync(join(OUT, 'pagefind/pagefind.js'))) {
    console.error(`--built ${OUT}: no search/meta.json or pagefind/pagefind.js in it`);
    process.exit(2);
  }
} else {
  mkdirSync(parent, { recursive: true });
  work = mkdtempSync(join(parent, 'capsule-search-budget-'));
  OUT = join(work, 'public');
}
const cleanup = () => {
  if (args.keep) return;
  if (work) rmSync(work, { recursive: true, force: true });
  else rmSync(join(OUT, PAGEFIND_PAGE), { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

/** Runs a command; returns its output and wall time, or throws with its output. */
function run(command, commandArgs, env = process.env) {
  const started = performance.now();
  const result = spawnSync(command, commandArgs, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  const output = `${result.stdout || ''}${result.stderr || ''}`;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (${result.status ?? result.signal}):\n${output}`);
  return { output, ms };
}

function buildCapsule() {
  const { output, ms } = run(CAPSULE, ['build', '--root', ROOT, '--output', OUT], { ...process.env, SOURCE_DATE_EPOCH: BUILD_CLOCK });
  const line = output.split('\n').find((l) => l.includes('Site construit')) || '';
  const phase = (name) => Number((line.match(new RegExp(`${name} (\\d+) ms`)) || [])[1]);
  return { line: line.trim(), ms, index: phase('index'), total: ['chargement', 'validation', 'index', 'rendu', 'écriture'].reduce((s, p) => s + (phase(p) || 0), 0) };
}

function runPagefind() {
  const extra = args['pagefind-glob'] ? ['--glob', args['pagefind-glob']] : [];
  const { output, ms } = run(process.execPath, [join(PAGEFIND_DIR, 'lib/runner/bin.cjs'), '--site', OUT, ...extra]);
  return { ...pagefindInfo(output), ms };
}

/** What Pagefind's output says (nothing when the site was indexed earlier). */
function pagefindInfo(output) {
  const number = (re) => Number((output.match(re) || [])[1]);
  return {
    ms: null,
    reported: number(/Finished in ([\d.]+) seconds/) * 1000,
    pages: Object.values(JSON.parse(readFileSync(join(OUT, 'pagefind/pagefind-entry.json'), 'utf8')).languages).reduce((n, l) => n + l.page_count, 0),
    words: number(/Indexed (\d+) words/),
    scope: !output
      ? 'the pages chosen when it ran earlier'
      : `${args['pagefind-glob'] ? `the pages matching ${args['pagefind-glob']}, ` : ''}${/Did not find a data-pagefind-body/.test(output) ? 'whole <body> (no data-pagefind-body on the site)' : 'data-pagefind-body elements'}`,
    version: JSON.parse(readFileSync(join(PAGEFIND_DIR, 'package.json'), 'utf8')).version,
  };
}

/** A bare page of the site that searches with Pagefind and renders `SHOWN` results. */
function writePagefindPage() {
  const html = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Pagefind (benchmark)</title>
<link rel="icon" href="data:,">
</head>
<body>
<input type="search" aria-label="Rechercher">
<p class="status" role="status"></p>
<ol class="results"></ol>
<script type="module">
const SHOWN = ${SHOWN};
const list = document.querySelector('.results');
const status = document.querySelector('.status');
let engine;
// One query as a results page needs it: the ranking, then the data of the results shown.
window.benchSearch = async (query) => {
  const started = performance.now();
  engine ||= import('/pagefind/pagefind.js');
  const pagefind = await engine;
  const search = await pagefind.search(query);
  const shown = await Promise.all(search.results.slice(0, SHOWN).map((result) => result.data()));
  list.replaceChildren(...shown.map((data) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const excerpt = document.createElement('p');
    excerpt.innerHTML = data.excerpt;
    item.append(link, excerpt);
    return item;
  }));
  status.textContent = search.results.length + ' résultats pour « ' + query + ' ».';
  const end = performance.now();
  performance.measure('pagefind-render', { start: started, end });
  return {
    found: search.results.length,
    urls: shown.map((data) => new URL(data.url, location.href).pathname),
    titles: shown.map((data) => data.meta.title || ''),
    started: performance.timeOrigin + started,
    rendered: performance.timeOrigin + end,
  };
};
</script>
</body>
</html>
`;
  mkdirSync(join(OUT, PAGEFIND_PAGE), { recursive: true });
  writeFileSync(join(OUT, PAGEFIND_PAGE, 'index.html'), html);
}

/** Records the requests of a browser context (page and workers) with their sizes and timing. */
function watch(context) {
  const entries = [];
  const byRequest = new Map();
  let pending = 0;
  let changed = performance.now();
  const settle = () => {
    pending -= 1;
    changed = performance.now();
  };
  context.on('request', (request) => {
    const entry = { url: request.url(), request };
    entries.push(entry);
    byRequest.set(request, entry);
    pending += 1;
    changed = performance.now();
  });
  context.on('requestfinished', async (request) => {
    const entry = byRequest.get(request);
    try {
      const sizes = await request.sizes();
      const timing = request.timing();
      entry.bytes = sizes.responseBodySize + sizes.responseHeadersSize;
      entry.start = timing.startTime;
      entry.end = timing.responseEnd >= 0 ? timing.startTime + timing.responseEnd : timing.startTime;
      entry.status = (await request.response())?.status();
    } catch (error) {
      entry.failed = String(error);
    }
    settle();
  });
  context.on('requestfailed', (request) => {
    byRequest.get(request).failed = request.failure()?.errorText || 'failed';
    settle();
  });
  return {
    mark: () => entries.length,
    since: (mark) => entries.slice(mark),
    /** Resolves once no request has been pending for `quietMs`. */
    async quiet(quietMs = 400, limitMs = 20_000) {
      const deadline = performance.now() + limitMs;
      while (pending > 0 || performance.now() - changed < quietMs) {
        if (performance.now() > deadline) throw new Error(`requests still pending after ${limitMs} ms`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
  };
}

/** Search files of an engine: `code` (its scripts and WASM) or `data` (its index); null for others. */
function searchRole(engine, url) {
  const { pathname } = new URL(url);
  if (engine === 'capsule') return pathname.startsWith('/search/') ? 'data' : null;
  if (!pathname.startsWith('/pagefind/')) return null;
  return /\.m?js$/.test(pathname) || /^\/pagefind\/wasm\.[^/]*\.pagefind$/.test(pathname) ? 'code' : 'data';
}

/** Longest chain of requests where each starts after an earlier one ended (round trips). */
function rounds(entries) {
  const sorted = [...entries].sort((a, b) => a.start - b.start);
  const depth = [];
  sorted.forEach((entry, i) => {
    depth[i] = 1 + Math.max(0, ...sorted.slice(0, i).map((e, j) => (e.end <= entry.start ? depth[j] : 0)));
  });
  return Math.max(0, ...depth);
}

/**
 * Figures of one query from the requests it caused, what the page reported and the
 * resource timing of the page and its workers (`timeline`: one clock, `timeOrigin`-based).
 */
function figures(engine, entries, shown, timeline) {
  const failed = entries.filter((e) => e.failed || (e.status && e.status >= 400));
  if (failed.length) throw new Error(`${engine}: failed requests ${failed.map((e) => `${e.url} ${e.failed || e.status}`).join(', ')}`);
  const search = entries.filter((e) => searchRole(engine, e.url));
  const other = entries.filter((e) => !searchRole(engine, e.url));
  const sum = (list) => list.reduce((s, e) => s + e.bytes, 0);
  const urls = new Set(search.map((e) => e.url));
  const ends = timeline.filter((t) => urls.has(t.name) && t.start >= shown.started - 1).map((t) => t.end);
  const lastData = ends.length ? Math.max(...ends) : null;
  return {
    requests: search.length,
    rounds: rounds(search),
    code: sum(search.filter((e) => searchRole(engine, e.url) === 'code')),
    data: sum(search.filter((e) => searchRole(engine, e.url) === 'data')),
    bytes: sum(search),
    otherRequests: other.length,
    otherBytes: sum(other),
    found: shown.found,
    videos: shown.urls.filter((u) => VIDEO_PAGE.test(u)).length,
    shown: shown.urls.length,
    dataToScreen: lastData === null ? null : shown.rendered - lastData,
    queryToScreen: shown.rendered - shown.started,
    ownMeasure: shown.ownMeasure ?? null,
    titles: shown.titles,
    files: search.map((e) => new URL(e.url).pathname.replace(/^\/(search|pagefind)\//, '')),
  };
}

/** Capsule: the search page, loaded and settled, then a query submitted in its form. */
const capsule = {
  name: 'Capsule',
  async open(page, base) {
    await page.goto(`${base}/recherche/`, { waitUntil: 'networkidle' });
    await page.waitForSelector(SEARCH_INPUT);
    await page.evaluate(() => document.addEventListener('submit', () => (window.benchStarted = performance.timeOrigin + performance.now()), true));
  },
  async search(page, query) {
    const input = page.locator(SEARCH_INPUT);
    await input.fill(query);
    await input.press('Enter');
    await shownResults(page, query, { timeout: 20_000 });
    return page.evaluate(() => {
      const status = document.querySelector('.capsule-search-status').textContent;
      const renders = performance.getEntriesByName('capsule-search-render');
      const last = renders[renders.length - 1];
      return {
        found: status.startsWith('Aucun') ? 0 : Number(status.split(' résultat')[0].replace(/\D/g, '')),
        urls: [...document.querySelectorAll('.capsule-search-result__title a')].map((a) => new URL(a.href).pathname),
        titles: [...document.querySelectorAll('.capsule-search-result__title a')].map((a) => a.textContent),
        started: window.benchStarted,
        rendered: performance.timeOrigin + last.startTime + last.duration,
        ownMeasure: last.duration,
      };
    });
  },
};

/** Pagefind: the benchmark page of the same site; `pagefind.js` is imported on the first query. */
const pagefind = {
  name: 'Pagefind',
  async open(page, base) {
    await page.goto(`${base}${PAGEFIND_PAGE}`, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => typeof window.benchSearch === 'function');
  },
  search: (page, query) => page.evaluate((q) => window.benchSearch(q), query),
};

/** One session: a fresh context, the page, a first query, then the second query. */
async function session(browser, server, engine, query, errors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests = watch(context);
  const page = await context.newPage();
  const workers = [];
  page.on('worker', (worker) => workers.push(worker));
  // Resource timing of the page and of its workers (Pagefind fetches in a web worker).
  const read = () =>
    performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd }));
  const timeline = async () => (await Promise.all([page, ...workers].map((w) => w.evaluate(read).catch(() => [])))).flat();
  page.on('pageerror', (error) => errors.add(`${engine.name}: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && errors.add(`${engine.name}: console: ${message.text()}`));
  try {
    await engine.open(page, server.url);
    await requests.quiet();
    const result = {};
    for (const [step, q] of [['first', query], ['second', SECOND_QUERY]]) {
      const mark = requests.mark();
      const served = server.requests.length;
      const shown = await engine.search(page, q);
      await requests.quiet();
      const entries = requests.since(mark);
      if (server.requests.length - served !== entries.length) {
        errors.add(`${engine.name} « ${q} »: the server saw ${server.requests.length - served} requests, the browser ${entries.length}`);
      }
      result[step] = figures(engine === capsule ? 'capsule' : 'pagefind', entries, shown, await timeline());
    }
    return result;
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kB = (bytes) => (bytes / 1000).toFixed(1);
const ms = (value) => (value === null ? '—' : value.toFixed(1));
const fr = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** Figures of several runs: sizes of the first run (checked equal), median timings. */
function combine(runs, errors, label) {
  const [first] = runs;
  for (const other of runs.slice(1)) {
    for (const key of ['requests', 'bytes', 'found']) {
      if (other[key] !== first[key]) errors.add(`${label}: ${key} varied between runs (${first[key]} vs ${other[key]})`);
    }
  }
  return {
    ...first,
    dataToScreen: median(runs.map((r) => r.dataToScreen)),
    queryToScreen: median(runs.map((r) => r.queryToScreen)),
    ownMeasure: median(runs.map((r) => r.ownMeasure)),
  };
}

function budgetCheck(f, second) {
  const over = [];
  if (second) {
    if (f.bytes > BUDGET.secondBytes) over.push(`> ${kB(BUDGET.secondBytes)} kB`);
  } else {
    if (f.bytes > BUDGET.firstBytes) over.push(`> ${kB(BUDGET.firstBytes)} kB`);
    if (f.rounds > BUDGET.firstRounds) over.push(`> ${BUDGET.firstRounds} rounds`);
  }
  if (f.dataToScreen !== null && f.dataToScreen > BUDGET.renderMs) over.push(`> ${BUDGET.renderMs} ms`);
  return over.length ? `✗ ${over.join(', ')}` : '✓';
}

function row(query, engine, f, second) {
  const own = f.ownMeasure === null ? '' : ` (${ms(f.ownMeasure)})`;
  return `| ${query} | ${engine} | ${f.requests} | ${f.rounds} | ${kB(f.code)} + ${kB(f.data)} = **${kB(f.bytes)}** | ${f.otherRequests} (${kB(f.otherBytes)} kB) | ${fr(f.found)} | ${f.videos}/${f.shown} | ${ms(f.dataToScreen)}${own} | ${ms(f.queryToScreen)} | ${budgetCheck(f, second)} |`;
}

/** File names, those of a folder with more than two counted as `N × folder/`. */
function fileList(files) {
  if (!files.length) return '(none)';
  const folders = new Map();
  for (const file of files) {
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    folders.set(folder, [...(folders.get(folder) || []), file]);
  }
  return [...folders].flatMap(([folder, names]) => (folder && names.length > 2 ? [`${names.length} × ${folder}`] : names)).join(' ');
}

const HEADER = [
  '| Query | Engine | Requests | Rounds | kB gzip: code + data = **total** | Other requests | Found | Videos shown | Data → screen ms | Query → screen ms | Budget |',
  '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
];

async function main() {
  const errors = new Set();
  const build = args.built ? null : buildCapsule();
  const meta = JSON.parse(readFileSync(join(OUT, 'search/meta.json'), 'utf8'));
  const indexing = args.built ? pagefindInfo('') : runPagefind();
  writePagefindPage();
  const du = (dir) => {
    const disk = Number(run('du', ['-sk', dir]).output.split('\t')[0]) * 1024;
    const apparent = Number(run('du', ['-sb', dir]).output.split('\t')[0]);
    const files = Number(run('find', [dir, '-type', 'f']).output.split('\n').filter(Boolean).length);
    return { disk, apparent, files };
  };
  const exports = { capsule: du(join(OUT, 'search')), pagefind: du(join(OUT, 'pagefind')) };

  const server = await serve(OUT);
  const browser = await launch();
  const chromium = browser.version();
  const results = { capsule: {}, pagefind: {} };
  try {
    for (let r = 0; r < RUNS; r += 1) {
      for (const { query } of FIRST_QUERIES) {
        for (const [key, engine] of [['capsule', capsule], ['pagefind', pagefind]]) {
          (results[key][query] ||= []).push(await session(browser, server, engine, query, errors));
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const out = [];
  const p = (line = '') => out.push(line);
  p(`## Search budget: Capsule vs Pagefind ${indexing.version}, ${fr(meta.docCount)} videos`);
  p();
  const site = args.built ? `\`${OUT}\` (built earlier)` : `\`${ROOT}\`, built by \`${CAPSULE}\` into \`${parent}\``;
  p(`Site: ${site}, served on 127.0.0.1 gzipped like a CDN (level 6; Pagefind's own files are already gzipped and sent as they are). Headless Chromium ${chromium}, 1280×900, a fresh context (empty cache) per first query; ${RUNS > 1 ? `${RUNS} runs, timings are medians, sizes are identical across runs unless noted` : 'one run'}.`);
  p(`Capsule: /recherche/, query submitted in its form once the page has loaded (the search client's code comes with the page). Pagefind: ${PAGEFIND_PAGE}, a bare page of the same site calling \`pagefind.search(q)\` (import of /pagefind/pagefind.js on the first query, web worker and WASM as Pagefind ships them), then \`data()\` of the first ${SHOWN} results, as both show ${SHOWN} results on the first screen. Pagefind indexed ${indexing.scope}: ${fr(indexing.pages)} pages${indexing.words ? `, ${fr(indexing.words)} words` : ''}.`);
  p();
  p(`### First query (after the page itself; budget for Capsule: ≤ ${kB(BUDGET.firstBytes)} kB, ≤ ${BUDGET.firstRounds} round trips, ≤ ${BUDGET.renderMs} ms)`);
  p();
  HEADER.forEach((line) => p(line));
  for (const { kind, query } of FIRST_QUERIES) {
    for (const [key, name] of [['capsule', 'Capsule'], ['pagefind', 'Pagefind']]) {
      const f = combine(results[key][query].map((s) => s.first), errors, `${name} « ${query} »`);
      out.push(row(`« ${query} » (${kind})`, name, f, false));
    }
  }
  p();
  p(`### Second query « ${SECOND_QUERY} » in the same page (extra; budget for Capsule: ≤ ${kB(BUDGET.secondBytes)} kB, ≤ ${BUDGET.renderMs} ms)`);
  p();
  HEADER.forEach((line) => p(line));
  for (const { query } of FIRST_QUERIES) {
    for (const [key, name] of [['capsule', 'Capsule'], ['pagefind', 'Pagefind']]) {
      const f = combine(results[key][query].map((s) => s.second), errors, `${name} « ${query} » → « ${SECOND_QUERY} »`);
      out.push(row(`after « ${query} »`, name, f, true));
    }
  }
  p();
  p('Columns: *Requests* and *kB* count the engine\'s files fetched after the page had loaded (Capsule: /search/…; Pagefind: /pagefind/…, its scripts and WASM as *code*), response body as transferred plus headers, 1 kB = 1000 B. *Rounds*: longest chain of those requests where each starts after an earlier one ended (round trips on a slow network). *Other requests*: anything else fetched meanwhile, outside the budget (thumbnails, fonts; Chromium re-fetches the favicon when the search page changes its URL). *Videos shown*: results on the first screen that are video pages (Pagefind also returns listing pages). *Data → screen*: from the end of the last search response (network) to the results in the DOM; in parentheses, Capsule\'s own `capsule-search-render` measure (from the last file parsed). *Query → screen*: from the submission to the results in the DOM, on localhost (no network latency).');
  p();
  p('### Files fetched and first results shown (first run)');
  p();
  for (const { query } of FIRST_QUERIES) {
    for (const [key, name] of [['capsule', 'Capsule'], ['pagefind', 'Pagefind']]) {
      const s = results[key][query][0];
      const top = s.first.titles.slice(0, 3).map((t) => `“${t}”`).join(', ') || 'nothing';
      p(`- ${name} « ${query} »: ${fileList(s.first.files)}; then « ${SECOND_QUERY} »: ${fileList(s.second.files)}. First shown: ${top}.`);
    }
  }
  p();
  p('### Whole exports and indexing time');
  p();
  p('| Engine | Files | Size on disk (du) | Apparent size | Indexing | Whole step |');
  p('|---|--:|--:|--:|--:|--:|');
  const size = (e) => `${fr(e.files)} | ${(e.disk / 1e6).toFixed(1)} MB | ${(e.apparent / 1e6).toFixed(1)} MB`;
  const capsuleTimes = build ? `${fr(build.index)} ms (build's "index" phase) | build ${fr(Math.round(build.ms))} ms (phases sum ${fr(build.total)} ms)` : '— | —';
  const pagefindTimes = indexing.ms ? `${fr(Math.round(indexing.reported))} ms (its "Finished in") | \`pagefind --site\` ${fr(Math.round(indexing.ms))} ms` : '— | —';
  p(`| Capsule (/search/) | ${size(exports.capsule)} | ${capsuleTimes} |`);
  p(`| Pagefind ${indexing.version} (/pagefind/) | ${size(exports.pagefind)} | ${pagefindTimes} |`);
  if (build) {
    p();
    p(`Capsule's build said: ${build.line}`);
  }
  if (errors.size) {
    p();
    p('### Warnings');
    p();
    for (const error of errors) p(`- ${error}`);
  }
  console.log(out.join('\n'));
}

try {
  await main();
} finally {
  cleanup();
}
