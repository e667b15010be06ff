package org.llmobservatory.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The applications, providers and models the demo pretends to be, and what their users ask them: each agent
 * has its instructions and a few questions with the answer it gives, some after calling a tool.
 */
final class DemoCatalog {

    record Model(String provider, String name, int ttftMs, int msPerToken) {
    }

    /** A tool the agent calls before it answers: its arguments, and the result it gets back. */
    record ToolUse(String name, JsonNode arguments, JsonNode result) {
    }

    /** A question and the agent's answer; {@code tool} is null when the agent answers straight away. */
    record Exchange(String question, ToolUse tool, String answer) {
    }

    /** An application built on a model, by its {@code service.name}. */
    record Agent(String service, String instructions, List<Exchange> exchanges) {
    }

    static final List<Model> MODELS = List.of(
            new Model("openai", "gpt-4o", 350, 12),
            new Model("openai", "gpt-4o-mini", 200, 6),
            new Model("anthropic", "claude-sonnet-4-5", 600, 15),
            new Model("anthropic", "claude-haiku-4-5", 250, 7),
            new Model("gcp.gemini", "gemini-2.5-flash", 300, 5),
            new Model("mistral_ai", "mistral-large-latest", 450, 14));

    static final List<Agent> AGENTS = List.of(
            new Agent("support-bot", "You are the support assistant of an outdoor-gear shop. Answer in two"
                    + " sentences at most, and look orders and accounts up before you say anything about them.",
                    List.of(
                            new Exchange("Where is my order #4411?",
                                    tool("search_orders", object("order_id", "4411"), object("status", "shipped",
                                            "carrier", "DHL", "tracking", "JD014600003828", "eta", "Thursday")),
                                    "Order #4411 left our warehouse yesterday with DHL (tracking JD014600003828)"
                                            + " and should reach you on Thursday."),
                            new Exchange("I was charged twice for order #3987, can you check?",
                                    tool("search_orders", object("order_id", "3987"), object("status", "delivered",
                                            "captured_eur", 89.90, "voided_eur", 89.90)),
                                    "You were charged once: the second €89.90 is an authorisation we voided, and"
                                            + " your bank releases it within 3 to 5 working days."),
                            new Exchange("How do I return a jacket that doesn't fit?", null,
                                    "Open \"My orders\", pick the jacket and choose \"Return an item\"; print the"
                                            + " prepaid label, and the refund reaches your card about 5 days after"
                                            + " the parcel arrives."),
                            new Exchange("Which email address is on my account?",
                                    tool("lookup_customer", object("customer_id", "c-2210"),
                                            object("email_hint", "k***@example.net", "verified", true)),
                                    "It starts with k and ends in @example.net; for your security I can't show it"
                                            + " in full, but you can change it under Settings > Account."),
                            new Exchange("Do you ship to Norway?", null,
                                    "Yes, in 3 to 6 working days; import VAT is charged at checkout, so there's"
                                            + " nothing more to pay on delivery."))),
            new Agent("search-agent", "You are a travel assistant. Use the tools for anything that changes"
                    + " (prices, weather, opening hours) and say where the answer came from.",
                    List.of(
                            new Exchange("Find the cheapest flight from Berlin to Lisbon next Friday.",
                                    tool("search_flights", object("from", "BER", "to", "LIS", "date", "next Friday"),
                                            object("results", 14, "cheapest", object("airline", "TAP",
                                                    "departs", "06:40", "price_eur", 89))),
                                    "The cheapest of 14 flights is TAP at 06:40 for €89 one way, cabin bag"
                                            + " included."),
                            new Exchange("What's the weather in Lisbon this weekend?",
                                    tool("get_weather", object("city", "Lisbon", "days", 2),
                                            object("saturday", "24 °C, sunny", "sunday", "21 °C, light rain")),
                                    "Saturday looks sunny at about 24 °C; Sunday is cooler at 21 °C with light"
                                            + " rain, so pack a jacket."),
                            new Exchange("Is the Gulbenkian museum open on Mondays?",
                                    tool("search_web", object("query", "Gulbenkian museum opening hours"),
                                            object("snippet", "Open daily 10:00-18:00, closed on Tuesdays")),
                                    "Yes, from 10:00 to 18:00 according to its website; it closes on Tuesdays"
                                            + " instead."),
                            new Exchange("How do I get from the airport to the city centre?", null,
                                    "The metro's red line leaves from the terminal; change once for the centre,"
                                            + " about 25 minutes in all. A taxi takes 15 to 30 minutes depending on"
                                            + " traffic."),
                            new Exchange("Suggest a day trip from Lisbon.", null,
                                    "Sintra: 40 minutes by train from Rossio, with the palaces a short bus ride"
                                            + " from the station. Go early, the queues grow by noon."))),
            new Agent("code-review", "You are a code reviewer. Read the code before you comment on it; be"
                    + " specific and suggest the smallest fix.",
                    List.of(
                            new Exchange("Summarise pull request #482.",
                                    tool("get_pull_request", object("number", 482), object("title",
                                            "Retry uploads on 503", "files_changed", 4, "additions", 120,
                                            "deletions", 18)),
                                    "#482 makes uploads retry on HTTP 503 with exponential backoff (4 files,"
                                            + " +120/-18). The tests cover the retry limit but not the"
                                            + " \"Retry-After\" header."),
                            new Exchange("Explain this stack trace: NullPointerException at"
                                    + " OrderService.total(OrderService.java:57)",
                                    tool("read_file", object("path", "src/main/java/shop/OrderService.java",
                                            "lines", "50-60"), object("line_57",
                                            "return order.discount().apply(sum);")),
                                    "Line 57 calls order.discount().apply(sum), and discount() is null for"
                                            + " orders without a coupon. Return a no-op discount instead of"
                                            + " null."),
                            new Exchange("Is it safe to build this SQL with String.format?", null,
                                    "No: a value like \"x' OR '1'='1\" would change the query. Use a"
                                            + " PreparedStatement with ? placeholders and bind the values."),
                            new Exchange("Which tests cover the checkout flow?",
                                    tool("search_code", object("query", "checkout", "path", "src/test"),
                                            object("classes", List.of("CheckoutFlowTest", "CartTotalsTest",
                                                    "PaymentRetryTest"))),
                                    "Three classes: CheckoutFlowTest end to end, CartTotalsTest for prices and"
                                            + " discounts, PaymentRetryTest for failed payments."),
                            new Exchange("Suggest a better name for doStuff2().", null,
                                    "It copies the cart into a new order and reserves the stock, so"
                                            + " createOrderFromCart() says what it does."))),
            new Agent("summarizer", "You summarise documents for busy readers: short, factual, no filler.",
                    List.of(
                            new Exchange("Summarise the Q3 report in three bullet points.",
                                    tool("fetch_document", object("id", "q3-report"),
                                            object("title", "Q3 results", "pages", 18)),
                                    "- Revenue grew 12% to €4.1M, mostly from the new subscription plan.\n"
                                            + "- Gross margin fell two points on higher cloud costs.\n"
                                            + "- Q4 focuses on enterprise sales and a 15% cut in hosting spend."),
                            new Exchange("What changed in the Q3 report compared with Q2?",
                                    tool("fetch_document", object("id", "q2-report"),
                                            object("title", "Q2 results", "pages", 16)),
                                    "Revenue is up 12% on Q2 and churn fell from 3.1% to 2.4%, but hosting costs"
                                            + " rose 22%, faster than planned."),
                            new Exchange("Turn these meeting notes into action items.", null,
                                    "1. Anna sends the revised budget by Friday.\n"
                                            + "2. Tom books the customer interviews for next week.\n"
                                            + "3. Everyone reviews the launch checklist before Tuesday."),
                            new Exchange("Give me the incident postmortem in one sentence.",
                                    tool("fetch_document", object("id", "postmortem-2291"),
                                            object("title", "Checkout outage", "duration_min", 47)),
                                    "A bad configuration push broke checkout payments for 47 minutes; deploys"
                                            + " will now roll back by themselves when health checks fail."),
                            new Exchange("Shorten this paragraph to under 30 words.", null,
                                    "Small teams get the same dashboards as enterprise customers, at a third of"
                                            + " the price, set up in ten minutes, with no contract."))));

    static final List<String> SERVICES = AGENTS.stream().map(Agent::service).toList();

    private DemoCatalog() {
    }

    private static ToolUse tool(String name, JsonNode arguments, JsonNode result) {
        return new ToolUse(name, arguments, result);
    }

    /** A JSON object of alternating names and values, in that order. */
    private static ObjectNode object(Object... namesAndValues) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], GenAiMessages.JSON.valueToTree(namesAndValues[i + 1]));
        }
        return node;
    }
}
