// Pipelines: the caller's list, and one pipeline's steps as a graph whose boxes take their step's
// status colour, arrows for depends_on, gates with their comparison, task steps linking their task.

import { el, svg } from '../dom.js';
import { ago, localTime, shortId, typeName } from '../format.js';
import { BOX, gateShort, gateText, graphLayout } from '../pipeline-graph.js';
import { routeHref, taskHref } from '../routes.js';

function badge(status) {
  return el('span', { className: `badge status-${status}` }, String(status).replaceAll('_', ' '));
}

/** @param {object} page a page of GET /api/pipelines */
export function renderPipelineList(page, admin) {
  if (!page.items.length) return el('p', { className: 'muted' }, 'No pipelines yet.');
  const heads = ['Pipeline', 'Name', 'Status', 'Steps', admin ? 'User' : null, 'Started'].filter(Boolean);
  return el('div', { className: 'table-scroll' }, el('table', { className: 'data', id: 'pipeline-table' },
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...page.items.map((p) => el('tr', { dataset: { pipelineId: p.pipeline_id, status: p.status } },
      el('td', {}, el('a', { href: routeHref('pipeline', { id: p.pipeline_id }), title: p.pipeline_id }, el('code', {}, shortId(p.pipeline_id)))),
      el('td', {}, p.name),
      el('td', {}, badge(p.status)),
      el('td', { className: 'small' }, p.steps.map((s) => `${s.id}: ${s.status}`).join(' · ')),
      admin ? el('td', {}, p.user_id) : null,
      el('td', { title: localTime(p.created_at) }, ago(p.created_at)))))));
}

/** The pipeline's head and its graph. */
export function renderPipeline(pipeline, actions) {
  const running = pipeline.status === 'running';
  const cancel = el('button', { type: 'button', className: 'danger small-button', id: 'pipeline-cancel', hidden: !running }, 'Cancel pipeline');
  cancel.addEventListener('click', () => actions.cancel(pipeline, cancel));
  return [
    el('section', { className: 'card', id: 'pipeline-head', dataset: { status: pipeline.status } },
      el('div', { className: 'card-head' },
        el('h3', {}, `${pipeline.name} `, el('code', { title: pipeline.pipeline_id }, shortId(pipeline.pipeline_id)), ' ', badge(pipeline.status)),
        cancel),
      pipeline.detail ? el('p', { className: 'small', id: 'pipeline-detail' }, pipeline.detail) : null,
      el('p', { className: 'muted small' }, `Started ${localTime(pipeline.created_at)}${pipeline.finished_at ? ` · ended ${localTime(pipeline.finished_at)}` : ''}`)),
    el('section', { className: 'card' }, el('h3', {}, 'Steps'),
      el('div', { className: 'graph-scroll' }, renderGraph(pipeline.steps)),
      el('p', { className: 'muted small' }, 'Columns follow the dependencies; an arrow points from a step to the steps waiting for it. A task step opens its task.'),
      renderStepTable(pipeline.steps)),
  ];
}

/** The steps as SVG boxes by dependency depth, arrows for depends_on. */
export function renderGraph(steps) {
  const layout = graphLayout(steps);
  const drawing = svg('svg', { viewBox: `0 0 ${layout.width} ${layout.height}`, width: String(layout.width), height: String(layout.height),
    class: 'pipeline-graph', id: 'pipeline-graph', role: 'group', 'aria-label': 'Pipeline steps' });
  drawing.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));
  for (const edge of layout.edges) {
    const [x1, y1, x2, y2] = edge.points;
    const mid = (x1 + x2) / 2;
    drawing.append(svg('path', { d: `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2 - 2} ${y2}`, class: 'edge', 'marker-end': 'url(#arrow)', 'data-from': edge.from, 'data-to': edge.to }));
  }
  for (const box of layout.boxes) {
    const step = box.step;
    const kind = step.gate ? `gate: ${gateShort(step.gate)}` : typeName(step.task_type);
    const detail = step.gate ? step.detail || 'not compared yet' : step.task_id ? `task ${shortId(step.task_id)}` : 'no task yet';
    const title = [`${step.id} (${kind}): ${step.status}`, step.gate ? gateText(step.gate) : '', step.detail || ''].filter(Boolean).join('\n');
    const parts = [
      svg('title', {}, title),
      svg('rect', { x: String(box.x), y: String(box.y), width: String(BOX.width), height: String(BOX.height), rx: '6', class: 'box' }),
      svg('text', { x: String(box.x + 10), y: String(box.y + 18), class: 'step-id' }, step.id),
      svg('text', { x: String(box.x + BOX.width - 10), y: String(box.y + 18), class: 'step-status', 'text-anchor': 'end' }, step.status.replaceAll('_', ' ')),
      svg('text', { x: String(box.x + 10), y: String(box.y + 36), class: 'step-kind' }, clip(kind, 30)),
      svg('text', { x: String(box.x + 10), y: String(box.y + 53), class: 'step-detail' }, clip(detail, 30)),
    ];
    const group = svg('g', { class: `step status-${step.status}${step.gate ? ' gate' : ''}`, 'data-step': step.id, 'data-status': step.status });
    if (step.task_id) {
      const link = svg('a', { href: taskHref(step.task_id), 'aria-label': `${step.id}: ${step.status}, open task ${shortId(step.task_id)}` }, ...parts);
      group.append(link);
    } else {
      group.setAttribute('aria-label', `${step.id}: ${step.status}${step.gate ? `, ${gateText(step.gate)}` : ''}`);
      group.append(...parts);
    }
    drawing.append(group);
  }
  return drawing;
}

/** The same steps as text: every detail in full (a gate's comparison, a failure's reason). */
function renderStepTable(steps) {
  return el('div', { className: 'table-scroll' }, el('table', { className: 'data', id: 'step-table' },
    el('thead', {}, el('tr', {}, ...['Step', 'What', 'Status', 'Detail', 'Task'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...steps.map((s) => el('tr', { dataset: { step: s.id, status: s.status } },
      el('td', {}, el('strong', {}, s.id)),
      el('td', {}, s.gate ? `gate: ${gateText(s.gate)}` : typeName(s.task_type)),
      el('td', {}, badge(s.status)),
      el('td', { className: 'small' }, s.detail || ''),
      el('td', {}, s.task_id ? el('a', { href: taskHref(s.task_id) }, el('code', {}, shortId(s.task_id))) : ''))))));
}

function clip(text, max) {
  const value = String(text ?? '');
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
