package org.llmobservatory.storage.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.llmobservatory.storage.schema.TableSizes;
import org.llmobservatory.storage.schema.TableSizes.TableSize;

/**
 * What the disk holds and has left: {@code storage_data_filesystem_avail_bytes} and {@code _size_bytes} for the
 * filesystem of the embedded database's data directory, and {@code storage_table_size_bytes} and
 * {@code storage_table_partitions} by table. Each reads NaN until it has something to report: the filesystem with an
 * external database (watch its host instead), the tables before their first read.
 */
final class DiskMeters {

    private volatile FileStore dataFilesystem;
    private volatile Supplier<Map<String, TableSize>> tables = Map::of;

    DiskMeters(MeterRegistry registry) {
        Gauge.builder("storage.data.filesystem.avail", this, m -> m.filesystem(FileStore::getUsableSpace))
                .strongReference(true).baseUnit(BaseUnits.BYTES)
                .description("Bytes left for PostgreSQL on the filesystem of the embedded database's data directory "
                        + "(NaN with an external database)")
                .register(registry);
        Gauge.builder("storage.data.filesystem.size", this, m -> m.filesystem(FileStore::getTotalSpace))
                .strongReference(true).baseUnit(BaseUnits.BYTES)
                .description("Total bytes of the filesystem of the embedded database's data directory "
                        + "(NaN with an external database)")
                .register(registry);
        for (String table : TableSizes.TABLES) {
            Gauge.builder("storage.table.size", this, m -> m.table(table, TableSize::bytes))
                    .strongReference(true).baseUnit(BaseUnits.BYTES).tag("table", table)
                    .description("Bytes on disk of a telemetry table: all partitions, indexes and TOAST, read every "
                            + "minute")
                    .register(registry);
            Gauge.builder("storage.table.partitions", this, m -> m.table(table, TableSize::partitions))
                    .strongReference(true).tag("table", table)
                    .description("Partitions of a telemetry table (0 when it is not partitioned), read every minute")
                    .register(registry);
        }
    }

    void watchDataDirectory(Path directory) throws IOException {
        dataFilesystem = Files.getFileStore(directory);
    }

    void watchTables(Supplier<Map<String, TableSize>> latest) {
        tables = latest;
    }

    private double filesystem(IoFigure figure) {
        FileStore store = dataFilesystem;
        if (store == null) {
            return Double.NaN;
        }
        try {
            return figure.of(store);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private double table(String table, java.util.function.ToLongFunction<TableSize> figure) {
        TableSize size = tables.get().get(table);
        return size == null ? Double.NaN : figure.applyAsLong(size);
    }

    @FunctionalInterface
    private interface IoFigure {
        long of(FileStore store) throws IOException;
    }
}
