// Drives the search page (`/recherche/`, built by search/client/capsule-search-ui.js) the
// way a visitor does, for the search suite and the benches.

/** The search box of the search page. */
export const SEARCH_INPUT = '#capsule-search input[type="search"]';

/** Waits until the page shows the results of `query`, then returns their paths. */
export async function shownResults(page, query, { timeout = 10_000 } = {}) {
  await page.waitForFunction(
    (q) => (document.querySelector('.capsule-search-status')?.textContent || '').includes(`« ${q.trim()} ».`),
    query,
    { timeout },
  );
  return page.$$eval('.capsule-search-result__title a', (links) => links.map((a) => new URL(a.href).pathname));
}

/** Types `query` in the search box (key by key when `typed`) and returns the paths shown. */
export async function search(page, query, { typed = false } = {}) {
  const input = page.locator(SEARCH_INPUT);
  if (typed) {
    await input.fill('');
    await input.pressSequentially(query, { delay: 35 });
  } else {
    await input.fill(query);
  }
  return shownResults(page, query);
}

/** The durations (ms) of the client's `capsule-search-render` measures so far. */
export function renderDurations(page) {
  return page.evaluate(() => performance.getEntriesByName('capsule-search-render').map((e) => e.duration));
}
