package org.llmobservatory.server.genai;

import org.llmobservatory.server.values.AttributeNumbers;
import org.llmobservatory.server.values.Attributes;
import org.llmobservatory.server.values.Rejected;

/**
 * The token counts of one model call. Each count comes from the first attribute of its priority list
 * that is present (see {@link Conventions}); the total, when no attribute gives it, is input plus
 * output if both are known. Input tokens include cache reads, as the GenAI convention says; a sender
 * reporting fewer input tokens than cache reads passes on a provider's raw split (Anthropic's), so the
 * cache reads are added to the input.
 */
public record TokenUsage(Long input, Long output, Long total, Long cacheRead, Long reasoning) {

    public static TokenUsage of(Attributes attributes) {
        Long input = AttributeNumbers.count(attributes.first(Conventions.INPUT_TOKENS));
        Long output = AttributeNumbers.count(attributes.first(Conventions.OUTPUT_TOKENS));
        Long total = AttributeNumbers.count(attributes.first(Conventions.TOTAL_TOKENS));
        Long cacheRead = AttributeNumbers.count(attributes.first(Conventions.CACHE_READ_TOKENS));
        if (input != null && cacheRead != null && cacheRead > input) {
            input = addExact(input, cacheRead);
            total = total == null ? null : addExact(total, cacheRead);
        }
        if (total == null && input != null && output != null) {
            total = addExact(input, output);
        }
        return new TokenUsage(input, output, total, cacheRead,
                AttributeNumbers.count(attributes.first(Conventions.REASONING_TOKENS)));
    }

    private static long addExact(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new Rejected("token counts add up to more than a 64-bit integer holds");
        }
    }
}
