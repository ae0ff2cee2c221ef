package io.tasklane.scheduling;

/**
 * One lane's admission pass. Lanes are CDI beans the admission loop finds and calls in turn, so a
 * new lane (sweep chunks, pipeline stages) plugs in without touching the loop.
 */
public interface LaneAdmission {
  /**
   * Starts what may start now through {@code pass}, and records why the rest waits.
   *
   * @return whether to look again shortly rather than at the next event or sweep (a task was held
   *     back by a measurement that is about to be refreshed)
   */
  boolean admit(AdmissionPass pass);
}
