/**
 * Direction models: the {@code model_training} task (features from bars, a time-ordered split,
 * gradient-boosted trees with XGBoost4J), the versioned model store with metrics, who may see and
 * use a model (its creator, everyone once an admin shared it, admins always), the {@code
 * prediction} task, and the forecaster the {@code ml_predictive} backtest trades on.
 */
package io.tasklane.models;
