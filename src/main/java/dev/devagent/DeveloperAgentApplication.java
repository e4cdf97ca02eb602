package dev.devagent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DeveloperAgentApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeveloperAgentApplication.class, args);
    }
}
