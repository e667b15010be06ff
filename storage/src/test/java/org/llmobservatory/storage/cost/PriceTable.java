package org.llmobservatory.storage.cost;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import org.llmobservatory.storage.support.TestDatabase;

/** Edits {@code model_prices} with plain SQL, as an operator would. */
record PriceTable(TestDatabase db) {

    void clear() {
        execute("DELETE FROM model_prices");
    }

    void insert(String provider, String model, String pattern, String input, String output, String cached,
            LocalDate from, LocalDate to) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO model_prices (provider, model, match_pattern, input_per_million, output_per_million,
                                          cached_input_per_million, effective_from, effective_to, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'test')
                """)) {
            ps.setString(1, provider);
            ps.setString(2, model);
            ps.setString(3, pattern);
            ps.setBigDecimal(4, new BigDecimal(input));
            ps.setBigDecimal(5, new BigDecimal(output));
            ps.setBigDecimal(6, cached == null ? null : new BigDecimal(cached));
            ps.setDate(7, Date.valueOf(from == null ? ModelPrice.SINCE_ALWAYS : from));
            ps.setDate(8, to == null ? null : Date.valueOf(to));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void insert(String provider, String model, String pattern, String input, String output) {
        insert(provider, model, pattern, input, output, null, null, null);
    }

    void setInputPrice(String provider, String model, String input) {
        execute("UPDATE model_prices SET input_per_million = ? WHERE provider = ? AND model = ?",
                new BigDecimal(input), provider, model);
    }

    BigDecimal inputPrice(String provider, String model) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT input_per_million FROM model_prices WHERE provider = ? AND model = ?")) {
            ps.setString(1, provider);
            ps.setString(2, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long rows() {
        return db.count("SELECT count(*) FROM model_prices");
    }

    private void execute(String sql, Object... params) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
