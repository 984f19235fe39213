// The phone's menu button: it folds the main menu open and shut. A classic script with listeners on the document,
// so that it works on the static pages (sign-in, rounds, alarms) and on the interactive ones. The state lives on
// the <html> element, which the server never renders again: a header rendered anew when the page's live connection
// starts is put back in step by the observer below.
(() => {
  let open = false;
  const toggleOf = () => document.querySelector('[data-menu-toggle]');

  function sync() {
    const toggle = toggleOf();
    if (toggle && toggle.getAttribute('aria-expanded') !== String(open)) toggle.setAttribute('aria-expanded', String(open));
  }

  function show(value) {
    open = value;
    document.documentElement.classList.toggle('menu-open', open);
    sync();
  }

  document.addEventListener('click', event => {
    if (event.target.closest('[data-menu-toggle]')) {
      show(!open);
      return;
    }
    // A link chosen in the menu, or a tap outside it, folds it away.
    if (open && (event.target.closest('#main-nav a') || !event.target.closest('#main-nav'))) show(false);
  });

  document.addEventListener('keydown', event => {
    if (event.key === 'Escape' && open) {
      show(false);
      toggleOf()?.focus();
    }
  });

  new MutationObserver(sync).observe(document.documentElement, { childList: true, subtree: true });
})();
