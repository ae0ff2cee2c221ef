package io.tasklane.system;

/**
 * Marks a domain exception that refuses a change because of the current state of what it would
 * change. {@link ProblemMapper} answers it 409 Conflict with its message as the detail; the
 * exception itself stays plain, so the domain knows nothing of HTTP, and this package, which every
 * feature uses, needs to know none of them.
 */
public interface StateConflict {
  /** The detail a client reads: what the state is and why that refuses the change. */
  String getMessage();
}
