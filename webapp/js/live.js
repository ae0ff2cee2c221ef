// Live updates: one EventSource on /api/system/task-events. The browser reconnects by itself and
// sends Last-Event-ID, and the server replays what was missed, so nothing is lost across a blip.
// When the browser gives up (the server answered with an error), we reopen it ourselves and pass the
// position as ?last_event_id=. Only when the stream keeps failing while the API itself answers (a
// proxy that buffers or blocks streams, say) does the page fall back to polling every 2 s; it keeps
// trying the stream in the background and goes live again as soon as it opens.

const POLL_MS = 2000;
const FAILURES_BEFORE_FALLBACK = 3;
const STREAM_RETRY_WHILE_POLLING_MS = 10000;

export class LiveFeed {
  /**
   * @param {object} hooks
   * @param {() => string|null} hooks.token   the bearer token for ?token=
   * @param {(type: string, event: object) => void} hooks.onEvent
   * @param {() => Promise<void>} hooks.onPoll     one refresh by REST (also run whenever the stream opens)
   * @param {() => Promise<boolean>} hooks.apiAnswers whether the API answers (false: the server is down)
   * @param {(state: string, text: string) => void} hooks.onState
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.source = null;
    this.lastEventId = null;
    this.failures = 0;
    this.timer = null;
    this.pollTimer = null;
    this.running = false;
    this.state = 'off';
    this.checking = false;
  }

  start() {
    this.stop();
    this.running = true;
    this.failures = 0;
    this.open();
  }

  stop() {
    this.running = false;
    this.source?.close();
    this.source = null;
    clearTimeout(this.timer);
    this.stopPolling();
    this.lastEventId = null;
    this.setState('off', '');
  }

  open() {
    if (!this.running) return;
    const token = this.hooks.token();
    if (!token) return;
    this.source?.close();
    const params = new URLSearchParams({ token });
    if (this.lastEventId) params.set('last_event_id', this.lastEventId);
    const source = new EventSource(`/api/system/task-events?${params}`);
    this.source = source;
    if (this.state !== 'polling') this.setState('connecting', this.failures ? 'Reconnecting…' : 'Connecting…');
    source.onopen = () => {
      if (source !== this.source) return;
      this.failures = 0;
      this.stopPolling();
      this.setState('live', 'Live');
    };
    source.onmessage = (message) => {
      if (source !== this.source) return;
      if (message.lastEventId) this.lastEventId = message.lastEventId;
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return; // not ours
      }
      this.hooks.onEvent(event.type, event);
    };
    source.onerror = () => {
      if (source !== this.source) return;
      this.failed(source.readyState === EventSource.CLOSED);
    };
  }

  async failed(closedForGood) {
    this.failures += 1;
    if (closedForGood) {
      this.source.close();
      this.source = null;
    }
    if (this.failures < FAILURES_BEFORE_FALLBACK) {
      if (this.state !== 'polling') this.setState('reconnecting', 'Reconnecting…');
      if (closedForGood) this.retryIn(1000 * 2 ** (this.failures - 1));
      return;
    }
    if (this.checking) return;
    // Is it the stream that fails, or the whole server? Only the first is a reason to poll.
    this.checking = true;
    const answers = await this.hooks.apiAnswers().finally(() => { this.checking = false; });
    if (!this.running) return;
    if (answers && this.state === 'offline') {
      // The server is back: give the stream one more chance before polling.
      this.failures = FAILURES_BEFORE_FALLBACK - 1;
      this.retryIn(0);
    } else if (answers) {
      this.startPolling();
      this.source?.close();
      this.source = null;
      this.retryIn(STREAM_RETRY_WHILE_POLLING_MS);
    } else {
      this.stopPolling();
      this.setState('offline', 'Server unreachable · reconnecting…');
      if (!this.source) this.retryIn(3000);
    }
  }

  retryIn(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), ms);
  }

  startPolling() {
    this.setState('polling', 'Live updates unavailable · refreshing every 2 s');
    if (this.pollTimer) return;
    const tick = async () => {
      await this.hooks.onPoll();
      if (this.pollTimer) this.pollTimer = setTimeout(tick, POLL_MS);
    };
    this.pollTimer = setTimeout(tick, 0);
  }

  stopPolling() {
    clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  setState(state, text) {
    this.state = state;
    this.hooks.onState(state, text);
  }
}
