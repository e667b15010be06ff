package org.llmobservatory.server.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.llmobservatory.server.demo.DemoCatalog.Agent;
import org.llmobservatory.server.demo.DemoCatalog.Exchange;
import org.llmobservatory.server.demo.DemoCatalog.Model;

/**
 * One user's conversation (session) with one agent, on one model: its turns in order, and the transcript the
 * agent sends back to the model with each new question.
 */
final class Conversation {

    /** One question of the conversation, asked at {@code start}; {@code number} counts from 1. */
    record Turn(Conversation conversation, int number, Exchange exchange, Instant start) {
    }

    private final String id;
    private final String userId;
    private final Agent agent;
    private final Model model;
    // Tokens of the tool definitions and retrieved text sent with every prompt beside the messages.
    private final long contextTokens;
    private final int turns;
    private final List<ObjectNode> transcript = new ArrayList<>();
    private int answered;

    Conversation(String id, String userId, Agent agent, Model model, long contextTokens, int turns) {
        this.id = id;
        this.userId = userId;
        this.agent = agent;
        this.model = model;
        this.contextTokens = contextTokens;
        this.turns = turns;
    }

    String id() {
        return id;
    }

    String userId() {
        return userId;
    }

    Agent agent() {
        return agent;
    }

    Model model() {
        return model;
    }

    long contextTokens() {
        return contextTokens;
    }

    String service() {
        return agent.service();
    }

    /** The messages of a first model call for {@code question}: instructions, earlier turns, the question. */
    List<ObjectNode> prompt(String question) {
        List<ObjectNode> messages = new ArrayList<>();
        messages.add(GenAiMessages.system(agent.instructions()));
        messages.addAll(transcript);
        messages.add(GenAiMessages.user(question));
        return messages;
    }

    /**
     * Keeps the turn in the transcript, for the prompts of the turns after it; after the last turn the transcript
     * is let go, so that a long demo holds only the conversations still going on.
     */
    void remember(String question, String answer) {
        if (++answered == turns) {
            transcript.clear();
        } else {
            transcript.add(GenAiMessages.user(question));
            transcript.add(GenAiMessages.assistant(answer));
        }
    }
}
