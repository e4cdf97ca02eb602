package dev.devagent.chat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.platform.AgentProperties;
import dev.devagent.push.PushPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class QueryWorkerConfiguration {

    /** This replica's lease owner name: host plus a per-start suffix, so a restarted pod never reuses a dead lease. */
    @Bean
    QueryLeases queryLeases(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper mapper, PushPublisher activity,
                            AgentProperties properties) {
        return new QueryLeases(hostName() + "-" + UUID.randomUUID().toString().substring(0, 8), jdbc, tx, mapper,
                activity, properties.queries());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
