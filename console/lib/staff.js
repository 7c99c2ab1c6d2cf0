// GET /staff (id and name of every staff member), asked once per page load and shared by the
// order form, the order filters, the resource form and the operator picker. A failure is not kept,
// so the next page that needs the list asks again.

import { api } from './api.js';

let pending = null;

export function staffList() {
  if (!pending) {
    pending = api.get('/staff').then((reply) => reply.data || [], (error) => {
      pending = null;
      throw error;
    });
  }
  return pending;
}

// After staff accounts change (the 员工 page), names may differ.
export function forgetStaff() {
  pending = null;
}

export function staffOptions(staff) {
  return staff.map((member) => [String(member.id), `${member.name}（${member.id}）`]);
}
