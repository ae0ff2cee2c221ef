// The admin's page: users, and this instance's last hour of CPU, RAM, heap and QuantConnect nodes.

import { el } from '../dom.js';
import { fixed, localTime } from '../format.js';
import { timePlot } from '../plots.js';

/** @param {object} ui {self, actions: {disable(user, button), resetPassword(user, password, button)}} */
export function renderUsers(users, ui) {
  return el('div', { className: 'table-scroll' }, el('table', { className: 'data', id: 'user-table' },
    el('thead', {}, el('tr', {}, ...['User', 'Roles', 'State', 'Created', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...users.map((user) => {
      const actions = [];
      if (user.enabled && user.username !== ui.self) {
        const disable = el('button', { type: 'button', className: 'danger small-button' }, 'Disable');
        disable.addEventListener('click', () => ui.actions.disable(user, disable));
        actions.push(disable);
      }
      const password = el('input', { type: 'password', minLength: 8, autocomplete: 'new-password', placeholder: 'new password',
        className: 'inline-input', attrs: { 'aria-label': `New password for ${user.username}` } });
      const reset = el('button', { type: 'submit', className: 'secondary small-button' }, 'Reset password');
      const form = el('form', { className: 'inline-form', noValidate: true }, password, reset);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        ui.actions.resetPassword(user, password.value, reset);
      });
      actions.push(form);
      return el('tr', { dataset: { user: user.username, enabled: String(user.enabled) } },
        el('td', {}, el('strong', {}, user.username)), el('td', {}, (user.roles || []).join(', ')),
        el('td', {}, user.enabled ? 'enabled' : el('span', { className: 'muted' }, 'disabled')),
        el('td', {}, localTime(user.created_at)), el('td', { className: 'row-actions' }, ...actions));
    }))));
}

/** CPU, RAM and heap (%) over the last hour, the x axis fixed to that hour ending now. */
export function resourcePlot(history, now = Date.now()) {
  const points = history.points || [];
  const end = Math.floor(now / 1000);
  const times = points.map((p) => Math.floor(Date.parse(p.at) / 1000));
  const data = [times, points.map((p) => p.cpu_percent), points.map((p) => p.ram_percent), points.map((p) => p.heap_percent ?? null)];
  return timePlot({
    title: `CPU, RAM and heap of ${history.instance || 'this instance'} over the last hour`,
    data, xRange: [end - (history.window_seconds || 3600), end], range: [0, 100], height: 200,
    series: [{ label: 'CPU', stroke: '#2359c4' }, { label: 'RAM', stroke: '#8a3ffc' }, { label: 'Heap', stroke: '#1d7a46' }],
    format: (v) => `${fixed(v, 0)}%`,
  });
}

export function nodePlot(history, now = Date.now()) {
  const points = history.points || [];
  const end = Math.floor(now / 1000);
  const max = Math.max(1, ...points.map((p) => p.max));
  return timePlot({
    title: 'QuantConnect nodes busy and backtests waiting over the last hour',
    data: [points.map((p) => Math.floor(Date.parse(p.at) / 1000)), points.map((p) => p.busy), points.map((p) => p.waiting)],
    xRange: [end - (history.window_seconds || 3600), end], range: [0, Math.max(max, ...points.map((p) => p.waiting)) + 1], height: 160,
    series: [{ label: 'Nodes busy', stroke: '#2359c4' }, { label: 'Waiting', stroke: '#9a5b00', dash: [5, 4] }],
    format: (v) => fixed(v, 0),
  });
}
