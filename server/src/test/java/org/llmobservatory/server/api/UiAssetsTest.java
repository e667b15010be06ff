package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web UI's files as shipped: served beside the API with the security headers, without inline script or style,
 * building the page without HTML parsing, every import resolving, and uPlot asked for at the version on the classpath.
 */
class UiAssetsTest {

    private static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void the_page_and_its_scripts_are_served_at_the_root_with_the_security_headers() {
        String assets = UiAssets.assetsPath();
        assertThat(api.get("/").body()).contains("src=\"" + assets + "/js/main.js\"").doesNotContain("%ASSETS%");
        for (String path : List.of("/", assets + "/js/main.js", assets + "/app.css", assets + "/logo.svg",
                "/webjars/uplot/" + uplotVersion() + "/dist/uPlot.esm.js")) {
            HttpResponse<String> response = api.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            UiAssets.SECURITY_HEADERS.forEach((name, value) ->
                    assertThat(response.headers().firstValue(name)).as(path + " " + name).hasValue(value));
        }
        assertThat(api.get("/").headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(api.get(assets + "/js/main.js").headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/javascript"));
        // The page is asked again on every load; its files, whose path changes with them, are kept for good.
        assertThat(api.get("/").headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(api.get(assets + "/js/main.js").headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("immutable"));
        assertThat(api.get("/js/main.js").statusCode()).isEqualTo(404);
    }

    @Test
    void the_api_answers_as_before_beside_the_ui() {
        HttpResponse<String> unknown = api.get("/api/v1/no-such-route");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue(ProblemResponses.CONTENT_TYPE);
        assertThat(unknown.headers().firstValue("Content-Security-Policy")).isEmpty();

        HttpResponse<String> post = api.request("/api/v1/traces").method("POST").send();
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> missingFile = api.get("/no-such-file.js");
        assertThat(missingFile.statusCode()).isEqualTo(404);
        assertThat(missingFile.headers().firstValue("Content-Type")).hasValue(ProblemResponses.CONTENT_TYPE);

        assertThat(api.get("/api/v1/traces").statusCode()).isEqualTo(200);
    }

    @Test
    void the_html_has_no_inline_script_style_or_event_handler() {
        String html = resource("index.html");
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                .doesNotContainPattern("(?i)\\sstyle\\s*=")
                .doesNotContainPattern("(?i)<style")
                .doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                .doesNotContainPattern("(?i)https?://");
    }

    @Test
    void scripts_never_parse_strings_as_html_or_code() {
        Pattern forbidden = Pattern.compile(
                "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|setAttribute\\('on");
        for (Path script : scripts()) {
            String code = read(script);
            Matcher m = forbidden.matcher(code);
            if (m.find()) {
                throw new AssertionError(script + " uses " + m.group());
            }
        }
    }

    @Test
    void every_import_resolves_and_uplot_is_asked_for_at_the_version_on_the_classpath() {
        Pattern imports = Pattern.compile("^import .* from '([^']+)';$|^const UPLOT = '([^']+)';$", Pattern.MULTILINE);
        for (Path script : scripts()) {
            Matcher m = imports.matcher(read(script));
            while (m.find()) {
                String target = m.group(1) != null ? m.group(1) : m.group(2);
                if (target.startsWith("/webjars/")) {
                    assertThat(target).isEqualTo("/webjars/uplot/" + uplotVersion() + "/dist/uPlot.esm.js");
                    assertThat(UiAssetsTest.class.getResource("/META-INF/resources" + target)).as(target).isNotNull();
                } else {
                    assertThat(target).as(script + " imports " + target).startsWith(".");
                    assertThat(script.resolveSibling(target).normalize()).as(script + " imports " + target).exists();
                }
            }
        }
        assertThat(resource("index.html")).contains("/webjars/uplot/" + uplotVersion() + "/dist/uPlot.min.css");
    }

    @Test
    void the_page_preloads_every_module_so_that_they_are_fetched_at_once() {
        Pattern preload = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">");
        List<String> preloaded = new java.util.ArrayList<>();
        Matcher m = preload.matcher(resource("index.html"));
        while (m.find()) {
            preloaded.add(m.group(1));
        }
        List<String> modules = new java.util.ArrayList<>(scripts().stream()
                .map(p -> UiAssets.ASSETS_PLACEHOLDER + "/" + root().relativize(p).toString().replace('\\', '/'))
                .filter(p -> !p.endsWith("/js/main.js")).toList());
        assertThat(preloaded).containsExactlyInAnyOrderElementsOf(modules);
    }

    private static String uplotVersion() {
        try (InputStream in = UiAssetsTest.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        try {
            return Path.of(UiAssetsTest.class.getResource("/ui/index.html").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> scripts() {
        try (Stream<Path> files = Files.walk(root())) {
            List<Path> scripts = files.filter(p -> p.toString().endsWith(".js")).sorted().toList();
            assertThat(scripts).hasSizeGreaterThan(10);
            return scripts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        return read(root().resolve(name));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
