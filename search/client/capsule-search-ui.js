// Capsule search UI: mounts the search page (`<div id="capsule-search"
// data-index="/search/" data-base="/">`) and enhances the header form
// (`<form role="search" class="site-search">`) with a results dropdown.
// Why it exists: the engine (capsule-search.js) only ranks; this module turns it
// into accessible French UI. DOM is built with createElement/textContent only, so
// indexed text can never inject markup.

import { load, highlight } from './capsule-search.js';

const GROUPS = [
  { key: 'kinds', param: 'type', legend: 'Type' },
  { key: 'topics', param: 'theme', legend: 'Thèmes' },
  { key: 'levels', param: 'niveau', legend: 'Niveaux' },
  { key: 'duration', param: 'duree', legend: 'Durée' },
  { key: 'contributors', param: 'contributeur', legend: 'Contributeurs' },
];
const PAGE_SIZE = 10;
const DROPDOWN_SIZE = 6;
const TYPING_DELAY_MS = 120;
/** Typing after this pause starts a new history entry (Back returns to the previous query). */
const NEW_ENTRY_AFTER_MS = 1500;
const WIDE_SCREEN = '(min-width: 56rem)';
const engines = new Map();
let uid = 0;

/** One engine per index URL, loaded on first use. */
function engineFor(indexUrl) {
  if (!engines.has(indexUrl)) {
    const promise = load(indexUrl, { fetch: timedFetch });
    promise.catch(() => engines.delete(indexUrl));
    engines.set(indexUrl, promise);
  }
  return engines.get(indexUrl);
}

/** When the last index file finished arriving (parsed), for the render-time measure. */
let lastArrival = 0;

function timedFetch(url, init) {
  return fetch(url, init).then((response) => ({
    ok: response.ok,
    status: response.status,
    json: () =>
      response.json().then((data) => {
        lastArrival = performance.now();
        return data;
      }),
  }));
}

/** Records how long ranking and rendering took after the data arrived. */
function measureRender(started) {
  const start = Math.max(lastArrival, started);
  performance.measure('capsule-search-render', { start, end: performance.now() });
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function withBase(base, url) {
  if (!url || !url.startsWith('/')) return url;
  return base.replace(/\/+$/, '') + url;
}

/** "45 s", "1 min", "2 min 05". */
export function formatDuration(secs) {
  if (secs < 60) return `${secs} s`;
  const rest = secs % 60;
  return rest ? `${Math.floor(secs / 60)} min ${String(rest).padStart(2, '0')}` : `${secs / 60} min`;
}

/** Placeholder colour 0–7 of a video, as the theme computes it from the slug. */
export function hue(url) {
  const slug = url.split('/').filter(Boolean).pop() || '';
  let sum = 0;
  for (const byte of new TextEncoder().encode(slug)) sum = (Math.imul(sum, 31) + byte) >>> 0;
  return sum % 8;
}

/** "12 345" with a narrow no-break space, as French writes it (without Intl's cold start). */
function frenchNumber(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** « 12 résultats pour « … ». »; an estimated total (a very common word) reads « environ 48 000 résultats ». */
function countLabel(total, query, estimated = false) {
  if (total === 0) return `Aucun résultat pour « ${query.trim()} ».`;
  const count = total === 1 ? '1 résultat' : `${frenchNumber(total)} résultats`;
  return `${estimated ? 'environ ' : ''}${count} pour « ${query.trim()} ».`;
}

/** Text with the words of `terms` wrapped in <mark>. */
function marked(text, terms) {
  const fragment = document.createDocumentFragment();
  for (const part of highlight(text, terms)) {
    fragment.append(part.mark ? el('mark', { text: part.text }) : document.createTextNode(part.text));
  }
  return fragment;
}

/* ------------------------------------------------------------------------ */
/* Search page                                                              */
/* ------------------------------------------------------------------------ */

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const group of GROUPS) filters[group.key] = params.getAll(group.param);
  return { q: params.get('q') || '', filters };
}

function stateUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const group of GROUPS) for (const id of state.filters[group.key]) params.append(group.param, id);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
}

function buildPage(root) {
  const id = `capsule-search-${++uid}`;
  const input = el('input', {
    type: 'search', id: `${id}-q`, name: 'q', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search',
    'aria-controls': `${id}-results`,
  });
  const form = el('form', { role: 'search', class: 'capsule-search-form', action: '' },
    el('label', { for: input.id, text: 'Mots à chercher' }),
    el('div', { class: 'capsule-search-box' }, input, el('button', { type: 'submit', text: 'Rechercher' })));
  const status = el('p', { class: 'capsule-search-status', role: 'status', 'aria-live': 'polite' });
  const toggle = el('button', {
    type: 'button', class: 'capsule-search-filters__toggle', 'aria-expanded': 'false', 'aria-controls': `${id}-filters`,
    text: 'Filtres',
  });
  const filters = el('div', { class: 'capsule-search-filters__panel', id: `${id}-filters` });
  const aside = el('aside', { class: 'capsule-search-filters', 'aria-label': 'Filtres' }, toggle, filters);
  const list = el('ol', { class: 'capsule-search-results', id: `${id}-results`, 'aria-label': 'Résultats' });
  const more = el('button', { type: 'button', class: 'capsule-search-more', hidden: '', text: 'Afficher plus de résultats' });
  const main = el('div', { class: 'capsule-search-main' }, list, more);
  const body = el('div', { class: 'capsule-search-body', hidden: '' }, aside, main);
  root.replaceChildren(form, status, body);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    aside.classList.toggle('is-open', open);
  });
  return { form, input, status, body, filters, list, more };
}

/** A filter's checkbox and count; an estimated count (large result sets) reads « ≈ 1 200 ». */
function filterBox(group, value, onChange, estimated) {
  const box = el('input', { type: 'checkbox', name: group.param, value: value.id, checked: value.selected });
  box.addEventListener('change', () => onChange(group.key, value.id, box.checked));
  return el('label', { class: 'capsule-search-filter' }, box,
    el('span', { class: 'capsule-search-filter__label', text: value.label }),
    el('span', { class: 'count', text: estimated ? `≈ ${value.count}` : String(value.count) }));
}

function renderFilters(container, facets, onChange, openContributors, estimated) {
  const focused = container.contains(document.activeElement) ? document.activeElement : null;
  const groups = GROUPS.map((group) => {
    const values = facets[group.key];
    if (group.key === 'contributors') return contributorsGroup(group, values, onChange, openContributors);
    if (!values || !values.length) return null;
    if (group.key === 'kinds' && !values.some((v) => v.label)) return null;
    return el('fieldset', {}, el('legend', { text: group.legend }), ...values.map((v) => filterBox(group, v, onChange, estimated)));
  });
  container.replaceChildren(...groups.filter(Boolean));
  // Ticking a box re-renders the list: keep the keyboard where it was.
  if (focused && focused.name) {
    const same = [...container.querySelectorAll(`input[name="${focused.name}"]`)].find((box) => box.value === focused.value);
    if (same) same.focus();
  } else if (focused && focused.tagName === 'SUMMARY') {
    const summary = container.querySelector('.capsule-search-contributors summary');
    if (summary) summary.focus();
  }
}

/** Contributors are many: their facet is fetched when this group is opened. */
function contributorsGroup(group, values, onChange, open) {
  const details = el('details', { class: 'capsule-search-contributors', open: values ? '' : null },
    el('summary', { text: group.legend }));
  if (values) {
    const fieldset = el('fieldset', {}, el('legend', { class: 'visually-hidden', text: group.legend }));
    fieldset.append(...values.map((v) => filterBox(group, v, onChange)));
    details.append(values.length ? fieldset : el('p', { text: 'Aucun contributeur.' }));
  } else {
    details.append(el('p', { class: 'capsule-search-loading', text: 'Chargement…' }));
    details.addEventListener('toggle', () => details.open && open(), { once: true });
  }
  return details;
}

/** The video's thumbnail, or a placeholder in its colour. Decorative: the title says it all. */
function thumbnail(result, base) {
  const frame = el('span', { class: `capsule-search-thumb thumb thumb--hue${hue(result.url)}`, 'aria-hidden': 'true' });
  if (result.thumbnail) {
    frame.append(el('img', { src: withBase(base, result.thumbnail), alt: '', width: '160', height: '90', loading: 'lazy', decoding: 'async' }));
  }
  return frame;
}

/**
 * The result type's badge (« Parcours »), for results of another kind than the index's
 * first, its main one (videos): those need no badge.
 */
function kindBadge(result, mainKind, className) {
  if (!result.kind || !result.kind.label || result.kind.id === mainKind) return [];
  return [el('span', { class: `${className} capsule-search-kind`, text: result.kind.label }), ' '];
}

function mainKindOf(engine) {
  const [first] = engine.meta.facets.kinds || [];
  return first ? first[0] : null;
}

function renderResult(result, base, mainKind) {
  const link = el('a', { href: withBase(base, result.url) }, marked(result.title, result.matches));
  const topics = result.topics.map((t) => t.label).join(', ');
  const meta = el('p', { class: 'capsule-search-result__meta' },
    ...kindBadge(result, mainKind, 'capsule-search-result__kind'),
    el('span', { class: 'visually-hidden', text: 'Durée : ' }),
    el('span', { class: 'capsule-search-result__duration', text: formatDuration(result.duration) }),
    topics ? el('span', { class: 'capsule-search-result__topics', text: ` · ${topics}` }) : null);
  return el('li', { class: 'capsule-search-result' }, thumbnail(result, base),
    el('div', { class: 'capsule-search-result__body' },
      el('h2', { class: 'capsule-search-result__title' }, link), meta,
      el('p', { class: 'capsule-search-result__summary' }, marked(result.summary, result.matches))));
}

/** Mounts the full search page on `root`. */
export function mountSearchPage(root) {
  const base = root.dataset.base || '/';
  const ui = buildPage(root);
  let state = readState();
  let shown = PAGE_SIZE;
  let run = 0;
  let timer = 0;
  let lastHistoryWrite = 0;
  let wantContributors = state.filters.contributors.length > 0;

  async function update(history) {
    const current = ++run;
    const started = performance.now();
    writeHistory(history);
    if (!state.q.trim()) {
      ui.list.replaceChildren();
      ui.filters.replaceChildren();
      ui.body.hidden = true;
      ui.more.hidden = true;
      ui.status.textContent = '';
      return;
    }
    try {
      const engine = await engineFor(root.dataset.index || '/search/');
      const options = { filters: state.filters, limit: shown, contributors: wantContributors };
      const found = await engine.search(state.q, options);
      if (current !== run) return;
      ui.list.replaceChildren(...found.results.map((r) => renderResult(r, base, mainKindOf(engine))));
      renderFilters(ui.filters, found.facets, toggle, openContributors, found.estimated);
      const filtered = Object.values(state.filters).some((ids) => ids.length);
      ui.filters.parentElement.hidden = found.total === 0 && !filtered;
      ui.body.hidden = false;
      ui.more.hidden = found.total <= found.results.length;
      ui.status.textContent = countLabel(found.total, state.q, found.totalEstimated);
      measureRender(started);
    } catch (error) {
      if (current === run) ui.status.textContent = 'La recherche est indisponible pour le moment.';
    }
  }

  /** `push` adds a history entry, `replace` updates it, `typing` pushes after a pause. */
  function writeHistory(history) {
    if (!history) return;
    const now = performance.now();
    const push = history === 'push' || (history === 'typing' && now - lastHistoryWrite > NEW_ENTRY_AFTER_MS);
    if (stateUrl(state) !== `${location.pathname}${location.search}${location.hash}`) {
      if (push) window.history.pushState(null, '', stateUrl(state));
      else window.history.replaceState(null, '', stateUrl(state));
    }
    lastHistoryWrite = now;
  }

  function toggle(group, id, on) {
    const values = new Set(state.filters[group]);
    if (on) values.add(id);
    else values.delete(id);
    state = { ...state, filters: { ...state.filters, [group]: [...values] } };
    shown = PAGE_SIZE;
    update('push');
  }

  function openContributors() {
    wantContributors = true;
    update(null);
  }

  ui.input.value = state.q;
  ui.input.addEventListener('input', () => {
    state = { ...state, q: ui.input.value };
    shown = PAGE_SIZE;
    clearTimeout(timer);
    timer = setTimeout(() => update('typing'), TYPING_DELAY_MS);
  });
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    state = { ...state, q: ui.input.value };
    update('push');
  });
  ui.more.addEventListener('click', () => {
    shown += PAGE_SIZE;
    update(null);
  });
  window.addEventListener('popstate', () => {
    clearTimeout(timer);
    state = readState();
    ui.input.value = state.q;
    update(null);
  });
  root.addEventListener('keydown', (event) => arrowNavigation(event, ui));
  if (state.q && window.matchMedia && window.matchMedia(WIDE_SCREEN).matches) ui.input.focus();
  update(null);
}

/** ArrowDown/ArrowUp move between the input and the result links. */
function arrowNavigation(event, ui) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const links = [...ui.list.querySelectorAll('.capsule-search-result__title > a')];
  const position = links.indexOf(document.activeElement);
  const fromInput = document.activeElement === ui.input;
  if (!links.length || (!fromInput && position < 0)) return;
  event.preventDefault();
  if (event.key === 'ArrowDown') {
    links[fromInput ? 0 : Math.min(position + 1, links.length - 1)].focus();
  } else if (position <= 0) {
    ui.input.focus();
  } else {
    links[position - 1].focus();
  }
}

/* ------------------------------------------------------------------------ */
/* Header form: combobox with a listbox of up to six results                */
/* ------------------------------------------------------------------------ */

/** Enhances `<form role="search" class="site-search">` with live results. */
export function enhanceHeaderForm(form) {
  const input = form.querySelector('input[name="q"]');
  if (!input || form.dataset.enhanced) return;
  form.dataset.enhanced = 'true';
  const id = `capsule-suggest-${++uid}`;
  const indexUrl = form.dataset.index || '/search/';
  const base = form.dataset.base || indexUrl.replace(/search\/?$/, '') || '/';
  const listbox = el('ul', { role: 'listbox', id, class: 'site-search-results', hidden: '', 'aria-label': 'Résultats suggérés' });
  const status = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  form.append(listbox, status);
  Object.entries({ role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': id })
    .forEach(([name, value]) => input.setAttribute(name, value));
  let options = [];
  let active = -1;
  let run = 0;

  const setActive = (index) => {
    active = index;
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  const render = (results, total, mainKind, estimated) => {
    options = results.map((result, i) => {
      const option = el('li', { role: 'option', id: `${id}-${i}`, 'aria-selected': 'false', class: 'site-search-option' },
        ...kindBadge(result, mainKind, 'site-search-option__kind'),
        el('span', { class: 'site-search-option__title', text: result.title }),
        el('span', { class: 'site-search-option__duration', text: formatDuration(result.duration) }));
      option.dataset.href = withBase(base, result.url);
      option.addEventListener('mousedown', (event) => event.preventDefault());
      option.addEventListener('click', () => window.location.assign(option.dataset.href));
      return option;
    });
    listbox.replaceChildren(...options);
    listbox.hidden = options.length === 0;
    input.setAttribute('aria-expanded', String(options.length > 0));
    status.textContent = total ? `${countLabel(total, input.value, estimated)} Entrée pour tout voir.` : countLabel(0, input.value);
    setActive(-1);
  };
  const suggest = async () => {
    const current = ++run;
    if (!input.value.trim()) {
      status.textContent = '';
      return close();
    }
    try {
      const engine = await engineFor(indexUrl);
      const found = await engine.search(input.value, { limit: DROPDOWN_SIZE, facets: false });
      if (current === run) render(found.results, found.total, mainKindOf(engine), found.totalEstimated);
    } catch {
      if (current === run) close();
    }
  };

  input.addEventListener('focus', () => engineFor(indexUrl).catch(() => {}), { once: true });
  input.addEventListener('input', suggest);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && options.length) {
      event.preventDefault();
      listbox.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      setActive((active + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length) {
      event.preventDefault();
      setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      window.location.assign(options[active].dataset.href);
    } else if (event.key === 'Escape' && !listbox.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  // The module may arrive after the first keystrokes (it is loaded on focus).
  if (input.value.trim() && document.activeElement === input) suggest();
}

/** Mounts everything found on the page. */
export function init(doc = document) {
  const page = doc.getElementById('capsule-search');
  if (page) mountSearchPage(page);
  doc.querySelectorAll('form.site-search').forEach(enhanceHeaderForm);
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => init());
  else init();
}
