package org.llmobservatory.server.values;

/**
 * How much text one value may keep: attribute string values (also inside events, links, resources and
 * log or metric attributes) up to {@code maxAttributeBytes}, the input and output content columns and
 * log bodies up to {@code maxContentBytes}, both counted in UTF-8 bytes. Longer text is cut as
 * docs/OTLP_MAPPING.md describes.
 */
public record ContentLimits(int maxAttributeBytes, int maxContentBytes) {

    /** 16 KiB per attribute value, 32 KiB per content column or log body. */
    public static final ContentLimits DEFAULT = new ContentLimits(16 * 1024, 32 * 1024);

    public ContentLimits {
        if (maxAttributeBytes < 64 || maxContentBytes < 64) {
            throw new IllegalArgumentException("content limits must be at least 64 bytes, got attributes="
                    + maxAttributeBytes + ", content=" + maxContentBytes);
        }
    }
}
