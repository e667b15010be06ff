package org.llmobservatory.storage.writer;

import java.math.BigDecimal;

/**
 * PostgreSQL's binary NUMERIC: a sign, a scale, and base-10000 digits with the weight of the first.
 * Leading and trailing zero digit groups are dropped, as the server does.
 */
final class NumericEncoding {

    private static final short POSITIVE = 0x0000;
    private static final short NEGATIVE = 0x4000;

    private NumericEncoding() {
    }

    static void write(CopyBuffer out, BigDecimal value) {
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        String plain = v.abs().toPlainString();
        int dot = plain.indexOf('.');
        String integer = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot + 1);

        int intGroups = (integer.length() + 3) / 4;
        int fracGroups = (fraction.length() + 3) / 4;
        short[] digits = new short[intGroups + fracGroups];
        String paddedInt = "0".repeat(intGroups * 4 - integer.length()) + integer;
        for (int i = 0; i < intGroups; i++) {
            digits[i] = Short.parseShort(paddedInt.substring(i * 4, i * 4 + 4));
        }
        String paddedFrac = fraction + "0".repeat(fracGroups * 4 - fraction.length());
        for (int i = 0; i < fracGroups; i++) {
            digits[intGroups + i] = Short.parseShort(paddedFrac.substring(i * 4, i * 4 + 4));
        }
        int first = 0;
        while (first < digits.length && digits[first] == 0) {
            first++;
        }
        int last = digits.length - 1;
        while (last >= first && digits[last] == 0) {
            last--;
        }
        int count = last - first + 1;
        short weight = (short) (intGroups - 1 - first);
        short sign = v.signum() < 0 ? NEGATIVE : POSITIVE;
        if (count <= 0) {
            count = 0;
            weight = 0;
            sign = POSITIVE;
        }
        out.putInt(8 + 2 * count);
        out.putShort((short) count);
        out.putShort(weight);
        out.putShort(sign);
        out.putShort((short) v.scale());
        for (int i = 0; i < count; i++) {
            out.putShort(digits[first + i]);
        }
    }
}
