// Small, pure formatting helpers shared by the views.

export function shortId(id) {
  return String(id ?? '').slice(0, 8);
}

export function percent(fraction, signed = false) {
  if (!Number.isFinite(fraction)) return '–';
  const text = `${(fraction * 100).toFixed(2)}%`;
  return signed && fraction > 0 ? `+${text}` : text;
}

export function fixed(value, digits = 2) {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

export function money(value) {
  return Number.isFinite(value) ? value.toLocaleString(undefined, { maximumFractionDigits: 2 }) : '–';
}

export function localTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** "just now", "42s ago", "5m ago", "2h ago", "3d ago". */
export function ago(iso, now = Date.now()) {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return '';
  const seconds = Math.max(0, Math.round((now - time) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

/** "7s", "3m 05s", "1h 02m". */
export function duration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function since(iso, now = Date.now()) {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? duration((now - time) / 1000) : '';
}

const TYPE_NAMES = {
  backtest: 'Backtest',
  model_training: 'Model training',
  prediction: 'Prediction',
  qc_backtest: 'QuantConnect backtest',
};

export function typeName(type) {
  return TYPE_NAMES[type] || String(type ?? 'task');
}

export function resources(task) {
  const cores = Number(task.estimated_cpu_cores);
  const ram = Number(task.estimated_ram_gb);
  if (!Number.isFinite(cores) && !Number.isFinite(ram)) return '';
  if (cores === 0 && ram === 0) return 'runs remotely';
  return `${fixed(cores, 1)} cores · ${fixed(ram, 1)} GB`;
}
