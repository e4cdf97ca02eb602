package dev.devagent.ingest.index;

/** What a redacted secret was; the label appears in the marker that replaces it. */
public enum SecretKind {
    PRIVATE_KEY("private-key"),
    AWS_ACCESS_KEY_ID("aws-access-key-id"),
    AWS_SECRET_KEY("aws-secret-key"),
    GITHUB_TOKEN("github-token"),
    OPENAI_KEY("openai-key"),
    SLACK_TOKEN("slack-token"),
    SLACK_WEBHOOK("slack-webhook"),
    GOOGLE_API_KEY("google-api-key"),
    STRIPE_KEY("stripe-key"),
    JWT("jwt"),
    /** A password in a URL, a connection string or a URL query parameter. */
    CONNECTION_SECRET("connection-secret"),
    /** The value assigned to a name like {@code password}, {@code api_key} or {@code client_secret}. */
    ASSIGNED_SECRET("secret"),
    /** A value in a {@code .env} file. */
    ENV_VALUE("env-value");

    private final String label;

    SecretKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The text that stands where the secret was. */
    public String marker() {
        return "[REDACTED:" + label + "]";
    }
}
