import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Container HEALTHCHECK: GET http://127.0.0.1:$PORT/health; exit 0 on 200 (healthy or degraded), 1 otherwise.
 * Lives in the image because the runtime has no curl or wget.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("PORT", "3000");
        String path = args.length > 0 ? args[0] : "/health";
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(3000);
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status != 200) {
                System.err.println("health: HTTP " + status);
                System.exit(1);
            }
        } catch (Exception e) {
            System.err.println("health: " + e);
            System.exit(1);
        }
    }
}
