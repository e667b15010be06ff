package org.llmobservatory.storage.cost;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.RepositoryKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prices in {@code model_prices}, held in memory and read again from the table periodically, so an
 * edit made with SQL takes effect without a restart. Lookups read an immutable snapshot that a refresh
 * replaces whole; they never wait for the database.
 */
public final class PriceCatalog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PriceCatalog.class);

    /** How often the table is read again unless told otherwise. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);

    private static final String SELECT = """
            SELECT provider, model, match_pattern, input_per_million, output_per_million,
                   cached_input_per_million, effective_from, effective_to, source
            FROM model_prices
            """;

    private final QueryRunner runner;
    private final Duration refreshInterval;
    private final ScheduledExecutorService scheduler;
    private volatile PriceIndex index = PriceIndex.EMPTY;

    /** A catalog that reads the table again every {@link #DEFAULT_REFRESH_INTERVAL} once started. */
    public PriceCatalog(DataSource dataSource) {
        this(dataSource, DEFAULT_REFRESH_INTERVAL);
    }

    /** A catalog that reads the table again every {@code refreshInterval} once started. */
    public PriceCatalog(DataSource dataSource, Duration refreshInterval) {
        this(dataSource, refreshInterval, QueryObserver.NONE);
    }

    /** A catalog whose reads {@code observer} hears, as repository {@code cost}. */
    public PriceCatalog(DataSource dataSource, Duration refreshInterval, QueryObserver observer) {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refresh interval must be positive, was " + refreshInterval);
        }
        this.runner = new QueryRunner(dataSource, observer, RepositoryKind.COST);
        this.refreshInterval = refreshInterval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "price-catalog-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the table now (failing loudly), then again every refresh interval in the background. */
    public PriceCatalog start() {
        refresh();
        long millis = refreshInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Reads the whole table and swaps it in as the snapshot lookups use; returns the number of rows.
     *
     * @throws IllegalStateException when the table cannot be read; the previous snapshot stays in use
     */
    public int refresh() {
        List<ModelPrice> rows;
        try {
            rows = runner.call("read_prices", PriceCatalog::readAll, List::size);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read model prices: " + e.getMessage(), e);
        }
        index = new PriceIndex(rows);
        return rows.size();
    }

    /**
     * The price of {@code model} on {@code day} (see docs/COST.md for the matching rules), or empty when
     * no row in force names it.
     *
     * @param provider the provider as reported by the span, or null to accept any provider
     */
    public Optional<ModelPrice> find(String provider, String model, LocalDate day) {
        return index.find(provider, model, day);
    }

    /** Stops the background refresh. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("model prices not refreshed; keeping the previous ones until the next attempt", e);
        }
    }

    private static List<ModelPrice> readAll(Connection c) throws SQLException {
        List<ModelPrice> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new ModelPrice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getBigDecimal(6), localDate(rs.getDate(7)), localDate(rs.getDate(8)),
                        rs.getString(9)));
            }
        }
        return rows;
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
