// Record forms (orders, resources) described as data: each field names its API parameter, its
// label (the original pages' words) and its kind. collect() gives the parameters to send;
// markInvalid() points at the field a server INVALID_PARAM msg names ("参数channelType无效…",
// "缺少参数salePrice").

import { h } from './dom.js';
import { choiceGroup, datalistFor, formField, selectOf } from './ui.js';

// spec: {name, label, kind: 'text'|'textarea'|'number'|'date'|'select'|'checks'|'radios',
//        options?: [[value,label]], suggestions?: [..], help?, required?, wide?, blank?}
export function buildFields(specs, record) {
  const controls = new Map(); // name → {kind, el}
  const nodes = [];
  for (const spec of specs) {
    const value = record && record[spec.name] !== null && record[spec.name] !== undefined ? String(record[spec.name]) : '';
    if (spec.kind === 'checks' || spec.kind === 'radios') {
      const selected = spec.kind === 'checks' ? value.split(',').map((v) => v.trim()).filter(Boolean) : [value];
      const group = choiceGroup(spec.label, spec.name, spec.kind === 'checks' ? 'checkbox' : 'radio', spec.options, selected, spec.required);
      controls.set(spec.name, { kind: spec.kind, el: group });
      nodes.push(group);
      continue;
    }
    let el;
    if (spec.kind === 'select') {
      el = selectOf(spec.options, value, { blank: spec.blank ?? '请选择' });
      el.required = Boolean(spec.required);
    } else if (spec.kind === 'textarea') {
      el = h('textarea', { class: 'form-control', rows: 3, maxlength: 500, value, required: spec.required || null });
    } else {
      el = h('input', {
        class: 'form-control', value, maxlength: spec.kind === 'text' ? 500 : null,
        type: spec.kind === 'number' ? 'number' : spec.kind === 'date' ? 'date' : 'text',
        min: spec.kind === 'number' ? 0 : null, step: spec.kind === 'number' ? 1 : null,
        placeholder: spec.placeholder || null, required: spec.required || null,
      });
    }
    el.name = spec.name;
    controls.set(spec.name, { kind: spec.kind, el });
    const field = formField(spec.label, el, { help: spec.help, wide: spec.wide });
    if (spec.suggestions) field.append(datalistFor(el, spec.suggestions));
    nodes.push(field);
  }

  return {
    nodes,
    controls,
    // Every field's value: '' for an empty one (which the server reads as "clear" on an edit).
    collect() {
      const values = {};
      for (const [name, { kind, el }] of controls) {
        if (kind === 'checks') {
          values[name] = [...el.querySelectorAll('input:checked')].map((input) => input.value).join(',');
        } else if (kind === 'radios') {
          values[name] = el.querySelector('input:checked')?.value || '';
        } else {
          values[name] = el.value.trim();
        }
      }
      return values;
    },
    setOptions(name, options, selected) {
      const { el } = controls.get(name);
      const keep = selected ?? el.value;
      while (el.options.length > 1) el.remove(1);
      for (const [value, label] of options) el.append(h('option', { value, selected: value === keep }, label));
    },
    clearInvalid() {
      for (const { el } of controls.values()) {
        el.classList.remove('is-invalid');
        el.removeAttribute('aria-invalid');
      }
    },
    // The field a server msg names, marked and focused; false when the msg names none of ours.
    markInvalid(msg) {
      const named = /(?:缺少参数|参数)([A-Za-z]+)/.exec(msg || '');
      const control = named && controls.get(named[1]);
      if (!control) return false;
      control.el.classList.add('is-invalid');
      control.el.setAttribute('aria-invalid', 'true');
      (control.el.querySelector('input') || control.el).focus();
      return true;
    },
  };
}

export function withoutEmpty(values) {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
}
