package org.llmobservatory.storage.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations under {@code db/migration} and reports whether the schema is current. */
public final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private final Flyway flyway;

    public Migrations(DataSource dataSource) {
        this.flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table("schema_history")
                .load();
    }

    /** Brings the schema up to date; returns the number of migrations applied now. */
    public int apply() {
        MigrateResult result = flyway.migrate();
        var current = flyway.info().current();
        log.info("schema at version {} ({} migrations applied now)",
                current == null ? "none" : current.getVersion(), result.migrationsExecuted);
        return result.migrationsExecuted;
    }

    /** True when every known migration has been applied. */
    public boolean current() {
        return flyway.info().pending().length == 0;
    }
}
