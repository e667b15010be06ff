package org.llmobservatory.storage.model;

/** Counts the top-level elements of a JSON array text in one pass, without building objects. */
final class JsonArrays {

    private JsonArrays() {
    }

    /** Elements of a JSON array; 0 for an empty array or for text that is not an array. */
    static int countElements(String json) {
        int depth = 0;
        int count = 0;
        boolean inString = false;
        boolean sawValue = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    sawValue |= depth == 1;
                }
                case '[', '{' -> {
                    if (depth == 1) {
                        sawValue = true;
                    }
                    depth++;
                    if (depth == 1 && c == '{') {
                        return 0;
                    }
                }
                case ']', '}' -> depth--;
                case ',' -> {
                    if (depth == 1) {
                        count++;
                    }
                }
                default -> {
                    if (depth == 1 && !Character.isWhitespace(c)) {
                        sawValue = true;
                    }
                }
            }
        }
        return sawValue ? count + 1 : 0;
    }
}
