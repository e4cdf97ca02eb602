package dev.devagent.ingest.index;

import java.util.Random;

/**
 * Secret-shaped test values, assembled at run time so that no token-shaped literal sits in the
 * sources for secret scanners (or this project's own indexer) to trip over.
 */
final class FakeSecrets {

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String DIGITS = "0123456789";
    private static final Random RANDOM = new Random(7_031_2024L);

    private FakeSecrets() {
    }

    /** Random letters and digits, always containing each class (as real keys do). */
    static String alnum(int length) {
        return "Q7x" + random(UPPER + LOWER + DIGITS, length - 3);
    }

    static String upperAlnum(int length) {
        return random(UPPER + DIGITS, length);
    }

    static String base64(int length) {
        return "Zq9/" + random(UPPER + LOWER + DIGITS + "+/", length - 4);
    }

    static String github(String prefix) {
        return prefix + "_" + alnum(36);
    }

    static String githubPat() {
        return "github" + "_pat_" + alnum(22) + "_" + alnum(59);
    }

    static String openAi() {
        return "sk" + "-" + alnum(48);
    }

    static String openAiProject() {
        return "sk" + "-proj-" + alnum(64) + "_" + alnum(20) + "-" + alnum(30);
    }

    static String slack(char type) {
        return "xox" + type + "-" + DIGITS.substring(1) + "123-" + DIGITS.substring(2) + "4567-" + alnum(24);
    }

    static String slackWebhookPath() {
        return "T" + upperAlnum(8) + "/B" + upperAlnum(10) + "/" + alnum(24);
    }

    static String google() {
        return "AI" + "za" + "Sy" + alnum(33);
    }

    static String stripe(String type) {
        return type + "_" + "live" + "_" + alnum(24);
    }

    static String awsAccessKeyId(String prefix) {
        return prefix + upperAlnum(16);
    }

    static String awsSecretKey() {
        return base64(40);
    }

    static String jwt() {
        return "ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".ey" + "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9."
                + random(UPPER + LOWER + DIGITS + "-_", 43);
    }

    /** A PEM block with {@code bodyLines} lines of key material between its header and footer. */
    static String pemPrivateKey(String type, int bodyLines, String lineBreak) {
        String label = type.isEmpty() ? "PRIVATE KEY" : type + " PRIVATE KEY";
        StringBuilder pem = new StringBuilder("-----BEGIN " + label + "-----" + lineBreak);
        for (int i = 0; i < bodyLines; i++) {
            pem.append(base64(64)).append(lineBreak);
        }
        return pem.append("-----END ").append(label).append("-----").toString();
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
