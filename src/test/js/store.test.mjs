// Unit tests of the dashboard's task store (webapp/js/store.js): how live events and REST snapshots
// combine. Run by `mvn test` through Node's built-in test runner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaskStore } from '../../../webapp/js/store.js';

const queued = (id, extra = {}) => ({ task_id: id, task_type: 'backtest', status: 'queued', queued_at: '2026-01-01T00:00:00Z', ...extra });

test('events move a task through queued, running and completed', () => {
  const store = new TaskStore();
  store.applyEvent('task_queued', { task_id: 'a', task_type: 'backtest', queue_position: 1 });
  assert.equal(store.queued()[0].queue_position, 1);
  store.applyEvent('task_running', { task_id: 'a', task_type: 'backtest' });
  assert.deepEqual(store.running().map((t) => t.task_id), ['a']);
  assert.equal(store.queued().length, 0);
  store.applyEvent('task_description_update', { task_id: 'a', description: 'Day 3 of 9', progress: 33 });
  assert.equal(store.running()[0].progress, 33);
  store.applyEvent('task_completed', { task_id: 'a', status: 'completed', success: true, result: { total_return: 0.1 } });
  assert.equal(store.finished()[0].status, 'completed');
  assert.equal(store.finished()[0].result.total_return, 0.1);
});

test('a snapshot asked for before an event does not undo that event', () => {
  const store = new TaskStore();
  const takenAt = Date.now() - 1000;
  store.put(queued('a'), takenAt - 1);
  store.applyEvent('task_running', { task_id: 'a' });
  store.applyList({ items: [queued('a', { priority: 5 })] }, takenAt);
  const task = store.tasks.get('a');
  assert.equal(task.status, 'running', 'the newer event wins');
  assert.equal(task.priority, 5, 'fields the event did not carry are still taken');
});

test('a snapshot asked for after an event replaces what the event said', () => {
  const store = new TaskStore();
  store.applyEvent('task_running', { task_id: 'a' });
  store.applyList({ items: [queued('a', { attempts: 2, blocked_reason: 'Insufficient CPU' })] }, Date.now() + 1);
  assert.equal(store.tasks.get('a').status, 'queued', 'handed back to the queue, as the server says');
});

test('a finished task never goes back to queued or running', () => {
  const store = new TaskStore();
  store.applyEvent('task_completed', { task_id: 'a', status: 'cancelled', success: false });
  store.put(queued('a'), Infinity);
  store.applyEvent('task_running', { task_id: 'a' });
  assert.equal(store.tasks.get('a').status, 'cancelled');
});

test('an active task missing from a complete queue snapshot is marked for a fresh look', () => {
  const store = new TaskStore();
  store.put(queued('gone'), 0);
  store.put(queued('still'), 0);
  store.applyQueue({ queued_count: 1, running_count: 0, queued_tasks: [queued('still')], running_tasks: [] }, Date.now());
  assert.equal(store.tasks.get('gone').stale, true);
  assert.equal(store.tasks.get('still').stale, false);
  assert.equal(store.counts.queued, 1);
});

test('a capped queue snapshot marks nothing', () => {
  const store = new TaskStore();
  store.put(queued('beyond-the-cap'), 0);
  store.applyQueue({ queued_count: 500, running_count: 0, queued_tasks: [queued('x')], running_tasks: [] }, Date.now());
  assert.notEqual(store.tasks.get('beyond-the-cap').stale, true);
});

test('queued tasks are ordered by priority, then position', () => {
  const store = new TaskStore();
  store.put(queued('low', { priority: 0, queue_position: 1 }));
  store.put(queued('high', { priority: 10, queue_position: 1 }));
  store.put(queued('low2', { priority: 0, queue_position: 2 }));
  assert.deepEqual(store.queued().map((t) => t.task_id), ['high', 'low', 'low2']);
});

test('clear completed hides tasks that finished before the mark, newest first otherwise', () => {
  const store = new TaskStore();
  store.put({ task_id: 'old', status: 'completed', finished_at: '2026-01-01T00:00:00Z' });
  store.put({ task_id: 'new', status: 'failed', finished_at: '2026-01-02T00:00:00Z' });
  assert.deepEqual(store.finished().map((t) => t.task_id), ['new', 'old']);
  store.clearedBefore = Date.parse('2026-01-01T12:00:00Z');
  assert.deepEqual(store.finished().map((t) => t.task_id), ['new']);
});

test('hiding completed tasks keeps the failed, timed-out and cancelled ones in view', () => {
  const store = new TaskStore();
  store.put({ task_id: 'done', status: 'completed', finished_at: '2026-01-01T00:00:00Z' });
  store.put({ task_id: 'broke', status: 'failed', finished_at: '2026-01-01T00:00:00Z' });
  store.put({ task_id: 'stopped', status: 'cancelled', finished_at: '2026-01-01T00:00:01Z' });
  store.clearedBefore = Date.parse('2026-01-02T00:00:00Z');
  assert.deepEqual(store.finished().map((t) => t.task_id), ['stopped', 'broke']);
});
