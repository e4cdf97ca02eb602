package dev.devagent.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devagent.search.CodeChunkStore;
import dev.devagent.search.VectorPartitions;
import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import dev.devagent.support.FixtureRepo;
import dev.devagent.support.TestEnvironment;
import dev.devagent.support.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.core.ConditionFactory;
import org.awaitility.pollinterval.IterativePollInterval;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The fleet end to end on real Git repositories made here: ingest, dependency graph, code index,
 * incremental re-sync, force push, redaction, search, and the chat answering from all of it.
 */
@ApiTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIngestTest extends ApiTestSupport {

    static final String FAKE_OPENAI_KEY = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6";
    static final String PRIVATE_KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Value("${agent.push.ws-port}")
    int wsPort;

    static Path root;
    static FixtureRepo common;
    static FixtureRepo billing;
    static FixtureRepo portal;
    static FixtureRepo tools;
    static FixtureRepo empty;
    static ApiClient admin;
    static final Map<String, String> ids = new java.util.HashMap<>();

    @BeforeAll
    static void fixtures() {
        root = TestEnvironment.tempDir();
        common = FixtureRepo.create(root, "acme", "common-lib")
                .write("package.json", """
                        {"name": "@acme/common", "version": "1.4.0", "dependencies": {"lodash": "^4.17.21"}}""")
                .write("src/strings.js", "export function slug(s) {\n  return s.toLowerCase().replace(/ /g, '-');\n}\n");
        common.commit("common lib");

        billing = FixtureRepo.create(root, "acme", "billing-api")
                .write("package.json", """
                        {"name": "@acme/billing-client", "version": "2.0.0",
                         "dependencies": {"express": "^4.18.0", "@acme/common": "^1.4.0", "jsonwebtoken": "^9.0.0"},
                         "devDependencies": {"jest": "^29.0.0"}}""")
                .write("package-lock.json", """
                        {"name": "@acme/billing-client", "lockfileVersion": 3, "packages": {
                          "": {"name": "@acme/billing-client", "dependencies": {"express": "^4.18.0"}},
                          "node_modules/express": {"version": "4.18.2"},
                          "node_modules/body-parser": {"version": "1.20.1"}}}""")
                .write("src/auth.js", """
                        const jwt = require('jsonwebtoken');

                        // Checks the bearer token of every request against the issuer's public key.
                        function verifyJwt(token, publicKey) {
                          return jwt.verify(token, publicKey, { algorithms: ['RS256'] });
                        }

                        module.exports = { verifyJwt };
                        """)
                .write("src/invoice.js", "function total(lines) {\n  return lines.reduce((s, l) => s + l.amount, 0);\n}\n")
                .write("config/settings.js", "const openaiKey = \"" + FAKE_OPENAI_KEY + "\";\nmodule.exports = { openaiKey };\n")
                .write(".env", "DATABASE_PASSWORD=hunter2-production\nPORT=3000\n")
                .write("keys/server.pem", "-----BEGIN " + "PRIVATE KEY-----\n" + PRIVATE_KEY_BODY
                        + "\nabcdefghijklmnopqrstuvwxyz0123456789\n-----END PRIVATE KEY-----\n")
                .write("assets/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0, 1, 2})
                .write("data/huge.txt", "x".repeat(700_000))
                .write("docs/legacy.txt", "Caf\u00e9 cr\u00e8me na\u00efve".getBytes(java.nio.charset.Charset.forName("windows-1252")))
                .symlink("docs/passwd", Path.of("/etc/passwd"));
        billing.commit("billing api");

        portal = FixtureRepo.create(root, "acme", "web-portal")
                .write("package.json", """
                        {"name": "web-portal", "dependencies": {"@acme/billing-client": "^2.0.0", "react": "18.2.0"}}""")
                .write("src/app.jsx", "export default function App() {\n  return <main>Portal</main>;\n}\n");
        portal.commit("portal");

        tools = FixtureRepo.create(root, "acme", "tools")
                .write("go.mod", "module github.com/acme/tools\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n"
                        + "\tgolang.org/x/text v0.14.0 // indirect\n)\n")
                .write("requirements.txt", "requests==2.31.0\nDjango>=4.2,<5  # web\n")
                .write("Directory.Packages.props", """
                        <Project><ItemGroup>
                          <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />
                        </ItemGroup></Project>""")
                .write("src/Tools.Cli/Tools.Cli.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><PackageId>Acme.Tools</PackageId></PropertyGroup>
                        <ItemGroup><PackageReference Include="Newtonsoft.Json" /></ItemGroup></Project>""")
                .write("web/package.json", "{ this is not json");
        tools.commit("tools");

        empty = FixtureRepo.create(root, "acme", "empty");
    }

    @AfterAll
    static void cleanUp() {
        for (FixtureRepo repo : List.of(common, billing, portal, tools, empty)) {
            repo.close();
        }
        FileSystemUtils.deleteRecursively(root.toFile());
    }

    /** Polls quickly at first, then once a second: every GET counts against the shared context's API rate limit. */
    private static ConditionFactory polling(Duration atMost) {
        return await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(new IterativePollInterval(
                last -> last.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
                        : last.multipliedBy(2), Duration.ofMillis(100)));
    }

    private JsonNode awaitIndexed(String id, String commit) {
        JsonNode[] last = new JsonNode[1];
        polling(Duration.ofSeconds(90)).until(() -> {
            last[0] = admin.get("/api/repositories/" + id).json();
            String status = last[0].path("status").asText();
            if ("failed".equals(status)) {
                throw new AssertionError("sync failed: " + last[0]);
            }
            return "indexed".equals(status) && (commit == null || commit.equals(last[0].path("lastIndexedCommit").asText()))
                    && last[0].path("progress").path("phase").asText().equals("done");
        });
        return last[0];
    }

    private double embeddedTexts() {
        var counter = meters.find("ai_embedded_texts").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    @Order(1)
    void adminAddsRepositoriesAndTheyAreIndexed() {
        admin = signIn("root-admin");
        try (WsClient progress = WsClient.connect(wsPort, null)) {
            progress.send(Map.of("type", "subscribe", "topic", "repositories", "token", admin.token()));
            assertThat(progress.next(Duration.ofSeconds(10)).path("type").asText()).isEqualTo("subscribed");

            for (FixtureRepo repo : List.of(common, billing, portal, tools, empty)) {
                var added = admin.post("/api/repositories", Map.of("url", repo.url()));
                assertThat(added.status()).as(added.toString()).isEqualTo(202);
                ids.put(added.text("fullName"), added.text("id"));
            }
            assertThat(ids).containsKeys("acme/common-lib", "acme/billing-api", "acme/web-portal", "acme/tools",
                    "acme/empty");
            for (String id : ids.values()) {
                awaitIndexed(id, null);
            }
            List<JsonNode> frames = progress.drain();
            assertThat(frames).extracting(f -> f.path("data").path("phase").asText())
                    .contains("cloning", "chunking", "embedding", "done");
            // the graph is built alongside the chunks; by the time keyword search is ready, so is the graph
            assertThat(frames).filteredOn(f -> f.path("data").path("keywordReady").asBoolean())
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f.path("data").path("graphReady").asBoolean()).isTrue());
            assertThat(frames).allSatisfy(f -> assertThat(f.path("type").asText()).isEqualTo("repository:progress"));
        }

        JsonNode billingView = admin.get("/api/repositories/" + ids.get("acme/billing-api")).json();
        assertThat(billingView.path("counts").path("chunks").asLong()).isPositive();
        assertThat(billingView.path("counts").path("embedded").asLong())
                .isEqualTo(billingView.path("counts").path("chunks").asLong());
        assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
                VectorPartitions.vectorIndex(UUID.fromString(ids.get("acme/billing-api")))))
                .as("the vector index is built in one pass after the first index").isTrue();
        JsonNode emptyView = admin.get("/api/repositories/" + ids.get("acme/empty")).json();
        assertThat(emptyView.path("status").asText()).isEqualTo("indexed");
        JsonNode toolsView = admin.get("/api/repositories/" + ids.get("acme/tools")).json();
        assertThat(toolsView.path("manifestErrors").toString()).contains("web/package.json");
    }

    @Test
    @Order(2)
    void onlyIndexableTextIsStoredAndSecretsAreRedacted() {
        String billingId = ids.get("acme/billing-api");
        List<String> paths = jdbc.queryForList("SELECT DISTINCT path FROM code_chunks WHERE repository_id = ?::uuid "
                + "ORDER BY path", String.class, billingId);
        assertThat(paths).contains("src/auth.js", "src/invoice.js", "docs/legacy.txt")
                .doesNotContain("assets/logo.png", "data/huge.txt", "docs/passwd");
        String all = String.join("\n", jdbc.queryForList("SELECT content FROM code_chunks", String.class));
        assertThat(all).doesNotContain(FAKE_OPENAI_KEY).doesNotContain(PRIVATE_KEY_BODY)
                .doesNotContain("hunter2-production").contains("REDACTED");
        assertThat(jdbc.queryForObject("SELECT content FROM code_chunks WHERE repository_id = ?::uuid "
                + "AND path = 'docs/legacy.txt'", String.class, billingId)).contains("Café crème naïve");
    }

    @Autowired
    org.neo4j.driver.Driver neo4j;

    private static List<String> operators(org.neo4j.driver.summary.Plan plan) {
        List<String> all = new java.util.ArrayList<>(List.of(plan.operatorType()));
        plan.children().forEach(child -> all.addAll(operators(child)));
        return all;
    }

    @Test
    @Order(3)
    void graphAnswersDependentsDependenciesAndTwoHopImpact() {
        ApiClient user = newUser();
        JsonNode dependents = user.get("/api/graph/dependents?package=express").json();
        JsonNode billingUse = null;
        for (JsonNode d : dependents.path("dependents")) {
            if ("acme/billing-api".equals(d.path("repository").asText())) {
                billingUse = d;
            }
        }
        assertThat(billingUse).as("billing-api depends on express").isNotNull();
        assertThat(billingUse.path("version").asText()).isEqualTo("4.18.2");
        assertThat(user.get("/api/graph/dependents?package=EXPRESS").json().path("dependents")
                .findValuesAsText("repository")).as("a name matches in any case").contains("acme/billing-api");
        try (var session = neo4j.session()) {
            var plan = session.run("EXPLAIN MATCH (p:Package {nameKey: toLower($name)})<-[:DEPENDS_ON]-(r:Repository) "
                    + "RETURN r.fullName", Map.of("name", "Express")).consume().plan();
            assertThat(operators(plan)).as("a lookup by name seeks the nameKey index, not a scan of every package")
                    .anyMatch(operator -> operator.startsWith("NodeIndexSeek"));
        }

        JsonNode impact = user.get("/api/graph/impact?ecosystem=npm&package=express&version=5.0.0").json();
        Map<String, Integer> depth = new java.util.HashMap<>();
        impact.path("impacted").forEach(i -> depth.put(i.path("repository").asText(), i.path("depth").asInt()));
        assertThat(depth).containsEntry("acme/billing-api", 1).containsEntry("acme/web-portal", 2);
        assertThat(impact.path("impacted").get(0).path("majorChange").asBoolean()).isTrue();

        JsonNode toolsDeps = user.get("/api/graph/repositories/acme/tools/dependencies").json();
        assertThat(toolsDeps.path("dependencies").findValuesAsText("name"))
                .contains("github.com/spf13/cobra", "requests", "django", "Newtonsoft.Json");
        assertThat(toolsDeps.path("publishes").findValuesAsText("name")).contains("github.com/acme/tools", "Acme.Tools");

        JsonNode stats = user.get("/api/graph/stats").json();
        assertThat(stats.path("repositories").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(stats.path("dependsOnRepo").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode view = user.get("/api/graph/view?repo=acme/web-portal").json();
        assertThat(view.path("nodes").findValuesAsText("id")).contains("acme/web-portal", "acme/billing-api");

        assertThat(user.get("/api/graph/impact?ecosystem=cobol&package=x").status()).isEqualTo(400);
        assertThat(user.get("/api/graph/repositories/acme/nope/dependencies").status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void searchFindsTheRightFileAndLines() {
        ApiClient user = newUser();
        JsonNode results = user.get("/api/search?q=verify%20the%20JWT%20bearer%20token&repo=acme/billing-api").json()
                .path("results");
        assertThat(results).isNotEmpty();
        JsonNode top = results.get(0);
        assertThat(top.path("repository").asText()).isEqualTo("acme/billing-api");
        assertThat(top.path("path").asText()).isEqualTo("src/auth.js");
        assertThat(top.path("startLine").asInt()).isLessThanOrEqualTo(4);
        assertThat(top.path("endLine").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(top.path("snippet").asText()).contains("jwt.verify");
        assertThat(top.path("commitSha").asText()).hasSize(40);

        List<String> inCommon = user.get("/api/search?q=slug&repo=acme/common-lib").json().path("results")
                .findValuesAsText("repository");
        assertThat(inCommon).isNotEmpty().containsOnly("acme/common-lib");
        assertThat(user.get("/api/search?q=slug&repo=acme/common-lib").json().path("results").get(0).path("path")
                .asText()).isEqualTo("src/strings.js");
        assertThat(user.get("/api/search").status()).isEqualTo(400);
        assertThat(user.get("/api/search?q=x&limit=500").status()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void chatAnswersFleetQuestionsFromTheGraphAndTheIndex() {
        ApiClient user = newUser();
        var dependents = awaitFinished(user, ask(user, "Which services depend on express?", null).text("queryId"));
        assertThat(dependents.json().path("result").path("answer").asText()).contains("acme/billing-api")
                .contains("4.18.2");

        var where = awaitFinished(user, ask(user, "Where do we verify JWT tokens?", null).text("queryId"));
        JsonNode citations = where.json().path("result").path("citations");
        assertThat(citations.findValuesAsText("path")).contains("src/auth.js");
        assertThat(citations.get(0).path("commitSha").asText()).hasSize(40);
    }

    @Test
    @Order(6)
    void resyncEmbedsOnlyWhatChangedAndFollowsDeletionsAndRemovals() {
        String id = ids.get("acme/billing-api");
        long chunksBefore = jdbc.queryForObject("SELECT count(*) FROM code_chunks WHERE repository_id = ?::uuid",
                Long.class, id);
        double embeddedBefore = embeddedTexts();
        billing.write("src/invoice.js", "function total(lines) {\n  return lines.reduce((s, l) => s + l.amount * l.qty, 0);\n}\n")
                .delete("config/settings.js")
                .write("package.json", """
                        {"name": "@acme/billing-client", "version": "2.1.0",
                         "dependencies": {"fastify": "^4.26.0", "@acme/common": "^1.4.0", "jsonwebtoken": "^9.0.0"}}""")
                .delete("package-lock.json");
        String head = billing.commit("switch to fastify");
        assertThat(admin.post("/api/repositories/" + id + "/sync", "").status()).isEqualTo(202);
        awaitIndexed(id, head);

        double embedded = embeddedTexts() - embeddedBefore;
        assertThat(embedded).as("only the changed chunks are embedded").isPositive().isLessThan(chunksBefore);
        assertThat(jdbc.queryForList("SELECT DISTINCT path FROM code_chunks WHERE repository_id = ?::uuid",
                String.class, id)).doesNotContain("config/settings.js", "package-lock.json").contains("src/auth.js");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM code_chunks WHERE repository_id = ?::uuid "
                + "AND path = 'src/invoice.js' AND content LIKE '%l.qty%'", Long.class, id)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM code_chunk_vectors WHERE repository_id = ?::uuid",
                Long.class, id)).as("one vector per chunk: the deleted file's vectors went with its chunks")
                .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM code_chunks WHERE repository_id = ?::uuid",
                        Long.class, id));

        ApiClient user = newUser();
        assertThat(user.get("/api/graph/dependents?package=express").json().path("dependents")
                .findValuesAsText("repository")).doesNotContain("acme/billing-api");
        assertThat(user.get("/api/graph/dependents?package=fastify").json().path("dependents")
                .findValuesAsText("repository")).containsExactly("acme/billing-api");

        // nothing changed: nothing is embedded again
        double beforeNoop = embeddedTexts();
        String syncedAt = admin.get("/api/repositories/" + id).text("lastSyncedAt");
        admin.post("/api/repositories/" + id + "/sync", "");
        polling(Duration.ofSeconds(30)).until(() -> {
            JsonNode view = admin.get("/api/repositories/" + id).json();
            return "indexed".equals(view.path("status").asText())
                    && !syncedAt.equals(view.path("lastSyncedAt").asText());
        });
        assertThat(embeddedTexts()).isEqualTo(beforeNoop);
    }

    @Test
    @Order(7)
    void forcePushedBranchIsReindexedCleanly() {
        String id = ids.get("acme/common-lib");
        common.delete("src/strings.js").write("src/numbers.js", "export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));\n");
        String head = common.rewriteHistory("rewritten history");
        admin.post("/api/repositories/" + id + "/sync", "");
        awaitIndexed(id, head);
        assertThat(jdbc.queryForList("SELECT DISTINCT path FROM code_chunks WHERE repository_id = ?::uuid", String.class,
                id)).containsExactlyInAnyOrder("package.json", "src/numbers.js");
        assertThat(jdbc.queryForList("SELECT DISTINCT commit_sha FROM code_chunks WHERE repository_id = ?::uuid",
                String.class, id)).containsExactly(head);
    }

    @Test
    @Order(8)
    void badUrlsAndNonAdminsAreRefused() {
        ApiClient user = newUser();
        assertThat(user.post("/api/repositories", Map.of("url", "https://github.com/acme/x")).status()).isEqualTo(403);
        for (String url : List.of("https://127.0.0.1/acme/x.git", "https://localhost/acme/x", "https://[::1]/a/b",
                "https://10.1.2.3/a/b", "https://169.254.169.254/latest/meta-data", "http://github.com/a/b",
                "https://user:secret@github.com/a/b", "ftp://example.com/a/b", "javascript:alert(1)",
                "/definitely/not/a/repo", "https://no-such-host.invalid/a/b")) {
            var refused = admin.post("/api/repositories", Map.of("url", url));
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.text("error")).isEqualTo("Invalid repository URL");
        }
        assertThat(admin.post("/api/repositories", Map.of("url", billing.url())).status()).isEqualTo(409);
        assertThat(admin.delete("/api/repositories/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    @Order(9)
    void deletingARepositoryRemovesItsChunksAndGraph() {
        String id = ids.get("acme/empty");
        assertThat(admin.delete("/api/repositories/" + id).status()).isEqualTo(200);
        assertThat(admin.get("/api/repositories/" + id).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class,
                VectorPartitions.table(UUID.fromString(id)))).as("its vector partition is dropped").isTrue();
        assertThat(newUser().get("/api/graph/repositories").json().path("repositories").findValuesAsText("fullName"))
                .doesNotContain("acme/empty");
    }

    @Test
    @Order(10)
    void aSyncLeftRunningByACrashIsPickedUpAgain() {
        String id = ids.get("acme/web-portal");
        String before = admin.get("/api/repositories/" + id).text("lastSyncedAt");
        jdbc.update("UPDATE repositories SET status = 'syncing', sync_lease_owner = 'dead-replica', sync_attempts = 1, "
                + "sync_lease_expires_at = now() - interval '1 second', sync_requested_at = now() WHERE id = ?::uuid", id);
        polling(Duration.ofSeconds(60)).until(() -> {
            JsonNode view = admin.get("/api/repositories/" + id).json();
            return "indexed".equals(view.path("status").asText()) && !before.equals(view.path("lastSyncedAt").asText());
        });
    }

    @Test
    @Order(11)
    void repositoriesFileInTheOriginalFormatIsImported(@Autowired Repositories repositories) throws Exception {
        FixtureRepo extra = FixtureRepo.create(root, "acme", "imported").write("README.md", "# imported\n");
        extra.commit("first");
        Path file = root.resolve("repositories.json");
        java.nio.file.Files.writeString(file, """
                {"repositories": [
                  {"url": "%s", "enabled": true},
                  {"owner": "acme", "name": "switched-off", "enabled": false}
                ]}""".formatted(extra.url()));
        assertThat(repositories.importFile(file)).isEqualTo(1);
        assertThat(repositories.importFile(file)).as("idempotent").isZero();
        assertThat(admin.get("/api/repositories").json().path("repositories").findValuesAsText("fullName"))
                .contains("acme/imported").doesNotContain("acme/switched-off");
        extra.close();
    }

    @Test
    @Order(11)
    void theStartupImportIsTriedAgainUntilTheDatabaseTakesIt(@Autowired javax.sql.DataSource database,
            @Autowired RepositoryUrlPolicy policy, @Autowired com.fasterxml.jackson.databind.ObjectMapper mapper)
            throws Exception {
        FixtureRepo late = FixtureRepo.create(root, "acme", "imported-late").write("README.md", "# late\n");
        late.commit("first");
        Path file = root.resolve("repositories-late.json");
        java.nio.file.Files.writeString(file, "{\"repositories\": [{\"url\": \"%s\"}]}".formatted(late.url()));
        // a replica starting while PostgreSQL is still away
        var away = new org.postgresql.ds.PGSimpleDataSource();
        away.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        var switchable = new org.springframework.jdbc.datasource.DelegatingDataSource(away);
        Repositories starting = new Repositories(new JdbcTemplate(switchable), mapper, policy, null, null, null, null,
                Duration.ofHours(1), file.toString());

        assertThat(starting.importConfigured()).as("database away").isZero();
        assertThat(starting.importConfigured()).as("still away").isZero();
        switchable.setTargetDataSource(database);
        assertThat(starting.importConfigured()).as("the database is back").isEqualTo(1);
        assertThat(starting.importConfigured()).as("imported once").isZero();
        assertThat(admin.get("/api/repositories").json().path("repositories").findValuesAsText("fullName"))
                .contains("acme/imported-late");
        late.close();
    }

    @Test
    @Order(12)
    void theVectorFillerEmbedsEveryPendingChunkOnceWithBatchesOverlappingAndStopsOnAFailedBatch(
            @Autowired CodeChunkStore store, @Autowired org.apache.camel.ProducerTemplate camel) throws Exception {
        UUID repo = UUID.fromString(ids.get("acme/tools"));
        long chunks = jdbc.queryForObject("SELECT count(*) FROM code_chunks WHERE repository_id = ?", Long.class, repo);
        assertThat(chunks).as("several one-chunk batches, so two are at the model at once").isGreaterThan(2);
        // the model counter is the context's: let syncs still running (the import above) finish first
        polling(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM repositories WHERE sync_requested_at IS NOT NULL OR status IN ('pending', 'syncing')""",
                Long.class) == 0);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            // every chunk is pending for a model that made none of the stored vectors
            double before = embeddedTexts();
            VectorFiller filler = new VectorFiller(repo, "another-model", 1, store, camel, pool);
            filler.start(pool);
            filler.allStored();
            assertThat(filler.await(30_000)).isTrue();
            assertThat(filler.embedded()).isEqualTo(chunks);
            assertThat(embeddedTexts() - before).as("each chunk sent to the model once").isEqualTo(chunks);

            // a text the model refuses (blank) fails its batch, and the failure reaches the sync
            String head = jdbc.queryForObject("SELECT commit_sha FROM code_chunks WHERE repository_id = ? LIMIT 1",
                    String.class, repo);
            store.replaceFiles(repo, List.of("zz-blank.txt"),
                    List.of(new CodeChunkStore.NewChunk("zz-blank.txt", 1, 1, "text", head, "   ", "blank")), "another-model");
            VectorFiller failing = new VectorFiller(repo, "yet-another-model", 1, store, camel, pool);
            failing.start(pool);
            failing.allStored();
            assertThatThrownBy(() -> failing.await(30_000)).hasStackTraceContaining("texts to embed must be non-blank");
        } finally {
            store.replaceFiles(repo, List.of("zz-blank.txt"), List.of(), "another-model");
            pool.shutdownNow();
        }
    }
}
