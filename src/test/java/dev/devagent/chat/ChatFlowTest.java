package dev.devagent.chat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@ApiTest
class ChatFlowTest extends ApiTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void anAcceptedQuestionIsClaimedAtOnceNotAtTheNextPoll() throws Exception {
        // without the poll, only the intake's wake-up can start the work
        camel.getRouteController().stopRoute("query-dispatcher");
        try {
            ApiClient user = newUser();
            String queryId = ask(user, "Which repositories are indexed?", null).text("queryId");
            assertThat(awaitFinished(user, queryId).text("status")).isEqualTo("completed");
        } finally {
            camel.getRouteController().startRoute("query-dispatcher");
        }
    }

    @Test
    void answersAMessageOfflineEndToEnd() {
        ApiClient alice = newUser();
        var accepted = ask(alice, "Which services depend on `express`?", null);
        assertThat(accepted.text("status")).isEqualTo("processing");
        assertThat(accepted.text("queryId")).matches("query-\\d+-[0-9a-z]{9}");
        assertThat(accepted.text("conversationId")).hasSize(36);

        var done = awaitFinished(alice, accepted.text("queryId"));
        assertThat(done.text("status")).isEqualTo("completed");
        assertThat(done.json().get("progress").asInt()).isEqualTo(100);
        JsonNode result = done.json().get("result");
        assertThat(result.get("provider").asText()).isEqualTo("offline");
        assertThat(result.get("degraded").asBoolean()).isFalse();
        assertThat(result.get("answer").asText())
                .contains("Offline answer")
                .contains("dependency question")
                .contains("express")
                .containsAnyOf("Nothing is indexed yet", "Indexed so far");
        assertThat(done.text("completedAt")).isNotNull();

        var viaQueryApi = alice.get("/api/query/" + accepted.text("queryId") + "/result");
        assertThat(viaQueryApi.status()).isEqualTo(200);
        assertThat(viaQueryApi.text("answer")).isEqualTo(result.get("answer").asText());
    }

    @Test
    void followUpRefersToThePreviousTurnAndHistoryIsChronological() {
        ApiClient bob = newUser();
        var first = ask(bob, "Where do we validate JWTs?", null);
        String conversation = first.text("conversationId");
        awaitFinished(bob, first.text("queryId"));
        var second = ask(bob, "And which repositories are indexed?", conversation);
        var done = awaitFinished(bob, second.text("queryId"));

        String answer = done.json().get("result").get("answer").asText();
        assertThat(answer).contains("previous question").contains("Where do we validate JWTs?")
                .contains("question about the repositories");

        var messages = bob.get("/api/chat/conversations/" + conversation + "/messages");
        assertThat(messages.status()).isEqualTo(200);
        JsonNode list = messages.json().get("messages");
        assertThat(list).hasSize(4);
        assertThat(list.get(0).get("content").asText()).isEqualTo("Where do we validate JWTs?");
        assertThat(list.get(0).get("role").asText()).isEqualTo("user");
        assertThat(list.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(list.get(1).get("agentType").asText()).isEqualTo("orchestrator");
        assertThat(list.get(2).get("content").asText()).isEqualTo("And which repositories are indexed?");

        // the newest two, still oldest first
        JsonNode lastTwo = bob.get("/api/chat/conversations/" + conversation + "/messages?limit=2").json()
                .get("messages");
        assertThat(lastTwo).hasSize(2);
        assertThat(lastTwo.get(0).get("content").asText()).isEqualTo("And which repositories are indexed?");
        assertThat(lastTwo.get(1).get("role").asText()).isEqualTo("assistant");
    }

    @Test
    void samePlanSameAnswer() {
        ApiClient carol = newUser();
        var a = awaitFinished(carol, ask(carol, "What breaks if we bump lodash?", null).text("queryId"));
        var b = awaitFinished(carol, ask(carol, "What breaks if we bump lodash?", null).text("queryId"));
        assertThat(a.json().get("result").get("answer")).isEqualTo(b.json().get("result").get("answer"));
    }

    @Test
    void conversationsAreCreatedListedAndDeleted() {
        ApiClient dave = newUser();
        var created = dave.post("/api/chat/conversations", Map.of("title", "Release planning"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("conversationId");
        assertThat(created.text("title")).isEqualTo("Release planning");

        var empty = dave.post("/api/chat/conversations", "");
        assertThat(empty.status()).isEqualTo(201);
        assertThat(empty.text("title")).isEqualTo("New conversation");

        var list = dave.get("/api/chat/conversations");
        assertThat(list.json().get("conversations").findValuesAsText("conversationId")).contains(id);

        var deleted = dave.delete("/api/chat/conversation/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(dave.get("/api/chat/conversations/" + id + "/messages").status()).isEqualTo(404);
        assertThat(dave.get("/api/chat/conversations").json().get("conversations").findValuesAsText("conversationId"))
                .doesNotContain(id);
    }

    @Test
    void queryApiAcceptsTheOriginalShape() {
        ApiClient erin = newUser();
        var accepted = erin.post("/api/query", Map.of("query", "list repositories"));
        assertThat(accepted.status()).isEqualTo(202);
        var status = awaitFinished(erin, accepted.text("queryId"));
        assertThat(erin.get("/api/query/" + accepted.text("queryId")).json().get("status").asText())
                .isEqualTo(status.text("status"));
    }

    @Test
    void legacyUsernameMustMatchTheToken() {
        ApiClient frank = newUser();
        var mismatch = frank.post("/api/chat/message", Map.of("message", "hi", "username", "someone-else"));
        assertThat(mismatch.status()).isEqualTo(403);
        assertThat(mismatch.text("error")).contains("username");
    }

    @Test
    void anotherUsersConversationAndQueryAreNotFound() {
        ApiClient owner = newUser();
        ApiClient stranger = newUser();
        var accepted = ask(owner, "Where is the billing code?", null);
        String conversation = accepted.text("conversationId");
        String query = accepted.text("queryId");

        assertThat(stranger.get("/api/chat/conversations/" + conversation + "/messages").status()).isEqualTo(404);
        assertThat(stranger.get("/api/chat/query/" + query).status()).isEqualTo(404);
        assertThat(stranger.get("/api/query/" + query + "/result").status()).isEqualTo(404);
        assertThat(stranger.post("/api/chat/query/" + query + "/cancel", "").status()).isEqualTo(404);
        assertThat(stranger.delete("/api/chat/conversation/" + conversation).status()).isEqualTo(404);
        var intrude = stranger.post("/api/chat/message", Map.of("message", "hello", "conversationId", conversation));
        assertThat(intrude.status()).isEqualTo(404);
        assertThat(intrude.text("error")).isEqualTo("Conversation not found");
        assertThat(stranger.get("/api/chat/conversations").json().get("conversations").findValuesAsText("conversationId"))
                .doesNotContain(conversation);

        // the owner still sees everything
        assertThat(owner.get("/api/chat/conversations/" + conversation + "/messages").status()).isEqualTo(200);
    }

    @Test
    void adminsMayReadAnyConversation() {
        ApiClient owner = newUser();
        ApiClient admin = signIn("root-admin");
        var accepted = ask(owner, "hello there", null);
        assertThat(admin.get("/api/chat/query/" + accepted.text("queryId")).status()).isEqualTo(200);
    }
}
