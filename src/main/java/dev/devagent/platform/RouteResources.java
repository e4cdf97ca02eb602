package dev.devagent.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Turns a wildcard route location on the class path ({@code classpath:routes/*.camel.yaml}, the default)
 * into the list of the route files it matches, found with Spring's resource resolver. Camel's own scan of a
 * Spring Boot fat jar reads and inflates every library jar nested in it to look for matches: about 5 s of a
 * 20 s start of the self-contained jar. File locations (ROUTES_LOCATION=file:…, the dev profile, the
 * Kubernetes ConfigMap) are left to Camel, whose directory scan is cheap and which reloads them.
 */
public class RouteResources implements EnvironmentPostProcessor {

    static final String PROPERTY = "camel.main.routes-include-pattern";
    private static final String CLASSPATH = "classpath:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(PROPERTY);
        if (configured == null) {
            return;
        }
        String expanded = expand(configured, new PathMatchingResourcePatternResolver(application.getClassLoader()));
        if (!expanded.equals(configured)) {
            environment.getPropertySources().addFirst(new MapPropertySource("routeResources",
                    Map.of(PROPERTY, expanded)));
        }
    }

    /** Each comma-separated class-path pattern becomes the class-path locations of the files it matches. */
    static String expand(String patterns, PathMatchingResourcePatternResolver resolver) {
        List<String> locations = new ArrayList<>();
        for (String pattern : patterns.split(",")) {
            String location = pattern.trim();
            if (!location.startsWith(CLASSPATH) || !location.contains("*") || location.indexOf('/') < 0) {
                locations.add(location);
                continue;
            }
            String directory = location.substring(CLASSPATH.length(), location.lastIndexOf('/') + 1);
            try {
                Arrays.stream(resolver.getResources(location))
                        .map(Resource::getFilename)
                        .sorted()
                        .forEach(name -> locations.add(CLASSPATH + directory + name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the routes at " + location, e);
            }
        }
        return String.join(",", locations);
    }
}
