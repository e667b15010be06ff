package org.llmobservatory.storage.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The price list shipped with the library ({@value #RESOURCE}), read from CSV. A malformed row fails the
 * whole list with its line number: a shipped list is fixed at build time, so the test suite catches it.
 */
public final class PriceList {

    public static final String RESOURCE = "/prices/model-prices.csv";
    static final String HEADER = "provider,model,match_pattern,input_per_million,output_per_million,"
            + "cached_input_per_million,effective_from,source";
    private static final int COLUMNS = 8;

    private PriceList() {
    }

    /** The shipped rows, in file order. */
    public static List<ModelPrice> shipped() {
        InputStream in = PriceList.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("price list " + RESOURCE + " is missing from the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    /**
     * Parses a price list: the header line, then one price a line; blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the line when the header or a row is malformed
     */
    public static List<ModelPrice> parse(Reader reader) throws IOException {
        BufferedReader lines = new BufferedReader(reader);
        String header = lines.readLine();
        if (header == null || !header.strip().equals(HEADER)) {
            throw new IllegalArgumentException("line 1: expected the header '" + HEADER + "', found '" + header + "'");
        }
        List<ModelPrice> prices = new ArrayList<>();
        int lineNumber = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (!line.isBlank()) {
                prices.add(row(line, lineNumber));
            }
        }
        return prices;
    }

    private static ModelPrice row(String line, int lineNumber) {
        List<String> f = fields(line, lineNumber);
        if (f.size() != COLUMNS) {
            throw malformed(lineNumber, "expected " + COLUMNS + " fields, found " + f.size());
        }
        try {
            String pattern = emptyToNull(f.get(2));
            if (pattern != null) {
                Pattern.compile(pattern);
            }
            String from = emptyToNull(f.get(6));
            return new ModelPrice(required(f.get(0), "provider", lineNumber), required(f.get(1), "model", lineNumber),
                    pattern, new BigDecimal(f.get(3)), new BigDecimal(f.get(4)),
                    emptyToNull(f.get(5)) == null ? null : new BigDecimal(f.get(5)),
                    from == null ? null : LocalDate.parse(from), null, emptyToNull(f.get(7)));
        } catch (NumberFormatException | DateTimeParseException | PatternSyntaxException e) {
            throw malformed(lineNumber, e.getMessage());
        }
    }

    /** Splits one CSV line (RFC 4180 quoting: {@code "a,b"} and {@code ""} for a quote inside quotes). */
    static List<String> fields(String line, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw malformed(lineNumber, "a quoted field is not closed");
        }
        fields.add(field.toString().strip());
        return fields;
    }

    private static String required(String value, String column, int lineNumber) {
        if (value.isEmpty()) {
            throw malformed(lineNumber, column + " is empty");
        }
        return value;
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static IllegalArgumentException malformed(int lineNumber, String why) {
        return new IllegalArgumentException("line " + lineNumber + " of the price list: " + why);
    }
}
