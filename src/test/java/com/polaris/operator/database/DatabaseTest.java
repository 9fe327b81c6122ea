package com.polaris.operator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** The database is told by its JDBC URL, and each one keeps the values of a failed statement out of its messages. */
class DatabaseTest {

    private static final Database POSTGRES = Database.of("jdbc:postgresql://127.0.0.1:5432/polaris");
    private static final Database H2 = Database.of("jdbc:h2:owner-only:./data/polaris;MODE=PostgreSQL");

    @Test
    void theUrlTellsTheDatabaseAndOnlyPostgresIsSharedByNodes() {
        assertThat(POSTGRES).isInstanceOf(PostgresDatabase.class);
        assertThat(H2).isInstanceOf(H2Database.class);
        assertThat(POSTGRES.sharedByNodes()).isTrue();
        assertThat(H2.sharedByNodes()).isFalse();
        assertThat(POSTGRES.driverProperties()).containsEntry("logServerErrorDetail", "false");
        assertThat(H2.driverProperties()).isEmpty();
    }

    @Test
    void aDatabasePolarisDoesNotRunOnIsRefused() {
        assertThatThrownBy(() -> Database.of("jdbc:mysql://localhost/polaris"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jdbc:mysql");
    }

    @Test
    void aValuePostgresQuotesInItsMessageIsWithheld() {
        var e = new PSQLException(
                "ERROR: invalid input syntax for type integer: \"ana@example.com\"", PSQLState.DATA_TYPE_MISMATCH);

        SQLException withheld = POSTGRES.withoutValues(e);

        assertThat(withheld.getMessage()).isEqualTo("ERROR: invalid input syntax for type integer: (value withheld)");
        assertThat(withheld.getSQLState()).isEqualTo(e.getSQLState());
        assertThat(POSTGRES.withoutValues(new PSQLException("ERROR: deadlock detected", PSQLState.UNKNOWN_STATE))
                        .getMessage())
                .isEqualTo("ERROR: deadlock detected");
    }

    @Test
    void h2MessagesAreCutBeforeTheirFirstValue() {
        SQLException e = DbException.get(ErrorCode.DUPLICATE_KEY_1, "PUBLIC.MEMBERS(EMAIL) VALUES ('ana@example.com')")
                .getSQLException();

        SQLException withheld = H2.withoutValues(e);

        assertThat(withheld.getMessage()).doesNotContain("ana@example.com").endsWith("(values withheld)");
        assertThat(withheld.getSQLState()).isEqualTo(e.getSQLState());
    }

    @Test
    void messagesOfOtherOriginsAreLeftAsTheyAre() {
        var pool = new SQLException(
                "HikariPool-1 - Connection is not available, request timed out after 30000ms (total=0)");
        var batch =
                new BatchUpdateException("Batch entry 0 insert into members values ('ana@example.com')", new int[0]);

        assertThat((Object) H2.withoutValues(pool)).isSameAs(pool);
        assertThat((Object) POSTGRES.withoutValues(pool)).isSameAs(pool);
        assertThat((Object) POSTGRES.withoutValues(batch)).isSameAs(batch);
    }
}
