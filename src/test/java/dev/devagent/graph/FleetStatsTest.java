package dev.devagent.graph;

import java.util.UUID;

import dev.devagent.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@ApiTest
class FleetStatsTest {

    @Autowired
    FleetStats fleet;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void countsAreKeptBetweenQuestionsUntilWhatIsIndexedChangesHere() {
        fleet.invalidate();
        long before = fleet.summary().repositories();
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO repositories (id, url, owner, name, full_name, status) "
                + "VALUES (?, 'file:///fleet/stats', 'fleet', 'stats', ?, 'indexed')", id, "fleet/stats-" + id);
        try {
            assertThat(fleet.summary().repositories()).as("kept, not counted per question").isEqualTo(before);
            fleet.invalidate();
            assertThat(fleet.summary().repositories()).as("counted again after a change").isEqualTo(before + 1);
        } finally {
            jdbc.update("DELETE FROM repositories WHERE id = ?", id);
            fleet.invalidate();
        }
    }
}
