package dev.devagent;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import dev.devagent.support.FixtureRepo;
import dev.devagent.support.TestEnvironment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web app in Debian's Chromium (playwright-core) against the real app: frontend/e2e/run.mjs walks
 * through sign-in, a streamed answer with a citation, activity cards, adding a repository and watching
 * it index, the graph, search, operations and the XSS probe — as an admin and as a plain user.
 * Screenshots land in target/e2e-screenshots. On CI a missing browser or web build is a failure.
 */
@ApiTest
class BrowserEndToEndTest extends ApiTestSupport {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

    @BeforeEach
    void requireBrowserAndWebBuild() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean ready = Files.isExecutable(CHROMIUM) && new ClassPathResource("static/index.html").exists()
                && Files.isDirectory(Path.of("frontend/node_modules/playwright-core"));
        if (ci) {
            assertThat(ready).as("CI needs Chromium, the built web app and frontend/node_modules").isTrue();
        }
        Assumptions.assumeTrue(ready, "Chromium or the web build is missing: browser test skipped locally");
    }

    @Test
    void adminAndUserWalkThroughTheProduct() throws Exception {
        Path root = TestEnvironment.tempDir();
        ApiClient admin = signIn("root-admin");
        try (FixtureRepo indexed = FixtureRepo.create(root, "acme", "auth-service");
             FixtureRepo added = FixtureRepo.create(root, "acme", "web-shop")) {
            indexed.write("package.json", "{\"name\": \"auth-service\", \"dependencies\": {\"express\": \"4.19.2\"}}")
                    .write("src/tokens.js", "// Checks the JWT bearer token of a request.\n"
                            + "function verifyJwtToken(token, key) {\n  return jwt.verify(token, key);\n}\n");
            indexed.commit("auth service");
            added.write("package.json", "{\"name\": \"web-shop\", \"dependencies\": {\"left-pad\": \"1.3.0\"}}")
                    .write("src/cart.js", "export function applyCouponDiscount(total, coupon) {\n"
                            + "  return total * (1 - coupon.percent / 100);\n}\n");
            for (int i = 0; i < 40; i++) {
                added.write("src/pages/page" + i + ".js", "export function renderPage" + i + "(state) {\n"
                        + "  return `<section>${state.title} " + i + "</section>`;\n}\n");
            }
            added.commit("web shop");

            String id = admin.post("/api/repositories", Map.of("url", indexed.url())).text("id");
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                ApiClient.Response view = admin.get("/api/repositories/" + id);
                assertThat(view.text("status")).as("repository %s", view.body()).isEqualTo("indexed");
            });

            run(Map.of("E2E_USERNAME", "root-admin", "E2E_PASSWORD", "correct-horse-1", "E2E_STRICT", "1",
                    "E2E_QUESTION", "Where do we verify JWT tokens?", "E2E_REPO_URL", added.url(),
                    "E2E_EXPECT_PACKAGE", "left-pad", "E2E_SEARCH", "applyCouponDiscount",
                    "E2E_EXPECT_PATH", "src/cart.js", "E2E_SCREENSHOTS", "target/e2e-screenshots/admin"));
            run(Map.of("E2E_QUESTION", "Where do we verify JWT tokens?", "E2E_SEARCH", "verifyJwtToken",
                    "E2E_EXPECT_PATH", "src/tokens.js", "E2E_SCREENSHOTS", "target/e2e-screenshots/user"));
        }
        assertThat(Path.of("target/e2e-screenshots/admin")).isDirectoryContaining("glob:**.png");
    }

    private void run(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/run.mjs").directory(new File("frontend"))
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("E2E_BASE_URL", "http://127.0.0.1:" + port);
        builder.environment().put("E2E_SCREENSHOTS", Path.of(env.get("E2E_SCREENSHOTS")).toAbsolutePath().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        System.out.println(output);
        assertThat(finished).as("e2e run finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
