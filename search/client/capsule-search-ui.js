// Capsule search UI: mounts the search page (`<div id="capsule-search"
// data-index="/search/" data-base="/">`) and enhances the header form
// (`<form role="search" class="site-search">`) with a results dropdown.
// Why it exists: the engine (capsule-search.js) only ranks; this module turns it
// into accessible French UI. DOM is built with createElement/textContent only.

import { load, highlight } from './capsule-search.js';

const GROUPS = [
  { key: 'topics', param: 'theme', legend: 'Thèmes' },
  { key: 'levels', param: 'niveau', legend: 'Niveaux' },
  { key: 'contributors', param: 'contributeur', legend: 'Contributeurs' },
  { key: 'duration', param: 'duree', legend: 'Durée' },
];
const PAGE_SIZE = 20;
const DROPDOWN_SIZE = 6;
const engines = new Map();
let uid = 0;

/** One engine per index URL, loaded on first use. */
function engineFor(indexUrl) {
  if (!engines.has(indexUrl)) {
    const promise = load(indexUrl);
    promise.catch(() => engines.delete(indexUrl));
    engines.set(indexUrl, promise);
  }
  return engines.get(indexUrl);
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

function countLabel(total) {
  if (total === 0) return 'Aucun résultat';
  return total === 1 ? '1 résultat' : `${total.toLocaleString('fr-FR')} résultats`;
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
  const input = el('input', { type: 'search', id: `${id}-q`, name: 'q', autocomplete: 'off', spellcheck: 'false' });
  const form = el('form', { role: 'search', class: 'capsule-search-form', action: '' },
    el('label', { for: input.id, text: 'Rechercher une vidéo' }), input,
    el('button', { type: 'submit', text: 'Rechercher' }));
  const status = el('p', { class: 'capsule-search-status', role: 'status', 'aria-live': 'polite' });
  const filters = el('div', { class: 'capsule-search-filters' });
  const list = el('ol', { class: 'capsule-search-results', id: `${id}-results` });
  const more = el('button', { type: 'button', class: 'capsule-search-more', hidden: '', text: 'Afficher plus de résultats' });
  root.replaceChildren(form, status, el('div', { class: 'capsule-search-body' }, filters, el('div', {}, list, more)));
  return { form, input, status, filters, list, more };
}

function renderFilters(container, facets, state, onChange) {
  const groups = GROUPS.filter((g) => facets[g.key] && facets[g.key].length);
  container.replaceChildren(...groups.map((group) => {
    const fieldset = el('fieldset', {}, el('legend', { text: group.legend }));
    for (const value of facets[group.key]) {
      const box = el('input', { type: 'checkbox', name: group.param, value: value.id, checked: value.selected });
      box.addEventListener('change', () => onChange(group.key, value.id, box.checked));
      const label = el('label', {}, box, ` ${value.label} `, el('span', { class: 'count', text: `(${value.count})` }));
      fieldset.append(label);
    }
    return fieldset;
  }));
}

function renderResult(result, base) {
  const link = el('a', { href: withBase(base, result.url) }, marked(result.title, result.matches));
  const meta = el('p', { class: 'capsule-search-meta' },
    el('span', { class: 'duration', text: formatDuration(result.duration) }),
    result.topics.length ? el('span', { class: 'topics', text: ` · ${result.topics.map((t) => t.label).join(', ')}` }) : null);
  const image = result.thumbnail
    ? el('img', { src: withBase(base, result.thumbnail), alt: '', width: '160', height: '90', loading: 'lazy' })
    : null;
  return el('li', { class: 'capsule-search-result' }, image, el('h2', {}, link), meta,
    el('p', { class: 'summary' }, marked(result.summary, result.matches)));
}

/** Mounts the full search page on `root`. */
export function mountSearchPage(root) {
  const base = root.dataset.base || '/';
  const ui = buildPage(root);
  let state = readState();
  let shown = PAGE_SIZE;
  let run = 0;
  let timer = 0;

  async function update(history) {
    const current = ++run;
    if (history === 'push') window.history.pushState(null, '', stateUrl(state));
    if (history === 'replace') window.history.replaceState(null, '', stateUrl(state));
    if (!state.q.trim()) {
      ui.list.replaceChildren();
      ui.filters.replaceChildren();
      ui.more.hidden = true;
      ui.status.textContent = '';
      return;
    }
    try {
      const engine = await engineFor(root.dataset.index || '/search/');
      const found = await engine.search(state.q, { filters: state.filters, limit: shown });
      if (current !== run) return;
      ui.list.replaceChildren(...found.results.map((r) => renderResult(r, base)));
      renderFilters(ui.filters, found.facets, state, toggle);
      ui.more.hidden = found.total <= found.results.length;
      ui.status.textContent = countLabel(found.total);
    } catch (error) {
      if (current === run) ui.status.textContent = 'La recherche est indisponible pour le moment.';
    }
  }

  function toggle(group, id, on) {
    const values = new Set(state.filters[group]);
    if (on) values.add(id);
    else values.delete(id);
    state = { ...state, filters: { ...state.filters, [group]: [...values] } };
    shown = PAGE_SIZE;
    update('push');
  }

  ui.input.value = state.q;
  ui.input.addEventListener('input', () => {
    state = { ...state, q: ui.input.value };
    shown = PAGE_SIZE;
    clearTimeout(timer);
    timer = setTimeout(() => update('replace'), 120);
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
    state = readState();
    ui.input.value = state.q;
    update(null);
  });
  root.addEventListener('keydown', (event) => arrowNavigation(event, ui));
  update(null);
}

/** ArrowDown/ArrowUp move between the input and the result links. */
function arrowNavigation(event, ui) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const links = [...ui.list.querySelectorAll('li > h2 > a')];
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
  if (!input) return;
  const id = `capsule-suggest-${++uid}`;
  const base = form.dataset.base || '/';
  const listbox = el('ul', { role: 'listbox', id, class: 'site-search-results', hidden: '', 'aria-label': 'Vidéos suggérées' });
  form.append(listbox);
  Object.entries({ role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': id })
    .forEach(([name, value]) => input.setAttribute(name, value));
  let options = [];
  let active = -1;
  let run = 0;

  const setActive = (index) => {
    active = index;
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', options[index].id);
    else input.removeAttribute('aria-activedescendant');
  };
  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  const render = (results) => {
    options = results.map((result, i) => {
      const option = el('li', { role: 'option', id: `${id}-${i}`, 'aria-selected': 'false' },
        el('span', { class: 'title', text: result.title }),
        el('span', { class: 'duration', text: ` · ${formatDuration(result.duration)}` }));
      option.dataset.href = withBase(base, result.url);
      option.addEventListener('mousedown', (event) => event.preventDefault());
      option.addEventListener('click', () => window.location.assign(option.dataset.href));
      return option;
    });
    listbox.replaceChildren(...options);
    listbox.hidden = options.length === 0;
    input.setAttribute('aria-expanded', String(options.length > 0));
    setActive(-1);
  };

  input.addEventListener('focus', () => engineFor(form.dataset.index || '/search/').catch(() => {}), { once: true });
  input.addEventListener('input', async () => {
    const current = ++run;
    if (!input.value.trim()) return close();
    try {
      const engine = await engineFor(form.dataset.index || '/search/');
      const found = await engine.search(input.value, { limit: DROPDOWN_SIZE, facets: false });
      if (current === run) render(found.results);
    } catch {
      if (current === run) close();
    }
  });
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
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
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
