package org.llmobservatory.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import picocli.CommandLine;

class KeysCommandTest {

    private final TestDatabase db = TestServers.freshDatabase();
    private final Map<String, String> env = db.environment();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ObservatoryCommand.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void a_created_key_is_printed_once_works_is_listed_without_its_secret_and_can_be_revoked() throws Exception {
        assertThat(run("keys", "create", "--project", "shop", "--name", "checkout")).isZero();
        String token = out.toString().lines().filter(l -> l.startsWith("obs_")).findFirst().orElseThrow();
        String keyId = token.split("_")[1];
        try (var pool = db.pool(2)) {
            ApiKeys keys = new ApiKeys(pool.dataSource(), java.time.Duration.ZERO);
            assertThat(keys.authenticate(token)).hasValueSatisfying(p -> assertThat(p.projectId()).isEqualTo("shop"));

            out.getBuffer().setLength(0);
            assertThat(run("keys", "list")).isZero();
            assertThat(out.toString()).contains(keyId, "shop", "checkout", "active")
                    .doesNotContain(token.substring(token.lastIndexOf('_') + 1));

            assertThat(run("keys", "create", "--project", "bank")).isZero();
            assertThat(run("keys", "revoke", keyId)).isZero();
            // Another key is still active, so the service stays locked and the revoked key is refused.
            assertThat(keys.authenticate(token)).isEmpty();
            assertThat(run("keys", "revoke", keyId)).isEqualTo(1);
            assertThat(err.toString()).contains("no active key with id " + keyId);
        }
    }

    @Test
    void a_bad_project_name_is_a_configuration_error() {
        assertThat(run("keys", "create", "--project", "no spaces please")).isEqualTo(2);
        assertThat(err.toString()).contains("project must be");
    }
}
