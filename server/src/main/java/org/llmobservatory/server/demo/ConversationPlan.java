package org.llmobservatory.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import org.llmobservatory.server.demo.Conversation.Turn;
import org.llmobservatory.server.demo.DemoCatalog.Agent;
import org.llmobservatory.server.demo.DemoCatalog.Exchange;

/**
 * Who talks to which agent, and when: conversations of one to five turns, each with one user and one agent
 * for its whole life, a minute or a few between its turns, started at random over the window. Users come back
 * for several conversations.
 */
final class ConversationPlan {

    static final int USERS = 40;
    static final int MAX_TURNS = 5;

    // The last turn starts this long before the window's end, so that its spans end inside the window.
    private static final Duration LAST_TURN_MARGIN = Duration.ofMinutes(1);

    private ConversationPlan() {
    }

    /** Exactly {@code traces} turns whose starts lie in {@code [from, to)}, in the order of their start. */
    static List<Turn> turns(int traces, Instant from, Instant to, SplittableRandom random) {
        List<Turn> turns = new ArrayList<>(traces);
        while (turns.size() < traces) {
            Agent agent = DemoCatalog.AGENTS.get(random.nextInt(DemoCatalog.AGENTS.size()));
            int count = Math.min(traces - turns.size(),
                    1 + random.nextInt(Math.min(MAX_TURNS, agent.exchanges().size())));
            Conversation conversation = new Conversation(UUID.randomUUID().toString(),
                    "user-" + (1 + random.nextInt(USERS)), agent,
                    DemoCatalog.MODELS.get(random.nextInt(DemoCatalog.MODELS.size())), 300 + random.nextInt(2_500),
                    count);
            List<Exchange> exchanges = inOrder(agent.exchanges(), count, random);
            long[] offsetsMs = new long[count];
            for (int i = 1; i < count; i++) {
                offsetsMs[i] = offsetsMs[i - 1] + 30_000 + random.nextInt(270_000);
            }
            long latestStartMs = Duration.between(from, to.minus(LAST_TURN_MARGIN)).toMillis() - offsetsMs[count - 1];
            Instant start = from.plusMillis(latestStartMs <= 0 ? 0 : random.nextLong(latestStartMs));
            for (int i = 0; i < count; i++) {
                turns.add(new Turn(conversation, i + 1, exchanges.get(i), start.plusMillis(offsetsMs[i])));
            }
        }
        turns.sort(Comparator.comparing(Turn::start));
        return turns;
    }

    /** {@code count} of the exchanges, chosen at random, in the catalog's order. */
    private static List<Exchange> inOrder(List<Exchange> exchanges, int count, SplittableRandom random) {
        List<Integer> indexes = new ArrayList<>(IntStream.range(0, exchanges.size()).boxed().toList());
        for (int i = indexes.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            indexes.set(j, indexes.set(i, indexes.get(j)));
        }
        return indexes.subList(0, count).stream().sorted().map(exchanges::get).toList();
    }
}
