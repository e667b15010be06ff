package org.llmobservatory.server.genai;

/**
 * The token counts of one model call. Each count comes from the first attribute of its priority list
 * that is present (see {@link Conventions}); the total, when no attribute gives it, is input plus
 * output if both are known.
 */
record TokenUsage(Long input, Long output, Long total, Long cacheRead, Long reasoning) {

    static TokenUsage of(Attributes attributes) {
        Long input = AttributeNumbers.count(attributes.first(Conventions.INPUT_TOKENS));
        Long output = AttributeNumbers.count(attributes.first(Conventions.OUTPUT_TOKENS));
        Long total = AttributeNumbers.count(attributes.first(Conventions.TOTAL_TOKENS));
        if (total == null && input != null && output != null) {
            try {
                total = Math.addExact(input, output);
            } catch (ArithmeticException e) {
                throw new Rejected("input and output token counts add up to more than a 64-bit integer holds");
            }
        }
        return new TokenUsage(input, output, total,
                AttributeNumbers.count(attributes.first(Conventions.CACHE_READ_TOKENS)),
                AttributeNumbers.count(attributes.first(Conventions.REASONING_TOKENS)));
    }
}
