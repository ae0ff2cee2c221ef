package io.tasklane.models;

/**
 * Who is looking at models: a user sees the models they trained and those an admin shared; an admin
 * sees all. The SQL filters in {@link TrainedModels} apply the same rule.
 */
public record ModelViewer(String name, boolean admin) {
  public boolean sees(TrainedModel model) {
    return admin || model.shared() || name.equals(model.createdBy());
  }
}
