package dev.devagent.platform;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Real responses checked against the OpenAPI document the Rest DSL generates (strict: no undeclared fields). */
@ApiTest
class OpenApiConformanceTest extends ApiTestSupport {

    JsonNode document;

    @BeforeEach
    void loadDocument() {
        var response = anonymous().get("/api/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
        document.get("components").get("schemas").forEach(schema ->
                ((ObjectNode) schema).put("additionalProperties", false));
    }

    private void assertConforms(String path, String method, int status, ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        JsonNode ref = document.at("/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
                + "/responses/" + status + "/content/application~1json/schema/$ref");
        assertThat(ref.isMissingNode()).as("documented %s %s %d", method, path, status).isFalse();
        ObjectNode schemaNode = document.deepCopy();
        schemaNode.put("$ref", ref.asText());
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaNode);
        Set<ValidationMessage> errors = schema.validate(response.json());
        assertThat(errors).as("%s %s %d: %s", method, path, status, response.body()).isEmpty();
    }

    @Test
    void theDocumentNamesTheServerTheProxyForwardsFor() {
        var behindProxy = anonymous().header("X-Forwarded-Host", "agent.example.com")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Prefix", "/dev").get("/api/openapi.json");

        assertThat(behindProxy.status()).isEqualTo(200);
        assertThat(behindProxy.json().at("/servers/0/url").asText()).isEqualTo("https://agent.example.com/dev");
        assertThat(behindProxy.json().path("paths").size()).isEqualTo(document.path("paths").size());
    }

    @Test
    void responsesMatchTheDocument() {
        ApiClient client = anonymous();
        String name = "oas-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertConforms("/api/auth/register", "post", 201,
                client.post("/api/auth/register", Map.of("username", name, "password", "long-enough-pw")));
        var login = client.post("/api/auth/login", Map.of("username", name, "password", "long-enough-pw"));
        assertConforms("/api/auth/login", "post", 200, login);
        client.token(login.text("token"));
        assertConforms("/api/auth/login", "post", 401,
                anonymous().post("/api/auth/login", Map.of("username", name, "password", "wrong-password")));
        assertConforms("/api/auth/register", "post", 409,
                anonymous().post("/api/auth/register", Map.of("username", name, "password", "long-enough-pw")));

        var accepted = client.post("/api/chat/message", Map.of("message", "Which repos use Spring?"));
        assertConforms("/api/chat/message", "post", 202, accepted);
        var done = awaitFinished(client, accepted.text("queryId"));
        assertConforms("/api/chat/query/{queryId}", "get", 200, done);
        assertConforms("/api/query/{queryId}/result", "get", 200,
                client.get("/api/query/" + accepted.text("queryId") + "/result"));
        String conversation = accepted.text("conversationId");
        assertConforms("/api/chat/conversations/{conversationId}/messages", "get", 200,
                client.get("/api/chat/conversations/" + conversation + "/messages"));
        assertConforms("/api/chat/conversations", "get", 200, client.get("/api/chat/conversations"));
        assertConforms("/api/chat/conversations", "post", 201,
                client.post("/api/chat/conversations", Map.of("title", "x")));
        assertConforms("/api/query", "post", 202, client.post("/api/query", Map.of("query", "list repositories")));
        assertConforms("/api/chat/conversation/{conversationId}", "delete", 200,
                client.delete("/api/chat/conversation/" + conversation));
    }
}
