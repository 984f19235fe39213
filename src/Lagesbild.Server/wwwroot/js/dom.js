// Small helpers shared by the static pages' scripts (rounds, alarms). Text is always set as text, never as HTML.

// Marks a write as this site's own page: the server refuses a write signed in by the cookie without it, and a
// form or script on another site cannot add it (a custom header needs a CORS preflight the server never grants).
export const ownPage = { 'X-Requested-With': 'XMLHttpRequest' };

export function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text) e.textContent = text;
  if (className) e.className = className;
  return e;
}

export function button(text, onClick, className = 'action-button') {
  const b = element('button', text, className);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

// The page's texts, rendered by the server as JSON in the user's language; {0}, {1} are filled in.
export function textsFrom(id) {
  const texts = JSON.parse(document.getElementById(id).textContent);
  return (key, ...args) => (texts[key] ?? key).replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
}

// A count with the plural form its language asks for ("1 händelse", "2 händelser"): the texts {key}_one and
// {key}_other, with the count as {0}.
export function plurals(t) {
  const rules = new Intl.PluralRules(document.documentElement.lang || 'sv');
  return (key, count, ...args) => t(`${key}_${rules.select(count) === 'one' ? 'one' : 'other'}`, count, ...args);
}
