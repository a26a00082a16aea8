// Enhancements only: every page works without this file.
(() => {
  // Instant search: results and facet counts follow the query as it is typed or filters change.
  // The server renders the same page it would for a plain form submission; only the results and
  // facets are swapped in, so the URL, back/forward and shared links all work.
  const form = document.querySelector('form[data-instant-search]');
  if (!form || !window.fetch || !window.DOMParser || !window.history) return;
  const input = form.querySelector('input[name="q"]');
  const status = () => form.querySelector('#results-count');
  let controller;
  let typingTimer;
  let settleTimer;

  const urlOf = () => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (
        typeof value === 'string' &&
        value.trim() !== '' &&
        !(name === 'sort' && value === 'relevance')
      ) {
        params.append(name, value);
      }
    }
    const query = params.toString();
    return `${form.getAttribute('action')}${query ? `?${query}` : ''}`;
  };

  const swap = (html, { replaceForm }) => {
    const next = new DOMParser().parseFromString(html, 'text/html');
    const nextForm = next.querySelector('form[data-instant-search]');
    if (!nextForm) return;
    if (replaceForm) {
      form.replaceChildren(...nextForm.childNodes);
      return;
    }
    const facets = form.querySelector('.facets');
    const nextFacets = nextForm.querySelector('.facets');
    if (facets && nextFacets) facets.replaceChildren(...nextFacets.childNodes);
    const summary = form.querySelector('.facets-drawer__summary');
    const nextSummary = nextForm.querySelector('.facets-drawer__summary');
    if (summary && nextSummary) summary.textContent = nextSummary.textContent;
    const results = form.querySelector('#search-results');
    const nextResults = nextForm.querySelector('#search-results');
    if (!results || !nextResults) return;
    // Keep the live region itself and change its text, so screen readers announce the new count.
    const count = status();
    const nextCount = nextResults.querySelector('#results-count');
    const text = nextCount ? nextCount.textContent : '';
    if (count && nextCount) nextCount.replaceWith(count);
    results.replaceChildren(...nextResults.childNodes);
    if (count) count.textContent = text;
    document.title = next.title;
  };

  const load = async (url, { push, replaceForm = false }) => {
    controller?.abort();
    controller = new AbortController();
    form.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, {
        headers: { 'x-search-preview': '1' },
        signal: controller.signal,
      });
      if (!response.ok) {
        window.location.assign(url);
        return;
      }
      swap(await response.text(), { replaceForm });
      if (push === 'push') history.pushState(null, '', url);
      else if (push === 'replace') history.replaceState(null, '', url);
    } catch (error) {
      if (error.name !== 'AbortError') window.location.assign(url);
    } finally {
      form.removeAttribute('aria-busy');
    }
  };

  // A query the reader has settled on is recorded once in the search log (previews are not).
  const settle = () => {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      const url = new URL(urlOf(), window.location.href);
      const api = new URL('/api/v1/search', window.location.href);
      for (const [name, value] of url.searchParams) api.searchParams.append(name, value);
      api.searchParams.set('per_page', '1');
      fetch(api).catch(() => undefined);
    }, 1500);
  };

  input?.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      load(urlOf(), { push: 'replace' });
      if (input.value.trim() !== '') settle();
    }, 300);
  });
  form.addEventListener('change', (event) => {
    if (event.target === input) return;
    load(urlOf(), { push: 'push' });
  });
  form.addEventListener('submit', () => {
    // A submitted query loads as a page of its own, which is logged: no preview is pending.
    clearTimeout(typingTimer);
    clearTimeout(settleTimer);
  });
  window.addEventListener('popstate', () => {
    load(window.location.href, { push: null, replaceForm: true });
  });
})();

// Event times: the server shows the event's zone and UTC; here the UTC line becomes the
// reader's own time, which only the browser knows.
(() => {
  const times = document.querySelectorAll('[data-local-time]');
  if (times.length === 0 || !window.Intl) return;
  const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZoneName: 'short',
  });
  for (const element of times) {
    const date = new Date(element.getAttribute('data-local-time'));
    if (!Number.isNaN(date.getTime())) element.textContent = format.format(date);
  }
})();

// Text limits: under a text box with a limit, how many characters it holds, counted as one
// types; past the limit the count turns to an error (the server still says so beside the field).
(() => {
  const boxes = document.querySelectorAll('textarea[data-limit]');
  const format = window.Intl
    ? new Intl.NumberFormat(document.documentElement.lang || undefined)
    : { format: String };
  for (const box of boxes) {
    const count = document.getElementById(`${box.id}-count`);
    const template = count?.getAttribute('data-template');
    const limit = Number(box.getAttribute('data-limit'));
    if (!count || !template || !limit) continue;
    const show = () => {
      const length = box.value.length;
      count.textContent = template.replace('{count}', format.format(length));
      count.classList.toggle('field__count--over', length > limit);
    };
    count.hidden = false;
    show();
    box.addEventListener('input', show);
  }
})();

// Unsaved typing: a long form asks before the page is left with changes not yet sent; sending
// the form (any of its buttons) leaves without asking.
(() => {
  for (const form of document.querySelectorAll('form[data-warn-unsaved]')) {
    let dirty = false;
    const warn = (event) => {
      if (!dirty) return;
      event.preventDefault();
      // Older browsers show the dialog only when a value is set.
      event.returnValue = '';
    };
    form.addEventListener('input', () => {
      dirty = true;
    });
    form.addEventListener('change', () => {
      dirty = true;
    });
    form.addEventListener('submit', () => {
      dirty = false;
    });
    window.addEventListener('beforeunload', warn);
  }
})();

// All-day events: ticking "all day" turns the start and end into date fields, and back, so no
// time has to be typed; a time typed before comes back when the box is cleared on the same day.
(() => {
  for (const box of document.querySelectorAll('form input[type="checkbox"][name="all_day"]')) {
    const fields = ['starts_at', 'ends_at']
      .map((name) => box.form.elements.namedItem(name))
      .filter((field) => field instanceof HTMLInputElement);
    const apply = () => {
      for (const field of fields) {
        const value = field.value;
        if (box.checked && field.type !== 'date') {
          if (value) field.dataset.dateTime = value;
          field.type = 'date';
          field.value = value.slice(0, 10);
        } else if (!box.checked && field.type === 'date') {
          const kept = field.dataset.dateTime;
          field.type = 'datetime-local';
          field.value = kept && kept.slice(0, 10) === value ? kept : value ? `${value}T00:00` : '';
        }
      }
    };
    box.addEventListener('change', apply);
    apply();
  }
})();
