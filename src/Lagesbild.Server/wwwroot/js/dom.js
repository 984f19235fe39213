// Small helpers shared by the static pages' scripts (rounds, alarms). Text is always set as text, never as HTML.

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
