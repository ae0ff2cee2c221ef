package io.tasklane.startup;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells once when Payara Micro logs that it is ready, with the first URL it announced. Payara has
 * no API for this that an application can use, but it logs both: a handler on the root logger reads
 * them as they pass.
 */
final class ServerReadiness extends Handler {
  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final Pattern READY = Pattern.compile("Payara Micro .* ready in ");

  private final Consumer<Optional<String>> onReady;
  private final AtomicBoolean fired = new AtomicBoolean();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private volatile String url;

  private ServerReadiness(Consumer<Optional<String>> onReady) {
    this.onReady = onReady;
  }

  static ServerReadiness watch(Consumer<Optional<String>> onReady) {
    ServerReadiness readiness = new ServerReadiness(onReady);
    Logger.getLogger("").addHandler(readiness);
    return readiness;
  }

  @Override
  public void publish(LogRecord record) {
    if (fired.get() || record == null) {
      return;
    }
    String message = formatter.formatMessage(record);
    if (message == null) {
      return;
    }
    if (url == null && message.contains("Payara Micro URLs")) {
      Matcher m = URL.matcher(message);
      if (m.find()) {
        url = m.group();
      }
    }
    if (READY.matcher(message).find()) {
      fire(Optional.ofNullable(url));
    }
  }

  /** Tells, unless it has already, and stops listening. */
  void fire(Optional<String> announced) {
    if (fired.compareAndSet(false, true)) {
      close();
      onReady.accept(announced.or(() -> Optional.ofNullable(url)));
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
