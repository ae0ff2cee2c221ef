package io.tasklane.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.function.Supplier;

/**
 * Sends {@code Authorization: Bearer} with the provider's current token on every request; register
 * it on a JAX-RS client or a {@code RestClientBuilder} alike.
 */
public class BearerTokenFilter implements ClientRequestFilter {
  private final Supplier<String> tokens;

  public BearerTokenFilter(Supplier<String> tokens) {
    this.tokens = tokens;
  }

  @Override
  public void filter(ClientRequestContext request) {
    request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get());
  }
}
