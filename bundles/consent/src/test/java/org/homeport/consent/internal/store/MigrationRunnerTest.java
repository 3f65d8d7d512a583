package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.homeport.consent.internal.store.MigrationRunner.Migration;
import org.junit.jupiter.api.Test;

class MigrationRunnerTest {

    @Test
    void everyScriptInADialectsFolderIsListedInItsMigrationsFile() throws IOException {
        for (Dialect dialect : Dialect.values()) {
            Path folder = Path.of("src/main/resources/db", dialect.id());
            List<String> scripts;
            try (Stream<Path> files = Files.list(folder)) {
                scripts = files.map(f -> "db/" + dialect.id() + "/" + f.getFileName())
                        .filter(name -> name.endsWith(".sql"))
                        .sorted()
                        .toList();
            }

            assertThat(new MigrationRunner(dialect).migrations()).extracting(Migration::resource)
                    .as(dialect.id())
                    .containsExactlyInAnyOrderElementsOf(scripts);
        }
    }

    @Test
    void bothDialectsHaveTheSameVersionsInOrder() {
        assertThat(versions(Dialect.H2)).isEqualTo(versions(Dialect.POSTGRESQL)).startsWith("1 initial");
    }

    private static List<String> versions(Dialect dialect) {
        return new MigrationRunner(dialect).migrations().stream().map(m -> m.version() + " " + m.description()).toList();
    }

    @Test
    void aScriptIsSplitAtSemicolonsThatEndALineAndLosesItsCommentLines() {
        String script = """
                -- a table
                CREATE TABLE t (
                    id INT PRIMARY KEY -- the key
                );

                INSERT INTO t VALUES (1);
                INSERT INTO t VALUES (2)
                """;

        assertThat(MigrationRunner.statements(script)).containsExactly(
                "CREATE TABLE t (\nid INT PRIMARY KEY -- the key\n)",
                "INSERT INTO t VALUES (1)",
                "INSERT INTO t VALUES (2)");
    }
}
