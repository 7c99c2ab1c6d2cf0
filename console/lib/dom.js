// Building DOM nodes. Every value is inserted as text (createTextNode / properties), never parsed
// as HTML: a remark "<img src=x onerror=alert(1)>" shows as those characters. No inline styles
// either (the Content-Security-Policy refuses them): look is given by classes in app.css.

// Properties set directly rather than as attributes (their live state differs from the markup).
const kProperties = new Set(['value', 'checked', 'disabled', 'selected', 'indeterminate']);

// h('button', {class: 'btn', onclick: fn}, '配单') → <button class="btn">配单</button>.
// attrs: null/undefined/false values are skipped, true gives an empty attribute, on<event>
// functions become listeners. children: nodes, strings, numbers, arrays, null (skipped).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'style') throw new Error('inline styles are refused by the CSP: use a class');
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'class') {
        el.className = value;
      } else if (kProperties.has(key)) {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// Replaces an element's content with the given children.
export function fill(el, ...children) {
  clear(el);
  return append(el, children);
}

// A value as it is shown: null and empty read as a dash, everything else as its text.
export function show(value) {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

let idCounter = 0;
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
