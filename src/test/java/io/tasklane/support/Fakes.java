package io.tasklane.support;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/**
 * Stand-ins for container interfaces (servlet requests, async contexts) in unit tests, without a
 * mocking library: the named methods answer as given, every other one with null, false or zero.
 */
public final class Fakes {
  private Fakes() {}

  public static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Function<Object[], Object> answer = answers.get(method.getName());
              if (answer != null) {
                return answer.apply(args == null ? new Object[0] : args);
              }
              if (method.getName().equals("toString")) {
                return "fake " + type.getSimpleName();
              }
              Class<?> returns = method.getReturnType();
              if (returns == boolean.class) {
                return false;
              }
              if (returns == int.class || returns == long.class) {
                return returns == int.class ? (Object) 0 : (Object) 0L;
              }
              return null;
            }));
  }
}
