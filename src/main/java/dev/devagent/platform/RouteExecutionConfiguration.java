package dev.devagent.platform;

import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * REST routes run on the servlet container's request thread, and the response is complete when the handler
 * returns. Camel's default hands every request to a task executor (Spring's, 8 threads unless sized) and
 * returns a future, which Spring MVC turns into servlet async processing: a second thread and queue per
 * request, then a second dispatch through the filter chain and the DispatcherServlet once the future is
 * done — for routes that block on JDBC anyway. Tomcat's pool bounds the requests in flight, the database
 * pool bounds the queries.
 */
@Configuration(proxyBeanMethods = false)
class RouteExecutionConfiguration {

    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run) {
            @Override
            public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
                return new RequestThreadConsumer(endpoint, processor);
            }
        };
    }

    /**
     * Serves the request synchronously. Returning no future tells Spring MVC the response is already written
     * (the handler takes the servlet response), so no async dispatch follows; failures are answered as
     * Camel's consumer answers them.
     */
    static final class RequestThreadConsumer extends SpringBootPlatformHttpConsumer {

        private static final Logger log = LoggerFactory.getLogger(RequestThreadConsumer.class);

        RequestThreadConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            super(endpoint, processor, Runnable::run);
        }

        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                log.warn("Error handling request due to: {}", e.getMessage(), e);
                try {
                    if (!response.isCommitted()) {
                        response.sendError(500);
                    }
                } catch (Exception ignored) {
                    // the client is gone
                }
            }
            return null;
        }
    }
}
