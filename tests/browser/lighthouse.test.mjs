// Lighthouse (mobile profile) on the home page, a video page and the search page of the
// test catalogue, run with Debian's Chromium: accessibility, best practices and SEO must
// each score ≥ 95. These audits judge the pages themselves, so they give the same score on
// any machine; the performance score depends on the machine's speed and is measured by
// the timing bench instead (tests/browser/bench/timings.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launchForLighthouse, lighthouseScores } from './lib/lighthouse.mjs';
import { serve } from './lib/server.mjs';
import { builtFixture } from './lib/site.mjs';

const PAGES = [
  ['accueil', '/'],
  ['vidéo', '/videos/fluence-a-deux/'],
  ['recherche', '/recherche/?q=lecture'],
];
const CATEGORIES = ['accessibility', 'best-practices', 'seo'];
const MINIMUM = 95;

let site;
let server;
let chrome;

before(async () => {
  site = builtFixture();
  server = await serve(site.output);
  chrome = await launchForLighthouse();
});

after(async () => {
  await chrome?.kill();
  await server?.close();
  site?.remove();
});

for (const [kind, path] of PAGES) {
  test(`Lighthouse scores ${kind} ${path} at least ${MINIMUM} in ${CATEGORIES.join(', ')}`, async () => {
    const { scores, failing } = await lighthouseScores(chrome, server.url + path, CATEGORIES);
    console.log(`${kind} ${path}: ${JSON.stringify(scores)}`);
    for (const category of CATEGORIES) {
      assert.ok(scores[category] >= MINIMUM, `${category} = ${scores[category]}; audits not passed: ${failing.join('; ')}`);
    }
  });
}
