// The submit forms, one per task type. Each mirrors the API's checks so most mistakes are caught
// before a round trip, and builds the POST /api/tasks body; the API stays the judge, and when it
// refuses, its own words are shown.

const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,31}$/;
const QC_NAME = /^[\p{L}\p{N} _.,:()-]{1,100}$/u;
const QC_PARAMETER = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** Reads a form's fields, flagging each problem on its input; returns {problems, request}. */
export function taskRequest(form) {
  const check = new Checker(form.elements);
  const type = form.dataset.type;
  const parameters = BUILDERS[type](check, form.elements);
  const request = { task_type: type, parameters };
  const priority = check.integer('priority', 'Priority', -1000, 1000, false);
  if (priority !== null) request.priority = priority;
  if (form.elements.timeout_seconds) {
    const timeout = check.integer('timeout_seconds', 'Timeout', 1, 86400, false);
    if (timeout !== null) request.timeout_seconds = timeout;
  }
  return { problems: check.problems, request };
}

const BUILDERS = {
  backtest(check, f) {
    const strategy = f.strategy.value;
    const params = {};
    if (strategy === 'sma_crossover') {
      params.fast_period = check.integer('fast_period', 'Fast period', 1, 9999);
      params.slow_period = check.integer('slow_period', 'Slow period', 2, 10000);
      if (params.fast_period !== null && params.slow_period !== null && params.fast_period >= params.slow_period) {
        check.flag('fast_period', 'Fast period must be less than the slow period.');
      }
    } else if (strategy === 'rsi_mean_reversion') {
      params.period = check.integer('period', 'Period', 2, 1000);
      params.oversold = check.number('oversold', 'Oversold', 0, 100);
      params.overbought = check.number('overbought', 'Overbought', 0, 99.999);
      if (params.oversold !== null && params.overbought !== null && params.oversold >= params.overbought) {
        check.flag('oversold', 'Oversold must be less than overbought.');
      }
    } else if (strategy === 'momentum') {
      params.lookback = check.integer('lookback', 'Lookback', 1, 10000);
      params.threshold = check.number('threshold', 'Threshold', -1, 10);
    } else if (strategy === 'ml_predictive') {
      params.model_id = check.required('model_id', 'Choose a trained model (train one first).');
      params.entry_threshold = check.number('entry_threshold', 'Entry threshold', 0, 0.999);
      params.exit_threshold = check.number('exit_threshold', 'Exit threshold', 0, 0.999);
      if (params.entry_threshold !== null && params.exit_threshold !== null && params.exit_threshold > params.entry_threshold) {
        check.flag('exit_threshold', 'Exit threshold must not be above the entry threshold.');
      }
    }
    return {
      strategy,
      ...check.range(),
      initial_capital: check.number('initial_capital', 'Initial capital', 0, 1e12),
      params,
    };
  },

  model_training(check, f) {
    const name = f.name.value.trim();
    if (name.length > 100) check.flag('name', 'Model name must be at most 100 characters.');
    return {
      ...check.range(),
      test_fraction: check.number('test_fraction', 'Test share', 0.05, 0.5, true),
      ...(name ? { name } : {}),
      params: {
        rounds: check.integer('rounds', 'Rounds', 1, 2000),
        max_depth: check.integer('max_depth', 'Max depth', 1, 12),
        learning_rate: check.number('learning_rate', 'Learning rate', 0, 1),
        min_child_weight: check.number('min_child_weight', 'Min child weight', 0, 1000, true),
      },
    };
  },

  prediction(check) {
    const modelId = check.required('model_id', 'Choose a trained model (train one first).');
    return { model_id: modelId, ...check.range() };
  },

  qc_backtest(check, f) {
    const parameters = {};
    const project = check.integer('project_id', 'Project id', 1, Number.MAX_SAFE_INTEGER, true);
    const name = f.backtest_name.value.trim();
    if (name && !QC_NAME.test(name)) check.flag('backtest_name', 'Backtest name may hold 1 to 100 letters, digits, spaces or _.,:()-');
    const lines = f.parameters.value.split('\n').map((line) => line.trim()).filter(Boolean);
    for (const line of lines) {
      const at = line.indexOf('=');
      const key = at > 0 ? line.slice(0, at).trim() : '';
      const value = at > 0 ? line.slice(at + 1).trim() : '';
      if (!QC_PARAMETER.test(key)) {
        check.flag('parameters', `"${line}" is not name=value with a name of letters, digits, _ . or -.`);
      } else {
        parameters[key] = value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
      }
    }
    if (lines.length > 50) check.flag('parameters', 'At most 50 parameters.');
    return { project_id: project, ...(name ? { backtest_name: name } : {}), ...(lines.length ? { parameters } : {}) };
  },
};

class Checker {
  constructor(fields) {
    this.fields = fields;
    this.problems = [];
    for (const field of fields) field.removeAttribute?.('aria-invalid');
  }

  flag(name, text) {
    this.fields[name]?.setAttribute('aria-invalid', 'true');
    this.problems.push(text);
  }

  required(name, text) {
    const value = this.fields[name].value.trim();
    if (!value) this.flag(name, text);
    return value || null;
  }

  /** A whole number within [min, max]; null when absent (a problem if required) or wrong. */
  integer(name, label, min, max, required = true) {
    const text = this.fields[name].value.trim();
    if (text === '') {
      if (required) this.flag(name, `${label} is required.`);
      return null;
    }
    const value = Number(text);
    if (!Number.isInteger(value)) this.flag(name, `${label} must be a whole number.`);
    else if (value < min || value > max) this.flag(name, `${label} must be between ${min} and ${max}.`);
    else return value;
    return null;
  }

  /** A number above min (or at least min) and at most max, as the API's parameter reader counts. */
  number(name, label, min, max, minAllowed = false) {
    const text = this.fields[name].value.trim();
    const value = Number(text);
    if (text === '') this.flag(name, `${label} is required.`);
    else if (!Number.isFinite(value)) this.flag(name, `${label} must be a number.`);
    else if ((minAllowed ? value < min : value <= min) || value > max) {
      this.flag(name, `${label} must be ${minAllowed ? 'at least' : 'greater than'} ${min} and at most ${max}.`);
    } else return value;
    return null;
  }

  /** symbol, timeframe, start_date and end_date, common to the local task types. */
  range() {
    const f = this.fields;
    const symbol = f.symbol.value.trim();
    if (!symbol) this.flag('symbol', 'Symbol is required.');
    else if (!SYMBOL.test(symbol)) this.flag('symbol', 'Symbol must look like BTC_USDT (letters, digits, _ . / -).');
    if (!f.start_date.value) this.flag('start_date', 'Start date is required.');
    if (!f.end_date.value) this.flag('end_date', 'End date is required.');
    else if (f.start_date.value && f.end_date.value < f.start_date.value) {
      this.flag('end_date', 'End date must not be before the start date.');
    }
    const range = {
      symbol: symbol.toUpperCase(),
      timeframe: f.timeframe.value,
      start_date: f.start_date.value,
      end_date: f.end_date.value,
    };
    // Stored bars unless generated ones are asked for by name: the server refuses a symbol it
    // holds no bars of rather than invent them.
    if (f.data && f.data.value === 'synthetic') range.data = 'synthetic';
    return range;
  }
}

/**
 * Puts a task's parameters back into its form ("run again with changes"). Fields the form does not
 * have (commission, say) are returned so the page can say they were left at their defaults.
 */
export function fillForm(form, task) {
  const p = task.parameters || {};
  const f = form.elements;
  const set = (name, value) => {
    if (value === undefined || value === null || !f[name]) return false;
    f[name].value = String(value);
    // A model list still loading has no such option yet: it is chosen when the list arrives.
    if (f[name].tagName === 'SELECT') f[name].dataset.wanted = String(value);
    return true;
  };
  const left = [];
  const put = (name, value) => {
    if (!set(name, value) && value !== undefined) left.push(name);
  };
  if (task.task_type === 'qc_backtest') {
    put('project_id', p.project_id);
    set('backtest_name', p.backtest_name ?? '');
    set('parameters', Object.entries(p.parameters || {}).map(([k, v]) => `${k}=${v}`).join('\n'));
  } else {
    for (const [key, value] of Object.entries(p)) {
      if (key === 'params' || key === 'parameters') continue;
      if (key === 'data') set('data', value === 'synthetic' ? 'synthetic' : 'stored');
      else if (key === 'model_id' && task.task_type === 'backtest') continue; // inside params for a backtest
      else put(key, value);
    }
    for (const [key, value] of Object.entries(p.params || {})) put(key, value);
  }
  set('priority', task.priority ?? 0);
  if (f.timeout_seconds) f.timeout_seconds.value = '';
  return left;
}
