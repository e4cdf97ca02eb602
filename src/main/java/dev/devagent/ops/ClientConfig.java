package dev.devagent.ops;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/** GET /api/client-config: where the web app finds the WebSocket when the API server serves it directly. */
@Component("clientConfig")
public class ClientConfig {

    private final ApplicationContext context;
    private final int websocketPort;

    ClientConfig(ApplicationContext context, @Value("${agent.push.ws-port}") int websocketPort) {
        this.context = context;
        this.websocketPort = websocketPort;
    }

    public Map<String, Object> describe() {
        int httpPort = context instanceof WebServerApplicationContext web && web.getWebServer() != null
                ? web.getWebServer().getPort() : -1;
        return Map.of("httpPort", httpPort, "websocketPort", websocketPort, "websocketPath", "/ws");
    }
}
