/**
 * Resource profiles: what finished tasks really used (CPU time of their own thread and, for
 * libraries with native threads, of the process; wall time; bytes allocated), kept per task type
 * and size bucket in the {@code resource_profile} table, and the estimates drawn from them for new
 * tasks: expected CPU time (which decides whether a task is short) and cores. The configured type
 * defaults serve only until a bucket has enough history. {@code /api/system/profiles} shows them.
 */
package io.tasklane.profiles;
