// Benchmark, not a test: the figures that depend on how fast the machine is, which the
// browser suites leave out (they assert behaviour only). In headless Chromium: how long the
// search page takes to render results (the client's `capsule-search-render` measure,
// budget ≤ 50 ms once the client is compiled, ≤ 500 ms for the very first render, which
// also compiles it) and the Lighthouse scores of the home, a video and the search page
// (mobile profile, simulated slow 4G; budget: performance ≥ 95), with the deterministic
// categories printed beside it.
//
// Run (from the repository; prints Markdown tables on stdout):
//   node tests/browser/bench/timings.mjs                 # the test catalogue, debug binary
//   node tests/browser/bench/timings.mjs --root DIR --capsule target/release/capsule
// Options: --root DIR (a site root with its themes/; default tests/fixtures/catalogue),
// --built DIR (measure a site already built into DIR), --capsule BIN (default
// $CAPSULE_BIN, else the debug binary cargo builds), --runs N (default 3; figures are
// medians), --video PATH (the video page Lighthouse scores), --strict (exit 1 when a
// budget is missed). The file name keeps it out of `node --test tests/browser/`.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { launch } from '../lib/browser.mjs';
import { launchForLighthouse, lighthouseScores } from '../lib/lighthouse.mjs';
import { search, renderDurations } from '../lib/search-page.mjs';
import { serve } from '../lib/server.mjs';
import { buildSite, builtFixture, capsuleBinary, temporaryFolder } from '../lib/site.mjs';

/** Queries typed one after the other in one search page: words, accents, prefixes, typos. */
const QUERIES = ['lecture', 'calcul mental', 'dictee negociee', 'élèves', 'géom', 'problmee', 'lecture offerte', 'conseil d’élèves'];
const BUDGET = { firstRenderMs: 500, renderMs: 50, performance: 95 };
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const { values: args } = parseArgs({
  options: {
    root: { type: 'string' },
    built: { type: 'string' },
    capsule: { type: 'string' },
    runs: { type: 'string', default: '3' },
    video: { type: 'string' },
    strict: { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(args.runs) || 1);

/** The site to measure: `{ output, describe, remove() }`. */
function siteToMeasure() {
  if (args.built) return { output: resolve(args.built), describe: `\`${resolve(args.built)}\` (built earlier)`, remove() {} };
  if (args.capsule) process.env.CAPSULE_BIN = resolve(args.capsule);
  if (!args.root) {
    const fixture = builtFixture();
    return { output: fixture.output, describe: `the test catalogue, built by \`${fixture.binary}\``, remove: fixture.remove };
  }
  const binary = capsuleBinary();
  const output = temporaryFolder('timings');
  buildSite(binary, resolve(args.root), output);
  return { output, describe: `\`${resolve(args.root)}\`, built by \`${binary}\``, remove: () => rmSync(output, { recursive: true, force: true }) };
}

/** The video page Lighthouse scores: `--video`, else the test catalogue's bundle, else the first one. */
function videoPage(output) {
  if (args.video) return args.video;
  if (existsSync(join(output, 'videos/fluence-a-deux/index.html'))) return '/videos/fluence-a-deux/';
  const slug = readdirSync(join(output, 'videos'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'page')
    .map((entry) => entry.name)
    .sort()[0];
  return `/videos/${slug}/`;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => value.toFixed(1);
const verdict = (ok) => (ok ? '✓' : '✗');

/** Render durations of every run: a fresh context per run, `QUERIES` typed in one page. */
async function renderTimings(base) {
  const browser = await launch();
  const first = [];
  const later = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(`${base}/recherche/`, { waitUntil: 'networkidle' });
      for (const query of QUERIES) await search(page, query);
      const [firstRender, ...others] = await renderDurations(page);
      first.push(firstRender);
      later.push(...others);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { first, later };
}

/** Lighthouse's scores of each page, median of the runs. */
async function lighthouseTimings(base, pages) {
  const chrome = await launchForLighthouse();
  const rows = [];
  try {
    for (const [kind, path] of pages) {
      const runs = [];
      for (let run = 0; run < RUNS; run += 1) runs.push((await lighthouseScores(chrome, base + path, CATEGORIES)).scores);
      rows.push({ kind, path, scores: Object.fromEntries(CATEGORIES.map((c) => [c, median(runs.map((s) => s[c]))])), all: runs });
    }
  } finally {
    await chrome.kill();
  }
  return rows;
}

async function main() {
  const site = siteToMeasure();
  const server = await serve(site.output);
  let missed = false;
  try {
    const out = [];
    const p = (line = '') => out.push(line);
    p(`## Timings: ${site.describe}`);
    p();
    p(`Served on 127.0.0.1 gzipped like a CDN; headless Chromium; ${RUNS} run${RUNS > 1 ? 's, medians' : ''}.`);
    p();
    const renders = await renderTimings(server.url);
    const firstOk = median(renders.first) <= BUDGET.firstRenderMs;
    const laterOk = Math.max(...renders.later) <= BUDGET.renderMs;
    missed ||= !firstOk || !laterOk;
    p(`### Search page, 360 px: ${QUERIES.length} queries typed one after the other`);
    p();
    p('| Render | Median ms | Max ms | Budget |');
    p('|---|--:|--:|---|');
    p(`| first (compiles the client) | ${ms(median(renders.first))} | ${ms(Math.max(...renders.first))} | ${verdict(firstOk)} ≤ ${BUDGET.firstRenderMs} ms (median) |`);
    p(`| later (${renders.later.length}) | ${ms(median(renders.later))} | ${ms(Math.max(...renders.later))} | ${verdict(laterOk)} ≤ ${BUDGET.renderMs} ms (max) |`);
    p();
    const pages = [
      ['accueil', '/'],
      ['vidéo', videoPage(site.output)],
      ['recherche', '/recherche/?q=lecture'],
    ];
    p('### Lighthouse, mobile profile (simulated slow 4G)');
    p();
    p(`| Page | ${CATEGORIES.join(' | ')} | Performance runs | Budget |`);
    p(`|---|${CATEGORIES.map(() => '--:').join('|')}|---|---|`);
    for (const row of await lighthouseTimings(server.url, pages)) {
      const ok = row.scores.performance >= BUDGET.performance;
      missed ||= !ok;
      const runs = row.all.map((s) => s.performance).join(', ');
      p(`| ${row.kind} \`${row.path}\` | ${CATEGORIES.map((c) => row.scores[c]).join(' | ')} | ${runs} | ${verdict(ok)} performance ≥ ${BUDGET.performance} |`);
    }
    console.log(out.join('\n'));
  } finally {
    await server.close();
    site.remove();
  }
  if (missed && args.strict) process.exitCode = 1;
}

await main();
