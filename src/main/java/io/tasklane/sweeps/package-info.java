/**
 * Parameter sweeps: one submission expands a grid (or a seeded random search) of a strategy's
 * parameters over symbols and timeframes into combinations, runs them as {@code sweep_chunk} tasks
 * of the local lane (each admitted like any task) and keeps one row per combination in {@code
 * sweep_result}, ranked, paged and exported by {@link io.tasklane.sweeps.SweepsResource}.
 */
package io.tasklane.sweeps;
