package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FanOutTest {
  final List<Runnable> tasks = new ArrayList<>();
  final List<Integer> reached = new ArrayList<>();

  List<Integer> clients(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  void runAll() {
    tasks.forEach(Runnable::run);
  }

  @Test
  void two_thousand_clients_are_served_by_one_task_per_sender_thread() {
    new FanOut(tasks::add, 2).run(clients(2000), reached::add);
    assertEquals(2, tasks.size());
    runAll();
    assertEquals(clients(2000), reached, "every client once, in order");
  }

  @Test
  void a_few_clients_take_one_task() {
    new FanOut(tasks::add, 8).run(clients(10), reached::add);
    assertEquals(1, tasks.size());
    runAll();
    assertEquals(clients(10), reached);
  }

  @Test
  void no_clients_no_task() {
    new FanOut(tasks::add, 2).run(List.<Integer>of(), reached::add);
    assertEquals(0, tasks.size());
  }
}
