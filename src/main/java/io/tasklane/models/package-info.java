/**
 * Direction models: the {@code model_training} task (features from bars, a time-ordered split,
 * gradient-boosted trees with XGBoost4J), the versioned model store with metrics, the {@code
 * prediction} task, and the forecaster the {@code ml_predictive} backtest trades on.
 */
package io.tasklane.models;
