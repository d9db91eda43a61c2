// Lighthouse (npm `lighthouse`, its default mobile profile with simulated slow 4G) on the
// home page, a video page and the search page of the sample site, run with Debian's
// Chromium: performance, accessibility, best practices and SEO must each score ≥ 95.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

import { serve } from './lib/server.mjs';
import { REPO, buildSite, capsuleBinary, temporaryFolder } from './lib/site.mjs';

const PAGES = [
  ['accueil', '/'],
  ['vidéo', '/videos/fluence-a-deux/'],
  ['recherche', '/recherche/?q=lecture'],
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const MINIMUM = 95;

let output;
let server;
let chrome;

before(async () => {
  output = temporaryFolder('lighthouse');
  buildSite(capsuleBinary(), REPO, output);
  server = await serve(output);
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic'],
  });
});

after(async () => {
  await chrome?.kill();
  await server?.close();
  if (output) rmSync(output, { recursive: true, force: true });
});

for (const [kind, path] of PAGES) {
  test(`Lighthouse scores ${kind} ${path} at least ${MINIMUM} in every category`, async () => {
    const { lhr } = await lighthouse(server.url + path, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
    console.log(`${kind} ${path}: ${JSON.stringify(scores)}`);
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
      .map((a) => `${a.id}: ${a.displayValue || a.title}`);
    for (const category of CATEGORIES) {
      assert.ok(scores[category] >= MINIMUM, `${category} = ${scores[category]}; audits not passed: ${failing.join('; ')}`);
    }
  });
}
