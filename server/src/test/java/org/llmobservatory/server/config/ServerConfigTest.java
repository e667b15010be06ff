package org.llmobservatory.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void nothing_set_means_the_documented_defaults() {
        ServerConfig config = new Environment(Map.of()).server();

        assertThat(config).isEqualTo(new ServerConfig("127.0.0.1", 9090, 4318, 4317, 8080));
    }

    @Test
    void every_variable_is_read_and_port_0_is_accepted() {
        ServerConfig config = new Environment(Map.of(
                "OBSERVATORY_BIND_ADDRESS", "0.0.0.0",
                "OBSERVATORY_MANAGEMENT_PORT", "0",
                "OBSERVATORY_OTLP_HTTP_PORT", "14318",
                "OBSERVATORY_OTLP_GRPC_PORT", "14317",
                "OBSERVATORY_API_PORT", " 18080 ")).server();

        assertThat(config).isEqualTo(new ServerConfig("0.0.0.0", 0, 14318, 14317, 18080));
    }

    @Test
    void a_port_that_is_not_a_number_is_refused_naming_the_variable_and_the_range() {
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_MANAGEMENT_PORT", "nine")).server())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OBSERVATORY_MANAGEMENT_PORT must be a port number from 0 to 65535 (0 picks a free port),"
                        + " got: nine");
    }

    @Test
    void a_port_out_of_range_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_API_PORT", "70000")).server())
                .hasMessageStartingWith("OBSERVATORY_API_PORT must be a port number from 0 to 65535")
                .hasMessageEndingWith("got: 70000");
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_OTLP_GRPC_PORT", "-1")).server())
                .hasMessageStartingWith("OBSERVATORY_OTLP_GRPC_PORT must be a port number");
    }

    @Test
    void two_servers_on_one_port_are_refused_naming_both_variables() {
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_API_PORT", "9090")).server())
                .hasMessage("OBSERVATORY_API_PORT and OBSERVATORY_MANAGEMENT_PORT are both 9090; each server needs"
                        + " its own port (0 picks a free one)");
    }

    @Test
    void several_servers_may_all_ask_for_a_free_port() {
        assertThat(ServerConfig.ephemeral().managementPort()).isZero();
        assertThat(ServerConfig.ephemeral().apiPort()).isZero();
    }

    @Test
    void the_instance_label_is_read_from_observatory_instance_and_unset_when_blank() {
        assertThat(new Environment(Map.of("OBSERVATORY_INSTANCE", " observatory-0 ")).server().instance())
                .hasValue("observatory-0");
        assertThat(new Environment(Map.of("OBSERVATORY_INSTANCE", " ")).server().instance()).isEmpty();
        assertThat(new Environment(Map.of()).server().instance()).isEmpty();
    }

    @Test
    void a_blank_bind_address_is_refused() {
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_BIND_ADDRESS", " ")).server())
                .hasMessageStartingWith("OBSERVATORY_BIND_ADDRESS must not be empty");
    }

    @Test
    void the_acknowledgement_deadline_is_below_the_exporters_timeout_unless_set() {
        assertThat(new Environment(Map.of()).server().ackTimeout()).isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(new Environment(Map.of("OBSERVATORY_ACK_TIMEOUT_MS", "2500")).server().ackTimeout())
                .isEqualTo(java.time.Duration.ofMillis(2500));
    }

    @Test
    void the_process_exits_within_15_s_of_sigterm_unless_set() {
        assertThat(new Environment(Map.of()).server().shutdownTimeout()).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(new Environment(Map.of("OBSERVATORY_SHUTDOWN_TIMEOUT_MS", "4000")).server().shutdownTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(4));
    }

    @Test
    void the_body_limit_and_the_cache_time_are_read_with_their_bounds() {
        ServerConfig config = new Environment(Map.of("OBSERVATORY_MAX_BODY_BYTES", "1048576",
                "OBSERVATORY_QUERY_CACHE_TTL_MS", "2500")).server();

        assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(config.queryCacheTtl()).isEqualTo(Duration.ofMillis(2500));
        assertThat(ServerConfig.defaults().maxBodyBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(ServerConfig.defaults().queryCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_MAX_BODY_BYTES", "1000")).server())
                .hasMessage("OBSERVATORY_MAX_BODY_BYTES must be from 65536 to 67108864 bytes, got: 1000");
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_MAX_BODY_BYTES", "8MB")).server())
                .hasMessage("OBSERVATORY_MAX_BODY_BYTES must be a number of bytes from 65536 to 67108864, got: 8MB");
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_QUERY_CACHE_TTL_MS", "0")).server())
                .hasMessage("OBSERVATORY_QUERY_CACHE_TTL_MS must be at least 1, got: 0");
    }
}
