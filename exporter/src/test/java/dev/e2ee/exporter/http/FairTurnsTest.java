package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairTurnsTest {

  @Test
  void aNewcomerAmongTwentyClientsThatAlwaysAskIsServedWithinOneRound() {
    FairTurns<String> turns = new FairTurns<>();
    for (int c = 0; c < 20; c++) {
      assertThat(turns.offer("flood" + c, "flood" + c)).isTrue();
    }
    // Many rounds of flooding: every flooder asks again the moment it has been served.
    for (int i = 0; i < 1000; i++) {
      String served = turns.poll();
      assertThat(turns.offer(served, served)).isTrue();
    }
    assertThat(turns.offer("scraper", "scraper")).isTrue();
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      String served = turns.poll();
      order.add(served);
      if (!"scraper".equals(served)) {
        turns.offer(served, served);
      }
    }
    assertThat(order).contains("scraper");
  }

  @Test
  void oneWaitingCheckPerClient() {
    FairTurns<Integer> turns = new FairTurns<>();
    assertThat(turns.offer("a", 1)).isTrue();
    assertThat(turns.offer("a", 2)).isFalse();
    assertThat(turns.isWaiting("a")).isTrue();
    assertThat(turns.offer("b", 3)).isTrue();
    assertThat(turns.poll()).isEqualTo(1);
    assertThat(turns.isWaiting("a")).isFalse();
    assertThat(turns.pollIf(j -> j == 99)).isNull();
    assertThat(turns.pollIf(j -> j == 3)).isEqualTo(3);
    assertThat(turns.isEmpty()).isTrue();
  }

  @Test
  void aClientThatHadManyTurnsWaitsBehindOneThatHadFew() {
    FairTurns<String> turns = new FairTurns<>();
    // "busy" is served five times while nobody else asks, then "quiet" asks after it.
    for (int i = 0; i < 5; i++) {
      turns.offer("busy", "busy");
      turns.poll();
    }
    turns.offer("busy", "busy");
    turns.offer("quiet", "quiet");
    assertThat(turns.poll()).as("busy asked first, but has had its turns").isEqualTo("quiet");
    assertThat(turns.poll()).isEqualTo("busy");
  }
}
