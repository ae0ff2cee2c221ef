/**
 * Host resources: what this machine and the server's JVM heap have and use (sampled with OSHI and
 * the memory beans into a cached snapshot), the admission rule that decides whether a task's
 * predicted consumption still leaves the reserved buffer free, and the {@code
 * /api/system/resources} view of both.
 */
package io.tasklane.resources;
