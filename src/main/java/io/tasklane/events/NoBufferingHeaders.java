package io.tasklane.events;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Event streams must reach the client as they are written: no cache may keep them and reverse
 * proxies (nginx honours {@code X-Accel-Buffering}) must not buffer them.
 */
@Provider
public class NoBufferingHeaders implements ContainerResponseFilter {
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getMediaType() != null
        && MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(response.getMediaType())) {
      response.getHeaders().putSingle("Cache-Control", "no-cache");
      response.getHeaders().putSingle("X-Accel-Buffering", "no");
    }
  }
}
