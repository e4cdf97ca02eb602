package dev.devagent.platform;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * REST routes run on the servlet container's request thread. Camel's default hands every request to a task
 * executor (Spring's, 8 threads unless sized) and the request thread waits for it: a second thread, a
 * queue and a hand-over per request for routes that block on JDBC anyway. Tomcat's pool (200 threads)
 * bounds the requests in flight, the database pool bounds the queries.
 */
@Configuration(proxyBeanMethods = false)
class RouteExecutionConfiguration {

    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run);
    }
}
