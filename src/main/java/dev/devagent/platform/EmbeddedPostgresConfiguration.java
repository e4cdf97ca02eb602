package dev.devagent.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Zero-configuration PostgreSQL: used only when {@code POSTGRES_HOST} is unset and the embedded
 * engine is on the classpath (the production image leaves it out). Data survives restarts under
 * {@code DATA_DIR/postgres}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = EmbeddedPostgresConfiguration.ENGINE_CLASS)
@ConditionalOnExpression("'${" + EmbeddedPostgresConfiguration.SERVER_SETTING + ":}'.isBlank()")
class EmbeddedPostgresConfiguration {

    static final String ENGINE_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    /** Set: the external server is used instead. */
    static final String SERVER_SETTING = "POSTGRES_HOST";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);
    static final String DATABASE = "developer_agent";

    /** The server {@link EmbeddedEngineBoot} started when the context was created (or started here without it). */
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(AgentProperties properties,
                                      @Qualifier(EmbeddedEngineBoot.POSTGRES) ObjectProvider<EmbeddedEngineBoot<?>> boot)
            throws IOException {
        EmbeddedEngineBoot<?> started = boot.getIfAvailable();
        return started != null ? (EmbeddedPostgres) started.claim() : start(properties);
    }

    static EmbeddedPostgres start(AgentProperties properties) throws IOException {
        Path dir = properties.dataDir().resolve("postgres").toAbsolutePath();
        Files.createDirectories(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "60")
                .start();
        log.info("Embedded PostgreSQL 15 on 127.0.0.1:{} (data in {})", postgres.getPort(), dir);
        return postgres;
    }

    static void stop(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) throws SQLException {
        createDatabaseIfMissing(postgres.getPostgresDatabase());
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", DATABASE));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(12);
        dataSource.setPoolName("embedded-postgres");
        return dataSource;
    }

    private static void createDatabaseIfMissing(DataSource admin) throws SQLException {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }
}
