package dev.devagent.ingest;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/** The k8s profile turns on Lease leadership and puts the re-sync schedule behind it; the default does not. */
class KubernetesProfileTest {

    private static PropertySource<?> load(String file) throws Exception {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
        return sources.get(0);
    }

    @Test
    void onlyTheKubernetesProfileRunsTheResyncScheduleOnTheLeaseHolder() throws Exception {
        PropertySource<?> k8s = load("application-k8s.yaml");
        assertThat(k8s.getProperty("camel.cluster.kubernetes.enabled")).isEqualTo(true);
        assertThat((String) k8s.getProperty("agent.repositories.resync-trigger"))
                .startsWith("master:ingest-resync:scheduler:ingest-resync");

        PropertySource<?> defaults = load("application.yaml");
        assertThat(defaults.getProperty("camel.cluster.kubernetes.enabled")).isEqualTo(false);
        assertThat((String) defaults.getProperty("agent.repositories.resync-trigger")).startsWith("scheduler:");
    }
}
