package org.llmobservatory.storage.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

class PriceSeederTest {

    private static TestDatabase db;
    private static StoragePool pool;
    private static PriceTable table;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
        table = new PriceTable(db);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @BeforeEach
    void emptyTable() {
        table.clear();
    }

    @Test
    void seeding_inserts_the_shipped_list_once() {
        int shipped = PriceList.shipped().size();
        PriceSeeder seeder = new PriceSeeder(pool.dataSource());

        assertThat(seeder.seed()).isEqualTo(shipped);
        assertThat(seeder.seed()).isZero();
        assertThat(table.rows()).isEqualTo(shipped);
    }

    @Test
    void a_price_edited_in_the_table_survives_the_next_seeding() {
        PriceSeeder seeder = new PriceSeeder(pool.dataSource());
        seeder.seed();
        table.setInputPrice("openai", "gpt-4o", "2.2");

        seeder.seed();

        assertThat(table.inputPrice("openai", "gpt-4o")).isEqualByComparingTo("2.2");
    }

    @Test
    void a_row_new_to_the_shipped_list_arrives_with_the_next_seeding() {
        PriceSeeder seeder = new PriceSeeder(pool.dataSource());
        List<ModelPrice> before = PriceList.shipped();
        seeder.seed(before);
        List<ModelPrice> upgraded = new ArrayList<>(before);
        upgraded.add(new ModelPrice("openai", "gpt-4o", null, new BigDecimal("2.00"), new BigDecimal("8.00"),
                new BigDecimal("1.00"), LocalDate.of(2031, 1, 1), null, "a later price list"));

        assertThat(seeder.seed(upgraded)).isEqualTo(1);
        assertThat(table.rows()).isEqualTo(before.size() + 1);
    }

    @Test
    void opening_storage_seeds_the_prices() {
        TestDatabase own = TestServers.freshDatabase();
        try (Storage ignored = Storage.open(own.config())) {
            assertThat(own.count("SELECT count(*) FROM model_prices")).isEqualTo(PriceList.shipped().size());
        }
    }
}
