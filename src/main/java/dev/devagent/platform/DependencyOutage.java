package dev.devagent.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Optional;

import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a failure caused by PostgreSQL or Neo4j being unreachable, so the client gets a 503 it can
 * retry (with Retry-After) instead of a 500 that reads like a bug.
 */
public final class DependencyOutage {

    static final String RETRY_AFTER_SECONDS = "5";

    private DependencyOutage() {
    }

    /** The 503 for this failure, when an unreachable database caused it. */
    public static Optional<ApiException> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isDatabaseDown(t)) {
                return Optional.of(unavailable("Database unavailable",
                        "the database cannot be reached right now; retry in a few seconds"));
            }
            // a failed rollback hides the failure that caused it
            if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null
                    && tx.getApplicationException() != failure) {
                Optional<ApiException> original = of(tx.getApplicationException());
                if (original.isPresent()) {
                    return original;
                }
            }
            if (t instanceof ServiceUnavailableException || t instanceof SessionExpiredException) {
                return Optional.of(unavailable("Graph database unavailable",
                        "the dependency graph cannot be reached right now; retry in a few seconds"));
            }
        }
        return Optional.empty();
    }

    private static boolean isDatabaseDown(Throwable t) {
        if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                || t instanceof CannotCreateTransactionException || t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (!(t instanceof SQLException sql)) {
            return false;
        }
        // the pool's proxy for a connection it already closed (a broken one) carries no SQLState
        if (sql.getSQLState() == null) {
            return "Connection is closed".equals(sql.getMessage());
        }
        // 08: connection exception; 57P: the server is shutting down or restarting
        return sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P");
    }

    private static ApiException unavailable(String error, String details) {
        return new ApiException(503, error, details, Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
}
