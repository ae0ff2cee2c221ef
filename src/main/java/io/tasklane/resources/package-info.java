/**
 * Host resources: what this machine has and uses (sampled with OSHI into a cached snapshot), the
 * admission rule that decides whether a task's predicted consumption still leaves the reserved
 * buffer free, and the {@code /api/system/resources} view of both.
 */
package io.tasklane.resources;
