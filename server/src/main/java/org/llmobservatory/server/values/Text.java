package org.llmobservatory.server.values;

/**
 * The two rules every piece of text obeys before it is stored. PostgreSQL refuses NUL in text and in
 * jsonb, and jsonb refuses unpaired UTF-16 surrogates, so both become U+FFFD (the Unicode replacement
 * character). Text longer than a limit in UTF-8 bytes keeps its longest prefix that fits, never
 * splitting a character, followed by {@code …[truncated N bytes]} where N counts the bytes dropped.
 */
public final class Text {

    static final char REPLACEMENT = '\uFFFD';

    private Text() {
    }

    /** {@code text} with NUL and unpaired surrogates replaced by U+FFFD; null stays null. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        int first = firstBad(text);
        if (first < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
            } else {
                sb.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return sb.toString();
    }

    /** {@code text} cleaned, then cut to at most {@code maxBytes} UTF-8 bytes plus the truncation marker. */
    public static String limit(String text, int maxBytes) {
        String clean = clean(text);
        // A char is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars), so short text needs no count.
        if (clean == null || (long) clean.length() * 3 <= maxBytes) {
            return clean;
        }
        int kept = 0;
        int cut = 0;
        while (cut < clean.length()) {
            int codePoint = clean.codePointAt(cut);
            int size = utf8Size(codePoint);
            if (kept + size > maxBytes) {
                break;
            }
            kept += size;
            cut += Character.charCount(codePoint);
        }
        if (cut == clean.length()) {
            return clean;
        }
        long dropped = 0;
        for (int i = cut; i < clean.length(); ) {
            int codePoint = clean.codePointAt(i);
            dropped += utf8Size(codePoint);
            i += Character.charCount(codePoint);
        }
        return clean.substring(0, cut) + "…[truncated " + dropped + " bytes]";
    }

    private static int firstBad(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static int utf8Size(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }
}
