package io.tasklane.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;

/**
 * Implements one of the API interfaces over a plain JAX-RS {@link WebTarget}, reading the same
 * annotations a MicroProfile Rest Client implementation reads ({@code @Path}, the HTTP method,
 * {@code @PathParam}, {@code @QueryParam}, {@code @Consumes}, {@code @Produces}; the one
 * unannotated parameter is the body). So Java SE callers need no Rest Client implementation, and
 * the interfaces stay the single description of the API. Answers of 400 or more are thrown as
 * {@link TasklaneProblemException}.
 */
final class WebTargetProxy {
  private WebTargetProxy() {}

  static <T> T of(Class<T> api, WebTarget root) {
    WebTarget base = root.path(api.getAnnotation(Path.class).value());
    return api.cast(
        Proxy.newProxyInstance(
            api.getClassLoader(),
            new Class<?>[] {api},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return objectMethod(api, proxy, method, args);
              }
              return call(api, base, method, args == null ? new Object[0] : args);
            }));
  }

  private static Object call(Class<?> api, WebTarget base, Method method, Object[] args) {
    WebTarget target = base;
    Path path = method.getAnnotation(Path.class);
    if (path != null) {
      target = target.path(path.value());
    }
    Object body = null;
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      Object value = args[i];
      PathParam pathParam = parameters[i].getAnnotation(PathParam.class);
      QueryParam queryParam = parameters[i].getAnnotation(QueryParam.class);
      if (pathParam != null) {
        target = target.resolveTemplate(pathParam.value(), String.valueOf(value));
      } else if (queryParam != null) {
        if (value == null) {
          DefaultValue fallback = parameters[i].getAnnotation(DefaultValue.class);
          value = fallback == null ? null : fallback.value();
        }
        if (value != null) {
          target = target.queryParam(queryParam.value(), value);
        }
      } else {
        body = value;
      }
    }
    Invocation.Builder request = target.request(mediaTypes(api, method, Produces.class));
    String verb = httpMethod(method);
    Response response =
        body == null
            ? request.method(verb)
            : request.method(verb, Entity.entity(body, mediaTypes(api, method, Consumes.class)[0]));
    return answer(method, response);
  }

  private static Object answer(Method method, Response response) {
    if (method.getReturnType() == Response.class) {
      return response;
    }
    try {
      if (response.getStatus() >= 400) {
        throw TasklaneProblemException.from(response);
      }
      if (method.getReturnType() == void.class) {
        return null;
      }
      return response.readEntity(new GenericType<>(method.getGenericReturnType()));
    } finally {
      response.close();
    }
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    throw new IllegalArgumentException(method + " names no HTTP method");
  }

  private static String[] mediaTypes(
      Class<?> api, Method method, Class<? extends Annotation> which) {
    Annotation annotation = method.getAnnotation(which);
    if (annotation == null) {
      annotation = api.getAnnotation(which);
    }
    if (annotation == null) {
      return new String[] {"application/json"};
    }
    return annotation instanceof Produces produces
        ? produces.value()
        : ((Consumes) annotation).value();
  }

  private static Object objectMethod(Class<?> api, Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> api.getSimpleName() + " over JAX-RS";
    };
  }
}
