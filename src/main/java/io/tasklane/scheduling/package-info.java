/**
 * Scheduling: the admission loop that asks each {@link io.tasklane.scheduling.LaneAdmission} in
 * turn (lanes are plug-ins; this package knows only the local one), the executor that runs claimed
 * tasks and maps their handlers' outcomes, housekeeping jobs on their own schedules (leases that
 * let another instance take over a crashed one's tasks, recovery, timeouts, and what lanes
 * register), retries with backoff, and progress reporting. It imports no lane's package.
 */
package io.tasklane.scheduling;
