package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthBudgetTest {

  @Test
  void perClientAndGlobalBucketsRefillAtTheirRates() {
    AtomicLong now = new AtomicLong();
    AuthBudget budget = new AuthBudget(2, 0.1, 3, 1, now::get);
    assertThat(budget.take("a")).isZero();
    assertThat(budget.take("a")).isZero();
    assertThat(budget.take("a")).as("a's own burst is spent; 10 s per token").isEqualTo(10);
    assertThat(budget.take("b")).isZero();
    assertThat(budget.take("c")).as("the global burst of 3 is spent").isEqualTo(1);
    now.addAndGet(1_000_000_000L);
    assertThat(budget.take("c")).isZero();
  }

  @Test
  void takeOwnLeavesTheGlobalBucketAlone() {
    AtomicLong now = new AtomicLong();
    AuthBudget budget = new AuthBudget(5, 0.1, 1, 0.001, now::get);
    for (int c = 0; c < 10; c++) {
      assertThat(budget.takeOwn("client" + c)).isZero();
    }
    assertThat(budget.take("other")).as("the global token is still there").isZero();
  }
}
