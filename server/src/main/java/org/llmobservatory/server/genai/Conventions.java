package org.llmobservatory.server.genai;

import java.util.List;

/**
 * The attribute names read into each typed column, in priority order: OpenTelemetry GenAI current names
 * first, then OpenTelemetry's deprecated names, then OpenLLMetry (Traceloop), then OpenInference (Arize).
 * The first name present wins. docs/OTLP_MAPPING.md shows the same table; keep the two in step.
 */
public final class Conventions {

    public static final List<String> PROVIDER = List.of(
            "gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system");

    public static final List<String> MODEL = List.of(
            "gen_ai.response.model", "gen_ai.request.model",
            "llm.response.model_name", "llm.model_name", "llm.request.model_name", "embedding.model_name");

    /** Read as they are (lower-cased); OpenLLMetry and OpenInference values go through {@link Operations}. */
    static final String OPERATION = "gen_ai.operation.name";
    static final String OPENLLMETRY_REQUEST_TYPE = "llm.request.type";
    static final String OPENLLMETRY_SPAN_KIND = "traceloop.span.kind";
    static final String OPENINFERENCE_SPAN_KIND = "openinference.span.kind";

    public static final List<String> INPUT_TOKENS = List.of(
            "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.usage.prompt_tokens",
            "llm.token_count.prompt");

    public static final List<String> OUTPUT_TOKENS = List.of(
            "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.usage.completion_tokens",
            "llm.token_count.completion");

    public static final List<String> TOTAL_TOKENS = List.of(
            "llm.usage.total_tokens", "gen_ai.usage.total_tokens", "llm.token_count.total");

    public static final List<String> CACHE_READ_TOKENS = List.of(
            "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens",
            "llm.usage.cache_read_input_tokens", "llm.token_count.prompt_details.cache_read");

    public static final List<String> REASONING_TOKENS = List.of(
            "gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens", "llm.usage.reasoning_tokens",
            "llm.token_count.completion_details.reasoning");

    public static final List<String> COST_USD = List.of("llm.cost.total", "gen_ai.usage.cost");

    /** Seconds from the request to the first streamed chunk. */
    public static final List<String> TIME_TO_FIRST_TOKEN = List.of(
            "gen_ai.response.time_to_first_chunk", "gen_ai.response.time_to_first_token",
            "gen_ai.server.time_to_first_token");

    /** Span events whose time marks the first token, when no attribute gives it. */
    static final List<String> FIRST_TOKEN_EVENTS = List.of(
            "gen_ai.content.first_token", "gen_ai.first_token", "first_token");

    /** An array (its first element is stored) or a single reason. */
    static final String FINISH_REASONS = "gen_ai.response.finish_reasons";
    public static final List<String> FINISH_REASON = List.of(
            "llm.response.finish_reason", "gen_ai.completion.0.finish_reason", "llm.finish_reason");

    public static final List<String> USER = List.of(
            "user.id", "enduser.id", "llm.user", "traceloop.association.properties.user_id");

    public static final List<String> SESSION = List.of(
            "gen_ai.conversation.id", "session.id", "traceloop.association.properties.session_id");

    /** Resource attributes first; then the span's. */
    static final List<String> ENVIRONMENT_RESOURCE = List.of("deployment.environment.name", "deployment.environment");
    static final List<String> ENVIRONMENT_SPAN = List.of("traceloop.association.properties.environment");

    public static final String SERVICE_NAME = "service.name";
    public static final String UNKNOWN_SERVICE = "unknown_service";

    private Conventions() {
    }
}
