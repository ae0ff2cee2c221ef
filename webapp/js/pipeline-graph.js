// A pipeline's steps laid out as a graph: columns by dependency depth (a step sits one column right
// of its deepest dependency), rows in the order the steps were given. No DOM, so it is unit-tested.

export const BOX = { width: 196, height: 64, gapX: 56, gapY: 20, pad: 12 };

/** Each step's depth: 0 with no dependencies, else one more than its deepest dependency. */
export function depths(steps) {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const depth = new Map();
  const visit = (id, trail) => {
    if (depth.has(id)) return depth.get(id);
    if (trail.has(id)) return 0; // the server refuses cycles; a drawing must not loop anyway
    trail.add(id);
    const deps = (byId.get(id)?.depends_on || []).filter((d) => byId.has(d));
    const value = deps.length ? 1 + Math.max(...deps.map((d) => visit(d, trail))) : 0;
    trail.delete(id);
    depth.set(id, value);
    return value;
  };
  for (const step of steps) visit(step.id, new Set());
  return depth;
}

/**
 * Boxes {id, step, depth, x, y} and edges {from, to, points: [x1, y1, x2, y2]} (from the right edge
 * of a dependency to the left edge of its dependent), with the drawing's width and height.
 */
export function graphLayout(steps, box = BOX) {
  const depth = depths(steps);
  const rowsUsed = new Map();
  const boxes = steps.map((step) => {
    const d = depth.get(step.id);
    const row = rowsUsed.get(d) || 0;
    rowsUsed.set(d, row + 1);
    return { id: step.id, step, depth: d, row, x: box.pad + d * (box.width + box.gapX), y: box.pad + row * (box.height + box.gapY) };
  });
  const at = new Map(boxes.map((b) => [b.id, b]));
  const edges = [];
  for (const b of boxes) {
    for (const dep of b.step.depends_on || []) {
      const from = at.get(dep);
      if (!from) continue;
      edges.push({ from: dep, to: b.id, points: [from.x + box.width, from.y + box.height / 2, b.x, b.y + box.height / 2] });
    }
  }
  const columns = Math.max(0, ...boxes.map((b) => b.depth)) + 1;
  const rows = Math.max(1, ...rowsUsed.values());
  return {
    boxes,
    edges,
    width: box.pad * 2 + columns * box.width + (columns - 1) * box.gapX,
    height: box.pad * 2 + rows * box.height + (rows - 1) * box.gapY,
  };
}

/** A gate's comparison as a line: "train metrics.test.accuracy >= majority_baseline + 0.01". */
export function gateText(gate) {
  if (!gate) return '';
  return `${gate.step}.${gate.metric} ${gate.op} ${gate.value}`;
}

/** The same, short enough for a box: the metric's last name only ("accuracy >= 2"). */
export function gateShort(gate) {
  if (!gate) return '';
  return `${String(gate.metric).split('.').pop()} ${gate.op} ${gate.value}`;
}

const FINAL = new Set(['completed', 'failed', 'cancelled', 'stopped_at_gate']);

export function pipelineEnded(status) {
  return FINAL.has(status);
}

/** The template's body from its form; empty optional fields are left to the server's defaults. */
export function templateRequest(values) {
  const request = { template: 'train_gate_predict_backtest' };
  for (const [key, value] of Object.entries(values)) {
    const text = String(value ?? '').trim();
    if (!text) continue;
    request[key] = ['min_edge', 'entry_threshold', 'exit_threshold', 'qc_project_id'].includes(key) ? Number(text) : text;
  }
  if (request.symbol) request.symbol = request.symbol.toUpperCase();
  return request;
}
