package org.llmobservatory.storage.cost;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.RepositoryKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the shipped price list into {@code model_prices} at startup. A row whose provider, model and
 * effective date are already in the table is left alone, so an operator's edits survive restarts and
 * only rows new to the shipped list are added.
 */
public final class PriceSeeder {

    private static final Logger log = LoggerFactory.getLogger(PriceSeeder.class);

    private static final String INSERT = """
            INSERT INTO model_prices (provider, model, match_pattern, input_per_million, output_per_million,
                                      cached_input_per_million, effective_from, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (provider, model, effective_from) DO NOTHING
            """;

    private final QueryRunner runner;

    public PriceSeeder(DataSource dataSource) {
        this(dataSource, QueryObserver.NONE);
    }

    /** A seeder whose statements {@code observer} hears, as repository {@code cost}. */
    public PriceSeeder(DataSource dataSource, QueryObserver observer) {
        this.runner = new QueryRunner(dataSource, observer, RepositoryKind.COST);
    }

    /** Seeds the shipped list; returns how many rows were new. */
    public int seed() {
        return seed(PriceList.shipped());
    }

    /** Seeds {@code prices} in one transaction; returns how many rows were new. */
    public int seed(List<ModelPrice> prices) {
        try {
            int inserted = runner.inTransaction("seed_prices", c -> insert(c, prices), n -> n);
            log.info("model prices: {} shipped, {} new", prices.size(), inserted);
            return inserted;
        } catch (SQLException e) {
            throw new IllegalStateException("could not seed model prices: " + e.getMessage(), e);
        }
    }

    private static int insert(Connection c, List<ModelPrice> prices) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (ModelPrice p : prices) {
                ps.setString(1, p.provider());
                ps.setString(2, p.model());
                ps.setString(3, p.matchPattern());
                ps.setBigDecimal(4, p.inputPerMillion());
                ps.setBigDecimal(5, p.outputPerMillion());
                ps.setBigDecimal(6, p.cachedInputPerMillion());
                ps.setDate(7, Date.valueOf(p.effectiveFrom()));
                ps.setString(8, p.source());
                ps.addBatch();
            }
            int inserted = 0;
            for (int count : ps.executeBatch()) {
                inserted += Math.max(count, 0);
            }
            return inserted;
        }
    }
}
