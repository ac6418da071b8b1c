package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

    @Test
    void readsTheDatabaseAsPgjdbcDoes() {
        assertThat(new ConnectionSettings("jdbc:postgresql://db:5433/queue_service?ssl=true", "u", "p").database()).isEqualTo("queue_service");
        assertThat(new ConnectionSettings("jdbc:postgresql://a:5432,b:5433/q", "u", "p").database()).isEqualTo("q");
        assertThat(new ConnectionSettings("jdbc:postgresql:queue_service", null, null).database()).isEqualTo("queue_service");
    }

    @Test
    void anotherDatabaseKeepsServersOptionsAndCredentials() {
        ConnectionSettings settings = new ConnectionSettings("jdbc:postgresql://a:5432,b:5433/q?currentSchema=app&ssl=true", "u", "p");
        ConnectionSettings postgres = settings.withDatabase("postgres");
        assertThat(postgres.url()).isEqualTo("jdbc:postgresql://a:5432,b:5433/postgres?currentSchema=app&ssl=true");
        assertThat(postgres.user()).isEqualTo("u");
        assertThat(postgres.password()).isEqualTo("p");
        assertThat(new ConnectionSettings("jdbc:postgresql://localhost/q", null, null).withDatabase("x").url())
                .isEqualTo("jdbc:postgresql://localhost:5432/x");
    }

    @Test
    void refusesWhatPgjdbcCannotRead() {
        assertThatThrownBy(() -> new ConnectionSettings("jdbc:mysql://db/q", "u", "p"))
                .hasMessage("not a PostgreSQL JDBC URL: jdbc:mysql://db/q (expected jdbc:postgresql://host:port/database)");
    }

    @Test
    void aPasswordInTheUrlIsNeverPrinted() {
        ConnectionSettings settings = new ConnectionSettings("jdbc:postgresql://db:5432/q?ssl=true&password=hunter2&user=u", null, "p");
        assertThat(settings).hasToString("jdbc:postgresql://db:5432/q?ssl=true&password=***&user=u");
        assertThat(ConnectionSettings.maskPasswords("failed on jdbc:postgresql://db/q?PASSWORD=s3cr%40t (x)"))
                .isEqualTo("failed on jdbc:postgresql://db/q?PASSWORD=*** (x)");
    }

    @Test
    void refusesAnEmptyUrlAndAPortThatIsNotANumber() {
        assertThatThrownBy(() -> new ConnectionSettings(" ", "u", "p"))
                .hasMessage("the JDBC URL is empty (expected jdbc:postgresql://host:port/database)");
        assertThatThrownBy(() -> new ConnectionSettings("jdbc:postgresql://a:5432,b:5x/q", "u", "p"))
                .hasMessage("the port of b:5x in jdbc:postgresql://a:5432,b:5x/q is not a number");
        assertThat(new ConnectionSettings("jdbc:postgresql://[::1]:5432/q", "u", "p").database()).isEqualTo("q");
    }
}
