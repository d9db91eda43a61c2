// Launches the system's Chromium (Debian's /usr/bin/chromium) headless through
// playwright-core (no browser is ever downloaded), and gives each test a browser context
// of its own that records what its pages ask for.
import { chromium } from 'playwright-core';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the system's Chromium is; `CHROMIUM` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM || '/usr/bin/chromium';

/** A headless Chromium. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/**
 * A fresh browser context (1280 × 900 unless `options` say otherwise) that records the URL
 * of every request (`requests`) and every uncaught page error (`pageErrors`), and answers
 * every request to an origin other than `origin` with an empty page — there is no internet
 * here; a real host would answer — recording its host (`foreignHosts`).
 */
export async function watchedContext(browser, origin, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const requests = [];
  const pageErrors = [];
  const foreignHosts = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      foreignHosts.push(new URL(route.request().url()).host);
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>hôte</title>' });
    },
  );
  return { context, requests, pageErrors, foreignHosts };
}
