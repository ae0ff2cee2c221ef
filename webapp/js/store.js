// What the page knows about tasks: a map by id, fed by REST snapshots and by live events. Events
// make the page change at once; snapshots (after a burst of events, and on every poll) correct
// anything an event cannot say, such as queue positions that moved because another task started.

export const FINISHED = ['completed', 'failed', 'cancelled', 'timed_out'];

export class TaskStore {
  constructor() {
    this.tasks = new Map();
    this.counts = {};
    this.clearedBefore = 0; // completed tasks that ended before this are hidden ("Hide completed")
  }

  reset() {
    this.tasks.clear();
    this.counts = {};
  }

  /** The queue object of GET /api/system/queue or of an initial_state event. */
  applyQueue(queue, takenAt = Infinity) {
    const active = new Set();
    for (const task of [...(queue.running_tasks || []), ...(queue.queued_tasks || [])]) {
      active.add(task.task_id);
      this.put(task, takenAt);
    }
    // A task the snapshot no longer lists as active has finished, unless the list was capped.
    const complete = (queue.queued_tasks || []).length >= queue.queued_count
      && (queue.running_tasks || []).length >= queue.running_count;
    if (complete) {
      for (const task of this.tasks.values()) {
        if (!active.has(task.task_id) && !FINISHED.includes(task.status) && !(task.eventAt > takenAt)) {
          task.stale = true; // finished meanwhile: the next list snapshot says how
        }
      }
    }
    this.counts.queued = queue.queued_count;
    this.counts.running = queue.running_count;
  }

  /** A page of GET /api/tasks (newest first). */
  applyList(page, takenAt = Infinity) {
    for (const task of page.items || []) this.put(task, takenAt);
  }

  /** A task as the API gave it in a snapshot requested at {@code takenAt} (ms). */
  put(task, takenAt = Infinity) {
    const known = this.tasks.get(task.task_id);
    if (known && FINISHED.includes(known.status) && !FINISHED.includes(task.status)) return; // terminal stays terminal
    if (known && known.eventAt > takenAt) {
      // An event arrived after this snapshot was asked for: its news wins over the snapshot's.
      const { status, description, progress, queue_position: position, blocked_reason: reason, ...rest } = task;
      this.tasks.set(task.task_id, { ...known, ...rest, stale: false });
      return;
    }
    this.tasks.set(task.task_id, { ...known, ...task, stale: false });
  }

  /** One SSE event's {type, data}; returns the task it touched. */
  applyEvent(type, data) {
    const id = data?.task_id;
    if (!id) return null;
    const task = this.tasks.get(id) || { task_id: id };
    switch (type) {
      case 'task_queued':
        if (FINISHED.includes(task.status) || task.status === 'running') return task;
        Object.assign(task, pick(data, ['task_type', 'user_id', 'queue_position', 'estimated_cpu_cores', 'estimated_ram_gb']));
        task.status = 'queued';
        task.queued_at ??= new Date().toISOString();
        break;
      case 'task_running':
        if (FINISHED.includes(task.status)) return task;
        Object.assign(task, pick(data, ['task_type', 'user_id', 'estimated_cpu_cores', 'estimated_ram_gb']));
        task.status = 'running';
        task.queue_position = null;
        task.blocked_reason = null;
        task.started_at ??= new Date().toISOString();
        break;
      case 'task_description_update':
        if (FINISHED.includes(task.status)) return task;
        task.status = 'running';
        task.description = data.description;
        if (Number.isFinite(data.progress)) task.progress = data.progress;
        break;
      case 'task_completed':
        Object.assign(task, pick(data, ['task_type', 'user_id', 'status', 'error']));
        if (data.result && !task.result) task.result = data.result; // a summary until the full task arrives
        task.finished_at ??= new Date().toISOString();
        task.queue_position = null;
        task.blocked_reason = null;
        break;
      default:
        return null;
    }
    task.eventAt = Date.now();
    this.tasks.set(id, task);
    return task;
  }

  running() {
    return this.byTime([...this.tasks.values()].filter((t) => t.status === 'running'), 'started_at');
  }

  queued() {
    return [...this.tasks.values()]
      .filter((t) => t.status === 'queued')
      .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || (a.queue_position ?? 1e9) - (b.queue_position ?? 1e9)
        || String(a.queued_at).localeCompare(String(b.queued_at)));
  }

  finished(limit = 20) {
    return this.byTime([...this.tasks.values()].filter((t) => FINISHED.includes(t.status)
      && !(t.status === 'completed' && Date.parse(t.finished_at) <= this.clearedBefore)), 'finished_at', true).slice(0, limit);
  }

  byTime(tasks, field, newestFirst = false) {
    const sign = newestFirst ? -1 : 1;
    return tasks.sort((a, b) => sign * String(a[field] ?? '').localeCompare(String(b[field] ?? '')));
  }
}

function pick(source, keys) {
  const out = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
