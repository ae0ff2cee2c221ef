package io.tasklane.sweeps;

import io.tasklane.system.ProblemException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The values each swept parameter takes, and the parameter sets they make: every combination in
 * grid order (the first axis varies slowest), or a seeded random sample of them, keeping only those
 * every constraint allows. The same grid, constraints and seed always give the same list in the
 * same order, so a chunk finds its combinations by index after a restart.
 *
 * @param axes each swept parameter's values, in the order given
 * @param fixed the strategy's other parameters at their defaults
 */
record ParameterGrid(Map<String, List<BigDecimal>> axes, Map<String, BigDecimal> fixed) {

  /** A seeded random search: {@code count} distinct combinations drawn from the grid. */
  record RandomSearch(int count, long seed) {}

  /** Grids up to this size are listed in full before sampling; larger ones are drawn from. */
  static final long ENUMERATE_LIMIT = 2_000_000;

  /** How many constraint-free grid points per allowed combination a grid may hold. */
  static final long CONSTRAINED_SLACK = 20;

  /** Combinations of the full grid before constraints, saturating at {@link Long#MAX_VALUE}. */
  long size() {
    long size = 1;
    for (List<BigDecimal> values : axes.values()) {
      size =
          values.size() != 0 && size > Long.MAX_VALUE / values.size()
              ? Long.MAX_VALUE
              : size * values.size();
    }
    return size;
  }

  /**
   * @param cap most combinations allowed, counting each over {@code seriesCount} series
   * @throws ProblemException.InvalidInput if none, or more than {@code cap}, remain
   */
  List<Map<String, BigDecimal>> expand(
      List<Constraint> constraints, RandomSearch search, int seriesCount, int cap) {
    long size = size();
    List<Map<String, BigDecimal>> combinations;
    if (search == null) {
      long limit = constraints.isEmpty() ? cap : cap * CONSTRAINED_SLACK;
      if (size > limit / seriesCount) {
        throw tooMany(size, seriesCount, cap);
      }
      combinations = enumerate(constraints);
    } else {
      combinations =
          size <= ENUMERATE_LIMIT
              ? sample(enumerate(constraints), search)
              : draw(constraints, search, size);
    }
    if (combinations.isEmpty()) {
      throw new ProblemException.InvalidInput(
          "sweep.constraints: no combination of the grid satisfies them.");
    }
    if ((long) combinations.size() * seriesCount > cap) {
      throw tooMany(combinations.size(), seriesCount, cap);
    }
    return combinations;
  }

  private static ProblemException tooMany(long combinations, int seriesCount, int cap) {
    return new ProblemException.InvalidInput(
        "sweep.grid: "
            + (combinations == Long.MAX_VALUE ? "too many" : String.valueOf(combinations))
            + " parameter combinations over "
            + seriesCount
            + " series exceed the limit of "
            + cap
            + " combinations (tasklane.sweeps.max-combinations); narrow the grid, add"
            + " constraints or use a random search.");
  }

  private List<Map<String, BigDecimal>> enumerate(List<Constraint> constraints) {
    List<Map<String, BigDecimal>> out = new ArrayList<>();
    long size = size();
    for (long index = 0; index < size; index++) {
      Map<String, BigDecimal> combination = at(index);
      if (allow(constraints, combination)) {
        out.add(combination);
      }
    }
    return out;
  }

  /** {@code count} of the allowed combinations, chosen by the seed, kept in grid order. */
  private static List<Map<String, BigDecimal>> sample(
      List<Map<String, BigDecimal>> allowed, RandomSearch search) {
    if (allowed.size() <= search.count()) {
      return allowed;
    }
    int[] order = new int[allowed.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random random = new Random(search.seed());
    for (int i = 0; i < search.count(); i++) {
      int j = i + random.nextInt(order.length - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] chosen = java.util.Arrays.copyOf(order, search.count());
    java.util.Arrays.sort(chosen);
    List<Map<String, BigDecimal>> out = new ArrayList<>(chosen.length);
    for (int i : chosen) {
      out.add(allowed.get(i));
    }
    return out;
  }

  /** For grids too large to list: random grid points, distinct and allowed, in grid order. */
  private List<Map<String, BigDecimal>> draw(
      List<Constraint> constraints, RandomSearch search, long size) {
    Random random = new Random(search.seed());
    Set<Long> seen = new HashSet<>();
    java.util.TreeMap<Long, Map<String, BigDecimal>> chosen = new java.util.TreeMap<>();
    long attempts = (long) search.count() * 100;
    for (long a = 0; a < attempts && chosen.size() < search.count(); a++) {
      long index = Math.floorMod(random.nextLong(), size);
      if (seen.add(index)) {
        Map<String, BigDecimal> combination = at(index);
        if (allow(constraints, combination)) {
          chosen.put(index, combination);
        }
      }
    }
    return new ArrayList<>(chosen.values());
  }

  /** The grid point at {@code index}, the first axis varying slowest, with the fixed values. */
  Map<String, BigDecimal> at(long index) {
    Map<String, BigDecimal> combination = new LinkedHashMap<>(fixed);
    List<Map.Entry<String, List<BigDecimal>>> entries = new ArrayList<>(axes.entrySet());
    long rest = index;
    BigDecimal[] picked = new BigDecimal[entries.size()];
    for (int a = entries.size() - 1; a >= 0; a--) {
      List<BigDecimal> values = entries.get(a).getValue();
      picked[a] = values.get((int) (rest % values.size()));
      rest /= values.size();
    }
    for (int a = 0; a < entries.size(); a++) {
      combination.put(entries.get(a).getKey(), picked[a]);
    }
    return combination;
  }

  private static boolean allow(List<Constraint> constraints, Map<String, BigDecimal> combination) {
    for (Constraint constraint : constraints) {
      if (!constraint.holds(combination)) {
        return false;
      }
    }
    return true;
  }
}
