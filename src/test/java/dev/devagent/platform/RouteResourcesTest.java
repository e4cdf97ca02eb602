package dev.devagent.platform;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

class RouteResourcesTest {

    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    @Test
    void aClasspathWildcardBecomesEveryRouteFileItMatches() {
        String[] files = new File("routes").list((dir, name) -> name.endsWith(".camel.yaml"));
        assertThat(files).isNotEmpty();
        List<String> expected = Arrays.stream(files).sorted().map(name -> "classpath:routes/" + name).toList();

        String expanded = RouteResources.expand("classpath:routes/*.camel.yaml", resolver);

        assertThat(expanded.split(",")).containsExactlyElementsOf(expected);
    }

    @Test
    void fileLocationsAndExplicitFilesAreLeftToCamel() {
        assertThat(RouteResources.expand("file:/config/routes/*.camel.yaml", resolver))
                .isEqualTo("file:/config/routes/*.camel.yaml");
        assertThat(RouteResources.expand("classpath:routes/ai.camel.yaml, file:extra/*.yaml", resolver))
                .isEqualTo("classpath:routes/ai.camel.yaml,file:extra/*.yaml");
    }
}
