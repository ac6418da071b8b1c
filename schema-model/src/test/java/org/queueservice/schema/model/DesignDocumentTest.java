package org.queueservice.schema.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** docs/design.md says which query every index of the model serves: a new index needs its line there. */
class DesignDocumentTest {

    @Test
    void everyIndexOfTheModelIsExplained() throws Exception {
        String design = Files.readString(Path.of("../docs/design.md"));

        for (TenantTable table : QueueSchema.TABLES) {
            for (TableIndex index : table.indexes()) {
                assertThat(design).as("docs/design.md explains " + index.name().last())
                        .contains("| `" + index.name().last() + "` |");
            }
        }
    }
}
