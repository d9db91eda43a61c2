// Runs Lighthouse (npm `lighthouse`, its default mobile profile with simulated slow 4G)
// with Debian's Chromium, for the Lighthouse suite and the timing bench.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

import { CHROMIUM_PATH } from './browser.mjs';

/** A headless Chromium that Lighthouse drives (`kill()` when done). */
export function launchForLighthouse() {
  return chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic'],
  });
}

/**
 * Lighthouse's `categories` of `url`: `{ scores: { category: 0–100 }, failing }`,
 * `failing` naming the audits that did not pass.
 */
export async function lighthouseScores(chrome, url, categories) {
  const { lhr } = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: categories,
  });
  const scores = Object.fromEntries(categories.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
  const failing = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
    .map((a) => `${a.id}: ${a.displayValue || a.title}`);
  return { scores, failing };
}
