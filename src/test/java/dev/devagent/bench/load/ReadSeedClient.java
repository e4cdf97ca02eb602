package dev.devagent.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Seeds the read benchmark: one signed-in user with 50 conversations, the first holding 50 messages
 * (rows written straight to the app's database, as the pipeline would have). Writes TOKEN, USER_ID and
 * CONVERSATION_ID as shell assignments. Args: app base URL, JDBC URL, output file.
 */
public final class ReadSeedClient {

    static final int CONVERSATIONS = 50;
    static final int MESSAGES = 50;

    private ReadSeedClient() {
    }

    public static void main(String[] args) {
        BenchApi.runAndExit(ReadSeedClient::run, args);
    }

    private static void run(String[] args) throws Exception {
        BenchApi api = new BenchApi(args[0]);
        BenchApi.User user = api.signIn("bench-reader", "bench-reader-password");
        String conversation = null;
        try (Connection db = DriverManager.getConnection(args[1])) {
            UUID userId;
            try (PreparedStatement find = db.prepareStatement("SELECT id FROM users WHERE username = ?")) {
                find.setString(1, user.username());
                try (ResultSet rs = find.executeQuery()) {
                    rs.next();
                    userId = rs.getObject(1, UUID.class);
                }
            }
            try (PreparedStatement existing = db.prepareStatement(
                    "SELECT id FROM conversations WHERE user_id = ? AND title = 'bench read 0'")) {
                existing.setObject(1, userId);
                try (ResultSet rs = existing.executeQuery()) {
                    if (rs.next()) {
                        conversation = rs.getObject(1, UUID.class).toString();
                    }
                }
            }
            if (conversation == null) {
                conversation = seed(db, userId).toString();
            }
            Files.writeString(Path.of(args[2]), "TOKEN=" + user.token() + "\nUSER_ID=" + userId
                    + "\nCONVERSATION_ID=" + conversation + "\n");
        }
        System.out.println("seeded conversation " + conversation);
    }

    private static UUID seed(Connection db, UUID userId) throws Exception {
        UUID first = null;
        try (PreparedStatement conversation = db.prepareStatement(
                     "INSERT INTO conversations (id, user_id, title) VALUES (?, ?, ?)");
             PreparedStatement message = db.prepareStatement("""
                     INSERT INTO messages (id, conversation_id, role, content, agent_type, metadata)
                     VALUES (?, ?, ?, ?, ?, ?::jsonb)""")) {
            for (int c = 0; c < CONVERSATIONS; c++) {
                UUID id = UUID.randomUUID();
                first = first == null ? id : first;
                conversation.setObject(1, id);
                conversation.setObject(2, userId);
                conversation.setString(3, "bench read " + c);
                conversation.addBatch();
            }
            conversation.executeBatch();
            for (int m = 0; m < MESSAGES; m++) {
                boolean user = m % 2 == 0;
                message.setObject(1, UUID.randomUUID());
                message.setObject(2, first);
                message.setString(3, user ? "user" : "assistant");
                message.setString(4, user ? "Which services depend on express, and at which versions? (" + m + ")"
                        : FakeLlmServer.ANSWER + " " + FakeLlmServer.ANSWER);
                message.setString(5, user ? null : "developer-agent");
                message.setString(6, user ? "{\"queryId\":\"query-1-bench\"}"
                        : "{\"queryId\":\"query-1-bench\",\"provider\":\"openai\",\"citations\":[{\"repo\":\"acme/billing\","
                        + "\"path\":\"package.json\",\"startLine\":1,\"endLine\":12}]}");
                message.addBatch();
            }
            message.executeBatch();
        }
        return first;
    }
}
