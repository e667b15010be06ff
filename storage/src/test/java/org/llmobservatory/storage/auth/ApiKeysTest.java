package org.llmobservatory.storage.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;
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
    void a_revoked_key_is_refused_and_the_last_revocation_opens_the_service_again() throws Exception {
        IssuedKey a = keys.create("shop", "a");
        IssuedKey b = keys.create("bank", "b");
        assertThat(keys.revoke(a.key().keyId())).isTrue();
        assertThat(keys.revoke(a.key().keyId())).isFalse();

        assertThat(keys.authenticate(a.token())).isEmpty();
        assertThat(keys.authenticate(b.token())).hasValueSatisfying(p -> assertThat(p.projectId()).isEqualTo("bank"));
        assertThat(keys.list()).filteredOn(ApiKey::active).extracting(ApiKey::projectId).containsExactly("bank");

        keys.revoke(b.key().keyId());
        assertThat(keys.required()).isFalse();
    }

    @Test
    void project_names_are_checked() {
        assertThatThrownBy(() -> keys.create("bad project; drop table", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("project must be");
    }
}
