package org.llmobservatory.server.redaction;

import java.util.regex.Pattern;

/** What emails, phone numbers and payment card numbers look like in free text, for {@link Redaction}. */
public final class PersonalData {

    // Never starting just after a backslash, so the n of a \n escape is not taken for the address.
    static final Pattern EMAIL = Pattern.compile(
            "(?<!\\\\)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    // Digits with separators (+1 415-555-0100, (020) 7946 0958) or + and 8 to 15 digits; bare runs of
    // digits (ids, timestamps, counts) are left alone.
    // Digit groups next to dots or dashes of more digits (IP addresses, versions) are not phones.
    static final Pattern PHONE = Pattern.compile("(?<![\\w+]|\\d[.-])(?:\\+\\d{1,3}[ .-]?)?"
            + "(?:\\(\\d{1,4}\\)[ .-]?|\\d{2,4}[ .-])\\d{2,4}[ .-]\\d{3,4}(?!\\w|[.-]\\d)"
            + "|(?<![\\w+])\\+\\d{8,15}(?!\\w)");
    static final Pattern CARD = Pattern.compile("(?<![\\d+-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");

    /** True when the digits of {@code candidate} pass the Luhn checksum of payment card numbers. */
    static boolean luhn(String candidate) {
        int sum = 0;
        int digits = 0;
        for (int i = candidate.length() - 1; i >= 0; i--) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (digits % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            digits++;
        }
        return digits >= 13 && digits <= 19 && sum % 10 == 0;
    }

    private PersonalData() {
    }
}
