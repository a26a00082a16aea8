// Enhancements only: every page works without this file.
(() => {
  // Filter forms apply as soon as a choice changes; the submit button stays for keyboards and no-JS.
  for (const form of document.querySelectorAll('form.filters')) {
    form.addEventListener('change', (event) => {
      if (event.target instanceof HTMLSelectElement) form.requestSubmit();
    });
  }
})();
