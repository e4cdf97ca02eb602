package db.migration;

import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The real[] fallback's cosine_similarity multiplied the components as real: the product of two small
 * components (an embedding has many near 0) underflows float4, and PostgreSQL raises an error instead of
 * rounding to zero, so every vector search over a real repository failed and fell back to keywords. The
 * products are now taken in double precision. Nothing to do with pgvector (the function does not exist).
 */
public class V6__CosineInDoublePrecision extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        try (Statement sql = context.getConnection().createStatement()) {
            sql.execute("""
                    DO $$
                    BEGIN
                      IF to_regprocedure('cosine_similarity(real[], real[])') IS NOT NULL THEN
                        CREATE OR REPLACE FUNCTION cosine_similarity(a real[], b real[]) RETURNS double precision
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
                          SELECT sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0)
                          FROM unnest(a::float8[], b::float8[]) AS t(x, y)
                        $f$;
                      END IF;
                    END $$""");
        }
    }
}
