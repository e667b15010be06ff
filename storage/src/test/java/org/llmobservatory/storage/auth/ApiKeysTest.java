package org.llmobservatory.storage.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.Migrations;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

class ApiKeysTest {

    private static TestDatabase db;
    private static StoragePool pool;
    private ApiKeys keys;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @BeforeEach
    void noKeys() throws Exception {
        try (var c = pool.connection(); var st = c.createStatement()) {
            st.execute("DELETE FROM api_keys");
            st.execute("UPDATE access_mode SET mode = 'open', reason = 'test'");
        }
        keys = new ApiKeys(pool.dataSource(), Duration.ZERO);
    }

    @Test
    void without_keys_everything_is_open_and_acts_for_the_default_project() throws Exception {
        assertThat(keys.required()).isFalse();
        assertThat(keys.authenticate(null)).contains(Principal.anonymous());
        assertThat(keys.authenticate("anything")).contains(Principal.anonymous());
    }

    @Test
    void once_a_key_exists_only_a_valid_token_gets_in_and_it_names_its_project() throws Exception {
        IssuedKey issued = keys.create("shop", "ingest from checkout");
        assertThat(keys.required()).isTrue();

        assertThat(keys.authenticate(issued.token()))
                .hasValueSatisfying(p -> assertThat(p.projectId()).isEqualTo("shop"));
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate("obs_garbage")).isEmpty();
        String wrongSecret = issued.token().substring(0, issued.token().length() - 1)
                + (issued.token().endsWith("0") ? "1" : "0");
        assertThat(keys.authenticate(wrongSecret)).isEmpty();
    }

    @Test
    void secrets_are_stored_only_as_hashes_and_never_printed() throws Exception {
        IssuedKey issued = keys.create("shop", null);
        String secret = issued.token().substring(issued.token().lastIndexOf('_') + 1);
        assertThat(db.count("SELECT count(*) FROM api_keys WHERE encode(secret_hash, 'escape') LIKE ?",
                "%" + secret + "%")).isZero();
        assertThat(issued.toString()).doesNotContain(secret);
        assertThat(keys.list()).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo("shop");
            assertThat(k.toString()).doesNotContain(secret);
        });
    }

    @Test
    void a_revoked_key_is_refused_and_revoking_the_last_one_leaves_every_request_refused() throws Exception {
        IssuedKey a = keys.create("shop", "a");
        IssuedKey b = keys.create("bank", "b");
        assertThat(keys.revoke(a.key().keyId())).isTrue();
        assertThat(keys.revoke(a.key().keyId())).isFalse();

        assertThat(keys.authenticate(a.token())).isEmpty();
        assertThat(keys.authenticate(b.token())).hasValueSatisfying(p -> assertThat(p.projectId()).isEqualTo("bank"));
        assertThat(keys.list()).filteredOn(ApiKey::active).extracting(ApiKey::projectId).containsExactly("bank");

        keys.revoke(b.key().keyId());
        assertThat(keys.activeKeys()).isZero();
        assertThat(keys.required()).isTrue();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate(b.token())).isEmpty();
        // A second service instance, or one started later, reads the same stored mode.
        assertThat(new ApiKeys(pool.dataSource()).required()).isTrue();
    }

    @Test
    void only_an_operator_reopens_a_keyed_service_and_not_while_a_key_is_active() throws Exception {
        IssuedKey a = keys.create("shop", "a");
        assertThatThrownBy(() -> keys.reopen("test"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 active API key exist");
        assertThat(keys.required()).isTrue();

        IssuedKey b = keys.create("bank", "b");
        keys.revoke(a.key().keyId());
        keys.revoke(b.key().keyId());
        keys.reopen("operator ran access open");
        assertThat(keys.required()).isFalse();
        assertThat(keys.authenticate(null)).contains(Principal.anonymous());
        assertThat(keys.authenticate(a.token())).contains(Principal.anonymous());
        assertThat(keys.storedMode()).startsWith("open since ").endsWith("(operator ran access open)");
    }

    @Test
    void while_open_a_valid_key_acts_for_its_project_and_anything_else_for_default() throws Exception {
        keys.requireKeys("test");
        IssuedKey shop = keys.create("shop", "a");
        try (var c = pool.connection(); var st = c.createStatement()) {
            // As in the moments after the first key is created, before a running service re-reads the mode.
            st.execute("UPDATE access_mode SET mode = 'open', reason = 'test'");
        }
        assertThat(keys.required()).isFalse();
        assertThat(keys.authenticate(shop.token())).hasValue(new Principal("shop", shop.key().keyId()));
        assertThat(keys.authenticate("obs_000000000000_" + "0".repeat(48))).contains(Principal.anonymous());
        assertThat(keys.authenticate("not a key")).contains(Principal.anonymous());
    }

    @Test
    void keys_can_be_required_before_any_exists_by_the_stored_mode_or_by_the_policy() throws Exception {
        keys.requireKeys("closed before the first key");
        assertThat(keys.required()).isTrue();
        assertThat(keys.authenticate(null)).isEmpty();
        keys.reopen("test");

        ApiKeys keyed = new ApiKeys(pool.dataSource(), Duration.ZERO, AccessPolicy.KEYS);
        assertThat(keys.required()).isFalse();
        assertThat(keyed.required()).isTrue();
        assertThat(keyed.authenticate(null)).isEmpty();
        assertThat(keyed.authenticate("obs_000000000000_" + "0".repeat(48))).isEmpty();
    }

    @Test
    void a_database_of_an_earlier_version_keeps_the_access_it_had() throws Exception {
        for (boolean keyed : new boolean[] {true, false}) {
            TestDatabase older = TestServers.freshDatabase();
            try (StoragePool olderPool = older.pool(2)) {
                Flyway.configure().dataSource(olderPool.dataSource()).locations("classpath:db/migration")
                        .table("schema_history").target("3").load().migrate();
                if (keyed) {
                    new ApiKeysBeforeV4(olderPool).insertActiveKey();
                }
                new Migrations(olderPool.dataSource()).apply();
                assertThat(new ApiKeys(olderPool.dataSource(), Duration.ZERO).required()).isEqualTo(keyed);
            }
        }
    }

    /** A key as version 3 of the schema stored it. */
    private record ApiKeysBeforeV4(StoragePool pool) {
        void insertActiveKey() throws Exception {
            try (var c = pool.connection(); var ps = c.prepareStatement(
                    "INSERT INTO api_keys (key_id, project_id, name, secret_hash) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, "0123456789ab");
                ps.setString(2, "shop");
                ps.setString(3, "old");
                ps.setBytes(4, new byte[32]);
                ps.executeUpdate();
            }
        }
    }

    @Test
    void project_names_are_checked() {
        assertThatThrownBy(() -> keys.create("bad project; drop table", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("project must be");
    }
}
